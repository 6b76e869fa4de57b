"""python manage.py counter_figures_rebuild: store again every completed counter file's working days and
"within standard" (service_desk.services.counter_files_retime), e.g. after holidays were loaded in bulk."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from appraisal.service_desk.services import counter_files_retime


class Command(BaseCommand):
    help = (
        "Hitung ulang lama penyelesaian (hari kerja) dan kesesuaian standar setiap berkas layanan yang selesai, "
        "misalnya setelah hari libur dimuat sekaligus."
    )

    def handle(self, *args, **options) -> None:
        changed = counter_files_retime()
        self.stdout.write(f"{changed} berkas diperbarui.")
