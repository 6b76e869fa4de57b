"""PDF documents on the forms of the PermenPANRB 6/2022 Lampiran, rendered from HTML templates with WeasyPrint.

The names callers use; the work is in render (WeasyPrint, dates, verification), identity (people and which form),
skp, evaluation and curve (the Pola Distribusi)."""

from .evaluation import (
    evaluation_document_context,
    evaluation_for_document,
    evaluation_pdf_filename,
    evaluation_report_context,
    render_evaluation_form_pdf,
    render_evaluation_pdf,
    render_evaluation_report_pdf,
)
from .identity import grade_text
from .render import (
    EMPTY,
    format_date_id,
    format_datetime_id,
    group_code,
    html_to_pdf,
    qr_data_uri,
    static_only_fetcher,
    static_root,
    verification_url,
)
from .skp import plan_document_context, plan_pdf_filename, render_plan_pdf

__all__ = [
    "EMPTY",
    "evaluation_document_context",
    "evaluation_for_document",
    "evaluation_pdf_filename",
    "evaluation_report_context",
    "format_date_id",
    "format_datetime_id",
    "grade_text",
    "group_code",
    "html_to_pdf",
    "plan_document_context",
    "plan_pdf_filename",
    "qr_data_uri",
    "render_evaluation_form_pdf",
    "render_evaluation_pdf",
    "render_evaluation_report_pdf",
    "render_plan_pdf",
    "static_only_fetcher",
    "static_root",
    "verification_url",
]
