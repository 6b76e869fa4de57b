"""Build evaluations through the services, as HR and the people involved would."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client

from appraisal.evaluation.selectors import eligible_employees
from appraisal.evaluation.services import period_create, realization_save
from appraisal.models import CoreValue, Employee, Evaluation, Period
from tests.skp_helpers import approved_plan
from workflows.opening import period_populate
from workflows.steps.evaluation import self_assessment_submit

ALL_MEETS = {v: "MEETS" for v in CoreValue.values}


class ConfirmingClient(Client):
    """A user who confirms every irreversible action at once: each form POST carries confirmed=1.

    Irreversible actions first answer with a confirm step (appraisal/pages/confirm.py); tests about what the action
    does use this client (the `client` fixture, tests/conftest.py), tests about the confirm step itself use a plain
    django.test.Client (tests/appraisal/test_confirmation.py). JSON and raw bodies are left alone.
    """

    def post(self, path, data=None, content_type=None, *args, **kwargs):
        if content_type is None and (data is None or isinstance(data, dict)):
            data = {"confirmed": "1", **(data or {})}
        if content_type is None:
            return super().post(path, data, *args, **kwargs)
        return super().post(path, data, content_type, *args, **kwargs)


@dataclass
class OpenReport:
    period: Period
    created: list[Evaluation]
    skipped: list[tuple[Employee, str]]


def period_open(**fields) -> OpenReport:
    """Open a period and run its opening job now (pages and the API enqueue it after commit)."""
    period = period_create(**fields)
    period_populate(period.pk)
    period.refresh_from_db()
    eligible, skipped = eligible_employees(period)
    by_employee = {e.employee_id: e for e in period.evaluations.select_related("employee", "period")}
    return OpenReport(period=period, created=[by_employee[e.pk] for e, _ in eligible], skipped=skipped)


def approved_chain(org):
    """Approved SKPs from the Sekda down to staff_a and peer_a (Kelurahan Mantasi)."""
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
    staff = approved_plan(org.staff_a, supports=kasi.results.get())
    peer = approved_plan(org.peer_a, supports=kasi.results.get())
    return {"kasi": kasi, "staff": staff, "peer": peer, "lurah": lurah}


def open_tw3(org, unit=None, *, peer_deadline=dt.date(2026, 10, 10)):
    return period_open(
        unit=unit or org.kel_a,
        year=2026,
        kind="TW3",
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 9, 30),
        peer_deadline=peer_deadline,
        actor=org.hr_a,
    )


def fill_and_submit(evaluation, value="10"):
    for r in evaluation.realizations.all():
        realization_save(realization=r, actor=evaluation.employee.user, value=Decimal(value), note="Sesuai bukti")
    return self_assessment_submit(evaluation=evaluation, actor=evaluation.employee.user, text="Target tercapai.")
