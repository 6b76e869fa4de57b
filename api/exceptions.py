"""API errors: DRF's handler, plus domain errors mapped to structured 4xx answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from viewflow.workflow.exceptions import FlowLockFailed


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, FlowLockFailed):
        return Response(
            {"detail": "Tugas ini sedang diproses oleh permintaan lain. Muat ulang lalu coba lagi.", "code": "locked"},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
