"""The SIASN client's contract over real HTTP against the fake SIASN: both tokens on every call, token expiry and
refresh, retries with backoff on 5xx and network errors, none on 4xx, and logs without secrets."""

from __future__ import annotations

import logging
import socket

import pytest

from appraisal.siasn.client import SiasnRejected, SiasnUnavailable
from tests.siasn.fake_siasn import CONSUMER_SECRET, SSO_PASSWORD

BODY = {"pnsDinilaiId": "pns-1", "tahun": 2026, "periodikId": 2}


def test_a_save_sends_both_tokens_and_returns_siasns_id(fake, client_for):
    client = client_for()
    saved = client.kinerja_periodik_save(BODY)
    assert fake.periodik[saved]["pnsDinilaiId"] == "pns-1"
    assert fake.count("/oauth2/token") == fake.count("/sso/token") == 1
    client.kinerja_periodik_save(BODY)
    assert fake.count("/oauth2/token") == 1  # cached until it expires


def test_an_expired_token_is_fetched_again(fake, client_for):
    clock = [1000.0]
    client = client_for()
    client._clock = lambda: clock[0]
    client.kinerja_periodik_save(BODY)
    clock[0] += 3600  # past expires_in (minus the margin)
    client.kinerja_periodik_save(BODY)
    assert fake.count("/oauth2/token") == fake.count("/sso/token") == 2


def test_a_token_revoked_before_its_time_is_replaced_once_after_a_401(fake, client_for):
    client = client_for()
    client.kinerja_periodik_save(BODY)
    fake.expire_tokens()  # the gateway forgot them; the client still thinks they are valid
    client.kinerja_periodik_save(BODY)
    assert [s for m, p, s in fake.calls if p == "/api/kinerjaperiodik/save"] == [200, 401, 200]
    assert fake.count("/oauth2/token") == 2


def test_a_500_is_retried_with_backoff_then_succeeds(fake, client_for):
    fake.fail("/api/kinerjaperiodik/save", 500, times=2)
    client = client_for()
    saved = client.kinerja_periodik_save(BODY)
    assert saved in fake.periodik
    assert [s for m, p, s in fake.calls if p == "/api/kinerjaperiodik/save"] == [500, 500, 200]
    assert client.waits == [0.5, 1.0]


def test_a_500_that_persists_gives_up_after_the_retries(fake, client_for):
    fake.fail("/api/skp22/save", 503, times=10)
    client = client_for(retries=2)
    with pytest.raises(SiasnUnavailable):
        client.skp22_save({"pnsDinilaiOrang": "x", "tahun": 2026})
    assert fake.count("/api/skp22/save") == 3


def test_a_400_is_not_retried_and_carries_siasns_message(fake, client_for):
    client = client_for()
    with pytest.raises(SiasnRejected, match="PnsDinilaiId is required") as caught:
        client.kinerja_periodik_save({"tahun": 2026})
    assert caught.value.status == 400
    assert fake.count("/api/kinerjaperiodik/save") == 1
    assert client.waits == []


def test_wrong_credentials_are_rejected_without_retry(fake, client_for):
    client = client_for(password="salah")
    with pytest.raises(SiasnRejected, match="Invalid user credentials"):
        client.kinerja_periodik_save(BODY)
    assert fake.count("/sso/token") == 1


def test_network_errors_are_retried_and_then_reported(client_for, fake):
    with socket.socket() as sock:  # a port with nobody listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = client_for(token_url=f"http://127.0.0.1:{port}/oauth2/token", retries=2)
    with pytest.raises(SiasnUnavailable, match="tidak dapat dihubungi"):
        client.kinerja_periodik_save(BODY)
    assert client.waits == [0.5, 1.0]


def test_history_reads_and_document_upload(fake, client_for):
    fake.persons["196001012000011001"] = "pns-1"
    client = client_for()
    saved = client.kinerja_periodik_save(BODY)
    rows = client.kinerja_periodik_history("196001012000011001")
    assert [row["id"] for row in rows] == [saved]
    assert client.skp22_history("196001012000011001") == []
    assert client.data_utama("196001012000011001")["id"] == "pns-1"
    client.upload_document(history_id=saved, document_type="890", filename="evaluasi.pdf", content=b"%PDF-1.7 x")
    assert fake.uploads == [{"id_riwayat": saved, "id_ref_dokumen": "890", "size": 10, "pdf": True}]


def test_every_call_is_logged_without_secrets_or_tokens(fake, client_for, caplog):
    caplog.set_level(logging.INFO, logger="appraisal.siasn")
    client = client_for()
    client.kinerja_periodik_save(BODY)
    text = caplog.text
    assert "POST /kinerjaperiodik/save → 200" in text
    assert "token gateway diperoleh" in text
    for secret in (CONSUMER_SECRET, SSO_PASSWORD, *fake.tokens):
        assert secret not in text
