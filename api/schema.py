"""OpenAPI: every operation documents the error answers it can give, in the one `Error` shape (api.exceptions)."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi

from api.exceptions import ErrorSerializer

JSON = "application/json"

# Descriptions of the errors added by AutoSchema; the `Error` body says which code in `code`.
BAD_REQUEST = "Data tidak lengkap atau tidak sah (invalid: lihat `errors`), atau tidak terbaca (parse_error)."
UNAUTHORIZED = "Kredensial tidak ada atau tidak sah (not_authenticated, authentication_failed)."
FORBIDDEN = "Tidak berwenang untuk tindakan ini (permission_denied, out_of_scope, ...)."
NOT_FOUND = "Tidak ada, atau tidak boleh dilihat pengguna (not_found)."
TOO_LARGE = "Isi permintaan melebihi batas unggahan (too_large)."
UNSUPPORTED = "Jenis isi permintaan tidak didukung (unsupported_media_type)."
THROTTLED = "Terlalu banyak permintaan (throttled); lihat header Retry-After."


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, plus the error answers each operation can give.

    Added where the view can answer them and not already described by the view's own @extend_schema
    (whose wording is more precise): 400 for a request body or query parameters, 401/403 when the view
    authenticates, 404 for a path parameter or a page number, 413/415 for a request body, 429 when
    throttled. 409 and 410 depend on the domain, so views declare them. Errors are JSON whatever the view
    renders otherwise (a PDF, a file).
    """

    def get_operation(self, path, path_regex, path_prefix, method, registry) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, response in responses.items():
            if int(code) >= 400 and response.get("content"):
                response["content"] = {JSON: response["content"].get(JSON) or next(iter(response["content"].values()))}
        error = {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}
        for code, description in self._errors(operation):
            responses.setdefault(str(code), {"description": description, "content": {JSON: error}})
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _map_basic_serializer(self, serializer, direction) -> dict[str, Any]:
        """A serializer's `optional_fields` are left out of some answers, so they are not `required`."""
        schema = super()._map_basic_serializer(serializer, direction)
        optional = set(getattr(serializer, "optional_fields", ()))
        if optional and schema.get("required"):
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _errors(self, operation: dict[str, Any]) -> list[tuple[int, str]]:
        parameters = operation.get("parameters", [])
        in_path = any(p["in"] == "path" for p in parameters)
        query_names = {p["name"] for p in parameters if p["in"] == "query"}
        has_body = "requestBody" in operation
        authenticates = bool(getattr(self.view, "authentication_classes", None))
        errors = []
        # `format` picks a renderer (plans/{id}/pdf/): an unknown one is a 404, not a 400.
        if has_body or query_names - {"format"}:
            errors.append((400, BAD_REQUEST))
        if authenticates:
            errors += [(401, UNAUTHORIZED), (403, FORBIDDEN)]
        if in_path or query_names & {"page", "format"}:
            errors.append((404, NOT_FOUND))
        if has_body:
            errors += [(413, TOO_LARGE), (415, UNSUPPORTED)]
        if getattr(self.view, "throttle_classes", None):
            errors.append((429, THROTTLED))
        return errors
