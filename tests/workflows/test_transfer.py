"""Mutasi (issue 10, item 5): the old SKP closes, a new one starts, and each period is rated by the Pejabat Penilai
Kinerja of the position held in it (rules.plan_for_period: the position held for most of the period)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from appraisal.evaluation.selectors import eligible_employees
from appraisal.models import Employee, Evaluation, PerformancePlan, Transfer
from appraisal.org.services import employee_save
from tests.evaluation_helpers import fill_and_submit, open_tw3
from tests.factories import EmployeeFactory
from tests.workflows.conftest import answer_all_peers, evaluation_of
from workflows.evaluation_flow import EvaluationFlow
from workflows.skp_flow import SkpFlow
from workflows.steps.common import open_task
from workflows.steps.evaluation import evaluation_rate
from workflows.steps.skp import employee_transfer

pytestmark = pytest.mark.django_db

OCT_1 = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


def _transfer(org, *, actor=None, position=None, on=dt.date(2026, 10, 1), decree="800/123/BKPSDM/2026"):
    return employee_transfer(
        employee=org.staff_a,
        position=position or org.staff_b_pos,
        effective_date=on,
        decree_number=decree,
        actor=actor or org.hr_kec,
    )


@pytest.fixture
def chain(org):
    from tests.evaluation_helpers import approved_chain

    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        for name in ("Yakobus Tefa", "Rambu Nope"):
            EmployeeFactory(name=name, position=org.staff_a_pos)
        return approved_chain(org)


def test_a_transfer_closes_the_old_skp_and_starts_one_for_the_new_position(org, chain):
    with time_machine.travel(OCT_1, tick=False):
        transfer, plan = _transfer(org)
    old = chain["staff"]
    old.refresh_from_db()
    assert (old.period_start, old.period_end, old.status) == (dt.date(2026, 1, 1), dt.date(2026, 9, 30), "APPROVED")
    assert (plan.version, plan.period_start, plan.period_end) == (2, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert (plan.position, plan.unit, plan.appraiser) == (org.staff_b_pos, org.kel_b, org.lurah_b)
    assert plan.previous_version is None and "800/123/BKPSDM/2026" in plan.revision_reason
    assert open_task(plan.process, SkpFlow.draft).owner == org.staff_a.user
    org.staff_a.refresh_from_db()
    assert org.staff_a.position == org.staff_b_pos
    assert (transfer.from_position, transfer.to_position, transfer.recorded_by) == (
        org.staff_a_pos,
        org.staff_b_pos,
        org.hr_kec,
    )
    # Every change is in history, with who made it.
    assert old.history.first().history_user == org.hr_kec
    assert org.staff_a.history.get(position=org.staff_b_pos).history_user == org.hr_kec
    assert Transfer.history.get().history_user == org.hr_kec
    # The closed SKP cannot be revised any more: changes go to the new position's SKP.
    from workflows.steps.skp import plan_revise

    with pytest.raises(ValidationError, match="ditutup karena mutasi"):
        plan_revise(plan=old, actor=org.staff_a.user, reason="Ubah")


def test_a_transfer_on_1_october_gives_july_to_september_to_the_former_superior(org, chain):
    """Done-when of issue 10: Triwulan III opened after the move still belongs to Mantasi and to the Kasi."""
    with time_machine.travel(OCT_1, tick=False):
        _transfer(org)
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC), tick=False):
        mantasi = open_tw3(org)
        ev = evaluation_of(mantasi, org.staff_a)
        assert (ev.position, ev.unit, ev.appraiser, ev.plan) == (org.staff_a_pos, org.kel_a, org.kasi_a, chain["staff"])
        fill_and_submit(ev)
        answer_all_peers(ev)
        task = open_task(ev.process, EvaluationFlow.rate)
        assert task.owner == org.kasi_a.user  # not Naioni's Lurah, the superior today
        with pytest.raises(PermissionDenied):
            evaluation_rate(
                evaluation=ev, actor=org.lurah_b.user, result_rating="ABOVE", behaviour_rating="ABOVE", feedback="x"
            )
        evaluation_rate(
            evaluation=ev, actor=org.kasi_a.user, result_rating="MEETS", behaviour_rating="MEETS", feedback="Baik."
        )
    ev.refresh_from_db()
    assert ev.rated_by == org.kasi_a and ev.predicate == "BAIK"
    # Naioni's Triwulan III does not evaluate the months spent in Mantasi a second time.
    eligible, skipped = eligible_employees(mantasi.period.__class__(unit=org.kel_b, **_tw3_dates()))
    assert org.staff_a.pk not in {e.pk for e, _ in eligible}
    assert any(e.pk == org.staff_a.pk and "mutasi" in reason for e, reason in skipped)


def _tw3_dates():
    return {
        "year": 2026,
        "kind": "TW3",
        "start_date": dt.date(2026, 7, 1),
        "end_date": dt.date(2026, 9, 30),
        "peer_deadline": dt.date(2026, 10, 10),
    }


def test_an_evaluation_opened_before_the_transfer_is_still_rated_by_the_former_superior(org, chain):
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        ev = evaluation_of(open_tw3(org), org.staff_a)
    with time_machine.travel(OCT_1, tick=False):
        _transfer(org)
        fill_and_submit(ev)
        answer_all_peers(ev)
        assert open_task(ev.process, EvaluationFlow.rate).owner == org.kasi_a.user


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"on": dt.date(2026, 10, 2)}, "effective_date", "tidak boleh di masa depan"),
        ({"on": dt.date(2025, 12, 31)}, "effective_date", "paling awal 01-01-2026"),
        ({"decree": "  "}, "decree_number", "nomor SK mutasi"),
        ({"position": "staff_a_pos"}, "position", "sudah menduduki jabatan ini"),
        ({"position": "kasi_a_pos"}, "position", "masih diduduki Ester Foenay"),
    ],
)
def test_bad_transfers_say_why_and_change_nothing(org, chain, change, field, message):
    kwargs = dict(change)
    if "position" in kwargs:
        kwargs["position"] = getattr(org, kwargs["position"])
    with time_machine.travel(OCT_1, tick=False), pytest.raises(ValidationError) as exc:
        _transfer(org, **kwargs)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Transfer.objects.exists()
    assert PerformancePlan.objects.filter(employee=org.staff_a).count() == 1
    assert Employee.objects.get(pk=org.staff_a.pk).position == org.staff_a_pos
    chain["staff"].refresh_from_db()
    assert chain["staff"].period_end == dt.date(2026, 12, 31)


def test_hr_of_one_kelurahan_cannot_move_someone_into_another(org, chain):
    with time_machine.travel(OCT_1, tick=False), pytest.raises(PermissionDenied):
        _transfer(org, actor=org.hr_a)
    assert not Transfer.objects.exists()


def test_changing_the_position_of_someone_with_an_skp_is_a_transfer(org, chain):
    with time_machine.travel(OCT_1, tick=False), pytest.raises(ValidationError, match="melalui Mutasi"):
        employee_save(employee=org.staff_a, actor=org.hr_kec, position=org.staff_b_pos)


def test_the_transfer_page(client, org, chain):
    client.force_login(org.hr_kec)
    url = reverse("employee_transfer", args=[org.staff_a.pk])
    with time_machine.travel(OCT_1, tick=False):
        page = client.post(url, {"position": org.staff_b_pos.pk, "effective_date": "2026-10-02", "decree_number": "1"})
        assert page.status_code == 200 and "tidak boleh di masa depan" in page.content.decode()
        assert not Transfer.objects.exists()
        done = client.post(
            url, {"position": org.staff_b_pos.pk, "effective_date": "2026-10-01", "decree_number": "800/1/2026"}
        )
    assert done.status_code == 302
    assert Transfer.objects.get().decree_number == "800/1/2026"
    detail = client.get(reverse("employee_detail", args=[org.staff_a.pk])).content.decode()
    assert "Riwayat mutasi" in detail and "800/1/2026" in detail
    # Staff, and HR of the kelurahan the employee has left, get no transfer page.
    client.force_login(org.staff_b.user)
    assert client.get(url).status_code == 403
    client.force_login(org.hr_a)
    assert client.get(url).status_code == 403


def test_both_skps_appear_in_the_years_evaluations(org, chain):
    with time_machine.travel(OCT_1, tick=False):
        _transfer(org)
    with time_machine.travel(dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC), tick=False):
        open_tw3(org)
    assert list(Evaluation.objects.filter(employee=org.staff_a).values_list("plan__version", flat=True)) == [1]
    assert list(
        PerformancePlan.objects.filter(employee=org.staff_a)
        .order_by("version")
        .values_list("version", "position__title")
    ) == [
        (1, "Pengadministrasi Umum"),
        (2, "Pengadministrasi Naioni"),
    ]
