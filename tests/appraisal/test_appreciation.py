"""Appreciation as a habit (issue 11): the appraiser gives an appreciation or a suggestion in two clicks from a team
member's row, profile or evaluation; the employee sees it and is told; dialogues are scheduled and recorded; the
weekly nudge names the team members without feedback for 30 days; everything keeps its history."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from appraisal.evaluation.services import feedback_give
from appraisal.models import Feedback, Notification, NotificationKind, PerformanceDialogue
from appraisal.notifications.services import feedback_nudges_send, notification_preferences_save
from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period
from workflows.tasks import nudge_feedback

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
K = NotificationKind
TEXT = "Terima kasih, antrean loket domisili tertangani cepat."


def login(client, person):
    client.force_login(getattr(person, "user", person))
    return client


def give(client, employee, *, kind="APRESIASI", text=TEXT, next_url="", evaluation=None):
    data = {"fb-kind": kind, "fb-text": text, "next": next_url}
    if evaluation is not None:
        data["fb-evaluation"] = evaluation.pk
    return client.post(reverse("feedback_give", args=[employee.pk]), data)


@pytest.fixture
def october_2026():
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA), tick=True):
        yield


@pytest.fixture
def staff_ev(org, october_2026):
    return evaluation_of(mantasi_period(org), org.staff_a)


# --- two clicks, by the appraiser only -------------------------------------------------------------------------


def test_the_appraiser_gives_an_appreciation_in_two_clicks_from_the_profile(client, org, october_2026):
    profile = reverse("employee_detail", args=[org.staff_a.pk])
    page = login(client, org.kasi_a).get(profile).content.decode()
    # Click one opens the small form (kind preset to appreciation); click two sends it.
    assert "<summary>Beri apresiasi atau masukan</summary>" in page
    assert f'action="{reverse("feedback_give", args=[org.staff_a.pk])}"' in page
    assert 'name="fb-kind" value="APRESIASI" checked' in page

    response = give(client, org.staff_a, next_url=profile)
    assert response.status_code == 302 and response["Location"] == profile
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.author, feedback.employee, feedback.text) == (
        "APRESIASI",
        org.kasi_a,
        org.staff_a,
        TEXT,
    )
    told = Notification.objects.get(kind=K.FEEDBACK_RECEIVED)
    assert told.recipient == org.staff_a.user and "Apresiasi dari Ester Foenay" in told.text
    assert told.url == reverse("home") + "#umpan-balik"
    (row,) = Feedback.history.all()
    assert (row.history_type, row.history_user, row.kind) == ("+", org.kasi_a.user, "APRESIASI")


@pytest.mark.parametrize("who", ["lurah_a", "lurah_b", "camat", "peer_a", "hr_a", "outsider"])
def test_anyone_but_the_appraiser_gets_the_sites_403_page_in_indonesian(client, org, who, october_2026):
    person = getattr(org, who)
    response = give(login(client, person), org.staff_a)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Akses ditolak" in page and "Hanya pejabat penilai kinerja pegawai ini" in page
    assert org.staff_a.full_name not in page
    assert not Feedback.objects.exists() and not Notification.objects.filter(kind=K.FEEDBACK_RECEIVED).exists()
    assert client.post(reverse("dialogue_schedule", args=[org.staff_a.pk]), {}).status_code == 403


def test_a_leader_above_sees_the_profile_without_the_action(client, org, october_2026):
    page = login(client, org.lurah_a).get(reverse("employee_detail", args=[org.staff_a.pk])).content.decode()
    assert "Beri apresiasi atau masukan" not in page


def test_from_the_evaluation_page_the_feedback_joins_the_evaluation(client, org, staff_ev):
    url = reverse("evaluation_detail", args=[staff_ev.pk])
    page = login(client, org.kasi_a).get(url).content.decode()
    assert f'name="fb-evaluation" value="{staff_ev.pk}"' in page
    response = give(
        client, org.staff_a, kind="MASUKAN", text="Lengkapi arsip register.", evaluation=staff_ev, next_url=url
    )
    assert response["Location"] == url
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.evaluation) == ("MASUKAN", staff_ev)
    assert Notification.objects.get(kind=K.FEEDBACK_RECEIVED).url == url

    # The employee sees it on their evaluation ("umpan balik berkelanjutan") and their home page.
    login(client, org.staff_a)
    page = client.get(url).content.decode()
    assert "Lengkapi arsip register." in page and "Masukan" in page
    assert "Beri apresiasi atau masukan" not in page  # the action is the appraiser's
    home = client.get(reverse("home")).content.decode()
    assert 'id="umpan-balik"' in home and "Lengkapi arsip register." in home and "Ester Foenay" in home


def test_the_dashboard_rows_offer_the_action_for_the_viewers_own_team_only(client, org, october_2026):
    response = login(client, org.camat).get(reverse("dashboard"))
    page = response.content.decode()
    listed = {p.name for p in response.context["uncoached"]}
    assert {"Yosef Manafe", "Alfons Sabu"} <= listed
    assert reverse("feedback_give", args=[org.lurah_a.pk]) in page  # the Camat appraises the Lurah
    assert f'action="{reverse("feedback_give", args=[org.staff_a.pk])}"' not in page  # the Kasi appraises staff

    response = give(client, org.lurah_a, next_url=reverse("dashboard"))
    assert response["Location"] == reverse("dashboard")
    assert "Yosef Manafe" not in {p.name for p in client.get(reverse("dashboard")).context["uncoached"]}


def test_the_team_page_lists_whom_the_user_appraises(client, org, october_2026):
    feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text=TEXT)
    page = login(client, org.kasi_a).get(reverse("team_coaching")).content.decode()
    assert "Alfons Sabu" in page and "Beatrix Kana" in page and "Yosef Manafe" not in page
    assert "1 anggota tim belum menerima umpan balik dalam 30 hari terakhir." in page
    page = login(client, org.lurah_b).get(reverse("team_coaching")).content.decode()
    assert "Yuliana Kase" in page and "Alfons Sabu" not in page


def test_the_api_gives_an_appreciation_with_the_same_rule(org, staff_ev):
    from rest_framework.test import APIClient

    url = f"/api/v1/evaluations/{staff_ev.pk}/feedback/"
    api = APIClient()
    api.force_login(org.kasi_a.user)
    answer = api.post(url, {"kind": "APRESIASI", "text": TEXT}, format="json")
    assert answer.status_code == 201 and answer.json()["kind"] == "APRESIASI"
    api.force_login(org.lurah_a.user)  # sees the evaluation, is not the appraiser
    refused = api.post(url, {"kind": "APRESIASI", "text": TEXT}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert Feedback.objects.count() == 1


# --- dialogues -------------------------------------------------------------------------------------------------


def test_a_dialogue_is_scheduled_then_recorded_and_kept_in_history(client, org, october_2026):
    login(client, org.kasi_a)
    profile = reverse("employee_detail", args=[org.staff_a.pk])
    url = reverse("dialogue_schedule", args=[org.staff_a.pk])
    past = client.post(url, {"jd-scheduled_for": "2026-09-30", "jd-topic": "Capaian", "next": profile})
    assert past.status_code == 200 and "tidak boleh di masa lalu" in past.content.decode()
    response = client.post(url, {"jd-scheduled_for": "2026-10-05", "jd-topic": "Capaian triwulan", "next": profile})
    assert response["Location"] == profile
    dialogue = PerformanceDialogue.objects.get()
    assert (dialogue.scheduled_for, dialogue.held_on, dialogue.appraiser) == (dt.date(2026, 10, 5), None, org.kasi_a)
    told = Notification.objects.get(kind=K.DIALOGUE_SCHEDULED)
    assert told.recipient == org.staff_a.user and "5 Oktober 2026" in told.text

    home = login(client, org.staff_a).get(reverse("home")).content.decode()
    assert 'id="dialog-kinerja"' in home and "Capaian triwulan" in home

    with time_machine.travel(dt.datetime(2026, 10, 5, 15, tzinfo=WITA), tick=False):
        login(client, org.kasi_a)
        page = client.get(reverse("feedback_give", args=[org.staff_a.pk])).content.decode()
        hold_url = reverse("dialogue_hold", args=[org.staff_a.pk, dialogue.pk])
        assert hold_url in page
        response = client.post(
            hold_url,
            {f"dh{dialogue.pk}-held_on": "2026-10-05", f"dh{dialogue.pk}-notes": "Target tercapai.", "next": profile},
        )
    assert response["Location"] == profile
    dialogue.refresh_from_db()
    assert (dialogue.held_on, dialogue.notes) == (dt.date(2026, 10, 5), "Target tercapai.")
    assert [h.history_type for h in dialogue.history.order_by("history_date")] == ["+", "~"]
    assert {h.history_user for h in dialogue.history.all()} == {org.kasi_a.user}


# --- the weekly nudge ------------------------------------------------------------------------------------------

MONDAY = dt.datetime(2026, 3, 2, 7, 0, tzinfo=WITA)


def nudge_of(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person.user, kind=K.FEEDBACK_NUDGE))


def test_the_weekly_nudge_names_exactly_the_team_members_without_feedback_for_30_days(org):
    with time_machine.travel(MONDAY - dt.timedelta(days=10), tick=False):
        feedback_give(employee=org.staff_a, actor=org.kasi_a.user, text=TEXT)  # recent: not named
    with time_machine.travel(MONDAY - dt.timedelta(days=31), tick=False):
        feedback_give(employee=org.lurah_a, actor=org.camat.user, text="Lama.")  # too old: named
    with time_machine.travel(MONDAY, tick=False):
        sent = feedback_nudges_send()

    (kasi,) = nudge_of(org.kasi_a)
    assert kasi.text == "1 anggota tim belum menerima umpan balik dalam 30 hari terakhir: Beatrix Kana."
    assert kasi.url == reverse("team_coaching")
    (camat,) = nudge_of(org.camat)
    assert camat.text.startswith("4 anggota tim")
    for name in ("Yosef Manafe", "Markus Benu", "Petrus Tallo", "Agustina Lay"):
        assert name in camat.text
    assert "Alfons Sabu" not in camat.text
    # Everyone who appraises someone without recent feedback, and nobody else (staff appraise no one).
    assert {n.recipient.username for n in sent} == {"sekda", "camat", "lurah_a", "lurah_b", "kasi_kec", "kasi_a"}


def test_the_weekly_nudge_is_not_repeated_in_the_same_week(org):
    with time_machine.travel(MONDAY, tick=False):
        nudge_feedback.call_local()
    with time_machine.travel(MONDAY + dt.timedelta(days=3), tick=False):
        assert nudge_feedback.call_local() == 0  # a second run in the same week (a restarted worker)
    assert len(nudge_of(org.kasi_a)) == 1
    with time_machine.travel(MONDAY + dt.timedelta(days=7), tick=False):
        nudge_feedback.call_local()
    assert len(nudge_of(org.kasi_a)) == 2


def test_the_weekly_nudge_is_e_mailed_only_to_those_who_asked(org):
    org.kasi_a.user.email = "kasi@alak.example.org"
    org.kasi_a.user.save()
    org.camat.user.email = "camat@alak.example.org"
    org.camat.user.save()
    notification_preferences_save(user=org.camat.user, email={K.FEEDBACK_NUDGE: True})
    mail.outbox.clear()
    with time_machine.travel(MONDAY, tick=False):
        feedback_nudges_send()
    assert [m.to for m in mail.outbox] == [["camat@alak.example.org"]]
    assert "Yosef Manafe" in mail.outbox[0].body and "/tim/" in mail.outbox[0].body
