"""A code is derived from its row's random salt and SECRET_KEY: never stored, printable again while open.

Changing SECRET_KEY therefore voids every open code (HR issues new ones); used and expired codes are unaffected.
"""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from accounts import rules

_KEY_SALT = "accounts.ActivationCode"


def new_salt() -> str:
    return get_random_string(32)


def code_of(row) -> str:
    """The code of an ActivationCode row, as printed (without the dash)."""
    return rules.code_from_bytes(salted_hmac(_KEY_SALT, row.salt, algorithm="sha256").digest())


def code_matches(row, typed: str) -> bool:
    return constant_time_compare(code_of(row), rules.normalize_code(typed))
