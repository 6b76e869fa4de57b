"""The notification centre (issue 11): every kind produced by its real path to the right person only, never naming
a peer; the bell; marking read; the e-mail choice per kind honoured by the e-mail job; the API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from viewflow.workflow.models import Task

from appraisal.models import Employee, Notification, NotificationKind, NotificationPreference
from appraisal.notifications.services import notification_preferences_save
from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, peers_of, rated
from tests.evaluation_helpers import ALL_MEETS, fill_and_submit
from tests.skp_helpers import approved_plan, draft_plan
from workflows import notices, reminders
from workflows.evaluation_flow import EvaluationFlow
from workflows.opening import period_populate
from workflows.selectors import inbox_item, open_tasks_of
from workflows.steps.common import open_task
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_sign_off,
    objection_decide,
    objection_explain,
    objection_file,
    peer_feedback_submit,
)
from workflows.steps.reassign import reassign_task
from workflows.steps.skp import plan_approve, plan_return, plan_submit

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
K = NotificationKind


def user_of(person):
    return person.user if isinstance(person, Employee) else person


def notes(person, kind=None, *, since: int = 0) -> list[Notification]:
    found = Notification.objects.filter(recipient=user_of(person), pk__gt=since)
    return list(found.filter(kind=kind) if kind else found)


def only(person, kind, *, since: int = 0) -> Notification:
    found = notes(person, kind, since=since)
    assert len(found) == 1, [n.text for n in found]
    return found[0]


def recipients_since(mark: int, kind=None) -> set[str]:
    found = Notification.objects.filter(pk__gt=mark)
    if kind:
        found = found.filter(kind=kind)
    return set(found.values_list("recipient__username", flat=True))


def mark() -> int:
    last = Notification.objects.order_by("-pk").first()
    return last.pk if last else 0


# --- the SKP flow ----------------------------------------------------------------------------------------------


@pytest.fixture
def march_2026():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=WITA), tick=False):
        yield


@pytest.fixture
def kasi_result(org, march_2026):
    """Approved SKPs from the Sekda down to kasi_a: staff_a's RHK can support the Kasi's."""
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    return approved_plan(org.kasi_a, supports=lurah.results.get()).results.get()


def staff_plan(org, kasi_result, year=2026):
    return draft_plan(org.staff_a, year, supports=kasi_result)


def test_a_new_skp_task_goes_to_its_owner_only_and_links_to_where_they_act(org, kasi_result):
    before = mark()
    plan = staff_plan(org, kasi_result)
    assert recipients_since(before) == {"staff_a"}
    draft = only(org.staff_a, K.TASK_NEW, since=before)
    assert draft.url == reverse("skp_edit", args=[plan.pk])
    assert "Susun SKP" in draft.text and "16 Maret 2026" in draft.text  # due in 14 days

    before = mark()
    plan_submit(plan=plan, actor=org.staff_a.user)
    assert recipients_since(before) == {"kasi_a"}
    review = only(org.kasi_a, K.TASK_NEW, since=before)
    assert review.url == reverse("skp_review", args=[plan.pk]) and org.staff_a.full_name in review.text


def test_a_returned_skp_and_an_approved_one_are_told_to_the_employee(org, kasi_result):
    plan = staff_plan(org, kasi_result)
    plan_submit(plan=plan, actor=org.staff_a.user)
    before = mark()
    plan_return(plan=plan, actor=org.kasi_a.user, note="Target terlalu rendah.")
    assert recipients_since(before) == {"staff_a"}
    returned = only(org.staff_a, K.SKP_RETURNED)  # in place of a second "new task"
    assert returned.url == reverse("skp_edit", args=[plan.pk]) and "dikembalikan" in returned.text

    plan_submit(plan=plan, actor=org.staff_a.user)
    before = mark()
    plan_approve(plan=plan, actor=org.kasi_a.user)
    assert recipients_since(before) == {"staff_a"}
    assert only(org.staff_a, K.SKP_APPROVED).url == reverse("skp_detail", args=[plan.pk])


def test_a_reassigned_task_is_told_to_its_new_owner(org, kasi_result):
    plan = staff_plan(org, kasi_result)
    plan_submit(plan=plan, actor=org.staff_a.user)
    task = open_task(plan.process, plan.process.flow_class.review)
    before = mark()
    reassign_task(task, to_user=org.lurah_a.user, by=org.hr_a, reason="Kasi cuti panjang.")
    assert recipients_since(before) == {"lurah_a"}
    assert only(org.lurah_a, K.TASK_NEW, since=before).url == reverse("skp_review", args=[plan.pk])


# --- the evaluation flow ---------------------------------------------------------------------------------------


@pytest.fixture
def october_2026():
    """After Triwulan III 2026 and before the peer deadline (10 October)."""
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=True):
        yield


@pytest.fixture
def period(org, october_2026):
    return mantasi_period(org)


@pytest.fixture
def staff_ev(org, period):
    return evaluation_of(period, org.staff_a)


def test_opening_a_period_tells_each_employee_once_where_to_fill_in(org, period, staff_ev):
    opened = only(org.staff_a, K.PERIOD_OPENED)
    assert opened.url == reverse("evaluation_detail", args=[staff_ev.pk])
    assert "Triwulan III 2026" in opened.text and "7 Oktober 2026" in opened.text
    everyone = Notification.objects.filter(kind=K.PERIOD_OPENED)
    told = set(everyone.values_list("recipient_id", flat=True))
    assert told == set(period.period.evaluations.values_list("employee__user_id", flat=True)) - {None}
    assert everyone.count() == len(told)
    # The opening's notice replaces the self-assessment's "new task".
    assert not [n for n in notes(org.staff_a, K.TASK_NEW) if n.url.startswith("/evaluasi/")]

    period_populate(period.period.pk)  # the sweep runs the job again: nothing twice
    assert everyone.count() == len(told)


def test_peer_answers_never_produce_a_notification_naming_a_peer(org, staff_ev):
    peers = peers_of(staff_ev)
    before = mark()
    fill_and_submit(staff_ev)
    asked = Notification.objects.filter(pk__gt=before, kind=K.TASK_NEW)
    assert {n.recipient_id for n in asked} == {p.user_id for p in peers}  # each peer, their own task
    for n in asked:
        task = Task.objects.get(flow_task=EvaluationFlow.peer_feedback, owner_id=n.recipient_id, status="ASSIGNED")
        assert n.url == reverse("peer_feedback_form", args=[task.pk])

    before = mark()
    for peer in peers:
        task = Task.objects.get(flow_task=EvaluationFlow.peer_feedback, owner=peer.user, status="ASSIGNED")
        peer_feedback_submit(task=task, actor=peer.user, ratings=ALL_MEETS, comment="Ramah.")
    produced = Notification.objects.filter(pk__gt=before)
    # The last answer opens the rating: one notice to the appraiser, naming the employee, never who answered.
    assert [(n.recipient_id, n.kind) for n in produced] == [(org.kasi_a.user_id, K.TASK_NEW)]
    for n in produced:
        for peer in peers:
            assert peer.name not in n.text and peer.user.username not in n.text
    assert produced[0].url == reverse("evaluation_rate", args=[staff_ev.pk])


def test_the_rating_the_objection_and_the_decision_reach_the_right_people(org, staff_ev):
    before = mark()
    rated(org, staff_ev, result="BELOW", behaviour="MEETS")
    rated_note = only(org.staff_a, K.EVALUATION_RATED)
    assert rated_note.url == reverse("evaluation_acknowledge", args=[staff_ev.pk])
    assert "Butuh Perbaikan" in rated_note.text
    assert not Notification.objects.filter(pk__gt=before, recipient=org.lurah_a.user).exists()

    before = mark()
    objection_file(evaluation=staff_ev, actor=org.staff_a.user, reasons="Bukti bulan September belum dihitung.")
    assert recipients_since(before) == {"kasi_a", "staff_a"}
    filed = only(org.kasi_a, K.OBJECTION_FILED)
    assert filed.url == reverse("objection_explain", args=[staff_ev.pk]) and org.staff_a.full_name in filed.text
    assert Notification.objects.get(pk__gt=before, recipient=org.staff_a.user).kind == K.TASK_NEW  # their explanation

    objection_explain(evaluation=staff_ev, actor=org.kasi_a.user, text="Bukti diunggah setelah penilaian.")
    before = mark()
    objection_explain(evaluation=staff_ev, actor=org.staff_a.user, text="Bukti ada sejak 30 September.")
    assert recipients_since(before) == {"lurah_a"}  # the Atasan Pejabat Penilai Kinerja decides
    assert only(org.lurah_a, K.OBJECTION_EXPLAINED).url == reverse("objection_decide", args=[staff_ev.pk])

    before = mark()
    objection_decide(
        evaluation=staff_ev,
        actor=org.lurah_a.user,
        decision="CHANGED",
        notes="Bukti September sah.",
        result_rating="MEETS",
        behaviour_rating="MEETS",
    )
    assert recipients_since(before, K.OBJECTION_DECIDED) == {"staff_a", "kasi_a"}
    decided = only(org.staff_a, K.OBJECTION_DECIDED)
    assert "Baik" in decided.text and decided.url == reverse("evaluation_detail", args=[staff_ev.pk])
    assert recipients_since(before, K.TASK_NEW) == {"hr_a"}  # the sign-off


def test_the_final_document_is_announced_to_the_employee_once(org, staff_ev):
    rated(org, staff_ev)
    evaluation_accept(evaluation=staff_ev, actor=org.staff_a.user)
    evaluation_sign_off(evaluation=staff_ev, actor=org.hr_a)  # the document job runs after commit (inline in tests)
    ready = only(org.staff_a, K.DOCUMENT_READY)
    assert ready.url == reverse("evaluation_detail", args=[staff_ev.pk])
    from appraisal.evaluation.services import evaluation_document_store

    assert evaluation_document_store(evaluation_id=staff_ev.pk) is False  # a repeated job: nothing more
    assert len(notes(org.staff_a, K.DOCUMENT_READY)) == 1


def test_every_task_notice_links_to_the_page_the_inbox_opens(org, staff_ev):
    fill_and_submit(staff_ev)
    tasks = [t for p in peers_of(staff_ev) for t in open_tasks_of(p.user)]
    tasks += list(open_tasks_of(org.kasi_a.user))
    assert tasks
    for task in tasks:
        assert notices.task_page(task)[1] == inbox_item(task).url


# --- deadlines -------------------------------------------------------------------------------------------------


@pytest.fixture
def review_due_9_march(org, kasi_result):
    plan = staff_plan(org, kasi_result)
    plan_submit(plan=plan, actor=org.staff_a.user)  # the review is due in 7 days: 9 March
    return plan


def test_a_task_due_in_two_days_is_told_once(org, review_due_9_march):
    assert reminders.notify_due_soon(on=dt.date(2026, 3, 6)) == 0
    assert reminders.notify_due_soon(on=dt.date(2026, 3, 7)) == 1
    assert reminders.notify_due_soon(on=dt.date(2026, 3, 7)) == 0  # the next hourly run
    soon = only(org.kasi_a, K.TASK_DUE_SOON)
    assert "9 Maret 2026" in soon.text and soon.url == reverse("skp_review", args=[review_due_9_march.pk])
    assert not notes(org.staff_a, K.TASK_DUE_SOON)


def test_an_overdue_task_is_told_once_a_day_and_e_mailed_unless_turned_off(org, review_due_9_march):
    org.kasi_a.user.email = "kasi@alak.example.org"
    org.kasi_a.user.save()
    mail.outbox.clear()
    assert reminders.send_overdue_reminders(on=dt.date(2026, 3, 10)) == 1
    assert reminders.send_overdue_reminders(on=dt.date(2026, 3, 10)) == 0
    assert len(notes(org.kasi_a, K.TASK_OVERDUE)) == 1
    assert [m.to for m in mail.outbox] == [["kasi@alak.example.org"]]  # one e-mail: the reminder's, not two

    notification_preferences_save(user=org.kasi_a.user, email={K.TASK_OVERDUE: False})
    assert reminders.send_overdue_reminders(on=dt.date(2026, 3, 11)) == 0
    assert len(notes(org.kasi_a, K.TASK_OVERDUE)) == 2  # still told in the app
    assert len(mail.outbox) == 1


def test_owners_without_an_address_are_still_told_in_the_app(org, review_due_9_march):
    assert reminders.send_overdue_reminders(on=dt.date(2026, 3, 10)) == 0  # no e-mail to send
    assert len(notes(org.kasi_a, K.TASK_OVERDUE)) == 1


# --- e-mail per kind -------------------------------------------------------------------------------------------


def test_e_mails_follow_each_persons_choice_per_kind_with_links_to_the_site(org, kasi_result, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    org.staff_a.user.email = "alfons@alak.example.org"
    org.staff_a.user.save()
    mail.outbox.clear()
    plan = staff_plan(org, kasi_result)  # a new task: e-mailed by default
    assert [m.to for m in mail.outbox] == [["alfons@alak.example.org"]]
    assert f"http://127.0.0.1:8123/skp/{plan.pk}/ubah/" in mail.outbox[0].body
    assert "Tugas baru" in mail.outbox[0].subject

    plan_submit(plan=plan, actor=org.staff_a.user)
    mail.outbox.clear()
    plan_approve(plan=plan, actor=org.kasi_a.user)  # approved: in the app only, unless chosen
    assert mail.outbox == [] and only(org.staff_a, K.SKP_APPROVED)

    notification_preferences_save(user=org.staff_a.user, email={K.TASK_NEW: False, K.SKP_APPROVED: True})
    assert NotificationPreference.objects.filter(user=org.staff_a.user).count() == 2
    assert NotificationPreference.history.filter(user=org.staff_a.user).count() == 2
    draft_plan(org.staff_a, 2027)
    assert mail.outbox == []
    assert len(notes(org.staff_a, K.TASK_NEW)) == 2  # in the app whatever the e-mail choice


def test_the_e_mail_job_sends_once_even_when_it_runs_twice(org, march_2026):
    from appraisal.notifications.tasks import send_notification_email

    org.staff_a.email = "alfons@alak.example.org"  # the employee record's address serves too
    org.staff_a.save()
    mail.outbox.clear()
    draft_plan(org.staff_a)
    assert len(mail.outbox) == 1
    note = only(org.staff_a, K.TASK_NEW)
    assert note.emailed_at is not None
    assert send_notification_email.call_local(note.pk) is False
    assert len(mail.outbox) == 1


# --- the bell and /notifikasi/ ---------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count_on_every_page(client, org, march_2026):
    draft_plan(org.staff_a)
    draft_plan(org.staff_a, year=2027)
    client.force_login(org.staff_a.user)
    for url in (reverse("home"), reverse("inbox"), reverse("skp_mine")):
        page = client.get(url).content.decode()
        assert 'href="/notifikasi/"' in page
        assert 'aria-label="Notifikasi, 2 belum dibaca"' in page
        assert '<span class="badge bell-count" aria-hidden="true">2</span>' in page
    client.force_login(org.peer_a.user)
    page = client.get(reverse("home")).content.decode()
    assert 'aria-label="Notifikasi, 0 belum dibaca"' in page and "bell-count" not in page


def test_notifications_are_marked_read_one_by_one_or_all_at_once(client, org, march_2026):
    plan = draft_plan(org.staff_a)
    draft_plan(org.staff_a, year=2027)
    draft_plan(org.staff_a, year=2028)
    first, second, third = sorted(notes(org.staff_a), key=lambda n: n.pk)
    client.force_login(org.staff_a.user)
    page = client.get(reverse("notifications")).content.decode()
    assert first.text in page and reverse("notification_open", args=[first.pk]) in page

    response = client.post(reverse("notification_open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("skp_edit", args=[plan.pk])
    response = client.post(reverse("notification_read", args=[second.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.read_at and second.read_at and third.read_at is None

    client.post(reverse("notifications_read_all"))
    third.refresh_from_db()
    assert third.read_at is not None


def test_another_persons_notification_cannot_be_opened_or_marked(client, org, march_2026):
    draft_plan(org.staff_a)
    theirs = only(org.staff_a, K.TASK_NEW)
    client.force_login(org.peer_a.user)
    for name in ("notification_open", "notification_read"):
        assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications_read_all"))
    assert client.get(reverse("notifications")).content.decode().count(theirs.text) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_preferences_form_saves_the_choice_per_kind(client, org):
    client.force_login(org.staff_a.user)
    page = client.get(reverse("notifications")).content.decode()
    assert 'name="email-TASK_NEW" id="id_email-TASK_NEW" checked' in page
    client.post(reverse("notification_preferences"), {"email-FEEDBACK_RECEIVED": "on"})
    choices = dict(NotificationPreference.objects.filter(user=org.staff_a.user).values_list("kind", "email"))
    assert choices[K.FEEDBACK_RECEIVED] is True and choices[K.TASK_NEW] is False
    assert K.PERIOD_OPENED not in choices  # left at its default: no row


# --- API -------------------------------------------------------------------------------------------------------


def test_the_api_lists_only_ones_own_notifications_and_marks_them_read(org, march_2026, settings):
    from rest_framework.test import APIClient

    settings.SITE_URL = "https://kinerja.example.org"
    plan = draft_plan(org.staff_a)
    draft_plan(org.peer_a)
    mine = only(org.staff_a, K.TASK_NEW)
    theirs = only(org.peer_a, K.TASK_NEW)
    api = APIClient()
    api.force_login(org.staff_a.user)
    listed = api.get("/api/v1/notifications/").json()
    assert [n["id"] for n in listed["results"]] == [mine.pk]
    assert listed["results"][0]["url"] == f"https://kinerja.example.org/skp/{plan.pk}/ubah/"
    assert listed["results"][0]["is_read"] is False

    assert api.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    answer = api.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert answer.status_code == 200 and answer.json()["is_read"] is True
    assert api.get("/api/v1/notifications/?unread=true").json()["results"] == []
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 0, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert APIClient().get("/api/v1/notifications/").status_code == 401


def test_the_schema_documents_the_notification_endpoints(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    for path in ("/api/v1/notifications/", "/api/v1/notifications/{id}/read/", "/api/v1/notifications/read-all/"):
        assert path in schema
