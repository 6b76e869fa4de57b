"""Evaluation services: open a period, record realisation and evidence, collect feedback, rate,
acknowledge or object, decide, sign off and finalize. Every change refuses a final evaluation and saves the
instance, so history shows who did what and when.

These functions change the domain only. The steps that also complete a workflow task (submit, rate, accept,
object, explain, decide, sign off) are called through workflows.steps.evaluation, which runs them inside the
task's locked transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from appraisal import policy, rules
from appraisal.documents.pdf import render_evaluation_pdf
from appraisal.evaluation.selectors import peer_candidates
from appraisal.models import (
    CoreValue,
    Employee,
    Evaluation,
    EvaluationStatus,
    Evidence,
    Feedback,
    Objection,
    PeerFeedback,
    PeerRequest,
    PerformanceDialogue,
    Period,
    PeriodKind,
    PlannedResult,
    Realization,
    Unit,
    UnitPerformance,
)
from appraisal.models.evaluation import new_verification_code
from appraisal.notifications import services as notifications
from appraisal.org.selectors import (
    appraiser_for,
    appraiser_of,
    leader_above,
    senior_appraiser_of,
    today,
    unit_ancestors,
    unit_subtree_ids,
)
from appraisal.org.services import system_user
from appraisal.service_desk.selectors import public_service_summary

PEERS_PROPOSED = 3


class EvaluationLocked(Exception):
    """The evaluation is final (signed off): nothing of it may change (API: 409)."""

    def __init__(self) -> None:
        super().__init__(_("Evaluasi ini sudah disahkan dan dikunci; tidak ada yang dapat diubah."))


def _guard(evaluation: Evaluation) -> Evaluation:
    """Re-read under a row lock and refuse when final."""
    # of=("self",): lock only the evaluation. PostgreSQL refuses FOR UPDATE on the nullable side of an outer
    # join (unit), and locking the shared period/employee rows would serialise every evaluation of a period.
    locked = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("employee", "period", "unit")
        .get(pk=evaluation.pk)
    )
    if locked.is_final:
        raise EvaluationLocked()
    return locked


def _saved(instance, actor: User | None, *, links_as_read: bool = False):
    """Validate and save with history. `links_as_read`: the row was just read under its lock and none of its links
    changed, so the foreign keys' existence and the unique checks are skipped (one query each, on the rush path);
    the fields and the check constraints (the kuadran) are still validated."""
    if links_as_read:
        links = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        instance.full_clean(exclude=links, validate_unique=False)
        if actor is not None:
            instance._history_user = actor
        instance.save()
        return instance
    instance.full_clean()
    if actor is not None:
        instance._history_user = actor
    instance.save()
    return instance


# --- opening a period -------------------------------------------------------------------------


def proposed_peers(employee: Employee, *, exclude: Iterable[int] = (), limit: int = PEERS_PROPOSED) -> list[Employee]:
    """Colleagues of the same unit with accounts, never the employee or those who appraise them."""
    excluded = {employee.pk, *(exclude or ())}
    excluded |= {p.pk for p in (appraiser_of(employee), senior_appraiser_of(employee)) if p is not None}
    colleagues = (
        Employee.objects.filter(position__unit_id=employee.position.unit_id, is_active=True, user__isnull=False)
        .exclude(pk__in=excluded)
        .select_related("position")
        .order_by("position__parent_id", "name")  # same team first
    )
    return rules.peers_in_team_order(
        list(colleagues), team_of=lambda c: c.position.parent_id, own_team=employee.position.parent_id, limit=limit
    )


@transaction.atomic
def period_create(
    *,
    unit: Unit,
    year: int,
    kind: str,
    start_date: dt.date,
    end_date: dt.date,
    peer_deadline: dt.date,
    actor: User,
) -> Period:
    """HR opens a period for a unit and everything below it.

    The evaluations, one per employee with an approved SKP, are created by a job (workflows.opening) whose
    progress the period page shows. The same period (unit, year, kind) cannot be opened twice."""
    already = ValidationError(
        _("Periode %(kind)s %(year)s untuk %(unit)s sudah dibuka.")
        % {"kind": PeriodKind(kind).label, "year": year, "unit": unit.name},
        code="period_exists",
    )
    if Period.objects.filter(unit=unit, year=year, kind=kind).exists():
        raise already
    _check_one_cycle(unit=unit, year=year, kind=kind)
    period = Period(
        year=year,
        kind=kind,
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        peer_deadline=peer_deadline,
        opened_by=actor,
        opening_status=Period.Opening.QUEUED,
    )
    try:
        with transaction.atomic():  # two HR officers opening it at the same moment: the second is told so
            return _saved(period, actor)
    except IntegrityError:
        raise already from None


def _check_one_cycle(*, unit: Unit, year: int, kind: str) -> None:
    """A unit tree keeps one cycle a year, quarterly or monthly (PermenPANRB 6/2022 Pasal 12): mixing them would
    evaluate the same months twice for the same people."""
    related = {u.pk for u in unit_ancestors(unit)} | unit_subtree_ids([unit.pk])
    cycle = rules.period_cycle(kind)
    other = (
        Period.objects.filter(unit_id__in=related, year=year)
        .exclude(kind__in=rules.MONTHLY if cycle == "BULANAN" else rules.QUARTERLY)
        .select_related("unit")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "kind": _(
                    "%(unit)s sudah memakai periode %(other)s pada %(year)s; satu unit memakai satu siklus setahun, "
                    "triwulanan atau bulanan (PermenPANRB 6/2022 Pasal 12)."
                )
                % {"unit": other.unit.name, "other": other.get_kind_display(), "year": year}
            },
            code="period_cycle",
        )


def period_opening_progress(
    *, period: Period, status: str, total: int | None = None, done: int | None = None, error: str = ""
) -> Period:
    """Record how far the opening job is. A change of status (queued, running, done, failed) is saved with
    history; a batch counted while running only moves the progress bar (no history row per batch)."""
    changed = period.opening_status != status or bool(error) != bool(period.opening_error)
    period.opening_status = status
    period.opening_error = error[:500]
    period.opening_updated_at = timezone.now()
    if total is not None:
        period.opening_total = total
    if done is not None:
        period.opening_done = done
    if changed:
        period._history_user = system_user()  # the job, not a person, moves it
        period.save()
    else:
        Period.objects.filter(pk=period.pk).update(
            opening_done=period.opening_done,
            opening_total=period.opening_total,
            opening_updated_at=period.opening_updated_at,
        )
    return period


@transaction.atomic
def unit_performance_set(
    *,
    period: Period,
    unit: Unit,
    predicate: str,
    decree_number: str,
    decree_date: dt.date | None,
    actor: User,
) -> UnitPerformance:
    """HR records a unit's Capaian Kinerja Organisasi for the period as the leader above set it (SE MenPANRB
    3/2023): with the penetapan's number and date; the deciding leader is named from the chart and, when anything
    changes, has to confirm again."""
    errors = {}
    if not decree_number.strip():
        errors["decree_number"] = _("Tuliskan nomor penetapan Capaian Kinerja Organisasi.")
    if decree_date is None:
        errors["decree_date"] = _("Isi tanggal penetapan.")
    elif decree_date > today():
        errors["decree_date"] = _("Tanggal penetapan tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    record = UnitPerformance.objects.select_for_update().filter(period=period, unit=unit).first() or UnitPerformance(
        period=period, unit=unit
    )
    changed = (record.predicate, record.decree_number, record.decree_date) != (
        predicate,
        decree_number.strip(),
        decree_date,
    )
    leader = leader_above(unit)
    record.predicate = predicate
    record.decree_number = decree_number.strip()
    record.decree_date = decree_date
    record.decided_by = leader
    record.decided_by_name = leader.full_name if leader is not None else ""
    if changed:
        record.confirmed_at = None
    return _saved(record, actor)


@transaction.atomic
def unit_performance_confirm(*, record: UnitPerformance, actor: User) -> UnitPerformance:
    """The leader named on the record confirms the Capaian Kinerja Organisasi HR recorded for them."""
    locked = UnitPerformance.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=record.pk)
    if locked.decided_by is None or locked.decided_by.user_id != actor.pk:
        raise PermissionDenied(_("Hanya pimpinan yang menetapkan yang dapat mengonfirmasi Capaian Kinerja Organisasi."))
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        _saved(locked, actor)
    return locked


# --- during the period: realisation, evidence, peers ------------------------------------------

EDITABLE_BY_EMPLOYEE = (EvaluationStatus.SELF_ASSESSMENT,)


def _require_employee(evaluation: Evaluation, actor: User) -> None:
    if evaluation.employee.user_id != actor.pk:
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengisi realisasi."))
    if evaluation.status not in EDITABLE_BY_EMPLOYEE:
        raise ValidationError(_("Realisasi tidak dapat diubah setelah penilaian mandiri diajukan."), code="locked")


def _guard_state(evaluation_id: int) -> Evaluation:
    """Like _guard for the deadline rush: lock the evaluation row and read only what the employee's edits check
    (state, lock flag, whose it is), without the joins of the full record."""
    locked = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("employee")
        .only("id", "status", "is_final", "employee__id", "employee__user_id")
        .get(pk=evaluation_id)
    )
    if locked.is_final:
        raise EvaluationLocked()
    return locked


def _realization_write(realization: Realization, actor: User) -> Realization:
    # Only value and note change: the evaluation and indicator links (and so the one-per-IKI constraint) stay as
    # read, so their existence and uniqueness checks are skipped; the fields themselves are still validated.
    realization.full_clean(exclude=["evaluation", "indicator"], validate_unique=False, validate_constraints=False)
    realization._history_user = actor
    realization.save(update_fields=["value", "note", "updated_at"])
    return realization


@transaction.atomic
def realization_save(*, realization: Realization, actor: User, value: Decimal | None, note: str = "") -> Realization:
    """The employee's realisation of one indicator: one locked read of the evaluation's state, one update, one
    history row."""
    _require_employee(_guard_state(realization.evaluation_id), actor)
    realization.value = value
    realization.note = note
    return _realization_write(realization, actor)


def realization_autosave(
    *, evaluation_id: int, realization_id: int, actor: User, changes: Mapping[str, object]
) -> Realization | None:
    """The autosave on the deadline rush (issue 13): the employee's own realisation, while its evaluation is in
    self-assessment and not final, gets the fields sent (`changes`: "value" and/or "note"; the others keep their
    saved value) and one history row naming the actor.

    The fields sent are cleaned by the model's own fields first (ValidationError: nothing is written). On
    PostgreSQL the save is one statement in the common case (_autosave_in_one_statement). Anything it does not
    save (not the actor's own, locked, or another database) goes the locked ORM way, which saves it or says why:
    None when the realisation is not the actor's own (the caller finds out whether 404 or 403), the locked
    messages otherwise."""
    unknown = set(changes) - {"value", "note"}
    if unknown:
        raise ValueError(f"realization_autosave changes only value and note, not {sorted(unknown)}")
    changes = {name: Realization._meta.get_field(name).clean(value, None) for name, value in changes.items()}
    if connection.vendor == "postgresql":
        saved = _autosave_in_one_statement(evaluation_id, realization_id, actor, changes)
        if saved is not None:
            return saved
    return _realization_autosave_locked(evaluation_id, realization_id, actor, changes)


def _editable_own_realization(actor: User, evaluation_id: int, realization_id: int):
    """The realisation the actor may autosave: their own (policy.subject_q), in that evaluation."""
    return Realization.objects.filter(
        policy.subject_q(actor, "evaluation__"), pk=realization_id, evaluation_id=evaluation_id
    )


@transaction.atomic
def _realization_autosave_locked(
    evaluation_id: int, realization_id: int, actor: User, changes: Mapping[str, object]
) -> Realization | None:
    """The realisation and its evaluation's state and lock flag read and locked in one query with the ownership
    check in it, the state checked here (each refusal with its own message), then one update and one history row
    through the model (simple-history's signal)."""
    realization = (
        _editable_own_realization(actor, evaluation_id, realization_id)
        .select_for_update(of=("self", "evaluation"))
        .select_related("evaluation")
        .only(
            "id",
            "evaluation_id",
            "indicator_id",
            "value",
            "note",
            "updated_at",
            "evaluation__id",
            "evaluation__status",
            "evaluation__is_final",
        )  # fmt: skip
        .first()
    )
    if realization is None:
        return None
    if realization.evaluation.is_final:
        raise EvaluationLocked()
    if realization.evaluation.status not in EDITABLE_BY_EMPLOYEE:
        raise ValidationError(_("Realisasi tidak dapat diubah setelah penilaian mandiri diajukan."), code="locked")
    for name in ("value", "note"):
        if name in changes:
            setattr(realization, name, changes[name])
    return _realization_write(realization, actor)


def _autosave_in_one_statement(
    evaluation_id: int, realization_id: int, actor: User, changes: Mapping[str, object]
) -> Realization | None:
    """PostgreSQL, the common case of the rush in one round trip and one implicit transaction, instead of BEGIN,
    the locked read, UPDATE, the history INSERT and COMMIT (_autosave_statement). None when nothing was saved: the
    caller takes the locked path, which explains why."""
    if not actor.is_authenticated:
        return None
    sets = tuple(name for name in ("value", "note") if name in changes)
    sql, slots = _autosave_statement(sets)
    ids = {"actor": actor.pk, "realization": realization_id, "evaluation": evaluation_id}
    now = timezone.now()
    params = [ids[name] if name else value for name, value in slots]
    params += [*(changes[name] for name in sets), now, now, actor.pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return Realization(**dict(zip(_realization_history_columns().attnames, row, strict=True)))


class _StandInUser:
    """An authenticated user known only by an id: what policy.subject_q reads."""

    is_authenticated = True

    def __init__(self, pk: int):
        self.pk = pk


# Ids no row has: the autosave statement is compiled with them, then each is a parameter filled in per call.
_STAND_INS = {-7_000_001: "actor", -7_000_002: "realization", -7_000_003: "evaluation"}


@cache
def _autosave_statement(sets: tuple[str, ...]) -> tuple[str, tuple[tuple[str | None, object], ...]]:
    """The autosave's one statement for the fields sent, compiled by the ORM once per process (compiling it on each
    autosave cost about a sixth of the request), with where each target parameter comes from:

        WITH target AS (<_editable_own_realization, in self-assessment, not final> FOR SHARE OF evaluation),
             changed AS (UPDATE realization SET <fields sent>, updated_at WHERE id IN target RETURNING <tracked>)
        INSERT INTO historical realization (<tracked>, history_date, history_type, history_user_id, ...)
        SELECT ... FROM changed RETURNING <tracked>

    The ownership rule is policy.subject_q's, compiled by the ORM with stand-in ids (_STAND_INS): it may depend on
    the user's id only, which this checks (each stand-in once among the parameters; a test compares the result
    with a fresh compilation for real users). FOR SHARE holds the evaluation as the locked path's FOR UPDATE does
    against a concurrent submit (which locks it FOR UPDATE and changes its state): the autosave waits for it, then
    sees the new state and changes nothing. The history row has the columns and values simple-history writes for a
    change ("~", the actor, the time of the change; a test compares the two)."""
    actor, realization, evaluation = _STAND_INS
    target_sql, target_params = _autosave_target(_StandInUser(actor), evaluation, realization).sql_with_params()
    slots = tuple((_stand_in(value), value) for value in target_params)
    if sorted(name for name, _value in slots if name) != sorted(_STAND_INS.values()):
        raise ImproperlyConfigured("policy.subject_q must depend on the user's id only for the autosave statement")
    qn = connection.ops.quote_name
    table, history_table, tracked, _attnames = _realization_history_columns()
    assignments = ", ".join(f"{qn(name)} = %s" for name in [*sets, "updated_at"])
    columns = ", ".join(qn(column) for column in tracked)
    # Every name comes from the models' metadata or this code and every value is a parameter.
    sql = (
        f"WITH target AS ({target_sql} FOR SHARE OF {qn(Evaluation._meta.db_table)}), "  # noqa: S608
        f"changed AS (UPDATE {qn(table)} SET {assignments} WHERE {qn('id')} IN (SELECT * FROM target) "
        f"RETURNING {columns}) "
        f"INSERT INTO {qn(history_table)} ({columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {columns}, %s, NULL, '~', %s FROM changed RETURNING {columns}"
    )
    return sql, tuple((name, None if name else value) for name, value in slots)


def _autosave_target(actor, evaluation_id: int, realization_id: int):
    """The one statement's target: the actor's own realisation, while its evaluation is editable (a Query)."""
    editable = _editable_own_realization(actor, evaluation_id, realization_id).filter(
        evaluation__status__in=EDITABLE_BY_EMPLOYEE, evaluation__is_final=False
    )
    return editable.values("pk").query


def _stand_in(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return _STAND_INS.get(value)
    return None


class _HistoryColumns(NamedTuple):
    table: str
    history_table: str
    columns: tuple[str, ...]
    attnames: tuple[str, ...]


@cache
def _realization_history_columns() -> _HistoryColumns:
    """Realisation's table, its history table, and the columns (with their attribute names) simple-history copies
    into each history row."""
    history = Realization.history.model
    copied = {field.attname for field in history._meta.concrete_fields}
    fields = [field for field in Realization._meta.concrete_fields if field.attname in copied]
    return _HistoryColumns(
        Realization._meta.db_table,
        history._meta.db_table,
        tuple(field.column for field in fields),
        tuple(field.attname for field in fields),
    )


@transaction.atomic
def evidence_add(
    *, realization: Realization, actor: User, file: UploadedFile | None = None, url: str = "", description: str = ""
) -> Evidence:
    """Attach a file (PDF/JPG/PNG/DOCX/XLSX, ≤ 5 MB, checked by signature) or a link to a realisation."""
    _require_employee(_guard(realization.evaluation), actor)
    if bool(file) == bool(url):
        raise ValidationError(_("Unggah satu berkas atau isi satu tautan."))
    evidence = Evidence(realization=realization, url=url, description=description, uploaded_by=actor)
    if file:
        head = file.read(8)
        file.seek(0)
        problem = rules.evidence_file_problem(file.name, file.size, head)
        if problem:
            raise ValidationError({"file": problem})
        evidence.file = file
        evidence.size = file.size
        evidence.content_type = rules.EVIDENCE_EXTENSIONS[file.name.lower()[file.name.rfind(".") :]]
    return _saved(evidence, actor)


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User) -> None:
    _require_employee(_guard(evidence.realization.evaluation), actor)
    evidence._history_user = actor
    evidence.delete()


@transaction.atomic
def peers_choose(*, evaluation: Evaluation, peers: list[Employee], actor: User) -> list[PeerRequest]:
    """The appraiser chooses the colleagues asked for feedback (before the self-assessment is submitted)."""
    evaluation = _guard(evaluation)
    if not policy.can_choose_peers(actor, evaluation):
        raise PermissionDenied(_("Hanya Pejabat Penilai Kinerja yang dapat memilih rekan kerja."))
    appraiser = appraiser_for(evaluation)
    if evaluation.status != EvaluationStatus.SELF_ASSESSMENT:
        raise ValidationError(_("Rekan kerja hanya dapat diubah sebelum penilaian mandiri diajukan."))
    chosen = {p.pk: p for p in peers}
    if evaluation.employee_id in chosen or appraiser.pk in chosen:
        raise ValidationError(_("Rekan kerja tidak boleh pegawai itu sendiri atau pejabat penilai kinerjanya."))
    if any(p.user_id is None or not p.is_active for p in chosen.values()):
        raise ValidationError(_("Setiap rekan kerja harus pegawai aktif yang memiliki akun."))
    allowed = set(peer_candidates(evaluation).filter(pk__in=chosen).values_list("pk", flat=True))
    outside = sorted(p.full_name for pk, p in chosen.items() if pk not in allowed)
    if outside:
        raise ValidationError(
            _(
                "%(names)s tidak dapat diminta umpan balik: rekan kerja adalah pegawai di unit atau tim yang sama "
                "atau bawahan langsung, bukan atasan pejabat penilai kinerja."
            )
            % {"names": ", ".join(outside)}
        )
    for request in evaluation.peer_requests.exclude(peer_id__in=chosen):
        request._history_user = actor
        request.delete()
    existing = set(evaluation.peer_requests.values_list("peer_id", flat=True))
    for peer in chosen.values():
        if peer.pk not in existing:
            _saved(PeerRequest(evaluation=evaluation, peer=peer), actor)
    return list(evaluation.peer_requests.select_related("peer"))


def self_assessment_check(*, text: str) -> None:
    if not text.strip():
        raise ValidationError({"self_assessment": _("Tuliskan penilaian mandiri Anda.")})


def self_assessment_submit(*, evaluation: Evaluation, actor: User, text: str) -> Evaluation:
    """The employee submits realisation and self-assessment; peers and the public summary follow."""
    self_assessment_check(text=text)
    locked = _guard(evaluation)
    _require_employee(locked, actor)
    missing = locked.realizations.filter(value__isnull=True).count()
    if missing:
        raise ValidationError(
            ngettext(
                "Realisasi %(n)s indikator belum diisi. Isi semua realisasi sebelum mengajukan.",
                "Realisasi %(n)s indikator belum diisi. Isi semua realisasi sebelum mengajukan.",
                missing,
            )
            % {"n": missing}
        )
    locked.self_assessment = text.strip()
    locked.self_assessed_at = timezone.now()
    locked.status = EvaluationStatus.FEEDBACK
    return _saved(locked, actor, links_as_read=True)


def peer_feedback_build(*, evaluation: Evaluation, ratings: Mapping[str, str], comment: str = "") -> PeerFeedback:
    """A colleague's answer, validated (not yet saved)."""
    feedback = PeerFeedback(evaluation=evaluation, ratings=dict(ratings), comment=comment.strip())
    # The evaluation was read with the peer's task; the key is replaced when the answers are written again.
    feedback.full_clean(exclude=["evaluation"], validate_unique=False)
    return feedback


@transaction.atomic
def peer_feedback_submit(*, feedback: PeerFeedback, request_id: int | None, actor: User) -> None:
    """A colleague answers anonymously: the answer is stored without any link to them (no history on it).

    The evaluation's answers are written again, all of them, in random order and under new random keys, so
    neither the table's order nor the keys tell which answer came after which peer's task was finished."""
    evaluation = _guard_state(feedback.evaluation_id)
    answers = [*evaluation.peer_feedback.all(), feedback]
    evaluation.peer_feedback.all().delete()
    random.SystemRandom().shuffle(answers)
    PeerFeedback.objects.bulk_create(
        PeerFeedback(evaluation=evaluation, ratings=a.ratings, comment=a.comment) for a in answers
    )
    _request_state(request_id, PeerRequest.State.ANSWERED, actor)


def _request_state(request_id: int | None, state: str, actor: User | None) -> None:
    request = PeerRequest.objects.select_for_update().filter(pk=request_id, state=PeerRequest.State.ASKED).first()
    if request is not None:
        request.state = state
        _saved(request, actor, links_as_read=True)


def peer_request_expire(*, request_id: int | None, actor: User | None = None) -> None:
    """The peer deadline passed without an answer."""
    _request_state(request_id, PeerRequest.State.EXPIRED, actor)


def evaluation_record_public_service(*, evaluation: Evaluation, actor: User | None = None) -> None:
    locked = _guard(evaluation)
    locked.public_service = public_service_summary(
        locked.employee, start=locked.period.start_date, end=locked.period.end_date
    )
    _saved(locked, actor, links_as_read=True)


def evaluation_status_enter(*, evaluation: Evaluation, status: str, actor: User | None) -> Evaluation:
    """The flow reached the step where the evaluation has `status` (rating, sign-off)."""
    locked = _guard(evaluation)
    if locked.status == status:
        return locked
    locked.status = status
    return _saved(locked, actor, links_as_read=True)


# --- rating and acknowledgement ---------------------------------------------------------------


def org_predicate_for(evaluation: Evaluation) -> str:
    record = UnitPerformance.objects.filter(period=evaluation.period, unit_id=evaluation.unit_id).first()
    return record.predicate if record else ""


def evaluation_rate(
    *,
    evaluation: Evaluation,
    actor: User,
    result_rating: str | None,
    behaviour_rating: str,
    feedback: str,
    recommendation: str = "",
) -> Evaluation:
    """The appraiser rates results and behaviour; the predicate follows the official matrix.

    A unit head's result rating is the one the Capaian Kinerja Organisasi gives (SE MenPANRB 3/2023), always.
    The predicate is always the kuadran's (PermenPANRB 6/2022); that of Triwulan IV-Akhir is also the annual one.
    """
    if not feedback.strip():
        raise ValidationError({"appraiser_feedback": _("Tuliskan umpan balik untuk pegawai.")})
    locked = _guard(evaluation)
    org = org_predicate_for(locked)
    result = result_rating
    if is_unit_head(locked):
        if not org:
            raise ValidationError(
                _("Capaian Kinerja Organisasi %(unit)s untuk periode ini belum ditetapkan kepegawaian.")
                % {"unit": locked.unit_name}
            )
        else:
            result = rules.unit_head_result_rating(rules.OrgPredicate(org))
    if not result:
        raise ValidationError({"result_rating": _("Pilih rating hasil kerja.")})
    locked.result_rating = rules.Rating(result)
    locked.behaviour_rating = rules.Rating(behaviour_rating)
    locked.predicate = rules.predicate(locked.result_rating, locked.behaviour_rating)
    locked.org_predicate = org
    # The rating rests on the figures as they stand when it is given; they are frozen from here on.
    locked.public_service = public_service_summary(
        locked.employee, start=locked.period.start_date, end=locked.period.end_date
    )
    locked.appraiser_feedback = feedback.strip()
    locked.recommendation = recommendation.strip()
    locked.rated_at = timezone.now()
    locked.rated_by = getattr(actor, "employee", None)
    locked.status = EvaluationStatus.ACKNOWLEDGEMENT
    return _saved(locked, actor)


def evaluation_accept(*, evaluation: Evaluation, actor: User) -> Evaluation:
    locked = _guard(evaluation)
    locked.acknowledged_at = timezone.now()
    locked.status = EvaluationStatus.SIGN_OFF
    return _saved(locked, actor)


def evaluation_auto_accept(*, evaluation: Evaluation, actor: User | None = None) -> Evaluation:
    """Day 15 without an answer: the result counts as accepted (PP 30/2019 Pasal 59 window closed)."""
    locked = _guard(evaluation)
    locked.acknowledged_at = timezone.now()
    locked.auto_accepted = True
    locked.status = EvaluationStatus.SIGN_OFF
    return _saved(locked, actor)


def objection_file_check(*, reasons: str) -> None:
    if not reasons.strip():
        raise ValidationError({"reasons": _("Tuliskan alasan keberatan.")})


def objection_file(*, evaluation: Evaluation, actor: User, reasons: str) -> Objection:
    """The employee objects, in writing with reasons, within 14 days of receiving the result."""
    objection_file_check(reasons=reasons)
    locked = _guard(evaluation)
    received = timezone.localdate(locked.rated_at)
    if not rules.objection_allowed(received, today()):
        raise ValidationError(
            _("Batas waktu keberatan (14 hari sejak hasil diterima, sampai %(d)s) sudah lewat.")
            % {"d": rules.objection_deadline(received).strftime("%d-%m-%Y")},
            code="objection_late",
        )
    objection = _saved(
        Objection(
            evaluation=locked,
            reasons=reasons.strip(),
            filed_at=timezone.now(),
            original_result_rating=locked.result_rating,
            original_behaviour_rating=locked.behaviour_rating,
            original_predicate=locked.predicate,
        ),
        actor,
    )
    locked.acknowledged_at = timezone.now()
    locked.status = EvaluationStatus.OBJECTION
    _saved(locked, actor)
    return objection


def objection_explain_check(*, text: str) -> None:
    if not text.strip():
        raise ValidationError({"text": _("Tuliskan penjelasan Anda.")})


def objection_explain(*, evaluation: Evaluation, actor: User, text: str, is_employee: bool) -> Objection:
    """The appraiser or the employee gives the explanation the senior appraiser asked for."""
    objection_explain_check(text=text)
    _guard(evaluation)
    objection = Objection.objects.select_for_update().get(evaluation=evaluation)
    if is_employee:
        objection.employee_explanation = text.strip()
    else:
        objection.appraiser_explanation = text.strip()
    return _saved(objection, actor)


def is_unit_head(evaluation: Evaluation) -> bool:
    return bool(evaluation.position and evaluation.position.is_unit_head)


def unit_head_rule_message() -> str:
    return _(
        "Rating hasil kerja pimpinan unit mengikuti Capaian Kinerja Organisasi (SE MenPANRB 3/2023) dan tidak dapat "
        "diubah; keberatan hanya dapat mengubah rating perilaku kerja."
    )


def objection_decide_check(
    *, decision: str, notes: str, result_rating: str = "", behaviour_rating: str = "", unit_head: bool = False
) -> None:
    if decision not in Objection.Decision.values:
        raise ValidationError({"decision": _("Pilih keputusan.")})
    if not notes.strip():
        raise ValidationError({"decision_notes": _("Tuliskan pertimbangan keputusan.")})
    if decision == Objection.Decision.CHANGED and not behaviour_rating:
        raise ValidationError(_("Isi rating hasil kerja dan perilaku yang baru."))
    if decision == Objection.Decision.CHANGED and not result_rating and not unit_head:
        raise ValidationError(_("Isi rating hasil kerja dan perilaku yang baru."))


def objection_decide(
    *,
    evaluation: Evaluation,
    actor: User,
    decision: str,
    notes: str,
    result_rating: str = "",
    behaviour_rating: str = "",
) -> Objection:
    """The Atasan Pejabat Penilai Kinerja upholds or changes the ratings; the decision is final
    (PP 30/2019 Pasal 59): nobody else decides, by any path, and nobody changes it afterwards."""
    locked = _guard(evaluation)
    objection_decide_check(
        decision=decision,
        notes=notes,
        result_rating=result_rating,
        behaviour_rating=behaviour_rating,
        unit_head=is_unit_head(locked),
    )
    if decision == Objection.Decision.CHANGED and is_unit_head(locked):
        if result_rating and result_rating != locked.result_rating:
            raise ValidationError({"result_rating": unit_head_rule_message()})
        result_rating = locked.result_rating  # the one the organisation's result gave at rating time
    objection = Objection.objects.select_for_update().get(evaluation=locked)
    if objection.decided_at is not None:
        raise ValidationError(_final_decision_message())
    if not policy.may_decide_objection(actor, locked):
        raise PermissionDenied(policy.OBJECTION_AUTHORITY)
    objection.decision = decision
    objection.decision_notes = notes.strip()
    objection.decided_at = timezone.now()
    objection.decided_by = actor
    if decision == Objection.Decision.CHANGED:
        objection.new_result_rating = rules.Rating(result_rating)
        objection.new_behaviour_rating = rules.Rating(behaviour_rating)
        locked.result_rating = objection.new_result_rating
        locked.behaviour_rating = objection.new_behaviour_rating
        locked.predicate = rules.predicate(locked.result_rating, locked.behaviour_rating)
    locked.status = EvaluationStatus.SIGN_OFF
    _saved(locked, actor)
    return _saved(objection, actor)


def _final_decision_message() -> str:
    return _("Keberatan ini sudah diputus; keputusan Atasan Pejabat Penilai Kinerja bersifat final.")


@transaction.atomic
def objection_designate(*, evaluation: Evaluation, official: User, letter: str, actor: User) -> Objection:
    """HR records the official designated (by letter) to decide where the chart has no
    Atasan Pejabat Penilai Kinerja; the decision stays that official's (policy.designation_problem)."""
    locked = _guard(evaluation)
    objection = Objection.objects.select_for_update().get(evaluation=locked)
    if objection.decided_at is not None:
        raise ValidationError(_final_decision_message())
    problem = policy.designation_problem(actor, locked, official)
    if problem:
        raise PermissionDenied(problem)
    if not letter.strip():
        raise ValidationError({"letter": _("Tuliskan nomor surat penunjukan.")})
    objection.designated_official = official
    objection.designation_letter = letter.strip()
    objection.designated_by = actor
    objection.designated_at = timezone.now()
    return _saved(objection, actor)


# --- sign-off and the final document ----------------------------------------------------------


def evaluation_sign_off(*, evaluation: Evaluation, actor: User) -> Evaluation:
    """HR signs off; the flow then finalizes (locks), and a job renders the document."""
    locked = _guard(evaluation)
    locked.signed_off_at = timezone.now()
    locked.signed_off_by = actor
    return _saved(locked, actor)


def evaluation_finalize(*, evaluation: Evaluation, actor: User | None = None) -> Evaluation:
    """Lock the evaluation with a verification code; the document follows (evaluation_document_store)."""
    locked = _guard(evaluation)
    code = new_verification_code()
    while Evaluation.objects.filter(verification_code=code).exists():
        code = new_verification_code()
    locked.verification_code = code
    locked.employee_name = locked.employee.full_name
    locked.is_final = True
    locked.status = EvaluationStatus.FINAL
    return _saved(locked, actor)


def evaluation_document_store(*, evaluation_id: int) -> bool:
    """Render and store the final document with its SHA-256; False when there is nothing to do.

    Idempotent: a job that runs twice, or again after a crash, renders only what is missing."""
    evaluation = Evaluation.objects.filter(pk=evaluation_id, is_final=True).first()
    if evaluation is None or evaluation.document:
        return False
    pdf = render_evaluation_pdf(evaluation)
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("employee", "period")
            .get(pk=evaluation_id)
        )
        if locked.document:
            return False
        locked.document_sha256 = hashlib.sha256(pdf).hexdigest()
        locked.document.save(
            f"evaluasi-{locked.period.year}-{locked.period.kind}-{locked.employee.nip}.pdf",
            ContentFile(pdf),
            save=False,
        )
        locked._history_user = system_user()  # a job, not a person, renders the document
        locked.save(update_fields=["document", "document_sha256"])
        notifications.document_ready(evaluation=locked)
    return True


# --- continuous feedback and dialogues --------------------------------------------------------


def _refuse_if_final_on(employee: Employee, day: dt.date) -> None:
    """Feedback and dialogues dated within a period whose evaluation is final would appear on a final
    evaluation: nothing may be added to it, backdated or not."""
    if Evaluation.objects.filter(
        employee=employee, is_final=True, period__start_date__lte=day, period__end_date__gte=day
    ).exists():
        raise EvaluationLocked()


def _coach(employee: Employee, actor: User, message: str) -> Employee:
    """The acting appraiser (policy.can_coach), else PermissionDenied with `message`."""
    author = getattr(actor, "employee", None)
    appraiser = appraiser_of(employee)
    if author is None or appraiser is None or appraiser.pk != author.pk:
        raise PermissionDenied(message)
    return author


@transaction.atomic
def feedback_give(
    *,
    employee: Employee,
    actor: User,
    text: str,
    kind: str = Feedback.Kind.MASUKAN,
    evaluation: Evaluation | None = None,
    result_id: int | None = None,
) -> Feedback:
    """The appraiser gives continuous feedback (an appreciation or a suggestion) at any time; the employee is
    notified. On an evaluation it may name one of the evaluated SKP's RHK (column (7) of that row)."""
    author = _coach(employee, actor, _("Hanya pejabat penilai kinerja yang dapat memberi umpan balik berkelanjutan."))
    if evaluation is not None:
        _guard(evaluation)
    if result_id is not None and (
        evaluation is None or not PlannedResult.objects.filter(pk=result_id, plan_id=evaluation.plan_id).exists()
    ):
        raise ValidationError({"result": _("Pilih RHK dari SKP yang dievaluasi.")})
    _refuse_if_final_on(employee, today())
    feedback = _saved(
        Feedback(
            employee=employee,
            author=author,
            evaluation=evaluation,
            kind=kind,
            result_id=result_id,
            text=text.strip(),
        ),
        actor,
    )
    notifications.feedback_received(feedback=feedback)
    return feedback


@transaction.atomic
def dialogue_schedule(
    *,
    employee: Employee,
    actor: User,
    scheduled_for: dt.date,
    topic: str,
    evaluation: Evaluation | None = None,
) -> PerformanceDialogue:
    """The appraiser schedules a dialog kinerja (today or later); the employee is notified."""
    author = _coach(employee, actor, _("Hanya pejabat penilai kinerja yang dapat menjadwalkan dialog kinerja."))
    if scheduled_for < today():
        raise ValidationError({"scheduled_for": _("Jadwal dialog kinerja tidak boleh di masa lalu.")})
    if evaluation is not None:
        _guard(evaluation)
    dialogue = _saved(
        PerformanceDialogue(
            employee=employee, appraiser=author, evaluation=evaluation, scheduled_for=scheduled_for, topic=topic
        ),
        actor,
    )
    notifications.dialogue_scheduled(dialogue=dialogue)
    return dialogue


@transaction.atomic
def dialogue_hold(
    *, dialogue: PerformanceDialogue, actor: User, held_on: dt.date, notes: str, follow_up: str = ""
) -> PerformanceDialogue:
    """The appraiser records a scheduled dialog kinerja once held (the appraiser of that day, if it changed)."""
    author = _coach(dialogue.employee, actor, _("Hanya pejabat penilai kinerja yang dapat mencatat dialog kinerja."))
    dialogue = PerformanceDialogue.objects.select_for_update().select_related("employee").get(pk=dialogue.pk)
    if dialogue.is_held:
        raise ValidationError(_("Dialog kinerja ini sudah dicatat."))
    if held_on > today():
        raise ValidationError({"held_on": _("Dialog kinerja yang dicatat tidak boleh bertanggal di masa depan.")})
    if dialogue.evaluation_id is not None:
        _guard(dialogue.evaluation)
    _refuse_if_final_on(dialogue.employee, held_on)
    dialogue.held_on, dialogue.notes, dialogue.follow_up, dialogue.appraiser = held_on, notes, follow_up, author
    return _saved(dialogue, actor)


@transaction.atomic
def dialogue_record(
    *,
    employee: Employee,
    actor: User,
    held_on: dt.date,
    topic: str,
    notes: str,
    follow_up: str = "",
    evaluation: Evaluation | None = None,
) -> PerformanceDialogue:
    author = _coach(employee, actor, _("Hanya pejabat penilai kinerja yang dapat mencatat dialog kinerja."))
    if evaluation is not None:
        _guard(evaluation)
    _refuse_if_final_on(employee, held_on)
    return _saved(
        PerformanceDialogue(
            employee=employee,
            appraiser=author,
            evaluation=evaluation,
            held_on=held_on,
            topic=topic,
            notes=notes,
            follow_up=follow_up,
        ),
        actor,
    )


def peer_summary_for(evaluation: Evaluation) -> dict | None:
    """Aggregated, anonymous peer feedback, or None below 3 answers ('belum cukup tanggapan') and while the
    peer step is open: a summary that still changes lets whoever sees two versions read one peer's answer."""
    if not evaluation.peer_step_closed:
        return None
    answers = list(evaluation.peer_feedback.values_list("ratings", "comment"))
    return rules.peer_summary([a for a, _ in answers], [c for _, c in answers])


__all__ = ["CoreValue"]  # re-exported for forms that list the values
