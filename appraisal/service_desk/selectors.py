"""Reads of the service desk shared by pages, the API, the evaluation and the reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisal import rules
from appraisal.models import Employee, PublicHoliday, ServiceRequest, SurveyResponse

# --- Public service figures -----------------------------------------------------------------


# Keys of public_service_summary() with their labels, in display order (pages, API and documents share them).
PUBLIC_SERVICE_LABELS = {
    "handled": _("Berkas layanan ditangani"),
    "completed": _("Berkas selesai"),
    "within_standard_pct": _("Selesai sesuai standar pelayanan (%)"),
    "median_working_days": _("Median waktu penyelesaian (hari kerja)"),
    "returned_pct": _("Dikembalikan untuk perbaikan (%)"),
    "survey_responses": _("Jumlah tanggapan survei"),
    "ikm": _("Indeks Kepuasan Masyarakat (IKM) petugas"),
    "ikm_quality": _("Mutu pelayanan"),
}


def public_service_summary(employee: Employee, *, start: dt.date, end: dt.date) -> dict:
    """Figures of the citizens' files an employee handled in a period, for the evaluation.

    The one place the evaluation reads public-service data. Files handled = received in the period;
    completed within standard = of the files completed in the period; returned = received files that went
    back at least once for correction; the officer's own IKM only with at least 5 survey responses.
    """
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    received = ServiceRequest.objects.filter(officer=employee, received_at__gte=since, received_at__lt=until)
    counts = received.aggregate(handled=Count("id"), returned=Count("id", filter=Q(correction_rounds__gt=0)))
    completed = list(
        ServiceRequest.objects.filter(
            officer=employee, status=ServiceRequest.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
        ).values_list("received_at", "completed_at", "service_type__standard_value", "service_type__standard_unit")
    )
    scores = list(
        SurveyResponse.objects.filter(officer=employee, submitted_at__gte=since, submitted_at__lt=until).values_list(
            "scores", flat=True
        )
    )
    if not counts["handled"] and not completed and not scores:
        return {"available": False, "start": start.isoformat(), "end": end.isoformat()}
    holidays = frozenset(
        PublicHoliday.objects.filter(date__gte=start - dt.timedelta(days=60)).values_list("date", flat=True)
    )
    days, on_time = [], 0
    for rec, done, value, unit in completed:
        rec, done = timezone.localtime(rec, tz), timezone.localtime(done, tz)
        days.append(rules.working_days_taken(rec.date(), done.date(), holidays))
        on_time += rules.within_standard(rec, done, standard_value=value, standard_unit=unit, holidays=holidays)
    index = rules.individual_ikm(scores)
    pct = lambda part, whole: f"{Decimal(part * 100) / whole:.1f}" if whole else None  # noqa: E731
    return {
        "available": True,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "handled": counts["handled"],
        "completed": len(completed),
        "within_standard_pct": pct(on_time, len(completed)),
        "median_working_days": f"{Decimal(median(days)):.1f}" if days else None,
        "returned_pct": pct(counts["returned"], counts["handled"]),
        "survey_responses": len(scores),
        "ikm": str(index[0]) if index else None,
        "ikm_quality": index[1] if index else None,
        "ikm_minimum": rules.MIN_SURVEY_RESPONSES_INDIVIDUAL,
    }


def counter_files_today(officer, *, now: dt.datetime):
    """The officer's files received today or still open, newest first; one query."""
    open_statuses = (ServiceRequest.Status.RECEIVED, ServiceRequest.Status.RETURNED)
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        ServiceRequest.objects.filter(officer=officer)
        .filter(Q(received_at__gte=start_of_day) | Q(status__in=open_statuses))
        .select_related("service_type")
        .order_by("-received_at")
    )
