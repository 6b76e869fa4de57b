"""A fake SIASN for the tests: a local HTTP server (stdlib, in a thread) with the gateway and SSO token endpoints and
the kinerja endpoints, their documented fields and error answers, as the public clients use them (no official BKN
specification exists; see appraisal/siasn/__init__.py).

- POST /oauth2/token      client credentials (HTTP Basic) → access_token, expires_in
- POST /sso/token         password grant (client_id, username, password) → access_token, expires_in
- POST /api/kinerjaperiodik/save, /api/skp22/save   JSON; "id" given: replaces that row; 400 "PnsDinilaiId is
  required" / "PnsDinilaiOrang is required" without the person
- POST /api/upload-dok-rw  multipart: file, id_riwayat, id_ref_dokumen
- GET  /api/pns/rw-kinerjaperiodik/{nip}, /api/pns/rw-skp22/{nip}, /api/pns/data-utama/{nip}
Every API call needs both tokens (Authorization: Bearer <gateway>, Auth: bearer <sso>), unexpired; else 401.
`fail(path, status, times)` scripts failures; `calls` records every request.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

CONSUMER_KEY, CONSUMER_SECRET = "kunci-uji", "rahasia-uji"
SSO_CLIENT, SSO_USER, SSO_PASSWORD = "klien-uji", "operator-uji", "sandi-uji"


@dataclass
class FakeSiasn:
    token_lifetime: int = 3600
    persons: dict[str, str] = field(default_factory=dict)  # NIP → PNS ID
    periodik: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → row
    skp22: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploads: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, str, int]] = field(default_factory=list)  # method, path, status
    tokens: dict[str, float] = field(default_factory=dict)  # token → expiry (time.monotonic)
    failures: dict[str, list[int]] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeSiasn:
        fake = self

        class Handler(_Handler):
            siasn = fake

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def fail(self, path: str, status: int, times: int = 1) -> None:
        self.failures.setdefault(path, []).extend([status] * times)

    def expire_tokens(self) -> None:
        self.tokens = {token: 0.0 for token in self.tokens}

    def count(self, path: str, method: str = "POST") -> int:
        return sum(1 for m, p, _s in self.calls if m == method and p == path)


class _Handler(BaseHTTPRequestHandler):
    siasn: FakeSiasn

    def log_message(self, *args) -> None:  # quiet test output
        pass

    # --- plumbing --------------------------------------------------------------------------------------------------

    def _reply(self, status: int, body: Any) -> None:
        raw = json.dumps(body).encode()
        # Recorded before answering: the client may go on (and a test may look) as soon as the answer is written.
        self.siasn.calls.append((self.command, urlparse(self.path).path, status))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _scripted(self, path: str) -> bool:
        queue = self.siasn.failures.get(path)
        if queue:
            status = queue.pop(0)
            self._reply(status, {"success": False, "message": "Internal Server Error" if status >= 500 else "Gagal"})
            return True
        return False

    def _token_ok(self, token: str) -> bool:
        return self.siasn.tokens.get(token, 0.0) > time.monotonic()

    def _new_token(self) -> dict[str, Any]:
        token = uuid.uuid4().hex
        self.siasn.tokens[token] = time.monotonic() + self.siasn.token_lifetime
        return {"access_token": token, "token_type": "Bearer", "expires_in": self.siasn.token_lifetime}

    def _authorised(self) -> bool:
        gateway = (self.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        sso = (self.headers.get("Auth") or "").removeprefix("bearer ").strip()
        if self._token_ok(gateway) and self._token_ok(sso):
            return True
        self._reply(401, {"success": False, "message": "Invalid Credentials"})
        return False

    # --- routes ----------------------------------------------------------------------------------------------------

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        path = urlparse(self.path).path
        body = self._body()
        if self._scripted(path):
            return
        if path == "/oauth2/token":
            basic = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
            form = parse_qs(body.decode())
            if self.headers.get("Authorization") != f"Basic {basic}" or form.get("grant_type") != [
                "client_credentials"
            ]:
                return self._reply(401, {"error": "invalid_client"})
            return self._reply(200, self._new_token())
        if path == "/sso/token":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            expected = {
                "grant_type": "password",
                "client_id": SSO_CLIENT,
                "username": SSO_USER,
                "password": SSO_PASSWORD,
            }
            if form != expected:
                return self._reply(401, {"error": "invalid_grant", "error_description": "Invalid user credentials"})
            return self._reply(200, self._new_token())
        if not self._authorised():
            return None
        if path == "/api/kinerjaperiodik/save":
            return self._save(body, self.siasn.periodik, "pnsDinilaiId", "PnsDinilaiId", "rwKinerjaPeriodikId")
        if path == "/api/skp22/save":
            return self._save(body, self.siasn.skp22, "pnsDinilaiOrang", "PnsDinilaiOrang", "rwSkp22Id")
        if path == "/api/upload-dok-rw":
            return self._upload(body)
        return self._reply(404, {"success": False, "message": "Not Found"})

    def _save(self, raw: bytes, table: dict, person_field: str, label: str, id_key: str) -> None:
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            return self._reply(400, {"success": False, "message": "Invalid JSON"})
        if not data.get(person_field):
            return self._reply(400, {"success": False, "message": f"{label} is required"})
        if not data.get("tahun"):
            return self._reply(400, {"success": False, "message": "Tahun is required"})
        row_id = data.get("id") or str(uuid.uuid4())
        if data.get("id") and row_id not in table:
            return self._reply(400, {"success": False, "message": "Data riwayat tidak ditemukan"})
        table[row_id] = {**data, "id": row_id}
        return self._reply(200, {"success": True, "message": "success", "mapData": {id_key: row_id}})

    def _upload(self, raw: bytes) -> None:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n".encode() + raw
        )
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = part.get_content() if part.get_filename() is None else part.get_payload(decode=True)
        history = str(fields.get("id_riwayat") or "").strip()
        if history not in self.siasn.periodik and history not in self.siasn.skp22:
            return self._reply(400, {"success": False, "message": "id_riwayat tidak ditemukan"})
        if not fields.get("file"):
            return self._reply(400, {"success": False, "message": "File is required"})
        entry = {"id_riwayat": history, "id_ref_dokumen": str(fields.get("id_ref_dokumen")).strip(),
                 "size": len(fields["file"]), "pdf": fields["file"][:5] == b"%PDF-"}  # fmt: skip
        self.siasn.uploads.append(entry)
        return self._reply(200, {"success": True, "data": {"dok_id": uuid.uuid4().hex, "dok_uri": f"rw/{history}.pdf"}})

    def do_GET(self) -> None:  # noqa: N802
        path = urlparse(self.path).path
        if self._scripted(path):
            return None
        if not self._authorised():
            return None
        for prefix, table, person_field in (
            ("/api/pns/rw-kinerjaperiodik/", self.siasn.periodik, "pnsDinilaiId"),
            ("/api/pns/rw-skp22/", self.siasn.skp22, "pnsDinilaiOrang"),
        ):
            if path.startswith(prefix):
                pns_id = self.siasn.persons.get(unquote(path.removeprefix(prefix)))
                rows = [row for row in table.values() if pns_id and row.get(person_field) == pns_id]
                return self._reply(200, {"success": True, "data": rows})
        if path.startswith("/api/pns/data-utama/"):
            nip = unquote(path.removeprefix("/api/pns/data-utama/"))
            if nip not in self.siasn.persons:
                return self._reply(404, {"success": False, "message": "Data tidak ditemukan"})
            return self._reply(200, {"success": True, "data": {"id": self.siasn.persons[nip], "nipBaru": nip}})
        return self._reply(404, {"success": False, "message": "Not Found"})
