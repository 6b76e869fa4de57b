"""The service desk and the citizens' survey: register and move files, answer the one-time survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.models import ServiceRequest, ServiceType, SurveyResponse, SurveyToken


def survey_token_days() -> int:
    """Days a receipt's survey link stays valid (SURVEY_TOKEN_DAYS in the environment)."""
    return settings.SURVEY_TOKEN_DAYS


def _require_counter(actor: User, request_unit_id: int) -> None:
    if not policy.can_handle_requests(actor, request_unit_id):
        raise PermissionDenied(_("Anda tidak bertugas di loket unit ini."))


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
    request = ServiceRequest(
        service_type=service_type,
        unit=unit,
        officer=officer,
        received_at=received_at or timezone.now(),
        citizen_name=citizen_name.strip(),
        citizen_phone=citizen_phone.strip(),
        note=note.strip(),
    )
    request.full_clean()
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
    locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
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
