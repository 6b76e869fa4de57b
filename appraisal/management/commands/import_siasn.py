"""python manage.py import_siasn FILE... [--as USERNAME] [--apply] [--take-siasn KEY ...] [--take-all-siasn]

SIASN's export files (PNS, PPPK, unit hierarchy; CSV or XLSX): without --apply a preview (nothing is written); with
--apply everything or nothing. Conflicts (changed here and in SIASN) keep the local value unless their key is given
with --take-siasn (or --take-all-siasn). Mutasi need an HR officer: --as. Rules: appraisal/siasn/importing.py.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from appraisal.siasn.importing import siasn_import
from workflows.steps.skp import employee_transfer


class Command(BaseCommand):
    help = "Impor pegawai dan unit dari berkas ekspor SIASN (PNS, PPPK, struktur unit). Tanpa --apply: pratinjau."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", help="berkas .csv atau .xlsx dari SIASN")
        parser.add_argument("--as", dest="username", help="impor atas nama admin kepegawaian ini (dan catat mutasi)")
        parser.add_argument("--apply", action="store_true", help="simpan perubahan (tanpa opsi ini: pratinjau)")
        parser.add_argument("--take-siasn", nargs="*", default=[], help="kunci konflik yang memakai nilai SIASN")
        parser.add_argument("--take-all-siasn", action="store_true", help="semua konflik memakai nilai SIASN")

    def handle(self, *args, files, username=None, apply=False, take_siasn=(), take_all_siasn=False, **options):
        actor = None
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Pengguna {username!r} tidak ditemukan.")
        paths = [Path(f) for f in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Berkas {path} tidak ditemukan.")
        take = set(take_siasn)
        if take_all_siasn:
            take |= {c.key for c in self._run(paths, actor, False, set()).conflicts if c.choosable}
        report = self._run(paths, actor, apply, take)
        out = self.stdout
        if not report.ok:
            for problem in report.problems:
                where = f"{problem.source} baris {problem.line}" if problem.line else problem.source or "Berkas"
                self.stderr.write(f"{where}: {problem.message}")
            raise CommandError(f"Impor dibatalkan: {len(report.problems)} masalah; tidak ada data yang disimpan.")
        for title, items in (
            ("Unit baru", report.units_created),
            ("Unit diperbarui", report.units_updated),
            ("Pegawai baru", report.created),
            ("Pegawai diperbarui", report.updated),
            ("Mutasi", report.moved),
            ("Dinonaktifkan", report.deactivated),
        ):
            for change in items:
                out.write(f"{title}: {change.label} ({'; '.join(change.details)})")
        for conflict in report.conflicts:
            choice = "SIASN" if conflict.key in take else "lokal dipertahankan"
            note = f" — {conflict.note}" if conflict.note else ""
            out.write(f"Konflik [{conflict.key}] {conflict.label}, {conflict.field_label}: "
                      f"di sini {conflict.local!r}, SIASN {conflict.siasn!r} → {choice}{note}")  # fmt: skip
        summary = (
            f"{len(report.units_created)} unit baru, {len(report.units_updated)} unit diperbarui, "
            f"{len(report.created)} pegawai baru, {len(report.updated)} diperbarui, {len(report.moved)} mutasi, "
            f"{len(report.deactivated)} dinonaktifkan, {report.unchanged} tidak berubah, "
            f"{len(report.conflicts)} konflik"
        )
        if apply:
            out.write(self.style.SUCCESS(f"Impor selesai: {summary}."))
        else:
            out.write(f"Pratinjau (belum disimpan): {summary}. Jalankan lagi dengan --apply untuk menyimpan.")

    @staticmethod
    def _run(paths, actor, apply, take):
        with ExitStack() as stack:
            files = [(p.name, stack.enter_context(p.open("rb"))) for p in paths]
            try:
                return siasn_import(files=files, actor=actor, apply=apply, take_siasn=take, transfer=employee_transfer)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
