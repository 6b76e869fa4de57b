"""The HR page for importing employees from CSV/XLSX, and its downloadable CSV template."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import employees_without_account
from accounts.sessions import IMPORTED_NIPS_KEY
from appraisal import policy
from appraisal.org.importing import MAX_BYTES, csv_template, employees_import


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        help_text=gettext_lazy("Paling besar 5 MB. Baris pertama berisi nama kolom."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refuse early, before the service reads anything, when the browser already told us the size.
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(gettext_lazy("Berkas terlalu besar: paling besar 5 MB."))
        return upload


@login_required
def employee_import(request):
    """GET: the form (or, with ?unduh=templat, the CSV template); POST: import, all rows or none."""
    if not policy.can_import_employees(request.user):
        raise PermissionDenied
    if request.GET.get("unduh") == "templat":
        response = HttpResponse(csv_template(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.csv"'
        return response

    report = None
    form = EmployeeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = employees_import(rows_source=upload, filename=upload.name, actor=request.user)
        if report.ok:
            # Accounts for the employees of this file who have none: one button on the next page (accounts/).
            request.session[IMPORTED_NIPS_KEY] = report.nips
            messages.success(
                request,
                _("Impor selesai: %(created)s pegawai baru, %(updated)s diperbarui, %(unchanged)s tidak berubah.")
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            )
            return redirect("employee_import")
    nips = request.session.get(IMPORTED_NIPS_KEY) or []
    without_account = employees_without_account(nips, request.user) if nips else 0
    context = {"form": form, "report": report, "without_account": without_account}
    return render(request, "appraisal/employee_import.html", context)
