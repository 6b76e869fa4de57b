"""The service desk and the citizens' survey: register and move files, answer the one-time survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import policy, rules
from appraisal.models import ServiceRequest, ServiceType, SurveyResponse, SurveyToken, Unit
from appraisal.models.service import CounterSequence
from appraisal.service_desk.selectors import holiday_calendar


def survey_token_days() -> int:
    """Days a receipt's survey link stays valid (SURVEY_TOKEN_DAYS in the environment)."""
    return settings.SURVEY_TOKEN_DAYS


def _require_counter(actor: User, request_unit_id: int) -> None:
    if not policy.can_handle_requests(actor, request_unit_id):
        raise PermissionDenied(_("Anda tidak bertugas di loket unit ini."))


# --- Numbers: UNIT-YEAR-SEQUENCE ------------------------------------------------------------------


def _counter_code(unit: Unit, actor: User | None) -> str:
    """The unit's number prefix; the first file of a unit without one gives it the first free candidate."""
    if unit.counter_code:
        return unit.counter_code
    for _attempt in range(5):
        locked = Unit.objects.select_for_update(of=("self",)).get(pk=unit.pk)
        if locked.counter_code:
            unit.counter_code = locked.counter_code
            return locked.counter_code
        taken = set(Unit.objects.exclude(counter_code=None).values_list("counter_code", flat=True))
        locked.counter_code = next(c for c in rules.counter_code_candidates(locked.name) if c not in taken)
        locked._history_user = actor
        try:
            with transaction.atomic():  # another unit may take the same code at the same moment: try the next
                locked.save(update_fields=["counter_code"])
        except IntegrityError:
            continue
        unit.counter_code = locked.counter_code
        return locked.counter_code
    raise RuntimeError("no free counter code")  # five collisions in a row: not a state a user can cause


def counter_numbers_take(*, unit: Unit, year: int, count: int = 1, actor: User | None = None) -> list[str]:
    """The next `count` numbers of the unit's files in `year`, consecutive, each given once.

    The unit-and-year row of CounterSequence is locked (SELECT … FOR UPDATE) until the caller's transaction ends,
    so concurrent registrations of one unit wait for each other and never share or skip a number; other units
    do not wait. Call inside the transaction that saves the files."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("counter_numbers_take must run inside the transaction that saves the files")
    row = CounterSequence.objects.select_for_update().filter(unit_id=unit.pk, year=year).first()
    if row is None:
        # The first file of the unit this year: create the row (a concurrent creator wins; this waits for it).
        CounterSequence.objects.bulk_create([CounterSequence(unit_id=unit.pk, year=year)], ignore_conflicts=True)
        row = CounterSequence.objects.select_for_update().get(unit_id=unit.pk, year=year)
    first = row.last + 1
    row.last += count
    row.save(update_fields=["last"])
    code = _counter_code(unit, actor)
    return [rules.counter_number(code, year, n) for n in range(first, first + count)]


def _time_completed(file: ServiceRequest, holidays: frozenset[dt.date], tz) -> None:
    """Store the completed file's working days and standard check (rules.file_timing, local WITA dates)."""
    file.working_days, file.within_standard = rules.file_timing(
        file.received_at.astimezone(tz),
        file.completed_at.astimezone(tz),
        standard_value=file.service_type.standard_value,
        standard_unit=file.service_type.standard_unit,
        holidays=holidays,
    )


def counter_files_prepare_bulk(files: Sequence[ServiceRequest]) -> None:
    """For files written in bulk (demo data, the bench city): their sequence numbers per unit and received year,
    and the stored timing of the completed ones, by the same rules as the counter. Files need unit and
    service_type loaded; call inside the transaction that bulk-creates them."""
    tz = timezone.get_default_timezone()
    by_unit_year: dict[tuple[int, int], list[ServiceRequest]] = {}
    for file in sorted(files, key=lambda f: f.received_at):
        by_unit_year.setdefault((file.unit_id, file.received_at.astimezone(tz).year), []).append(file)
    units = {f.unit_id: f.unit for f in files}
    for (unit_id, year), group in by_unit_year.items():
        for file, number in zip(
            group, counter_numbers_take(unit=units[unit_id], year=year, count=len(group)), strict=True
        ):
            file.number = number
    completed = [f for f in files if f.status == ServiceRequest.Status.COMPLETED and f.completed_at is not None]
    if completed:
        holidays = holiday_calendar(
            min(f.received_at.astimezone(tz).date() for f in completed),
            max(f.completed_at.astimezone(tz).date() for f in completed),
        )
        for file in completed:
            _time_completed(file, holidays, tz)


