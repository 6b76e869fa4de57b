"""The background worker: fires workflow timers (deadlines, auto-accept) every interval."""

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


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

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Worker: sweeping workflow timers every {interval} s.")
        while not stopping:
            close_old_connections()
            try:
                call_command("workflow_timers", stdout=self.stdout)
            except Exception as exc:  # keep the loop alive; the next sweep retries
                self.stderr.write(f"Worker sweep failed: {exc!r}")
            if once:
                break
            for _ in range(interval):
                if stopping:
                    break
                time.sleep(1)
