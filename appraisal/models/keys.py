"""Primary keys for anonymous rows."""

import secrets


def random_key() -> int:
    """A primary key that says nothing about when its row was written: anonymous answers have no order to read."""
    return secrets.randbelow(2**62) + 1
