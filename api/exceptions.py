"""API errors: DRF's handler, plus domain errors mapped to structured 4xx answers."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from viewflow.workflow.exceptions import FlowLockFailed

from appraisal.evaluation.services import EvaluationLocked
from workflows.steps.common import TaskNotOpen

# Domain refusals that mean "the object is no longer in a state that allows this" rather than "bad input".
CONFLICT_CODES = frozenset({"plan_locked"})


def validation_error_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Django's {"field": [...], "__all__": [...]} in DRF's shape: {"field": [...], "non_field_errors": [...]}."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


def _conflict_code(exc: DjangoValidationError) -> str | None:
    code = getattr(exc, "code", None) if not hasattr(exc, "error_dict") else None
    return code if code in CONFLICT_CODES else None


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError) and (code := _conflict_code(exc)):
        return Response({"detail": " ".join(exc.messages), "code": code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, FlowLockFailed):
        return Response(
            {"detail": "Tugas ini sedang diproses oleh permintaan lain. Muat ulang lalu coba lagi.", "code": "locked"},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, EvaluationLocked):
        # Signed off: nothing of the evaluation may change by any path (appraisal.evaluation.services.EvaluationLocked).
        return Response({"detail": str(exc), "code": "evaluation_locked"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, TaskNotOpen):
        # A second approval, or an action on a task someone finished in another tab: a conflict, not a crash.
        return Response({"detail": str(exc), "code": "task_not_open"}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
