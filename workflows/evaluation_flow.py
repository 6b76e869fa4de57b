"""EvaluationFlow: the periodic evaluation as a viewflow process (README.md, Architecture).

self-assessment → (one feedback task per peer ‖ public-service summary) → appraiser rating →
acknowledgement (auto-accept on day 15) → [objection: explanations from both sides → the Atasan Pejabat
Penilai Kinerja decides (PP 30/2019 Pasal 59; late: reminders and flags, never another decider)] → HR sign-off
→ finalize (lock; the document is rendered by a job) → end.
Owners are resolved from the org chart when each task is created; acting officials are honoured. Every
state change is a call to appraisal.evaluation.services, made on behalf of the person whose step led here
(workflows.steps.common.acting_as) or of the system user for timers.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from appraisal import policy, rules
from appraisal.evaluation import services
from appraisal.models import EvaluationStatus, PeerRequest
from appraisal.org.selectors import appraiser_for, hr_officer_for, today
from appraisal.org.services import system_user
from workflows import notices
from workflows.models import EvaluationProcess
from workflows.nodes import FanOutSplit
from workflows.steps.common import current_actor, set_due

SELF_ASSESSMENT_DAYS_AFTER = 7
PEER_TASK_DAYS = 7
RATING_DAYS = 7
EXPLANATION_DAYS = 5
SIGN_OFF_DAYS = 7


def decision_days() -> int:
    """Days the Atasan Pejabat Penilai Kinerja has to decide an objection before reminders start (default 14)."""
    return settings.OBJECTION_DECISION_DAYS


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def self_assessment_due(period) -> dt.date:
    """Realisation and self-assessment are due a week after the period ends."""
    return period.end_date + dt.timedelta(days=SELF_ASSESSMENT_DAYS_AFTER)


def _actor() -> User:
    """Who the flow acts for: the person whose step is running, else (timers) the system user."""
    return current_actor() or system_user()


def _due(days: int | None = None, *, on=None):
    """On task creation: the task's due date, then its owner is told (workflows.notices)."""

    def on_create(activation) -> None:
        set_due(activation.task, on(activation) if on else today() + dt.timedelta(days=days))
        notices.task_opened(activation)

    return on_create


def _entering(status: str, days: int):
    """On task creation: the evaluation enters `status` (saved, so history shows it) and the task gets a due date."""
    due = _due(days)

    def on_create(activation) -> None:
        # The flow moves the evaluation here, not the person whose step finished last: when the last peer answer
        # opens the rating step, naming that peer in the evaluation's history would break their anonymity.
        services.evaluation_status_enter(evaluation=_ev(activation), status=status, actor=system_user())
        due(activation)

    return on_create


def _user(employee) -> User | None:
    return employee.user if employee is not None else None


def _ev(activation):
    return activation.process.evaluation


