"""Service-desk (loket) pages: register a citizen's file, today's list, move a file, detail, printable receipt.

Forms validate, appraisal/service_desk/services.py changes, appraisal/policy.can_handle_requests decides.
A file of another unit answers 404, so its existence is not revealed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from appraisal import policy, rules
from appraisal.models import ServiceRequest, ServiceType, SurveyToken
from appraisal.models.service import StandardUnit
from appraisal.pages.history import history_entries
from appraisal.service_desk import services
from appraisal.service_desk.forms import MoveForm, RegisterForm
from appraisal.service_desk.selectors import counter_files_today, holiday_calendar

OPEN = (ServiceRequest.Status.RECEIVED, ServiceRequest.Status.RETURNED)
HISTORY_LIMIT = 50
RECEIPT_FORMATS = ("a6", "thermal58", "thermal80")

# Which buttons a file in a given status offers (the service holds the same table and has the last word).
ACTION_LABELS = dict(MoveForm.ACTIONS)


def actions_for(status: str) -> list[tuple[str, str]]:
    return [
        (action, str(ACTION_LABELS[action]))
        for action, (sources, _target) in services.TRANSITIONS.items()
        if status in sources
    ]


# --- shared helpers ------------------------------------------------------------------------------


def _counter_officer(request: HttpRequest):
    """The signed-in officer and their unit, or 403: the counter belongs to employees placed in a unit."""
    officer = policy.employee_for_user(request.user)
    if (
        officer is None
        or officer.position is None
        or not policy.can_handle_requests(request.user, officer.position.unit_id)
    ):
        raise PermissionDenied(_("Halaman loket hanya untuk pegawai yang ditempatkan di unit layanan."))
    return officer


def _handled_request(request: HttpRequest, number: str) -> ServiceRequest:
    file = (
        ServiceRequest.objects.select_related("service_type", "unit", "officer").filter(number=number.upper()).first()
    )
    if file is None or not policy.can_handle_requests(request.user, file.unit_id):
        raise Http404
    return file


@dataclass
class Age:
    """How long a file has taken (open: until now) against its service standard."""

    value: Decimal | int
    unit: str
    over_standard: bool

    @property
    def display(self) -> str:
        if self.unit == StandardUnit.HOURS:
            # English plural by the rounded figure: "1 hour", "1.5 hours".
            hours = round(self.value, 1)
            return ngettext("%(n)s jam", "%(n)s jam", 1 if hours == 1 else 2) % {"n": number_format(hours, 1)}
        days = 1 if self.value == 1 else 2  # the plural form only: a Decimal is no plural count
        return ngettext("%(n)s hari kerja", "%(n)s hari kerja", days) % {"n": self.value}


def age_of(file: ServiceRequest, *, now: dt.datetime, holidays: frozenset[dt.date]) -> Age:
    tz = timezone.get_current_timezone()
    received = timezone.localtime(file.received_at, tz)
    end = timezone.localtime(file.completed_at or now, tz)
    end = max(end, received)
    st = file.service_type
    if st.standard_unit == StandardUnit.HOURS:
        value: Decimal | int = rules.working_hours_taken(received, end, holidays)
    else:
        value = rules.working_days_taken(received.date(), end.date(), holidays)
    over = not rules.within_standard(
        received, end, standard_value=st.standard_value, standard_unit=st.standard_unit, holidays=holidays
    )
    return Age(value, st.standard_unit, over)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# --- today -----------------------------------------------------------------------------------------


@login_required
def counter_today(request: HttpRequest) -> HttpResponse:
    officer = _counter_officer(request)
    unit = officer.position.unit
    service_types = ServiceType.objects.filter(units=unit, is_active=True).order_by("name")
    if request.method == "POST":
        form = RegisterForm(request.POST, service_types=service_types)
        if form.is_valid():
            try:
                file = services.service_request_register(
                    actor=request.user,
                    service_type=form.cleaned_data["service_type"],
                    citizen_name=form.cleaned_data["citizen_name"],
                    citizen_phone=form.cleaned_data["citizen_phone"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Berkas %(number)s dicatat. Cetak tanda terima untuk pemohon.") % {"number": file.number}
                )
                return redirect("counter_receipt", number=file.number)
    else:
        form = RegisterForm(service_types=service_types)

    now = timezone.now()
    files = list(counter_files_today(officer, now=now))
    oldest = min((timezone.localdate(f.received_at) for f in files), default=timezone.localdate(now))
    holidays = holiday_calendar(oldest, timezone.localdate(now))
    rows = []
    for f in files:
        age = age_of(f, now=now, holidays=holidays)
        rows.append(
            {"file": f, "age": age, "actions": actions_for(f.status), "late": f.status in OPEN and age.over_standard}
        )
    context = {
        "officer": officer,
        "unit": unit,
        "form": form,
        # Drawn from one list: iterating the form field would query the service types again.
        "services": list(service_types),
        "chosen_service": str(form["service_type"].value() or ""),
        "rows": rows,
        "open_count": sum(1 for f in files if f.status in OPEN),
        "late_count": sum(1 for r in rows if r["late"]),
        "today": timezone.localdate(now),
    }
    return render(request, "counter/today.html", context)


@login_required
@require_POST
def counter_move(request: HttpRequest, number: str) -> HttpResponse:
    file = _handled_request(request, number)
    back = _safe_next(request, reverse("counter_request", args=[file.number]))
    form = MoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    action = form.cleaned_data["action"]
    try:
        moved = services.service_request_move(
            request=file, actor=request.user, action=action, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        _("Berkas %(number)s: %(status)s.") % {"number": moved.number, "status": moved.get_status_display()},
    )
    return redirect(back)


# --- detail and receipt ------------------------------------------------------------------------------


@login_required
def counter_request(request: HttpRequest, number: str) -> HttpResponse:
    file = _handled_request(request, number)
    now = timezone.now()
    holidays = holiday_calendar(timezone.localdate(file.received_at), timezone.localdate(now))
    context = {
        "file": file,
        "age": age_of(file, now=now, holidays=holidays),
        "actions": actions_for(file.status),
        "entries": history_entries(ServiceRequest.history.filter(id=file.pk), limit=HISTORY_LIMIT),
        "limit": HISTORY_LIMIT,
        "is_open": file.status in OPEN,
    }
    return render(request, "counter/detail.html", context)


def survey_url(token: SurveyToken) -> str:
    return f"{settings.SITE_URL}{reverse('survey_form', args=[token.token])}"


def qr_svg(data: str) -> str:
    """The QR code as inline SVG, drawn here (segno): no external service sees the survey link."""
    qr = segno.make(data, error="m", micro=False)
    return qr.svg_inline(scale=4, border=2, omitsize=True, svgclass="qr", title=_("Kode QR survei kepuasan"))


def grouped_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@login_required
def counter_receipt(request: HttpRequest, number: str) -> HttpResponse:
    file = _handled_request(request, number)
    fmt = request.GET.get("format", "a6")
    if fmt == "thermal":
        fmt = "thermal58"
    if fmt not in RECEIPT_FORMATS:
        fmt = "a6"
    token = SurveyToken.objects.filter(request=file).first()
    context = {
        "file": file,
        "format": fmt,
        "formats": [
            ("a6", _("A6")),
            ("thermal58", _("Thermal 58 mm")),
            ("thermal80", _("Thermal 80 mm")),
        ],
        "token": token,
        "survey_start_url": f"{settings.SITE_URL}{reverse('survey_start')}",
        "qr": mark_safe(qr_svg(survey_url(token))) if token else "",  # segno escapes what it embeds
        "short_code": grouped_code(token.short_code) if token else "",
    }
    return render(request, "counter/receipt.html", context)
