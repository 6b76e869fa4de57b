"""The SIASN web service client: two tokens on every call, timeouts, retries, and a log line for every call.

Contract (no official BKN specification exists; this follows the public clients named in appraisal/siasn/__init__.py):
- the API gateway token: OAuth2 client credentials (consumer key and secret as HTTP Basic) at SIASN_TOKEN_URL,
  sent as `Authorization: Bearer <token>`;
- the user token: SIASN's SSO (OpenID Connect password grant with client id, username, password) at SIASN_SSO_URL,
  sent as `Auth: bearer <token>`;
- both are cached until shortly before `expires_in`, fetched again when expired, and once more when the gateway
  answers 401 (a token revoked early).
- 5xx answers and network errors are retried with exponential backoff (SIASN_RETRIES times); a 4xx answer is the
  caller's mistake and is never retried; a 200 answer with `"success": false` counts as a 4xx.

The standard library's urllib, not `requests`: `requests` is only a transitive dependency here, not a pinned one.
Log lines carry method, path, status, time and the answer (truncated); never a token, secret, or password.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger("appraisal.siasn")

EXPIRY_MARGIN = 30  # seconds before `expires_in` at which a token is fetched again
LOGGED_BODY = 500  # characters of an answer kept in the log


class SiasnError(Exception):
    """A call that did not succeed; `message` is SIASN's own text where it gave one."""

    def __init__(self, message: str, *, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.message, self.status, self.body = message, status, body


class SiasnRejected(SiasnError):
    """4xx or `success: false`: the request is wrong; sending it again will not help."""


class SiasnUnavailable(SiasnError):
    """5xx or network errors, after every retry."""


@dataclass(frozen=True)
class SiasnConfig:
    api_url: str
    token_url: str
    sso_url: str
    consumer_key: str
    consumer_secret: str
    client_id: str
    username: str
    password: str = field(repr=False)
    timeout: float = 30
    retries: int = 3
    backoff: float = 1.0

    @classmethod
    def from_settings(cls) -> SiasnConfig:
        if not settings.SIASN_ENABLED:
            raise ImproperlyConfigured("SIASN is off (SIASN_ENABLED=false).")
        return cls(
            api_url=settings.SIASN_API_URL,
            token_url=settings.SIASN_TOKEN_URL,
            sso_url=settings.SIASN_SSO_URL,
            consumer_key=settings.SIASN_CONSUMER_KEY,
            consumer_secret=settings.SIASN_CONSUMER_SECRET,
            client_id=settings.SIASN_SSO_CLIENT_ID,
            username=settings.SIASN_SSO_USERNAME,
            password=settings.SIASN_SSO_PASSWORD,
            timeout=settings.SIASN_TIMEOUT,
            retries=settings.SIASN_RETRIES,
            backoff=settings.SIASN_RETRY_DELAY_MS / 1000,
        )


@dataclass
class _Token:
    value: str = ""
    expires_at: float = 0.0

    def valid(self, now: float) -> bool:
        return bool(self.value) and now < self.expires_at


@dataclass
class _Answer:
    status: int
    body: Any


class SiasnClient:
    """One client per job; tokens are cached on the instance (jobs are short, a token lives an hour or more)."""

    def __init__(
        self,
        config: SiasnConfig | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config or SiasnConfig.from_settings()
        self._sleep, self._clock = sleep, clock
        self._gateway, self._sso = _Token(), _Token()

    # --- Endpoints -------------------------------------------------------------------------------------------------

    def kinerja_periodik_save(self, body: dict[str, Any]) -> str:
        return self._saved_id(self._api("POST", "/kinerjaperiodik/save", json_body=body))

    def skp22_save(self, body: dict[str, Any]) -> str:
        return self._saved_id(self._api("POST", "/skp22/save", json_body=body))

    def upload_document(self, *, history_id: str, document_type: str, filename: str, content: bytes) -> Any:
        """/upload-dok-rw: a document attached to a history row (type 890: Dokumen Evaluasi Kinerja)."""
        fields = {"id_riwayat": history_id, "id_ref_dokumen": document_type}
        return self._api("POST", "/upload-dok-rw", multipart=(fields, ("file", filename, content))).get("data")

    def kinerja_periodik_history(self, nip: str) -> list[dict[str, Any]]:
        return self._rows(self._api("GET", f"/pns/rw-kinerjaperiodik/{urllib.parse.quote(nip)}"))

    def skp22_history(self, nip: str) -> list[dict[str, Any]]:
        return self._rows(self._api("GET", f"/pns/rw-skp22/{urllib.parse.quote(nip)}"))

    def data_utama(self, nip: str) -> dict[str, Any]:
        return self._api("GET", f"/pns/data-utama/{urllib.parse.quote(nip)}").get("data") or {}

    @staticmethod
    def _rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
        data = answer.get("data")
        return data if isinstance(data, list) else []

    @staticmethod
    def _saved_id(answer: dict[str, Any]) -> str:
        """The id of the saved row: SIASN puts it in `mapData` (rwKinerjaPeriodikId, rwSkp22Id, id)."""
        for container in (answer.get("mapData"), answer.get("data")):
            if isinstance(container, dict):
                for key, value in container.items():
                    if key.lower().endswith("id") and value:
                        return str(value)
            elif isinstance(container, str | int) and container:
                return str(container)
        raise SiasnRejected("SIASN tidak mengembalikan ID riwayat.", body=answer)

    # --- Tokens ----------------------------------------------------------------------------------------------------

    def _gateway_token(self) -> str:
        if not self._gateway.valid(self._clock()):
            basic = base64.b64encode(f"{self.config.consumer_key}:{self.config.consumer_secret}".encode()).decode()
            self._gateway = self._token(
                "gateway",
                self.config.token_url,
                {"grant_type": "client_credentials"},
                {"Authorization": f"Basic {basic}"},
            )
        return self._gateway.value

    def _sso_token(self) -> str:
        if not self._sso.valid(self._clock()):
            form = {
                "grant_type": "password",
                "client_id": self.config.client_id,
                "username": self.config.username,
                "password": self.config.password,
            }
            self._sso = self._token("sso", self.config.sso_url, form, {})
        return self._sso.value

    def _token(self, name: str, url: str, form: dict[str, str], headers: dict[str, str]) -> _Token:
        data = urllib.parse.urlencode(form).encode()
        headers = headers | {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        answer = self._with_retries("POST", url, name, data, headers, log_body=False)
        body = answer.body if isinstance(answer.body, dict) else {}
        if not body.get("access_token"):
            raise SiasnRejected(f"Token {name} tidak diterima: {body.get('error') or 'tanpa access_token'}.")
        lifetime = float(body.get("expires_in") or 300)
        logger.info("SIASN token %s diperoleh, berlaku %s detik", name, int(lifetime))
        return _Token(body["access_token"], self._clock() + max(lifetime - EXPIRY_MARGIN, 1))

    # --- Calls -----------------------------------------------------------------------------------------------------

    def _api(self, method: str, path: str, *, json_body: Any = None, multipart=None) -> dict[str, Any]:
        url = self.config.api_url.rstrip("/") + path
        if multipart is not None:
            data, content_type = _multipart(*multipart)
        elif json_body is not None:
            data, content_type = json.dumps(json_body).encode(), "application/json"
        else:
            data, content_type = None, ""
        for refreshed in (False, True):
            headers = {
                "Authorization": f"Bearer {self._gateway_token()}",
                "Auth": f"bearer {self._sso_token()}",
                "Accept": "application/json",
            }
            if content_type:
                headers["Content-Type"] = content_type
            try:
                answer = self._with_retries(method, url, path, data, headers)
            except SiasnRejected as exc:
                if exc.status == 401 and not refreshed:
                    self._gateway, self._sso = _Token(), _Token()  # revoked early: fetch both again, once
                    continue
                raise
            body = answer.body if isinstance(answer.body, dict) else {"data": answer.body}
            if body.get("success") is False:
                raise SiasnRejected(str(body.get("message") or "SIASN menolak permintaan."), status=answer.status,
                                    body=body)  # fmt: skip
            return body
        raise AssertionError("unreachable")

    def _with_retries(self, method, url, label, data, headers, *, log_body: bool = True) -> _Answer:
        attempts = self.config.retries + 1
        for attempt in range(1, attempts + 1):
            started = self._clock()
            try:
                answer = self._send(method, url, data, headers)
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                reason = getattr(exc, "reason", exc)
                logger.warning("SIASN %s %s gagal tersambung (percobaan %s/%s): %s", method, label, attempt, attempts,
                               reason)  # fmt: skip
                if attempt == attempts:
                    raise SiasnUnavailable(f"SIASN tidak dapat dihubungi: {reason}") from exc
                self._sleep(self.config.backoff * 2 ** (attempt - 1))
                continue
            elapsed = int((self._clock() - started) * 1000)
            shown = _shown(answer.body) if log_body else "(token disembunyikan)"
            logger.info("SIASN %s %s → %s (%s ms, percobaan %s/%s): %s", method, label, answer.status, elapsed,
                        attempt, attempts, shown)  # fmt: skip
            if answer.status < 400:
                return answer
            message = _message(answer.body) or f"HTTP {answer.status}"
            if answer.status < 500:
                raise SiasnRejected(message, status=answer.status, body=answer.body)
            if attempt == attempts:
                raise SiasnUnavailable(message, status=answer.status, body=answer.body)
            self._sleep(self.config.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def _send(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> _Answer:
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 (https in settings)
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310
                return _Answer(response.status, _decode(response.read()))
        except urllib.error.HTTPError as exc:
            return _Answer(exc.code, _decode(exc.read()))


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError):
        return raw[:LOGGED_BODY].decode("utf-8", "replace")


def _message(body: Any) -> str:
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error_description") or body.get("error") or "")
    return str(body or "")[:200]


def _shown(body: Any) -> str:
    text = json.dumps(body, ensure_ascii=False) if not isinstance(body, str) else body
    return text if len(text) <= LOGGED_BODY else text[:LOGGED_BODY] + "…"


def _multipart(fields: dict[str, str], file: tuple[str, str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    name, filename, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
