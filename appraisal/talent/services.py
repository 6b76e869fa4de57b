"""State changes of talent management: potential recorded by HR, development actions agreed and followed up.

Each service checks the policy, validates, then saves instances (history via django-simple-history) in one
transaction; refusals are PermissionDenied or ValidationError with an Indonesian message.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.models import (
    DevelopmentAction,
    DevelopmentKind,
    DevelopmentStatus,
    Employee,
    PerformanceDialogue,
    PotentialAssessment,
)
from appraisal.org.selectors import today

OTHER_NEED = "LAINNYA"  # a need the appraiser and employee name themselves in the dialogue


def _saved(instance, actor: User):
    instance.full_clean()
    instance._history_user = actor
    instance.save()
    return instance


@transaction.atomic
def potential_record(
    *,
    employee: Employee,
    actor: User,
    level: str,
    source: str,
    assessed_on: dt.date | None,
    document_number: str,
) -> PotentialAssessment:
    """HR of the employee's unit records potensi from an assessment (PermenPANRB 3/2020 Pasal 11): the source,
    its date and document number are required; a new assessment adds a record, the older ones stay as history."""
    if not policy.can_record_potential(actor, employee):
        raise PermissionDenied(_("Hanya admin kepegawaian unit pegawai ini yang dapat mencatat potensi."))
    errors = {}
    if not source:
        errors["source"] = _("Potensi hanya dicatat dari hasil penilaian: pilih uji kompetensi atau assessment center.")
    if assessed_on is None:
        errors["assessed_on"] = _("Isi tanggal penilaian potensi.")
    elif assessed_on > today():
        errors["assessed_on"] = _("Tanggal penilaian tidak boleh di masa depan.")
    if not (document_number or "").strip():
        errors["document_number"] = _("Isi nomor dokumen hasil penilaian potensi.")
    if errors:
        raise ValidationError(errors)
    return _saved(
        PotentialAssessment(
            employee=employee,
            level=level,
            source=source,
            assessed_on=assessed_on,
            document_number=document_number.strip(),
            recorded_by=actor,
        ),
        actor,
    )


@transaction.atomic
def development_action_agree(
    *,
    employee: Employee,
    actor: User,
    dialogue: PerformanceDialogue | None,
    need_code: str,
    need_label: str,
    kind: str,
    description: str,
    target_date: dt.date | None,
) -> DevelopmentAction:
    """The appraiser records an action agreed with the employee in a held dialog kinerja, for one development need."""
    if not policy.can_agree_development(actor, employee):
        raise PermissionDenied(_("Hanya pejabat penilai kinerja pegawai ini yang dapat mencatat rencana pengembangan."))
    errors = {}
    if dialogue is None or dialogue.employee_id != employee.pk or not dialogue.is_held:
        errors["dialogue"] = _("Pilih dialog kinerja yang sudah dilaksanakan bersama pegawai ini.")
    if not need_code or not (need_label or "").strip():
        errors["need"] = _("Pilih kebutuhan pengembangan (atau tuliskan kebutuhan lain).")
    if kind not in DevelopmentKind.values:
        errors["kind"] = _("Pilih jenis tindakan: pelatihan, coaching atau penugasan.")
    if not (description or "").strip():
        errors["description"] = _("Tuliskan tindakan yang disepakati.")
    if target_date is None:
        errors["target_date"] = _("Isi target tanggal selesai.")
    elif target_date < today():
        errors["target_date"] = _("Target tanggal selesai tidak boleh di masa lalu.")
    if errors:
        raise ValidationError(errors)
    return _saved(
        DevelopmentAction(
            employee=employee,
            need_code=need_code,
            need_label=need_label.strip()[:250],
            kind=kind,
            description=description.strip(),
            target_date=target_date,
            dialogue=dialogue,
            agreed_by=actor.employee,
        ),
        actor,
    )


@transaction.atomic
def development_action_update(
    *, action: DevelopmentAction, actor: User, status: str, note: str = ""
) -> DevelopmentAction:
    """The employee or the appraiser records progress; a finished or cancelled action stays as it is."""
    locked = DevelopmentAction.objects.select_for_update(of=("self",)).select_related("employee").get(pk=action.pk)
    if not policy.can_update_development(actor, locked):
        raise PermissionDenied(_("Hanya pegawai dan pejabat penilai kinerjanya yang dapat memperbarui kemajuan."))
    if not locked.is_open:
        raise ValidationError(_("Tindakan ini sudah selesai atau dibatalkan."))
    if status not in DevelopmentStatus.values:
        raise ValidationError({"status": _("Pilih status kemajuan.")})
    if status == DevelopmentStatus.CANCELLED and not policy.can_agree_development(actor, locked.employee):
        raise ValidationError({"status": _("Pembatalan disepakati oleh pejabat penilai kinerja.")})
    locked.status = status
    if note.strip():
        locked.progress_note = note.strip()
    return _saved(locked, actor)
