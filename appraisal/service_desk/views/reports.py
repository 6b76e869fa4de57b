"""The laporan hasil SKM page of a unit and its XLSX export (appraisal/service_desk/reports.py computes both).

policy.can_view_service_reports decides: a unit whose org chart the user cannot see answers 404, one they see
but may not report on answers 403.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from appraisal.models import Unit
from appraisal.org.selectors import today
from appraisal.service_desk import reports


class ReportFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit pelayanan"), coerce=int, required=False)
    start = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]

    def clean_unit(self):
        return self.cleaned_data.get("unit") or None

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                reports.check_period(data["start"], data["end"])
            except ValidationError as exc:
                self.add_error(None, exc.message_dict["end"])
        return data


def _report(request: HttpRequest):
    """The form and the report it asks for (None when the form has errors)."""
    units = reports.report_units(request.user)
    # The unit is checked by the policy, not by the choice list, so a forbidden unit is 403/404, not a form error.
    raw_unit = request.GET.get("unit") or None
    try:
        unit_id = int(raw_unit) if raw_unit is not None else None
    except ValueError:
        raise Http404 from None
    unit = reports.pick_report_unit(request.user, unit_id)
    if unit is None:
        raise Http404
    if all(u.pk != unit.pk for u in units):
        units = [unit, *units]
    data = request.GET.copy()
    data["unit"] = unit.pk
    start, end = reports.default_period(today())
    # Missing or blank dates mean the current quarter; they are shown filled in.
    data["start"] = data.get("start") or start.isoformat()
    data["end"] = data.get("end") or end.isoformat()
    form = ReportFilterForm(data, units=units)
    if not form.is_valid():
        return form, None
    return form, reports.service_report(unit, start=form.cleaned_data["start"], end=form.cleaned_data["end"])


@login_required
def service_report(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    return render(request, "service_reports/report.html", {"form": form, "report": report})


@login_required
def service_report_xlsx(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    if report is None:
        return render(request, "service_reports/report.html", {"form": form, "report": None}, status=400)
    response = HttpResponse(reports.render_xlsx(report), content_type=reports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{reports.report_filename(report)}"'
    return response
