"""What every task page shares: turning concurrent-completion conflicts and service errors into messages."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed

from workflows.selectors import task_subject_ids
from workflows.steps.common import TaskNotOpen


def conflict_url(kwargs: dict) -> str:
    """Where to show the subject again after a conflict: the plan, the evaluation, else the inbox."""
    if "evaluation_id" in kwargs:
        return reverse("evaluation_detail", args=[kwargs["evaluation_id"]])
    if "pk" in kwargs:
        return reverse("skp_detail", args=[kwargs["pk"]])
    if "task_id" in kwargs:
        plan_id, evaluation_id = task_subject_ids(kwargs["task_id"])
        if plan_id:
            return reverse("skp_detail", args=[plan_id])
        if evaluation_id:
            return reverse("evaluation_detail", args=[evaluation_id])
    return reverse("inbox")


def task_conflicts_handled(view):
    """A task finished meanwhile (second click, other tab) or locked by a concurrent request is not an error
    of the user's: say so and show the subject again, never a 500."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except TaskNotOpen as exc:
            messages.error(request, _("Tugas ini sudah diselesaikan atau dibatalkan. %(detail)s") % {"detail": exc})
        except FlowLockFailed:
            messages.warning(request, _("Tugas ini sedang diproses oleh permintaan lain, coba lagi sebentar lagi."))
        return redirect(conflict_url(kwargs))

    return wrapper


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError back on the form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
