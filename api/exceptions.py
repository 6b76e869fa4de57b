"""API errors in one shape: {"detail": str, "code": str, "errors"?: {field: [str]}}.

This module owns the shape. `error_body` builds it; the DRF exception handler, the 404/500 views for /api/
paths, config.middleware.RequestSizeLimit and the views' own refusals answer with it, and api.schema documents
it as the `Error` component on every operation. `detail` is a sentence in the user's language, `code` is for programs
(not_found, invalid, task_not_open, ...), `errors` lists the messages per field of a 400 (nested fields as
dotted paths: "indicators.0.target"; what concerns the whole object under "non_field_errors").
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from viewflow.workflow.exceptions import FlowLockFailed

from appraisal.evaluation.services import EvaluationLocked
from workflows.steps.common import TaskNotOpen

API_PREFIX = "/api/"

# Domain refusals that mean "the object is no longer in a state that allows this" rather than "bad input".
CONFLICT_CODES = frozenset({"plan_locked"})

INVALID = _("Data tidak lengkap atau tidak sah.")
LOCKED = _("Tugas ini sedang diproses oleh permintaan lain. Muat ulang lalu coba lagi.")
# DRF's own messages for these are English (its Indonesian catalogue lacks them) or name internals.
PARSE_ERROR = _("Isi permintaan tidak dapat dibaca. Periksa formatnya (mis. JSON yang sah).")
NOT_AUTHENTICATED = _("Sertakan kredensial: header Authorization: Token <kunci>.")
AUTHENTICATION_FAILED = _("Kredensial tidak sah: token tidak dikenal atau akun tidak aktif.")
METHOD_NOT_ALLOWED = _("Metode %(method)s tidak diizinkan untuk alamat ini.")
THROTTLED = _("Terlalu banyak permintaan. Coba lagi dalam %(wait)s detik.")
THROTTLED_NO_WAIT = _("Terlalu banyak permintaan. Coba lagi nanti.")


class ErrorSerializer(serializers.Serializer):
    """Every 4xx/5xx answer of the API (the `Error` component of the schema)."""

    detail = serializers.CharField(help_text="Pesan untuk pengguna, dalam bahasa antarmuka.")
    code = serializers.CharField(
        help_text="Kode untuk program, tetap apa pun bahasanya. 400: invalid, parse_error, bad_content_length; "
        "401: not_authenticated, authentication_failed; 403: permission_denied, out_of_scope; 404: not_found, "
        "unknown; 405: method_not_allowed; 409: conflict, task_not_open, locked, plan_locked, evaluation_locked, "
        "already_answered; 410: expired; 413: too_large; 415: unsupported_media_type; 429: throttled, "
        "locked_out; 500: server_error."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text='Hanya pada 400 (code "invalid"): pesan per isian; isian bertingkat sebagai jalur bertitik '
        '("indicators.0.target"), kesalahan atas seluruh data di "non_field_errors".',
    )


class PayloadTooLarge(exceptions.APIException):
    """413: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (those over MAX_REQUEST_BYTES never reach a view)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Isi permintaan terlalu besar.")
    default_code = "too_large"