RETIME_BATCH = 2000


@transaction.atomic
def counter_files_retime(*, files: QuerySet[ServiceRequest] | None = None) -> int:
    """Store again the working days and standard check of completed files (all, or `files`); returns how many
    changed. For files completed before the figures were stored or written in bulk, and after a public holiday
    is added, moved or removed (the holiday admin calls it for the files spanning that day).

    A bulk UPDATE without history rows on purpose: the figures are derived from the file's own times, its
    service's standard and the calendar, not a change a person made to the file."""
    tz = timezone.get_default_timezone()
    chosen = (files if files is not None else ServiceRequest.objects.all()).filter(
        status=ServiceRequest.Status.COMPLETED, completed_at__isnull=False
    )
    bounds = chosen.aggregate(first=Min("received_at"), last=Max("completed_at"))
    if bounds["first"] is None:
        return 0
    holidays = holiday_calendar(timezone.localdate(bounds["first"], tz), timezone.localdate(bounds["last"], tz))
    rows = chosen.select_related("service_type").only(
        "received_at", "completed_at", "working_days", "within_standard", "service_type__standard_value",
        "service_type__standard_unit",
    )  # fmt: skip
    changed: list[ServiceRequest] = []
    for file in rows.order_by("pk").iterator(chunk_size=RETIME_BATCH):
        before = (file.working_days, file.within_standard)
        _time_completed(file, holidays, tz)
        if (file.working_days, file.within_standard) != before:
            changed.append(file)
    ServiceRequest.objects.bulk_update(changed, ["working_days", "within_standard"], batch_size=RETIME_BATCH)
    return len(changed)


def counter_files_retime_around(days: Iterable[dt.date]) -> int:
    """counter_files_retime for the completed files whose received–completed span covers one of `days` (a
    public holiday added, moved or removed): only they can change."""
    spans = Q()
    for day in set(days):
        since, until = (dt.datetime.combine(d, dt.time.min, tzinfo=timezone.get_default_timezone())
                        for d in (day, day + dt.timedelta(days=1)))  # fmt: skip
        spans |= Q(received_at__lt=until, completed_at__gte=since)
    return counter_files_retime(files=ServiceRequest.objects.filter(spans)) if spans else 0


@transaction.atomic
def service_request_register(
    *,
    actor: User,
    service_type: ServiceType,
    citizen_name: str = "",
    citizen_phone: str = "",
    note: str = "",
    received_at: dt.datetime | None = None,
) -> ServiceRequest:
    """The officer registers a citizen's file at the counter of their unit; a survey token comes with it."""
    officer = policy.employee_for_user(actor)
    if officer is None or officer.position is None:
        raise PermissionDenied(_("Hanya pegawai yang ditempatkan di unit layanan yang dapat mencatat berkas."))
    unit = officer.position.unit
    _require_counter(actor, unit.pk)
    if not service_type.is_active or not service_type.units.filter(pk=unit.pk).exists():
        raise ValidationError({"service_type": _("Layanan ini tidak diselenggarakan di %(unit)s.") % {"unit": unit}})
    received_at = received_at or timezone.now()
    request = ServiceRequest(
        service_type=service_type,
        unit=unit,
        officer=officer,
        received_at=received_at,
        citizen_name=citizen_name.strip(),
        citizen_phone=citizen_phone.strip(),
        note=note.strip(),
    )
    # Checked before a number is taken, so a refused file leaves no gap (the unique number is set after). The three
    # related rows are the loaded instances just checked: no query to confirm they exist.
    request.full_clean(exclude=["number", "service_type", "unit", "officer"])
    year = received_at.astimezone(timezone.get_default_timezone()).year
    (request.number,) = counter_numbers_take(unit=unit, year=year, actor=actor)
    request._history_user = actor
    request.save()
    SurveyToken.objects.create(request=request, expires_at=request.received_at + dt.timedelta(days=survey_token_days()))
    return request


