import datetime as dt

import pytest
import time_machine
from django.core import mail

from tests.skp_helpers import approved_plan, draft_plan
from workflows.reminders import send_overdue_reminders
from workflows.steps.common import set_due
from workflows.steps.skp import plan_submit
from workflows.tasks import remind_overdue

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(org):
    org.kasi_a.user.email = "kasi@alak.example.org"
    org.kasi_a.user.save()
    with time_machine.travel(dt.datetime(2026, 3, 2, 1, tzinfo=dt.UTC), tick=False):
        sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD")
        camat = approved_plan(org.camat, supports=sekda.results.get())
        lurah = approved_plan(org.lurah_a, supports=camat.results.get())
        kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
        plan = draft_plan(org.staff_a, supports=kasi.results.get())
        plan_submit(plan=plan, actor=org.staff_a.user)  # the review is due in 7 days: 9 March
    mail.outbox.clear()  # the "new task" e-mails of the setup (issue 11): these tests count reminders only
    return plan


def test_an_overdue_task_is_reminded_once_a_day(org, submitted):
    assert send_overdue_reminders(on=dt.date(2026, 3, 9)) == 0  # due today: not overdue yet
    assert send_overdue_reminders(on=dt.date(2026, 3, 10)) == 1
    assert send_overdue_reminders(on=dt.date(2026, 3, 10)) == 0  # the same day: once
    assert send_overdue_reminders(on=dt.date(2026, 3, 11)) == 1  # the next day again
    assert [m.to for m in mail.outbox] == [["kasi@alak.example.org"], ["kasi@alak.example.org"]]
    assert "Tinjau SKP" in mail.outbox[0].subject
    assert f"/skp/{submitted.pk}/tinjau/" in mail.outbox[0].body


def test_owners_without_an_address_are_skipped(org, submitted):
    org.kasi_a.user.email = ""
    org.kasi_a.user.save()
    assert send_overdue_reminders(on=dt.date(2026, 3, 10)) == 0


def test_the_reminder_job_sends_reminders_on_its_sweep(org, submitted):
    with time_machine.travel(dt.datetime(2026, 3, 12, 1, tzinfo=dt.UTC), tick=False):
        remind_overdue()  # a Huey periodic task; tests run jobs inline
    assert len(mail.outbox) == 1


def test_one_failing_e_mail_stops_no_other_and_is_tried_again(org, submitted, monkeypatch):
    from django.core import mail as django_mail

    from workflows import reminders
    from workflows.steps.skp import plan_create

    org.peer_a.user.email = "peer@alak.example.org"
    org.peer_a.user.save()
    other = plan_create(employee=org.peer_a, year=2026)  # peer_a's draft, overdue as well
    django_mail.outbox.clear()  # its "new task" e-mail
    other_task = other.process.task_set.get(flow_task_type="HUMAN")
    set_due(other_task, dt.date(2026, 3, 1))
    real_send = reminders.send_mail
    attempts = []

    def flaky(*args, recipient_list, **kwargs):
        attempts.append(recipient_list[0])
        if recipient_list[0] == org.kasi_a.user.email:
            raise OSError("SMTP 451 temporary failure")
        return real_send(*args, recipient_list=recipient_list, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", flaky)
    assert send_overdue_reminders(on=dt.date(2026, 3, 10)) == 1  # kasi's failed, peer_a's went out
    assert [m.to for m in django_mail.outbox] == [[org.peer_a.user.email]]
    assert sorted(attempts) == sorted([org.kasi_a.user.email, org.peer_a.user.email])

    # Through the queue each e-mail is its own job: the failing one raises for Huey to retry, the others go.
    django_mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 3, 11, 1, tzinfo=dt.UTC), tick=False):
        assert remind_overdue.call_local() == 2
    assert [m.to for m in django_mail.outbox] == [[org.peer_a.user.email]]
    monkeypatch.setattr(reminders, "send_mail", real_send)
    task = submitted.process.task_set.get(flow_task_type="HUMAN", status="ASSIGNED")
    assert reminders.send_reminder(task.pk) is True  # the retry succeeds once the server is back
    assert len(django_mail.outbox) == 2
