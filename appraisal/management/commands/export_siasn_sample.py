"""python manage.py export_siasn_sample [DIR]: the demo's units and staff as SIASN export files (siasn/sample.py),
to try `import_siasn` or the HR page "Impor dari SIASN" without a real export."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from appraisal.siasn.sample import demo_files


class Command(BaseCommand):
    help = "Tulis data unit dan pegawai demo dalam format ekspor SIASN (struktur unit, PNS, PPPK)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", nargs="?", default=".", help="folder tujuan (bawaan: folder ini)")

    def handle(self, *args, directory: str, **options) -> None:
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        for name, content in demo_files().items():
            (target / name).write_bytes(content)
            self.stdout.write(str(target / name))
