"""Django admin for evaluations: editable before sign-off, read-only after, and no door to peer answers."""

import datetime as dt

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from appraisal.evaluation.services import evidence_add, feedback_give
from appraisal.models import Evaluation, Evidence, Objection, PeerRequest, Realization
from tests.evaluation_helpers import approved_chain, fill_and_submit, open_tw3
from workflows.steps.evaluation import evaluation_accept, evaluation_rate, evaluation_sign_off

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:appraisal_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj):
    return reverse(f"admin:appraisal_{obj._meta.model_name}_delete", args=[obj.pk])


def form_data(response) -> dict:
    """What the browser would post back from an admin change page: the main form and every inline formset."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for form in formset.forms:
            add(form)
    return data


@pytest.fixture
def opened(org):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        approved_chain(org)
        report = open_tw3(org)
    return next(e for e in report.created if e.employee_id == org.staff_a.pk)


@pytest.fixture
def final(org, opened):
    """staff_a's evaluation, with evidence and feedback, through to sign-off (peer_a answers nothing)."""
    ev = opened
    with time_machine.travel(dt.datetime(2026, 8, 1, 9, tzinfo=dt.UTC), tick=False):
        evidence_add(realization=ev.realizations.first(), actor=org.staff_a.user, url="https://example.go.id/bukti")
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text="Teruskan.", evaluation=ev)
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        fill_and_submit(ev)
    with time_machine.travel(dt.datetime(2026, 10, 11, 1, tzinfo=dt.UTC), tick=False):
        from django.core.management import call_command

        call_command("workflow_timers")  # the peer deadline passes
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
        )
        evaluation_accept(evaluation=ev, actor=org.staff_a.user)
        evaluation_sign_off(evaluation=ev, actor=org.hr_a)
    ev.refresh_from_db()
    assert ev.is_final
    return ev


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


def test_superuser_edits_a_non_final_evaluation(admin_client, opened):
    page = admin_client.get(change_url(opened))
    assert page.status_code == 200
    assert b'name="_save"' in page.content
    data = form_data(page)
    data["position_title"] = "Pengadministrasi Umum (koreksi)"

    response = admin_client.post(change_url(opened), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    opened.refresh_from_db()
    assert opened.position_title == "Pengadministrasi Umum (koreksi)"
    assert opened.history.first().history_user.username == "admin"


def test_final_evaluation_is_read_only_and_cannot_be_deleted(admin_client, final):
    page = admin_client.get(change_url(final))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # the view-only page
    assert final.employee.name.encode() in page.content
    before = Evaluation.objects.values().get(pk=final.pk)

    post = admin_client.post(change_url(final), {"position_title": "Diubah", "appraiser_feedback": "Diubah"})
    delete_page = admin_client.get(delete_url(final))
    delete_post = admin_client.post(delete_url(final), {"post": "yes"})

    assert post.status_code == 403
    assert delete_page.status_code == 403 and delete_post.status_code == 403
    assert Evaluation.objects.values().get(pk=final.pk) == before


def test_reverting_a_final_evaluation_from_history_is_refused(admin_client, final):
    old = final.history.order_by("history_date").first()  # a version from before sign-off
    url = reverse("admin:appraisal_evaluation_simple_history", args=[final.pk, old.history_id])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, {"position_title": "Dikembalikan"})

    assert response.status_code == 403
    final.refresh_from_db()
    assert final.is_final and final.position_title == "Pengadministrasi Umum"


def test_parts_of_a_final_evaluation_are_read_only(admin_client, final):
    realization = final.realizations.first()
    evidence = Evidence.objects.get(realization__evaluation=final)
    realizations = Realization.objects.filter(evaluation=final).count()
    feedback = final.continuous_feedback.get()

    for obj in (realization, evidence, feedback):
        assert admin_client.get(change_url(obj)).status_code == 200
        assert admin_client.post(change_url(obj), {"value": "1", "note": "x", "text": "x"}).status_code == 403
        assert admin_client.post(delete_url(obj), {"post": "yes"}).status_code == 403

    realization.refresh_from_db()
    assert realization.value == 10 and realization.note == "Sesuai bukti"
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert Realization.objects.filter(evaluation=final).count() == realizations


def test_objection_of_a_final_evaluation_is_read_only(admin_client, final):
    objection = Objection.objects.create(evaluation=final, reasons="Uji", filed_at=final.rated_at)

    assert admin_client.post(change_url(objection), {"reasons": "Diubah"}).status_code == 403
    assert admin_client.post(delete_url(objection), {"post": "yes"}).status_code == 403
    objection.refresh_from_db()
    assert objection.reasons == "Uji"


def test_realization_of_an_open_evaluation_can_be_corrected(admin_client, opened):
    realization = opened.realizations.first()

    response = admin_client.post(change_url(realization), {"value": "7", "note": "Koreksi admin"})

    assert response.status_code == 302
    realization.refresh_from_db()
    assert realization.value == 7 and realization.note == "Koreksi admin"


def test_peer_feedback_has_no_admin_and_peer_requests_show_only_who_and_state(admin_client, org, opened):
    with pytest.raises(NoReverseMatch):
        reverse("admin:appraisal_peerfeedback_changelist")
    assert admin_client.get("/admin/appraisal/peerfeedback/").status_code == 404
    index = admin_client.get(reverse("admin:index"))
    assert b"peerfeedback" not in index.content

    request = PeerRequest.objects.get(evaluation=opened)
    page = admin_client.get(change_url(request))
    assert page.status_code == 200
    assert org.peer_a.name.encode() in page.content and b"Diminta" in page.content
    assert b'name="_save"' not in page.content
    assert admin_client.post(change_url(request), {"state": "ANSWERED"}).status_code == 403
    assert admin_client.post(delete_url(request), {"post": "yes"}).status_code == 403
    request.refresh_from_db()
    assert request.state == PeerRequest.State.ASKED


def test_evaluation_list_and_change_pages_render(admin_client, opened, final):
    for name in ("evaluation", "realization", "evidence", "peerrequest", "objection", "feedback", "period"):
        assert admin_client.get(reverse(f"admin:appraisal_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:appraisal_evaluation_add")).status_code == 403


def test_service_files_and_survey_answers_are_read_only_in_the_admin(client, org):
    import datetime as dt

    from django.urls import reverse

    from appraisal.models import ServiceRequest, ServiceType, SurveyResponse

    service = ServiceType.objects.create(name="Domisili", code="domisili", standard_value=1)
    received = dt.datetime(2026, 8, 12, 1, tzinfo=dt.UTC)
    file = ServiceRequest.objects.create(
        service_type=service, unit=org.kel_a, officer=org.staff_a, received_at=received
    )
    answer = SurveyResponse.objects.create(
        service_type=service, unit=org.kel_a, officer=org.staff_a, scores=[4] * 9, submitted_on=received.date()
    )
    client.force_login(org.admin)
    assert client.get(reverse("admin:appraisal_servicetype_change", args=[service.pk])).status_code == 200
    assert client.get(reverse("admin:appraisal_servicerequest_change", args=[file.pk])).status_code == 200  # view only
    assert client.post(reverse("admin:appraisal_servicerequest_change", args=[file.pk]), {}).status_code == 403
    assert (
        client.post(reverse("admin:appraisal_surveyresponse_delete", args=[answer.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert SurveyResponse.objects.filter(pk=answer.pk).exists()
