"""Sending final evaluations to SIASN's kinerja history, and resending: every change of a SiasnSubmission is here.

Nothing is sent before an evaluation is final (signed off and locked). Before creating a row, SIASN's existing history
of the person is read: a row of the same period that this system did not send is a duplicate, and sending is
refused (HR checks it in SIASN); the row this system sent earlier is replaced (its id is sent again), so a correction
replaces the earlier record instead of adding a second one. The Dokumen Evaluasi PDF is uploaded to the row
(/upload-dok-rw, type 890). An unchanged evaluation already sent is not sent again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.evaluation.services import evaluation_document_store
from appraisal.models import Evaluation, Period, SiasnSubmission, SubmissionState
from appraisal.org.services import system_user
from appraisal.siasn import codes, payloads
from appraisal.siasn.client import SiasnClient, SiasnError


def _saved(submission: SiasnSubmission, actor: User | None) -> SiasnSubmission:
    submission.full_clean()
    submission._history_user = actor or system_user()
    submission.save()
    return submission


def _fail(submission: SiasnSubmission, reason: str, actor: User | None) -> SiasnSubmission:
    submission.state = SubmissionState.FAILED
    submission.error = reason[:500]
    return _saved(submission, actor)


def evaluation_send(*, evaluation_id: int, actor: User | None = None, client: SiasnClient | None = None):
    """Send one final evaluation (the job's work); returns its SiasnSubmission, or None when not final."""
    evaluation = (
        Evaluation.objects.select_related("employee", "period", "appraiser__position__unit")
        .filter(pk=evaluation_id, is_final=True)
        .first()
    )
    if evaluation is None:
        return None  # before finality nothing is sent
    if not evaluation.document:
        evaluation_document_store(evaluation_id=evaluation.pk)  # idempotent; the PDF goes with the row
        evaluation.refresh_from_db(fields=["document"])
    # The row lock is held over the calls to SIASN: two jobs (or a job and HR's resend) never send the same evaluation
    # at once, which is what would create a duplicate row in SIASN.
    with transaction.atomic():
        submission, _created = SiasnSubmission.objects.select_for_update().get_or_create(evaluation=evaluation)
        endpoint = payloads.endpoint_for(evaluation)
        body = payloads.payload(evaluation)
        fingerprint = payloads.fingerprint(body)
        if submission.state == SubmissionState.SENT and submission.payload_sha256 == fingerprint:
            return submission  # SIASN already holds exactly this
        submission.attempts += 1
        if not evaluation.employee.siasn_id:
            return _fail(
                submission, _("Pegawai belum tertaut ke SIASN (PNS ID kosong): impor data SIASN dahulu."), actor
            )
        try:
            client = client or SiasnClient()
            history = (
                client.skp22_history(evaluation.employee.nip)
                if endpoint == payloads.ANNUAL
                else client.kinerja_periodik_history(evaluation.employee.nip)
            )
            same = [row for row in history if payloads.same_period(row, body, endpoint)]
            ours = [row for row in same if submission.siasn_id and str(row.get("id")) == submission.siasn_id]
            others = [row for row in same if row not in ours]
            if others:
                return _fail(
                    submission,
                    _(
                        "SIASN sudah memiliki riwayat kinerja periode ini (ID %(id)s) yang tidak dikirim dari sini; "
                        "tidak dibuat ganda. Periksa atau hapus di SIASN, lalu kirim ulang."
                    )
                    % {"id": others[0].get("id")},
                    actor,
                )
            if ours:
                body = {"id": submission.siasn_id, **body}  # replaces the row sent earlier
            save = client.skp22_save if endpoint == payloads.ANNUAL else client.kinerja_periodik_save
            siasn_id = save(body)
            uploaded = False
            if evaluation.document:
                with evaluation.document.open("rb") as handle:
                    content = handle.read()
                client.upload_document(
                    history_id=siasn_id,
                    document_type=codes.EVALUATION_DOCUMENT_TYPE,
                    filename=f"evaluasi-{evaluation.period.year}-{evaluation.period.kind}-{evaluation.employee.nip}.pdf",
                    content=content,
                )
                uploaded = True
        except SiasnError as exc:
            return _fail(submission, _("SIASN: %(message)s") % {"message": exc.message}, actor)
        submission.state = SubmissionState.SENT
        submission.endpoint = endpoint
        submission.siasn_id = siasn_id
        submission.document_uploaded = uploaded
        submission.sent_at = timezone.now()
        submission.error = ""
        submission.payload_sha256 = fingerprint
        return _saved(submission, actor)


def evaluation_resend_check(*, evaluation: Evaluation, actor: User) -> None:
    if not policy.can_send_to_siasn(actor, evaluation):
        raise PermissionDenied(_("Hanya admin kepegawaian unit ini yang dapat mengirim ke SIASN."))
    if not settings.SIASN_ENABLED:
        raise ValidationError(_("Pengiriman ke SIASN belum diaktifkan: gunakan ekspor untuk entri manual."))
    if not evaluation.is_final:
        raise ValidationError(_("Evaluasi dikirim ke SIASN setelah final (disahkan)."))


@transaction.atomic
def evaluation_resend(*, evaluation: Evaluation, actor: User) -> SiasnSubmission:
    """HR asks to send again (after a failure, or after a change): the submission waits for the job."""
    evaluation_resend_check(evaluation=evaluation, actor=actor)
    submission, _created = SiasnSubmission.objects.select_for_update().get_or_create(evaluation=evaluation)
    if submission.state != SubmissionState.SENT:
        submission.state = SubmissionState.PENDING
        submission.error = ""
    submission.payload_sha256 = ""  # sent again even when unchanged
    return _saved(submission, actor)


def submissions_of(evaluation_ids) -> dict[int, SiasnSubmission]:
    """The SIASN state of the listed evaluations, in one query (the period page)."""
    return {s.evaluation_id: s for s in SiasnSubmission.objects.filter(evaluation_id__in=list(evaluation_ids))}


def period_counts(period: Period) -> dict[str, int]:
    """How many of the period's final evaluations were sent, failed, or wait (one aggregate)."""
    finals: QuerySet = period.evaluations.filter(is_final=True)
    counts = finals.aggregate(
        final=Count("id"),
        sent=Count("id", filter=Q(siasn_submission__state=SubmissionState.SENT)),
        failed=Count("id", filter=Q(siasn_submission__state=SubmissionState.FAILED)),
    )
    counts["waiting"] = counts["final"] - counts["sent"] - counts["failed"]
    return counts
