"""HR pages of SIASN: the staff import (preview, then apply), sending results (resend) and the exports for manual
entry. Only HR, within their units, as the existing import and the period pages (appraisal/policy.py)."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import employees_without_account
from accounts.sessions import IMPORTED_NIPS_KEY
from appraisal import policy
from appraisal.exports import XLSX_CONTENT_TYPE
from appraisal.models import Evaluation, Period
from appraisal.org.importing import MAX_BYTES
from appraisal.siasn import exports, services
from appraisal.siasn.importing import UPLOAD_DIR, siasn_import
from appraisal.siasn.tasks import send_evaluation_to_siasn
from workflows.steps.skp import employee_transfer

SESSION_KEY = "siasn_import"
MAX_FILES = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class SiasnFilesField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [super(SiasnFilesField, self).clean(f, initial) for f in files if f]
        if not files:
            raise forms.ValidationError(gettext_lazy("Pilih berkas ekspor SIASN."))
        if len(files) > MAX_FILES:
            raise forms.ValidationError(gettext_lazy("Paling banyak 5 berkas sekaligus."))
        for upload in files:
            if upload.size is not None and upload.size > MAX_BYTES:
                raise forms.ValidationError(gettext_lazy("Berkas terlalu besar: paling besar 5 MB."))
        return files


class SiasnImportForm(forms.Form):
    files = SiasnFilesField(
        label=gettext_lazy("Berkas ekspor SIASN (CSV atau XLSX)"),
        help_text=gettext_lazy("Berkas PNS, berkas PPPK, dan berkas struktur unit (ID, NAMA_UNOR, ID_ATASAN)."),
    )


def _require_importer(user) -> None:
    if not policy.can_import_employees(user):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor data pegawai."))


def _stored(token: str) -> list[str]:
    _dirs, names = default_storage.listdir(f"{UPLOAD_DIR}/{token}")
    return sorted(f"{UPLOAD_DIR}/{token}/{name}" for name in names)


def _forget(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        for path in _stored(pending["token"]) if default_storage.exists(f"{UPLOAD_DIR}/{pending['token']}") else []:
            default_storage.delete(path)


def _run(token: str, user, *, apply: bool, take: set[str]):
    paths = _stored(token)
    handles = [default_storage.open(path, "rb") for path in paths]
    try:
        files = [(PurePath(path).name.split("-", 1)[1], handle) for path, handle in zip(paths, handles, strict=True)]
        return siasn_import(files=files, actor=user, apply=apply, take_siasn=take, transfer=employee_transfer)
    finally:
        for handle in handles:
            handle.close()


@login_required
def siasn_import_page(request):
    """Upload → preview (nothing written; the files wait in storage under a random token) → apply with HR's choice per
    conflict, all or nothing."""
    _require_importer(request.user)
    form = SiasnImportForm()
    report = None
    token = ""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "preview":
        form = SiasnImportForm(request.POST, request.FILES)
        if form.is_valid():
            _forget(request)
            token = secrets.token_hex(16)
            for n, upload in enumerate(form.cleaned_data["files"]):
                name = get_valid_filename(PurePath(upload.name).name) or "berkas"
                default_storage.save(f"{UPLOAD_DIR}/{token}/{n}-{name}", ContentFile(upload.read()))
            request.session[SESSION_KEY] = {"token": token}
            report = _run(token, request.user, apply=False, take=set())
            if not report.ok:
                _forget(request)
                token = ""
    elif action in ("apply", "cancel"):
        pending = request.session.get(SESSION_KEY) or {}
        if action == "cancel" or pending.get("token") != request.POST.get("token"):
            _forget(request)
            if action == "apply":
                messages.error(request, _("Pratinjau ini sudah tidak berlaku; unggah berkasnya lagi."))
            return redirect("siasn_import")
        take = set(request.POST.getlist("take"))
        report = _run(pending["token"], request.user, apply=True, take=take)
        if report.ok:
            _forget(request)
            request.session[IMPORTED_NIPS_KEY] = report.nips
            messages.success(
                request,
                _(
                    "Impor SIASN selesai: %(units)s unit baru, %(created)s pegawai baru, %(updated)s diperbarui, "
                    "%(moved)s mutasi, %(deactivated)s dinonaktifkan, %(unchanged)s tidak berubah."
                )
                % {
                    "units": len(report.units_created),
                    "created": len(report.created),
                    "updated": len(report.updated),
                    "moved": len(report.moved),
                    "deactivated": len(report.deactivated),
                    "unchanged": report.unchanged,
                },
            )
            return redirect("siasn_import")
        _forget(request)
    nips = request.session.get(IMPORTED_NIPS_KEY) or []
    context = {
        "form": form,
        "report": report,
        "token": token,
        "without_account": employees_without_account(nips, request.user) if nips and report is None else 0,
    }
    return render(request, "siasn/import.html", context)


@login_required
def siasn_resend(request, evaluation_id: int):
    """POST: HR sends a final evaluation (again); the job runs after commit, the period page shows the outcome."""
    if request.method != "POST":
        return redirect("hr_periods")
    evaluation = get_object_or_404(Evaluation.objects.select_related("period__unit", "employee"), pk=evaluation_id)
    try:
        services.evaluation_resend(evaluation=evaluation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        transaction.on_commit(lambda: send_evaluation_to_siasn(evaluation.pk))
        messages.success(request, _("Evaluasi %(name)s dikirim ke SIASN.") % {"name": evaluation.employee.full_name})
    return redirect("hr_period_detail", evaluation.period_id)


def _period_for_export(request, period_id: int) -> Period:
    period = get_object_or_404(Period.objects.select_related("unit"), pk=period_id)
    if not policy.can_manage_periods(request.user, period.unit):
        raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat mengunduh data SIASN periode ini."))
    return period


@login_required
def siasn_period_export(request, period_id: int, fmt: str):
    """The period's final evaluations in the SIASN endpoints' field order, for manual entry (no credentials needed)."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    period = _period_for_export(request, period_id)
    rows = exports.period_rows(policy.visible_evaluations(request.user, period.evaluations.all()))
    name = f"siasn-kinerja-{slugify(period.unit.code)}-{period.year}-{period.kind.lower()}"
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(exports.as_xlsx(rows), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def siasn_period_documents(request, period_id: int):
    """The Dokumen Evaluasi PDFs of the period's final evaluations, one ZIP."""
    period = _period_for_export(request, period_id)
    evaluations = policy.visible_evaluations(request.user, period.evaluations.all())
    response = FileResponse(
        exports.documents_zip(evaluations),
        as_attachment=True,
        filename=f"dokumen-evaluasi-{slugify(period.unit.code)}-{period.year}-{period.kind.lower()}.zip",
        content_type="application/zip",
    )
    return response
