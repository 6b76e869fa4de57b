"""Refuse oversized request bodies by their Content-Length, before anything reads them."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, gettext_noop

from api.exceptions import error_response, is_api_request

TOO_LARGE = gettext_noop("Berkas terlalu besar. Batas unggahan %(mb)s MB.")
BAD_LENGTH = gettext_noop("Permintaan tidak sah: Content-Length keliru.")


class RequestSizeLimit:
    """413 when Content-Length exceeds settings.MAX_REQUEST_BYTES, 400 when it is not a number.

    Placed first in MIDDLEWARE, so sessions, CSRF and the views never touch the body. A request without
    Content-Length (chunked) is left to Django's own DATA_UPLOAD_MAX_MEMORY_SIZE checks. API paths answer
    in the API's error shape (api.exceptions.error_body); pages get a short HTML page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("CONTENT_LENGTH")
        if raw in (None, ""):
            return self.get_response(request)
        try:
            length = int(raw)
        except ValueError:
            length = -1
        if length < 0:
            return self._refuse(request, 400, "bad_content_length", BAD_LENGTH)
        if length > settings.MAX_REQUEST_BYTES:
            return self._refuse(request, 413, "too_large", TOO_LARGE, mb=settings.MAX_UPLOAD_MB)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status: int, code: str, message: str, **params) -> HttpResponse:
        # Before LocaleMiddleware: pick the language from the cookie / Accept-Language ourselves.
        language = translation.get_language_from_request(request)
        with translation.override(language):
            detail = gettext(message) % params
        if is_api_request(request):
            return error_response(status, detail, code)
        return HttpResponse(
            f'<!doctype html><html lang="{language}"><meta charset="utf-8">'
            f"<title>{escape(detail)}</title><p>{escape(detail)}</p></html>",
            status=status,
            content_type="text/html; charset=utf-8",
        )