class Conflict(exceptions.APIException):
    """409: the object is no longer in a state that allows this (a finished task, a locked plan)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Data sudah berubah sehingga tindakan ini tidak dapat dilakukan.")
    default_code = "conflict"


def error_body(detail: Any, code: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    body: dict[str, Any] = {"detail": str(detail), "code": str(code)}
    if errors:
        body["errors"] = errors
    return body


def error_response(status_code: int, detail: Any, code: str) -> JsonResponse:
    """An error answer outside DRF (URL not found, server error, request too large)."""
    return JsonResponse(error_body(detail, code), status=status_code)


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def validation_error_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Django's {"field": [...], "__all__": [...]} in DRF's shape: {"field": [...], "non_field_errors": [...]}."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


def field_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail flattened to {"field": [...], "items.0.field": [...]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            for path, messages in field_errors(value, f"{prefix}.{key}" if prefix else str(key)).items():
                flat.setdefault(path, []).extend(messages)
        return flat
    if isinstance(detail, list):
        flat = {}
        messages = [str(item) for item in detail if not isinstance(item, dict | list)]
        if messages:
            flat[prefix or api_settings.NON_FIELD_ERRORS_KEY] = messages
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                for path, nested in field_errors(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    flat.setdefault(path, []).extend(nested)
        return flat
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(detail)]}


def _code(exc: exceptions.APIException) -> str:
    return str(getattr(exc.detail, "code", None) or exc.default_code)


def _as_api_exception(exc: Exception) -> Exception:
    """Django's and the domain's exceptions as the DRF exception that answers for them."""
    if isinstance(exc, Http404):
        # Not Http404's own text: Django's "No Unit matches the given query." is English and names a model.
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)  # the services' own reason ("Tugas ini bukan milik Anda.")
    if isinstance(exc, SuspiciousOperation):
        # Django would log it and answer its HTML 400 page; keep the log, answer in the API's shape.
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
        return PayloadTooLarge() if isinstance(exc, RequestDataTooBig) else exceptions.ParseError()
    if isinstance(exc, DjangoValidationError):
        code = getattr(exc, "code", None) if not hasattr(exc, "error_dict") else None
        if code in CONFLICT_CODES:
            return Conflict(" ".join(exc.messages), code=code)
        return exceptions.ValidationError(validation_error_detail(exc))
    if isinstance(exc, FlowLockFailed):
        return Conflict(LOCKED, code="locked")
    if isinstance(exc, EvaluationLocked):
        # Signed off: nothing of the evaluation may change by any path (appraisal.evaluation.services.EvaluationLocked).
        return Conflict(str(exc), code="evaluation_locked")
    if isinstance(exc, TaskNotOpen):
        # A second approval, or an action on a task someone finished in another tab: a conflict, not a crash.
        return Conflict(str(exc), code="task_not_open")
    return exc


def _body(exc: exceptions.APIException, method: str) -> dict[str, Any]:
    if isinstance(exc.detail, dict | list):  # a ValidationError, or another exception raised with a list
        errors = field_errors(exc.detail)
        only_whole = set(errors) == {api_settings.NON_FIELD_ERRORS_KEY}
        # A refusal about the whole object ("submit: 1 indicator has no realisation") is the sentence to show.
        general = INVALID if isinstance(exc, exceptions.ValidationError) else exc.default_detail
        detail = " ".join(errors[api_settings.NON_FIELD_ERRORS_KEY]) if only_whole else str(general)
        return error_body(detail, exc.default_code, errors)
    if isinstance(exc, exceptions.ParseError):
        return error_body(gettext(PARSE_ERROR), _code(exc))
    if isinstance(exc, exceptions.NotAuthenticated):
        return error_body(gettext(NOT_AUTHENTICATED), _code(exc))
    if isinstance(exc, exceptions.AuthenticationFailed):
        return error_body(gettext(AUTHENTICATION_FAILED), _code(exc))
    if isinstance(exc, exceptions.MethodNotAllowed):
        return error_body(gettext(METHOD_NOT_ALLOWED) % {"method": method}, _code(exc))
    if isinstance(exc, exceptions.Throttled):
        detail = gettext(THROTTLED) % {"wait": exc.wait} if exc.wait else gettext(THROTTLED_NO_WAIT)
        return error_body(detail, _code(exc))
    return error_body(exc.detail, _code(exc))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (headers such as WWW-Authenticate and Retry-After, rollback) with the one error body."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django logs it and handler500 answers (server_error below)
    request = context.get("request")
    response.data = _body(exc, request.method if request is not None else "")
    return response


# --- Outside DRF: URLs that match no route, and crashes ---------------------------------------------


@csrf_exempt  # as the API views are: a POST to an unknown API URL is a 404, not the CSRF failure page
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404, and the catch-all route at the end of api/urls.py: JSON under /api/, the page elsewhere."""
    if not is_api_request(request):
        return defaults.page_not_found(request, exception)
    return error_response(status.HTTP_404_NOT_FOUND, exceptions.NotFound.default_detail, "not_found")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON without a traceback under /api/, the page elsewhere."""
    if not is_api_request(request):
        return defaults.server_error(request)
    return error_response(status.HTTP_500_INTERNAL_SERVER_ERROR, exceptions.APIException.default_detail, "server_error")
