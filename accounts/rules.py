"""Pure rules of accounts: the username rule and the shape of a one-time code (no ORM, no settings).

Username rule (README, "Akun pegawai"): the first and the last word of the employee's name without academic
titles, lower case, letters and digits only (accents dropped), joined by a dot: "Maria Goreti Bunga" →
"maria.bunga"; a one-word name stays one word ("Sarlota" → "sarlota"). On a clash with any existing username
(compared without case), the smallest free number from 2 is appended: "maria.bunga2", "maria.bunga3".
The demo data (appraisal/demo/people.py) follows the same rule.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container

USERNAME_MAX = 30  # short enough to type from a slip; Django allows 150
FALLBACK_USERNAME = "pegawai"

# 32 symbols without the look-alikes 0/O and 1/I: a code read from paper is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 10 symbols of 5 bits: 50 bits, against a rate-limited, expiring, single-use check
CODE_GROUP = 5


def _slug(word: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def username_base(name: str) -> str:
    """The username before any clash: 'first.last' of the name (titles are not part of Employee.name)."""
    words = [w for w in (_slug(part) for part in name.split()) if w]
    if not words:
        return FALLBACK_USERNAME
    base = words[0] if len(words) == 1 else f"{words[0]}.{words[-1]}"
    return base[:USERNAME_MAX]


def username_for(name: str, taken: Container[str]) -> str:
    """The username for `name`, given the usernames already in use (lower case): the base, else base2, base3…"""
    base = username_base(name)
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = str(n)
        candidate = base[: USERNAME_MAX - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        n += 1


def code_from_bytes(digest: bytes) -> str:
    """CODE_LENGTH symbols of CODE_ALPHABET from a digest (at least CODE_LENGTH bytes)."""
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_LENGTH])


def normalize_code(typed: str) -> str:
    """What a person typed, as stored symbols: case, spaces and dashes ignored; 0→O is not guessed."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_display(code: str) -> str:
    """'ABCDE-FGHJK': grouped for reading aloud and typing."""
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))
