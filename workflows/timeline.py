"""Where a process stands: the steps done (who, when), the current one (who holds it, due, overdue) and those ahead.

Read from the viewflow tasks of the SKP or evaluation process in one query (owner and due date joined), with the
domain object's own timestamps for what no task records (a result accepted by the day-15 timer). Peer feedback is
shown as counts only, never who or when (appraisal/policy.py: peers stay anonymous).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from appraisal.models import EvaluationStatus, PlanStatus
from appraisal.org.selectors import today
from workflows.evaluation_flow import EvaluationFlow
from workflows.models import TaskDeadline
from workflows.skp_flow import SkpFlow
from workflows.steps.common import OPEN_STATUSES

DONE, CURRENT, AHEAD = "done", "current", "ahead"


@dataclass
class Step:
    title: str
    state: str  # DONE, CURRENT or AHEAD
    who: str = ""  # done: who did it; current: who holds it; ahead: the role that will
    when: dt.datetime | None = None  # done: when it was finished
    due: dt.date | None = None  # current: its due date
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.state == CURRENT and self.due is not None and self.due < today()


def _name(user) -> str:
    """The employee's name with titles where the account has one (owner__employee is joined), else the account's."""
    if user is None:
        return ""
    employee = getattr(user, "employee", None)
    return employee.full_name if employee is not None else (user.get_full_name() or user.get_username())


def _due(task: Task) -> dt.date | None:
    try:
        return task.deadline.due  # joined by _tasks: no query
    except TaskDeadline.DoesNotExist:
        return None


def _tasks(queryset: QuerySet[Task]) -> list[Task]:
    return list(
        queryset.filter(flow_task_type="HUMAN")
        .exclude(status=STATUS.CANCELED)
        .select_related("owner", "owner__employee", "deadline")
        .order_by("created", "id")
    )


def _from_task(task: Task, title: str) -> Step:
    if task.status == STATUS.DONE:
        return Step(title, DONE, who=_name(task.owner), when=task.finished)
    holder = _name(task.owner) if task.owner_id else _("belum ada pemegang")
    return Step(title, CURRENT, who=holder, due=_due(task))


# --- SKP ------------------------------------------------------------------------------------------


def plan_timeline(plan) -> list[Step]:
    """Drafting and review rounds of one SKP version, then what remains (workflows/skp_flow.py)."""
    tasks = _tasks(Task.objects.filter(process__skpprocess__plan=plan))
    steps: list[Step] = []
    for task in tasks:
        if task.flow_task == SkpFlow.draft:
            steps.append(_from_task(task, _("Susun SKP")))
        elif task.flow_task == SkpFlow.review:
            step = _from_task(task, _("Tinjau SKP"))
            if step.state == DONE:
                returned = any(t.flow_task == SkpFlow.draft and t.pk > task.pk for t in tasks)  # a new draft round
                step.note = _("dikembalikan dengan catatan") if returned else _("disetujui")
            steps.append(step)
    if plan.status == PlanStatus.APPROVED or plan.status == PlanStatus.SUPERSEDED:
        if not steps:  # approved without a recorded process (imported or older data): the plan's own fields
            steps.append(Step(_("Tinjau SKP"), DONE, who=_name(plan.approved_by), when=plan.approved_at))
        steps.append(Step(_("SKP disetujui dan dikunci"), DONE, when=plan.approved_at))
        return steps
    open_nodes = [t.flow_task for t in tasks if t.status in OPEN_STATUSES]
    if not open_nodes:  # no process yet (a draft not started by the flow): the employee drafts
        steps.append(Step(_("Susun SKP"), CURRENT, who=_("Pegawai")))
    if SkpFlow.review not in open_nodes:
        steps.append(Step(_("Tinjau SKP"), AHEAD, who=_("Pejabat Penilai Kinerja")))
    steps.append(Step(_("SKP disetujui dan dikunci"), AHEAD))
    return steps


# --- Evaluation -----------------------------------------------------------------------------------


def evaluation_timeline(evaluation, *, peer_counts: bool = True) -> list[Step]:
    """The periodic evaluation from self-assessment to sign-off (workflows/evaluation_flow.py).

    `peer_counts`: whether the viewer may see how many peers answered (policy.can_see_peer_progress); the evaluated
    employee may not, and sees a neutral "feedback being gathered" step instead."""
    tasks = _tasks(Task.objects.filter(process__evaluationprocess__evaluation=evaluation))
    by_node: dict = {}
    for task in tasks:
        by_node.setdefault(task.flow_task, []).append(task)

    def single(node, title: str) -> Step | None:
        found = by_node.get(node)
        if found:
            return _from_task(found[-1], title)
        return None

    steps: list[Step] = []
    status = evaluation.status

    def add(step: Step | None, fallback: Step) -> None:
        steps.append(step or fallback)

    # 1. Realisation and self-assessment.
    add(
        single(EvaluationFlow.self_assess, _("Realisasi dan penilaian mandiri")),
        Step(
            _("Realisasi dan penilaian mandiri"),
            DONE if evaluation.self_assessed_at else CURRENT,
            when=evaluation.self_assessed_at,
        ),
    )
    # 2. Peer feedback: counts only (anonymity), never names or times.
    peers = by_node.get(EvaluationFlow.peer_feedback, [])
    if peers:
        answered = sum(1 for t in peers if t.status == STATUS.DONE)
        open_ = [t for t in peers if t.status in OPEN_STATUSES]
        note = _("%(a)s dari %(n)s rekan mengisi") % {"a": answered, "n": len(peers)}
        title = _("Umpan balik rekan kerja") if peer_counts else _("Pengumpulan umpan balik")
        if not peer_counts:
            note = ""
        if open_:
            who = _("rekan kerja") if peer_counts else ""
            steps.append(Step(title, CURRENT, who=who, due=_due(open_[0]), note=note))
        else:
            steps.append(Step(title, DONE, note=note))
    elif status == EvaluationStatus.SELF_ASSESSMENT:
        title = _("Umpan balik rekan kerja") if peer_counts else _("Pengumpulan umpan balik")
        steps.append(Step(title, AHEAD, who=_("rekan kerja") if peer_counts else ""))
    # 3. Rating.
    add(
        single(EvaluationFlow.rate, _("Penilaian oleh Pejabat Penilai Kinerja")),
        Step(
            _("Penilaian oleh Pejabat Penilai Kinerja"),
            DONE if evaluation.rated_at else AHEAD,
            who=_("Pejabat Penilai Kinerja"),
            when=evaluation.rated_at,
        ),
    )
    # 4. Acknowledgement (the day-15 timer accepts when the employee does not answer).
    ack = single(EvaluationFlow.acknowledge, _("Tanggapan pegawai"))
    if ack is None and evaluation.acknowledged_at:
        ack = Step(
            _("Tanggapan pegawai"), DONE, who=_("diterima otomatis pada hari ke-15"), when=evaluation.acknowledged_at
        )
    elif ack is not None and ack.state == DONE and not ack.who:
        ack.who = _("diterima otomatis pada hari ke-15")
    add(ack, Step(_("Tanggapan pegawai"), AHEAD, who=_("Pegawai")))
    # 5. Objection: explanations and the decision of the Atasan Pejabat Penilai Kinerja (PP 30/2019 Pasal 59).
    explains = by_node.get(EvaluationFlow.explain_appraiser, []) + by_node.get(EvaluationFlow.explain_employee, [])
    decide = single(EvaluationFlow.decide, _("Keputusan keberatan"))
    if explains:
        for task in sorted(explains, key=lambda t: (t.created, t.id)):
            steps.append(_from_task(task, _("Penjelasan atas keberatan")))
        steps.append(decide or Step(_("Keputusan keberatan"), AHEAD, who=_("Atasan Pejabat Penilai Kinerja")))
    elif ack is None or ack.state != DONE:
        steps.append(Step(_("Keberatan (bila diajukan)"), AHEAD, who=_("Atasan Pejabat Penilai Kinerja memutus")))
    # 6. Sign-off and the final document.
    add(
        single(EvaluationFlow.sign_off, _("Pengesahan")),
        Step(
            _("Pengesahan"),
            DONE if evaluation.signed_off_at else AHEAD,
            who=_("Admin Kepegawaian"),
            when=evaluation.signed_off_at,
        ),
    )
    final = status == EvaluationStatus.FINAL
    steps.append(
        Step(
            _("Final: dokumen dibuat, evaluasi dikunci"),
            DONE if final else AHEAD,
            when=evaluation.signed_off_at if final else None,
        )
    )
    # Anything after the current step cannot be done yet; a fallback marked CURRENT before a real one is ahead.
    seen_current = False
    for step in steps:
        if step.state == CURRENT:
            if seen_current:
                step.state = AHEAD
            seen_current = True
        elif seen_current and step.state == DONE and step.when is None:
            step.state = AHEAD
    return steps
