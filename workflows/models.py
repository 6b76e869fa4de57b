"""Process records of the flows: each links the viewflow process to the domain object it moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from appraisal.models import PerformancePlan


class SkpProcess(Process):
    """The review of one SKP version."""

    plan = models.OneToOneField(
        PerformancePlan, verbose_name=_("SKP"), on_delete=models.PROTECT, related_name="process"
    )

    class Meta:
        verbose_name = _("proses SKP")
        verbose_name_plural = _("proses SKP")


class TaskReassignment(models.Model):
    """HR moved an open task to another person; the reason is kept."""

    task = models.ForeignKey(Task, verbose_name=_("tugas"), on_delete=models.CASCADE, related_name="reassignments")
    from_user = models.ForeignKey(
        "auth.User", verbose_name=_("dari"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_user = models.ForeignKey("auth.User", verbose_name=_("kepada"), on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("alasan"))
    by = models.ForeignKey("auth.User", verbose_name=_("oleh"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengalihan tugas")
        verbose_name_plural = _("pengalihan tugas")
        ordering = ["-at"]


class EvaluationProcess(Process):
    """The periodic evaluation of one employee."""

    evaluation = models.OneToOneField(
        "appraisal.Evaluation", verbose_name=_("evaluasi"), on_delete=models.PROTECT, related_name="process"
    )

    class Meta:
        verbose_name = _("proses evaluasi")
        verbose_name_plural = _("proses evaluasi")


class TaskDeadline(models.Model):
    """The due date of a human task as an indexed column, so overdue work is one query (inbox, reminders)."""

    task = models.OneToOneField(
        Task, verbose_name=_("tugas"), primary_key=True, on_delete=models.CASCADE, related_name="deadline"
    )
    due = models.DateField(_("batas waktu"), db_index=True)
    reminded_on = models.DateField(_("diingatkan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("batas waktu tugas")
        verbose_name_plural = _("batas waktu tugas")
