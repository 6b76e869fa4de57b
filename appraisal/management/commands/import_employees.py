"""python manage.py import_employees FILE [--as USERNAME]: employee import from CSV/XLSX (all rows or none).

Columns and rules: see appraisal/org/importing.py. Exits non-zero and writes nothing if any row is bad.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from appraisal.org.importing import employees_import


class Command(BaseCommand):
    help = (
        "Impor pegawai dari berkas CSV atau XLSX (kolom: nip, status, gelar_depan, nama, gelar_belakang, golongan, "
        "kode_unit, jabatan, email, aktif). Bila satu baris salah, tidak ada data yang disimpan."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="berkas .csv atau .xlsx")
        parser.add_argument(
            "--as",
            dest="username",
            help="impor atas nama pengguna ini (dibatasi unit kewenangannya); tanpa opsi ini: sistem, tanpa batas",
        )

    def handle(self, *args, file: str, username: str | None = None, **options) -> None:
        actor = None
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        try:
            with path.open("rb") as source:
                report = employees_import(rows_source=source, filename=path.name, actor=actor)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            for error in report.errors:
                where = f"Baris {error.line}" if error.line is not None else "Berkas"
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(f"Impor dibatalkan: {len(report.errors)} kesalahan; tidak ada data yang disimpan.")
        summary = f"{report.created} dibuat, {report.updated} diperbarui, {report.unchanged} tidak berubah"
        self.stdout.write(self.style.SUCCESS(f"Impor selesai: {summary}."))
