"""The background worker: fires workflow timers (deadlines, auto-accept) and sends overdue reminders."""

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from workflows.reminders import send_overdue_reminders


class Command(BaseCommand):
    help = "Run `workflow_timers` in a loop (use one worker per database)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between sweeps (default 60).")
        parser.add_argument("--once", action="store_true", help="Sweep once and exit.")

    def handle(self, *, interval: int, once: bool, **options):
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"Worker: sweeping workflow timers every {interval} s.")
        while not stopping:
            try:
                call_command("workflow_timers", stdout=self.stdout)
                sent = send_overdue_reminders()
                if sent:
                    self.stdout.write(f"{sent} reminder(s) sent.")
            except Exception as exc:  # keep the loop alive; the next sweep retries
                self.stderr.write(f"Worker sweep failed: {exc!r}")
            if once:
                break
            for _ in range(interval):
                if stopping:
                    break
                time.sleep(1)
            close_old_connections()  # between sweeps: drop connections the database may have closed
        for sig, handler in previous.items():
            signal.signal(sig, handler)
