import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from appraisal.rules import normalize_nip, validate_nip

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    "nip",
    [
        "198609262015051001",
        "19860926 201505 1 001",  # spaces as printed on the ID card
        " 198609262015052999 ",
        "200002292019031002",  # born on 29 February
    ],
)
def test_valid_pns_nip_passes(nip):
    assert validate_nip(nip, today=TODAY) is None


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19860926201505100", "nip_format"),  # 17 digits
        ("1986092620150510011", "nip_format"),  # 19 digits
        ("19860926201505100A", "nip_format"),
        ("", "nip_format"),
        ("198613262015051001", "nip_birth"),  # month 13
        ("198602302015051001", "nip_birth"),  # 30 February
        ("202612012015051001", "nip_birth"),  # born after today
        ("198609262015131001", "nip_tmt"),  # TMT month 13
        ("198609262015001001", "nip_tmt"),  # TMT month 00
        ("198609262027011001", "nip_tmt_future"),
        ("198609262004051001", "nip_tmt_age"),  # TMT at 17
        ("198609262015053001", "nip_gender"),
        ("198609262015050001", "nip_gender"),
        ("198609262015051000", "nip_sequence"),
    ],
)
def test_invalid_pns_nip_raises_with_reason(nip, code):
    with pytest.raises(ValidationError) as exc:
        validate_nip(nip, today=TODAY)
    assert exc.value.code == code
    assert "NIP" in exc.value.messages[0]


def test_tmt_in_the_month_of_the_18th_birthday_is_allowed():
    assert validate_nip("198609262004091001", today=TODAY) is None


@pytest.mark.parametrize("nip", ["199503142023211001", "1995 0314 2023 21 2 015"])
def test_valid_pppk_number_passes(nip):
    assert validate_nip(nip, pppk=True, today=TODAY) is None


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("199513142023211001", "nip_birth"),
        ("199503142030211001", "nip_tmt"),  # appointed in the future
        ("199503142010211001", "nip_tmt"),  # PPPK did not exist before 2019
        ("200903142023211001", "nip_tmt_age"),  # appointed at 14
        ("199503142023213001", "nip_gender"),
        ("199503142023211000", "nip_sequence"),
    ],
)
def test_invalid_pppk_number_raises(nip, code):
    with pytest.raises(ValidationError) as exc:
        validate_nip(nip, pppk=True, today=TODAY)
    assert exc.value.code == code
    assert "NI PPPK" in exc.value.messages[0]


def test_contract_examples():
    assert validate_nip("198609262015051001") is None
    with pytest.raises(ValidationError):
        validate_nip("198613262015051001")


def test_normalize_removes_all_spaces():
    assert normalize_nip("19860926 201505 1 001") == "198609262015051001"
