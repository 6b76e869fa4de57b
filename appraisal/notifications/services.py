"""Notifications: the one module that writes them (what the bell counts and /notifikasi/ lists) and enqueues
their e-mails.

Called after the state change they report, inside its transaction, so every path (page, API, demo, timers)
notifies: the flows and steps through workflows.notices (a task opened or moved to someone, due in two days,
overdue; SKP approved; objection decided), the domain services (feedback given, dialogue scheduled, final
document stored), the period-opening job (period opened, in bulk) and the weekly nudge (feedback_nudges_send).

Texts are written in the site's language whoever acts, and say what happened to the recipient's own work or the
work they must do. A peer's answer produces no notification of its own: at most the flow's next task reaches the
appraiser, naming the employee and never who answered (peer anonymity, PermenPANRB 6/2022)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appraisal.dashboard.selectors import FEEDBACK_WINDOW_DAYS, feedback_since
from appraisal.models import (
    EMAIL_BY_DEFAULT,
    Evaluation,
    Feedback,
    Notification,
    NotificationKind,
    NotificationPreference,
    Objection,
    PerformanceDialogue,
    PerformancePlan,
    Period,
)
from appraisal.notifications.selectors import email_recipients
from appraisal.notifications.tasks import send_notification_email
from appraisal.org.selectors import OrgSnapshot

NUDGE_NAMES = 10  # members named in a weekly nudge; the rest are counted

_emails_held: ContextVar[bool] = ContextVar("notification_emails_held", default=False)


@contextmanager
def emails_held() -> Iterator[None]:
    """Notifications written inside this block are not e-mailed (the demo data: its people are fictional)."""
    token = _emails_held.set(True)
    try:
        yield
    finally:
        _emails_held.reset(token)


@dataclass(frozen=True)
class Draft:
    recipient_id: int
    kind: str
    text: str
    url: str = ""
    key: str = ""  # non-empty: at most one notification with this key per recipient


def _in_site_language(build: Callable) -> Callable:
    """Texts in the site's language: the actor's choice of English must not decide the recipient's message."""

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return build(*args, **kwargs)

    return wrapper


