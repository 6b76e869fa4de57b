"""Without credentials (most offices at first): the period's final evaluations as rows in the field order of SIASN's
kinerja endpoints, as XLSX or CSV for manual entry, and their Dokumen Evaluasi PDFs in one ZIP.

Views pass evaluations already limited by policy.visible_evaluations; nothing here decides who sees what. Text cells
go through exports.safe_cell / xlsx_value (formula injection). The query count does not grow with the rows, except
for an evaluation that recorded no appraiser (appraiser_for then reads the chart)."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook

from appraisal.exports import safe_cell, xlsx_value
from appraisal.models import Evaluation
from appraisal.siasn import payloads


@dataclass
class Table:
    endpoint: str
    header: list[str]
    rows: list[list[Any]]


def _finals(evaluations: QuerySet) -> QuerySet:
    return (
        evaluations.filter(is_final=True)
        .select_related("employee", "period", "appraiser__position__unit")
        .order_by("employee__name", "pk")
    )


def period_rows(evaluations: QuerySet) -> Table:
    """NIP and name first (to find the person in SIASN), then the endpoint's fields in its order."""
    finals = list(_finals(evaluations))
    endpoint = payloads.endpoint_for(finals[0]) if finals else payloads.PERIODIC
    fields = list(payloads.fields_for(endpoint))
    rows = []
    for evaluation in finals:
        body = payloads.payload(evaluation)
        rows.append([evaluation.employee.nip, evaluation.employee_name or evaluation.employee.full_name,
                     *(body[name] for name in fields)])  # fmt: skip
    return Table(endpoint, ["nip", "nama", *fields], rows)


def as_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([safe_cell(value) for value in row])
    return "\ufeff" + out.getvalue()  # the BOM: Excel then reads UTF-8 names right


def as_xlsx(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.endpoint.strip("/").split("/")[0][:31])
    sheet.append(table.header)
    for row in table.rows:
        sheet.append([xlsx_value(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def documents_zip(evaluations: Iterable[Evaluation] | QuerySet) -> IO[bytes]:
    """The stored PDFs, named as stored; a text file lists final evaluations whose document is not rendered yet."""
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 (returned to FileResponse)
    missing: list[str] = []
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for evaluation in _finals(evaluations):
            if not evaluation.document:
                missing.append(f"{evaluation.employee.nip} {evaluation.employee_name or evaluation.employee.full_name}")
                continue
            with evaluation.document.open("rb") as handle:
                archive.writestr(PurePath(evaluation.document.name).name, handle.read())
        if missing:
            archive.writestr("dokumen-belum-tersedia.txt", "\r\n".join(missing) + "\r\n")
    spool.seek(0)
    return spool