class EvaluationFlow(flow.Flow):
    """Evaluasi kinerja

    Periodic evaluation of one employee: realisation and self-assessment, peer and public feedback,
    the appraiser's rating, acknowledgement or objection, HR sign-off and the final document.
    """

    process_class = EvaluationProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.self_assess)

    self_assess = (
        flow.View(None)
        .Annotation(title=_("Isi realisasi dan penilaian mandiri"))
        .Assign(lambda act: _user(_ev(act).employee))
        .onCreate(_due(on=lambda act: self_assessment_due(_ev(act).period)))
        .Next(this.gather)
    )
    gather = (
        FanOutSplit()
        .Annotation(title=_("Kumpulkan umpan balik"))
        .Next(this.peer_feedback, data_source=this.peer_items)
        .Always(this.public_summary)
    )
    peer_feedback = (
        flow.View(None)
        .Annotation(title=_("Beri umpan balik rekan kerja"))
        .Assign(lambda act: User.objects.get(pk=act.task.data["user_id"]))
        .onCreate(_due(on=lambda act: _ev(act).period.peer_deadline))
        .OnTimeout(this.peer_deadline, this.peer_expired, title=_("Batas umpan balik"))
        .Next(this.gathered)
    )
    peer_expired = flow.Function(this.expire_peer_request).Next(this.gathered)
    public_summary = flow.Function(this.record_public_summary).Next(this.gathered)
    gathered = flow.Join().Next(this.rate)

    rate = (
        flow.View(None)
        .Annotation(title=_("Nilai kinerja pegawai"))
        .Assign(
            lambda act: (
                _user(appraiser_for(_ev(act))) or _user(_ev(act).appraiser) or policy.designated_appraiser(_ev(act))
            )
        )
        .onCreate(_entering(EvaluationStatus.RATING, RATING_DAYS))
        .Next(this.acknowledge)
    )
    acknowledge = (
        flow.View(None)
        .Annotation(title=_("Tanggapi hasil evaluasi"))
        .Assign(lambda act: _user(_ev(act).employee))
        .onCreate(_due(on=lambda act: rules.objection_deadline(timezone.localdate(_ev(act).rated_at))))
        .OnTimeout(this.auto_accept_at, this.auto_accept, title=_("Hari ke-15"))
        .Next(this.objected)
    )
    auto_accept = flow.Function(this.accept_automatically).Next(this.sign_off)
    objected = (
        flow.If(lambda act: hasattr(_ev(act), "objection"))
        .Annotation(title=_("Keberatan?"))
        .Then(this.explain)
        .Else(this.sign_off)
    )
    explain = flow.Split().Always(this.explain_appraiser).Always(this.explain_employee)
    explain_appraiser = (
        flow.View(None)
        .Annotation(title=_("Beri penjelasan atas keberatan"))
        .Assign(
            lambda act: _user(_ev(act).rated_by) or _user(_ev(act).appraiser) or policy.designated_appraiser(_ev(act))
        )
        .onCreate(_due(EXPLANATION_DAYS))
        .Next(this.explained)
    )
    explain_employee = (
        flow.View(None)
        .Annotation(title=_("Jelaskan keberatan Anda"))
        .Assign(lambda act: _user(_ev(act).employee))
        .onCreate(_due(EXPLANATION_DAYS))
        .Next(this.explained)
    )
    explained = flow.Join().Next(this.decide)
    # Only the Atasan Pejabat Penilai Kinerja decides; where the chart has none the task waits, unassigned, until
    # HR records the designated official (workflows.steps.evaluation.objection_designate). No timer moves it.
    decide = (
        flow.View(None)
        .Annotation(title=_("Putuskan keberatan"))
        .Assign(lambda act: policy.objection_decider(_ev(act)))
        .onCreate(_due(on=lambda act: today() + dt.timedelta(days=decision_days())))
        .Next(this.sign_off)
    )
    sign_off = (
        flow.View(None)
        .Annotation(title=_("Sahkan evaluasi"))
        .Assign(lambda act: hr_officer_for(_ev(act).unit))
        .onCreate(_entering(EvaluationStatus.SIGN_OFF, SIGN_OFF_DAYS))
        .Next(this.finalize)
    )
    finalize = flow.Function(this.finalize_evaluation).Next(this.end)
    end = flow.End()

    # --- node callbacks: read the org chart or call services; no business rules here ----------

    def start_process(self, activation, evaluation):
        activation.process.evaluation = evaluation  # saved by the start activation
        return activation.process

    def peer_items(self, activation) -> list[dict]:
        requests = PeerRequest.objects.filter(evaluation=_ev(activation), peer__user__isnull=False)
        return [{"request_id": r.pk, "user_id": r.peer.user_id} for r in requests.select_related("peer")]

    def peer_deadline(self, activation) -> dt.datetime:
        return _start_of_day(_ev(activation).period.peer_deadline + dt.timedelta(days=1))

    def expire_peer_request(self, activation) -> None:
        # This task follows the timer boundary, which follows the cancelled peer task holding the request.
        task, seen = activation.task, 0
        while task is not None and "request_id" not in (task.data or {}) and seen < 3:
            task, seen = task.previous.order_by("-id").first(), seen + 1
        if task is not None:
            services.peer_request_expire(request_id=task.data.get("request_id"), actor=_actor())

    def record_public_summary(self, activation) -> None:
        services.evaluation_record_public_service(evaluation=_ev(activation), actor=_actor())

    def auto_accept_at(self, activation) -> dt.datetime:
        received = timezone.localdate(_ev(activation).rated_at)
        return _start_of_day(rules.acknowledgement_auto_accept_on(received))

    def accept_automatically(self, activation) -> None:
        services.evaluation_auto_accept(evaluation=_ev(activation), actor=_actor())

    def finalize_evaluation(self, activation) -> None:
        # Locks the evaluation; the step that signed off enqueues the document after commit.
        services.evaluation_finalize(evaluation=_ev(activation), actor=_actor())
