"""Jobs of accounts (Huey; found by djhuey's autodiscovery of each installed app's `tasks` module)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from accounts.mail import send_code_email  # noqa: F401 (registers the e-mail job with every consumer)
from accounts.services import accounts_close_for_inactive_employees


@db_periodic_task(crontab(minute="23"))
@lock_task("accounts-close-inactive")
def close_accounts_of_inactive_employees() -> int:
    """Accounts of employees made inactive by an import or the admin are closed within the hour (as `sistem`)."""
    return len(accounts_close_for_inactive_employees())
