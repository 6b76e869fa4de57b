"""Drive an evaluation of Kelurahan Mantasi to the step a page test needs, through the services."""

from __future__ import annotations

from appraisal.evaluation.services import peers_choose
from appraisal.models import Employee, Evaluation
from tests.evaluation_helpers import ALL_MEETS, approved_chain, fill_and_submit, open_tw3
from tests.factories import EmployeeFactory, UserFactory
from workflows.evaluation_flow import EvaluationFlow
from workflows.steps.evaluation import evaluation_accept, evaluation_rate, peer_feedback_submit

# Two more colleagues of staff_a, so three peers can answer; usernames chosen to be searchable in pages.
EXTRA_PEERS = (("Yakobus Tefa", "rekan_yakobus"), ("Rambu Nope", "rekan_rambu"))


def mantasi_period(org):
    """Approved SKPs in Mantasi, two more colleagues, and Triwulan III 2026 opened by hr_a."""
    for name, username in EXTRA_PEERS:
        EmployeeFactory(name=name, position=org.staff_a_pos, user=UserFactory(username=username))
    approved_chain(org)
    return open_tw3(org)


def evaluation_of(report, employee: Employee) -> Evaluation:
    return Evaluation.objects.get(period=report.period, employee=employee)


def peers_of(evaluation: Evaluation) -> list[Employee]:
    return [r.peer for r in evaluation.peer_requests.select_related("peer__user").order_by("peer__name")]


def answer_peers(evaluation: Evaluation, *, level: str = "ABOVE") -> list[str]:
    """Every asked peer answers; returns the comments they wrote."""
    comments = []
    for n, peer in enumerate(peers_of(evaluation), start=1):
        task = evaluation.process.task_set.get(
            flow_task=EvaluationFlow.peer_feedback, status="ASSIGNED", owner=peer.user
        )
        comment = f"Catatan rekan nomor {n}: sigap melayani warga."
        peer_feedback_submit(task=task, actor=peer.user, ratings={**ALL_MEETS, "PELAYANAN": level}, comment=comment)
        comments.append(comment)
    return comments


def ready_to_rate(org, evaluation: Evaluation, *, peers: list[Employee] | None = None) -> list[str]:
    """Optionally choose the peers (as the appraiser), submit the self-assessment and let every peer answer."""
    if peers is not None:
        appraiser = org.camat if evaluation.employee == org.lurah_a else org.kasi_a
        peers_choose(evaluation=evaluation, peers=peers, actor=appraiser.user)
    fill_and_submit(evaluation)
    return answer_peers(evaluation)


def rated(org, evaluation: Evaluation, result="MEETS", behaviour="MEETS") -> Evaluation:
    ready_to_rate(org, evaluation)
    evaluation_rate(
        evaluation=evaluation,
        actor=org.kasi_a.user,
        result_rating=result,
        behaviour_rating=behaviour,
        feedback="Pertahankan kinerja.",
    )
    evaluation.refresh_from_db()
    return evaluation


def waiting_for_sign_off(org, evaluation: Evaluation) -> Evaluation:
    rated(org, evaluation)
    evaluation_accept(evaluation=evaluation, actor=evaluation.employee.user)
    evaluation.refresh_from_db()
    return evaluation