TRANSITIONS = {
    "complete": ({ServiceRequest.Status.RECEIVED}, ServiceRequest.Status.COMPLETED),
    "return": ({ServiceRequest.Status.RECEIVED}, ServiceRequest.Status.RETURNED),
    "resubmit": ({ServiceRequest.Status.RETURNED}, ServiceRequest.Status.RECEIVED),
    "reject": ({ServiceRequest.Status.RECEIVED, ServiceRequest.Status.RETURNED}, ServiceRequest.Status.REJECTED),
}


@transaction.atomic
def service_request_move(*, request: ServiceRequest, actor: User, action: str, note: str = "") -> ServiceRequest:
    """Mark a file completed, returned for correction, resubmitted after correction, or rejected."""
    locked = ServiceRequest.objects.select_for_update(of=("self",)).select_related("service_type").get(pk=request.pk)
    _require_counter(actor, locked.unit_id)
    if action not in TRANSITIONS:
        raise ValidationError(_("Tindakan tidak dikenal."))
    sources, target = TRANSITIONS[action]
    if locked.status not in sources:
        raise ValidationError(
            _("Berkas berstatus %(status)s tidak dapat diproses dengan tindakan ini.")
            % {"status": locked.get_status_display()}
        )
    if action == "reject" and not note.strip():
        raise ValidationError({"note": _("Tuliskan alasan penolakan.")})
    locked.status = target
    if action == "return":
        locked.correction_rounds += 1
    if target in (ServiceRequest.Status.COMPLETED, ServiceRequest.Status.REJECTED):
        locked.completed_at = timezone.now()
    if target == ServiceRequest.Status.COMPLETED:
        tz = timezone.get_default_timezone()
        received_day, completed_day = (timezone.localdate(t, tz) for t in (locked.received_at, locked.completed_at))
        _time_completed(locked, holiday_calendar(received_day, completed_day), tz)
    if note.strip():
        locked.note = note.strip()
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    return locked


class SurveyUnavailable(Exception):
    """Unknown, expired or already used survey token; `reason` is 'unknown', 'expired' or 'used'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def survey_token_lookup(key: str) -> SurveyToken:
    """A token by its link value or its printed short code; raises SurveyUnavailable."""
    key = (key or "").strip()
    token = (
        SurveyToken.objects.select_related("request__service_type", "request__unit", "request__officer")
        .filter(token=key)
        .first()
        or SurveyToken.objects.select_related("request__service_type", "request__unit", "request__officer")
        .filter(short_code=key.upper().replace("-", "").replace(" ", ""))
        .first()
    )
    if token is None:
        raise SurveyUnavailable("unknown")
    if token.used_at is not None:
        raise SurveyUnavailable("used")
    if token.expires_at <= timezone.now():
        raise SurveyUnavailable("expired")
    return token


@transaction.atomic
def survey_submit(*, key: str, scores: Sequence[int], comment: str = "") -> SurveyResponse:
    """Record a citizen's answer once; the response keeps no link to the citizen or the file."""
    token = survey_token_lookup(key)
    token = SurveyToken.objects.select_for_update().select_related("request").get(pk=token.pk)
    if token.used_at is not None:  # a concurrent submit won
        raise SurveyUnavailable("used")
    response = SurveyResponse(
        service_type_id=token.request.service_type_id,
        unit_id=token.request.unit_id,
        officer_id=token.request.officer_id,
        submitted_on=timezone.localdate(),
        scores=[int(s) for s in scores],
        comment=comment.strip()[:2000],
    )
    response.full_clean()
    response.save()
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    _forget_contacts(ServiceRequest.objects.filter(pk=token.request_id))
    return response


def _forget_contacts(requests) -> int:
    # A plain UPDATE on purpose: the contact fields are kept out of history (models.ServiceRequest), so there is
    # no change for history to show, and a history row per erased file would only add rows.
    return requests.exclude(citizen_name="", citizen_phone="").update(citizen_name="", citizen_phone="")


def citizen_contacts_forget_expired(*, now: dt.datetime | None = None) -> int:
    """Erase the name and phone of every citizen whose survey link has expired; returns how many files.

    The contact exists for the survey and the counter's call-back only; once the link is used
    (survey_submit) or expired, keeping it would let anyone pair an answer with a person."""
    expired = ServiceRequest.objects.filter(survey_token__expires_at__lte=now or timezone.now())
    return _forget_contacts(expired)
