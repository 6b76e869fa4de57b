"""The peer's anonymous feedback form: only the peer who owns the task reaches it; the deadline closes it."""

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from appraisal.models import CORE_VALUE_GUIDANCE, CoreValue, EvaluationStatus, PeerFeedback, PeerRequest
from tests.appraisal.evaluation_pages_setup import at, build, login, peer_task, reload, submit

pytestmark = pytest.mark.django_db

ALL_ABOVE = {value: "ABOVE" for value in CoreValue.values}


@pytest.fixture(autouse=True)
def media_and_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def asked(org):
    """staff_a submitted on 15 September; three colleagues each have a feedback task (deadline 10 October)."""
    with time_machine.travel(at(2026, 7, 1), tick=False):
        setup = build(org)
    with time_machine.travel(at(2026, 9, 15), tick=False):
        submit(setup.ev)
    return setup


@pytest.fixture
def september():
    with time_machine.travel(at(2026, 9, 20), tick=True):
        yield


def form_url(task):
    return reverse("peer_feedback_form", args=[task.pk])


def test_the_peer_sees_the_colleague_the_seven_values_and_the_anonymity_note(client, org, asked, september):
    task = peer_task(asked.ev, org.peer_a)
    login(client, org.peer_a)
    assert form_url(task) in client.get(reverse("inbox")).content.decode()
    response = client.get(form_url(task))
    assert response.status_code == 200
    page = response.content.decode()
    assert org.staff_a.full_name in page and "Pengadministrasi Umum" in page
    for value in CoreValue:
        assert str(value.label) in page
        assert CORE_VALUE_GUIDANCE[value][0] in page
        assert f'name="{value.value}"' in page
    assert page.count('type="radio"') == 21
    for label in ("Di atas ekspektasi", "Sesuai ekspektasi", "Di bawah ekspektasi"):
        assert page.count(label) == 7
    assert "anonim" in page and "10 Oktober 2026" in page


def test_the_answer_is_stored_without_the_peer_and_the_task_closes(client, org, asked, september):
    task = peer_task(asked.ev, org.peer_a)
    login(client, org.peer_a)
    response = client.post(form_url(task), {**ALL_ABOVE, "KOMPETEN": "MEETS", "comment": "  Cepat dan teliti.  "})
    assert response.status_code == 302 and response["Location"] == reverse("inbox")
    feedback = PeerFeedback.objects.get(evaluation=asked.ev)
    assert feedback.ratings == {**ALL_ABOVE, "KOMPETEN": "MEETS"}
    assert feedback.comment == "Cepat dan teliti."
    assert PeerRequest.objects.get(evaluation=asked.ev, peer=org.peer_a).state == PeerRequest.State.ANSWERED
    # Coming back shows a thank-you, not the form; a second post saves nothing.
    page = client.get(form_url(task)).content.decode()
    assert "sudah mengirim umpan balik" in page and 'type="radio"' not in page
    client.post(form_url(task), ALL_ABOVE)
    assert PeerFeedback.objects.count() == 1


def test_every_value_must_be_chosen(client, org, asked, september):
    task = peer_task(asked.ev, org.peer_a)
    login(client, org.peer_a)
    partial = {k: v for k, v in ALL_ABOVE.items() if k != "LOYAL"}
    response = client.post(form_url(task), {**partial, "comment": "Ramah"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pilih salah satu." in page and "Ramah" in page
    assert page.count(" checked") == 6  # the six choices made are kept
    response = client.post(form_url(task), {**ALL_ABOVE, "PELAYANAN": "LUAR_BIASA"})
    assert response.status_code == 200
    assert not PeerFeedback.objects.exists()


@pytest.mark.parametrize("who", ["staff_a", "kasi_a", "lurah_a", "hr_a", "staff_b", "outsider", "admin"])
def test_nobody_but_the_peer_reaches_the_form(client, org, asked, september, who):
    task = peer_task(asked.ev, org.peer_a)
    login(client, getattr(org, who))
    assert client.get(form_url(task)).status_code == 404
    assert client.post(form_url(task), ALL_ABOVE).status_code == 404
    assert not PeerFeedback.objects.exists()


def test_another_peers_task_is_not_found(client, org, asked, september):
    other = peer_task(asked.ev, asked.peers[1])
    login(client, org.peer_a)
    assert client.get(form_url(other)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, org, asked, september):
    task = peer_task(asked.ev, org.peer_a)
    response = client.get(form_url(task))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_after_the_deadline_the_form_says_so_and_saves_nothing(client, org, asked):
    task = peer_task(asked.ev, org.peer_a)
    with time_machine.travel(at(2026, 10, 11), tick=False):
        call_command("workflow_timers")
        task.refresh_from_db()
        assert task.status == "CANCELED"
        login(client, org.peer_a)
        page = client.get(form_url(task)).content.decode()
        assert "batas waktu sudah lewat" in page and 'type="radio"' not in page
        response = client.post(form_url(task), ALL_ABOVE)
    assert "batas waktu sudah lewat" in response.content.decode()
    assert not PeerFeedback.objects.exists()
    assert reload(asked.ev).status == EvaluationStatus.RATING


def test_the_day_after_the_deadline_the_form_is_closed_even_before_the_timer_runs(client, org, asked):
    task = peer_task(asked.ev, org.peer_a)
    with time_machine.travel(at(2026, 10, 11), tick=False):
        login(client, org.peer_a)
        response = client.post(form_url(task), ALL_ABOVE)
    assert "batas waktu sudah lewat" in response.content.decode()
    assert not PeerFeedback.objects.exists()
