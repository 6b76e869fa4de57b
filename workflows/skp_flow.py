"""SkpFlow: drafting and review of one SKP version declared with viewflow (README.md, Architecture).

Nodes read the plan; state changes happen in appraisal.skp.services, called by workflows.steps.skp."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from appraisal import policy
from appraisal.models import PlanStatus
from workflows import notices
from workflows.models import SkpProcess
from workflows.steps.common import set_due

DRAFT_DAYS = 14
REVIEW_DAYS = 7


def _due_in(days: int):
    def on_create(activation) -> None:
        set_due(activation.task, timezone.localdate() + dt.timedelta(days=days))
        notices.task_opened(activation)

    return on_create


class SkpFlow(flow.Flow):
    """Penyusunan SKP

    Employee drafts, the appraiser reviews: approve, or return with notes and the employee drafts again.
    """

    process_class = SkpProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.draft)
    draft = (
        flow.View(None)
        .Annotation(title=_("Susun SKP"))
        .Assign(lambda act: act.process.plan.employee.user)
        .onCreate(_due_in(DRAFT_DAYS))
        .Next(this.review)
    )
    review = (
        flow.View(None)
        .Annotation(title=_("Tinjau SKP"))
        .Assign(
            lambda act: (
                act.process.plan.appraiser.user
                if act.process.plan.appraiser
                else policy.designated_appraiser(act.process.plan)
            )
        )
        .onCreate(_due_in(REVIEW_DAYS))
        .Next(this.approved)
    )
    approved = (
        flow.If(lambda act: act.process.plan.status == PlanStatus.APPROVED)
        .Annotation(title=_("Disetujui?"))
        .Then(this.end)
        .Else(this.draft)
    )
    end = flow.End()

    def start_process(self, activation, plan):
        activation.process.plan = plan  # saved by the start activation
        return activation.process