def _day(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def _period(period: Period) -> str:
    return f"{period.get_kind_display()} {period.year}"


# --- writing -------------------------------------------------------------------------------------------------


def notify_many(drafts: Iterable[Draft], *, email: bool = True) -> list[Notification]:
    """Store the notifications not stored yet (by key) and enqueue their e-mails after commit (unless the caller
    sends its own); a constant number of queries whatever the number of drafts."""
    drafts = [d for d in drafts if d.recipient_id]
    keyed = [d for d in drafts if d.key]
    seen: set[tuple[int, str]] = set()
    if keyed:
        seen = set(
            Notification.objects.filter(
                key__in={d.key for d in keyed}, recipient_id__in={d.recipient_id for d in keyed}
            ).values_list("recipient_id", "key")
        )
    new = []
    for d in drafts:
        if d.key:
            if (d.recipient_id, d.key) in seen:
                continue
            seen.add((d.recipient_id, d.key))
        new.append(Notification(recipient_id=d.recipient_id, kind=d.kind, text=d.text, url=d.url, key=d.key))
    created = Notification.objects.bulk_create(new) if new else []
    if email:
        _emails_after_commit(created)
    return created


def notify(draft: Draft) -> Notification | None:
    """One notification (None: no recipient, or already sent under this key)."""
    created = notify_many([draft])
    return created[0] if created else None


def _emails_after_commit(notifications: Sequence[Notification]) -> None:
    if _emails_held.get():
        return
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for n in notifications:
        by_kind[n.kind].append(n)
    for kind, items in by_kind.items():
        wanted = email_recipients(kind, {n.recipient_id for n in items})
        for n in items:
            if n.recipient_id in wanted:
                transaction.on_commit(functools.partial(send_notification_email, n.pk))


def emails_after_insert(kind: str, rows: Sequence[tuple[int, int]]) -> None:
    """E-mails of notifications inserted in bulk elsewhere ((notification id, recipient id) pairs)."""
    if _emails_held.get():
        return
    wanted = email_recipients(kind, {recipient for _id, recipient in rows})
    for pk, recipient in rows:
        if recipient in wanted:
            transaction.on_commit(functools.partial(send_notification_email, pk))


# --- reading them: marks and preferences ---------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    # A notification keeps no history (nobody edits it); one UPDATE for however many are unread.
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_preferences_save(*, user: User, email: Mapping[str, bool]) -> None:
    """Record the person's e-mail choice per kind; a kind left at its default keeps no row."""
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    for kind in NotificationKind.values:
        wanted = bool(email.get(kind, kind in EMAIL_BY_DEFAULT))
        pref = current.get(kind)
        if pref is None and wanted == (kind in EMAIL_BY_DEFAULT):
            continue
        if pref is not None and pref.email == wanted:
            continue
        pref = pref or NotificationPreference(user=user, kind=kind)
        pref.email = wanted
        pref.full_clean()
        pref._history_user = user
        pref.save()


# --- tasks (built by workflows.notices, which knows the flows' pages) ----------------------------------------


@_in_site_language
def task_new(*, recipient_id: int, title, subject: str, url: str, due: dt.date | None) -> Notification | None:
    text = _("Tugas baru: %(title)s – %(subject)s.") % {"title": title, "subject": subject}
    if due is not None:
        text += " " + _("Batas waktu %(due)s.") % {"due": _day(due)}
    return notify(Draft(recipient_id, NotificationKind.TASK_NEW, text, url))


@dataclass(frozen=True)
class TaskDeadline:
    task_id: int
    recipient_id: int
    title: object  # the node's title, translated in the site's language here
    subject: str
    url: str
    due: dt.date


@_in_site_language
def task_deadlines(kind: str, items: Iterable[TaskDeadline], *, on: dt.date, email: bool = True) -> list[Notification]:
    """Due in two days (once per task and due date) or overdue (once per task and day `on`). The overdue e-mail is
    the reminder job's own (workflows.reminders: it also reaches HR for a late objection decision)."""
    drafts = []
    for t in items:
        values = {"title": t.title, "subject": t.subject, "due": _day(t.due)}
        if kind == NotificationKind.TASK_DUE_SOON:
            text, key = _("Batas waktu %(title)s – %(subject)s dua hari lagi: %(due)s.") % values, f"{t.due}"
        else:
            text, key = _("%(title)s – %(subject)s lewat batas waktu (%(due)s).") % values, f"{on}"
        drafts.append(Draft(t.recipient_id, kind, text, t.url, key=f"{kind}:{t.task_id}:{key}"))
    return notify_many(drafts, email=email)


@_in_site_language
def skp_returned(*, plan: PerformancePlan, recipient_id: int, url: str) -> Notification | None:
    text = _(
        "SKP %(year)s versi %(version)s Anda dikembalikan untuk diperbaiki. Lihat catatan Pejabat Penilai Kinerja."
    )
    return notify(
        Draft(recipient_id, NotificationKind.SKP_RETURNED, text % {"year": plan.year, "version": plan.version}, url)
    )


@_in_site_language
def skp_approved(*, plan: PerformancePlan) -> Notification | None:
    text = _("SKP %(year)s versi %(version)s Anda disetujui.") % {"year": plan.year, "version": plan.version}
    url = reverse("skp_detail", args=[plan.pk])
    return notify(Draft(plan.employee.user_id, NotificationKind.SKP_APPROVED, text, url))


@_in_site_language
def evaluation_rated(
    *, evaluation: Evaluation, recipient_id: int, url: str, due: dt.date | None
) -> Notification | None:
    text = _("Evaluasi %(period)s Anda sudah dinilai: predikat %(predicate)s.") % {
        "period": _period(evaluation.period),
        "predicate": evaluation.get_predicate_display(),
    }
    if due is not None:
        text += " " + _("Terima atau ajukan keberatan paling lambat %(due)s.") % {"due": _day(due)}
    return notify(Draft(recipient_id, NotificationKind.EVALUATION_RATED, text, url))


@_in_site_language
def objection_filed(*, evaluation: Evaluation, recipient_id: int, url: str, due: dt.date | None) -> Notification | None:
    text = _("%(name)s mengajukan keberatan atas evaluasi %(period)s. Berikan penjelasan Anda.") % {
        "name": evaluation.employee.full_name,
        "period": _period(evaluation.period),
    }
    if due is not None:
        text += " " + _("Batas waktu %(due)s.") % {"due": _day(due)}
    return notify(Draft(recipient_id, NotificationKind.OBJECTION_FILED, text, url))


@_in_site_language
def objection_explained(
    *, evaluation: Evaluation, recipient_id: int, url: str, due: dt.date | None
) -> Notification | None:
    text = _("Keberatan %(name)s atas evaluasi %(period)s sudah dijelaskan kedua pihak. Putuskan keberatan ini.") % {
        "name": evaluation.employee.full_name,
        "period": _period(evaluation.period),
    }
    if due is not None:
        text += " " + _("Batas waktu %(due)s.") % {"due": _day(due)}
    return notify(Draft(recipient_id, NotificationKind.OBJECTION_EXPLAINED, text, url))


@_in_site_language
def objection_decided(*, evaluation: Evaluation, appraiser_user_id: int | None) -> list[Notification]:
    """The decision reaches the employee and the appraiser whose rating was contested (PP 30/2019 Pasal 59)."""
    objection: Objection = evaluation.objection
    values = {
        "name": evaluation.employee.full_name,
        "period": _period(evaluation.period),
        "decision": objection.get_decision_display(),
        "predicate": evaluation.get_predicate_display(),
    }
    url = reverse("evaluation_detail", args=[evaluation.pk])
    kind = NotificationKind.OBJECTION_DECIDED
    drafts = [
        Draft(
            evaluation.employee.user_id,
            kind,
            _("Keberatan Anda atas evaluasi %(period)s diputuskan: %(decision)s. Predikat: %(predicate)s.") % values,
            url,
        )
    ]
    if appraiser_user_id and appraiser_user_id != evaluation.employee.user_id:
        text = _("Keberatan %(name)s atas evaluasi %(period)s diputuskan: %(decision)s.") % values
        drafts.append(Draft(appraiser_user_id, kind, text, url))
    return notify_many(drafts)


@_in_site_language
def document_ready(*, evaluation: Evaluation) -> Notification | None:
    text = _("Dokumen final evaluasi %(period)s Anda siap diunduh.") % {"period": _period(evaluation.period)}
    url = reverse("evaluation_detail", args=[evaluation.pk])
    return notify(
        Draft(evaluation.employee.user_id, NotificationKind.DOCUMENT_READY, text, url, key=f"document:{evaluation.pk}")
    )


@_in_site_language
def period_opened(
    *, period: Period, openings: Sequence[tuple[int, int | None]], due: dt.date, insert: Callable | None = None
) -> int:
    """Each employee of a newly opened period, told where to fill in realisation and self-assessment. Called per
    batch of the opening job with `insert` (its bulk insert): two queries per batch at most, whatever its size."""
    text = _("Periode penilaian %(period)s dibuka. Isi realisasi dan penilaian mandiri paling lambat %(due)s.") % {
        "period": _period(period),
        "due": _day(due),
    }
    kind, key = NotificationKind.PERIOD_OPENED, f"period-opened:{period.pk}"
    rows = [
        {
            "recipient_id": user_id,
            "kind": kind,
            "text": text,
            "url": reverse("evaluation_detail", args=[ev]),
            "key": key,
        }
        for ev, user_id in openings
        if user_id
    ]
    if insert is None:
        ids = [n.pk for n in Notification.objects.bulk_create([Notification(**row) for row in rows])]
    else:
        ids = insert(Notification, rows)
    emails_after_insert(kind, list(zip(ids, [row["recipient_id"] for row in rows], strict=True)))
    return len(ids)


# --- continuous feedback and dialogues ------------------------------------------------------------------------


@_in_site_language
def feedback_received(*, feedback: Feedback) -> Notification | None:
    text = _("%(kind)s dari %(author)s: “%(text)s”") % {
        "kind": feedback.get_kind_display(),
        "author": feedback.author.full_name,
        "text": Truncator(feedback.text).chars(160),
    }
    url = (
        reverse("evaluation_detail", args=[feedback.evaluation_id])
        if feedback.evaluation_id
        else reverse("home") + "#umpan-balik"
    )
    return notify(Draft(feedback.employee.user_id, NotificationKind.FEEDBACK_RECEIVED, text, url))


@_in_site_language
def dialogue_scheduled(*, dialogue: PerformanceDialogue) -> Notification | None:
    text = _("%(author)s menjadwalkan dialog kinerja dengan Anda pada %(day)s: %(topic)s.") % {
        "author": dialogue.appraiser.full_name,
        "day": _day(dialogue.scheduled_for),
        "topic": dialogue.topic,
    }
    url = reverse("home") + "#dialog-kinerja"
    return notify(Draft(dialogue.employee.user_id, NotificationKind.DIALOGUE_SCHEDULED, text, url))


def week_key(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{NotificationKind.FEEDBACK_NUDGE}:{year}-W{week:02d}"


@_in_site_language
def feedback_nudges_send(*, now: dt.datetime | None = None) -> list[Notification]:
    """The weekly nudge: each Pejabat Penilai Kinerja (Plt/Plh honoured) with team members who received no
    continuous feedback in the dashboard's window gets one notification naming them; once per ISO week.

    The whole chart in memory (OrgSnapshot) and one query for who received feedback: constant in queries."""
    now = now or timezone.now()
    on = timezone.localdate(now)
    chart = OrgSnapshot(on)
    coached = set(
        Feedback.objects.filter(created_at__gte=feedback_since(now)).values_list("employee_id", flat=True).distinct()
    )
    teams: dict[int, list] = defaultdict(list)
    for employee in chart.employees.values():
        if employee.position_id is None or employee.pk in coached:
            continue
        appraiser = chart.appraiser(employee)
        if appraiser is not None and appraiser.user_id is not None:
            teams[appraiser.user_id].append(employee)
    url, key = reverse("team_coaching"), week_key(on)
    drafts = []
    for user_id, members in teams.items():
        members.sort(key=lambda e: (e.name, e.pk))
        names = ", ".join(e.full_name for e in members[:NUDGE_NAMES])
        if len(members) > NUDGE_NAMES:
            names += " " + _("dan %(n)s lainnya") % {"n": len(members) - NUDGE_NAMES}
        text = ngettext(
            "%(n)s anggota tim belum menerima umpan balik dalam %(days)s hari terakhir: %(names)s.",
            "%(n)s anggota tim belum menerima umpan balik dalam %(days)s hari terakhir: %(names)s.",
            len(members),
        ) % {"n": len(members), "days": FEEDBACK_WINDOW_DAYS, "names": names}
        drafts.append(Draft(user_id, NotificationKind.FEEDBACK_NUDGE, text, url, key=key))
    return notify_many(drafts)
