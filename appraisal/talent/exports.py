"""XLSX exports of talent management: the talent map (/talenta/peta.xlsx, leaders and HR of the units, as the page)
and the training-needs list (/talenta/kebutuhan-pelatihan.xlsx, HR of their units): development needs and the
actions agreed for them, for next year's training plan. Cells go through xlsx_value (safe_cell); no peer answer and
no name of a peer enters a file."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from appraisal import policy
from appraisal.evaluation.rekap import Sheet
from appraisal.evaluation.views.exports import generated_by
from appraisal.exports import XLSX_CONTENT_TYPE
from appraisal.talent import selectors
from appraisal.talent.views import map_scope


def _response(wb: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _about(wb: Workbook, user, rows: list[tuple[str, str]]) -> None:
    sheet = Sheet(wb, _("Keterangan"), [30, 100])
    sheet.header([_("Uraian"), _("Nilai")])
    local = timezone.localtime(timezone.now())
    for label, value in [*rows, (_("Dibuat"), f"{local:%d-%m-%Y %H:%M}"), (_("Dibuat oleh"), generated_by(user))]:
        sheet.row([label, value], wrap=True)


@login_required
def talent_map_export(request: HttpRequest) -> HttpResponse:
    _units, _form, employees = map_scope(request)
    grid = selectors.talent_map(employees)
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, _("Peta talenta"), [30, 20, 34, 28, 16, 12, 12, 26, 8, 34, 60])
    sheet.header(
        [
            _("Nama"),
            _("NIP"),
            _("Jabatan"),
            _("Unit kerja"),
            _("Predikat tahunan terakhir"),
            _("Tahun"),
            _("Potensi"),
            _("Sumber potensi"),
            _("Kotak"),
            _("Nama kotak"),
            _("Rekomendasi tindak lanjut (PermenPANRB 3/2020)"),
        ]
    )
    for person in grid.people:
        e, potential, box = person.employee, person.potential, person.box
        sheet.row(
            [
                e.full_name,
                e.nip,
                e.position.title,
                e.position.unit.name,
                person.annual_label or _("belum ada"),
                person.annual_year,
                potential.get_level_display() if potential else _("potensi belum dinilai"),
                f"{potential.get_source_display()} {potential.document_number} ({potential.assessed_on:%d-%m-%Y})"
                if potential
                else "",
                box.number if box else None,
                box.name if box else "",
                box.action if box else "",
            ]
        )
    _about(
        wb,
        request.user,
        [
            (_("Kinerja"), _("Predikat Kinerja Pegawai tahunan terakhir yang final (PermenPANRB 6/2022).")),
            (_("Potensi"), _("Dari uji kompetensi atau assessment center yang dicatat admin kepegawaian.")),
            (_("Matriks"), _("9 kotak Manajemen Talenta ASN, PermenPANRB 3/2020 Lampiran; saran, bukan keputusan.")),
        ],
    )
    return _response(wb, "peta-talenta.xlsx")


@login_required
def training_needs_export(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policy.can_export_training_needs(user):
        raise PermissionDenied(_("Daftar kebutuhan pelatihan diunduh oleh admin kepegawaian."))
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, _("Kebutuhan pelatihan"), [30, 20, 34, 28, 36, 14, 40, 12, 14, 40])
    sheet.header(
        [
            _("Nama"),
            _("NIP"),
            _("Jabatan"),
            _("Unit kerja"),
            _("Kebutuhan pengembangan"),
            _("Jenis tindakan"),
            _("Tindakan"),
            _("Target"),
            _("Status"),
            _("Catatan kemajuan"),
        ]
    )
    for action in selectors.training_needs(policy.hr_unit_ids(user)):
        e = action.employee
        sheet.row(
            [
                e.full_name,
                e.nip,
                e.position.title,
                e.position.unit.name,
                action.need_label,
                action.get_kind_display(),
                action.description,
                action.target_date,
                action.get_status_display(),
                action.progress_note,
            ]
        )
    _about(wb, user, [(_("Isi"), _("Kebutuhan pengembangan yang disepakati dalam dialog kinerja, per pegawai."))])
    year = timezone.localdate().year + 1
    return _response(wb, f"kebutuhan-pelatihan-{year}.xlsx")
