"""Shared set-up of the evaluation page tests: staff_a's Triwulan III 2026 evaluation with three named peers.

Two peers get conspicuous account and employee ids, so a page leaking an id can be caught by a plain
substring test (peer_a's small ids would match unrelated numbers).
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.messages import get_messages

from appraisal.evaluation.services import realization_save
from appraisal.models import Employee, Evaluation
from appraisal.skp.services import result_save
from tests.evaluation_helpers import ALL_MEETS, open_tw3
from tests.factories import EmployeeFactory, UserFactory
from tests.skp_helpers import approved_plan, indicator
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.evaluation import (
    evaluation_accept,
    evaluation_rate,
    evaluation_sign_off,
    peer_feedback_submit,
    self_assessment_submit,
)
from workflows.steps.skp import plan_approve, plan_create, plan_submit

WITA = ZoneInfo("Asia/Makassar")
RATED_ON = dt.datetime(2026, 10, 1, 9, 0, tzinfo=WITA)


def at(year, month, day, hour=9):
    return dt.datetime(year, month, day, hour, 0, tzinfo=WITA)


def login(client, person):
    client.force_login(person.user if isinstance(person, Employee) else person)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def build(org) -> SimpleNamespace:
    """Approved SKPs down to staff_a (two IKI), the TW3 period opened by HR, three peers asked."""
    yakobus = EmployeeFactory(
        id=876001, name="Yakobus Tefa", position=org.staff_a_pos, user=UserFactory(id=987001, username="rekan_yakobus")
    )
    rambu = EmployeeFactory(
        id=876002, name="Rambu Nope", position=org.staff_a_pos, user=UserFactory(id=987002, username="rekan_rambu")
    )
    sekda = approved_plan(org.sekda, org.admin, top_text="RPJMD Kota Kupang")
    camat = approved_plan(org.camat, supports=sekda.results.get())
    lurah = approved_plan(org.lurah_a, supports=camat.results.get())
    kasi = approved_plan(org.kasi_a, supports=lurah.results.get())
    plan = plan_create(employee=org.staff_a, year=2026)
    result_save(
        plan=plan,
        actor=org.staff_a.user,
        kind="UTAMA",
        text="Terlayaninya surat keterangan domisili",
        supports=kasi.results.get(),
        indicators=[
            indicator("Jumlah surat domisili terlayani", "120", "surat"),
            indicator("Surat selesai di hari yang sama", "90", "persen", "WAKTU"),
        ],
    )
    plan_submit(plan=plan, actor=org.staff_a.user)
    plan_approve(plan=plan, actor=org.kasi_a.user)
    report = open_tw3(org)
    ev = next(e for e in report.created if e.employee_id == org.staff_a.pk)
    peers = [org.peer_a, yakobus, rambu]
    assert set(ev.peer_requests.values_list("peer_id", flat=True)) == {p.pk for p in peers}
    return SimpleNamespace(ev=ev, peers=peers, period=report.period, report=report)


def reload(ev) -> Evaluation:
    return Evaluation.objects.get(pk=ev.pk)


def fill(ev, value="100"):
    for r in ev.realizations.all():
        realization_save(realization=r, actor=ev.employee.user, value=Decimal(value), note="Sesuai register")


def submit(ev):
    fill(ev)
    self_assessment_submit(evaluation=ev, actor=ev.employee.user, text="Semua target tercapai.")


def peer_task(ev, peer: Employee):
    return ev.process.task_set.get(flow_task=EvaluationFlow.peer_feedback, owner=peer.user)


def answer_all(ev, peers, level="ABOVE"):
    for n, peer in enumerate(peers):
        peer_feedback_submit(
            task=peer_task(ev, peer),
            actor=peer.user,
            ratings={**ALL_MEETS, "PELAYANAN": level},
            comment=f"Pelayanan ramah ({n})",
        )


def rate(ev, org, result="ABOVE", behaviour="ABOVE"):
    return evaluation_rate(
        evaluation=reload(ev),
        actor=org.kasi_a.user,
        result_rating=result,
        behaviour_rating=behaviour,
        feedback="Pertahankan kecepatan layanan.",
    )


def to_rated(ev, org, peers, **ratings):
    submit(ev)
    answer_all(ev, peers)
    return rate(ev, org, **ratings)


def to_final(ev, org, peers):
    to_rated(ev, org, peers)
    evaluation_accept(evaluation=reload(ev), actor=ev.employee.user)
    evaluation_sign_off(evaluation=reload(ev), actor=org.hr_a)
    return reload(ev)


def peer_identities(peers) -> list[str]:
    """What would identify each peer on a page: name, username, and the conspicuous ids."""
    found = []
    for p in peers:
        found += [p.name, p.user.username]
        if p.pk > 800000:
            found += [str(p.pk), str(p.user_id)]
    return found
