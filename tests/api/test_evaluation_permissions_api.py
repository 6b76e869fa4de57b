"""Who may do what to staff_a's evaluation over the API, person by person and endpoint by endpoint.

The people: the employee (staff_a), a peer asked for feedback (peer_a), the appraiser (kasi_a), the senior
appraiser (lurah_a), HR of the unit (hr_a), HR elsewhere (hr_b), an account with no employee record
(outsider) and an anonymous visitor. Someone who may not see the evaluation gets a 404 (its existence is not
confirmed); someone who sees it but may not act gets a 403; the anonymous visitor a 401 (no credentials); a
refused request changes nothing.
"""

import pytest

from appraisal.models import PeerFeedback
from tests.api import evaluation_api_helpers as helpers
from tests.api.evaluation_api_helpers import drive, peer_task_of, snapshot, url
from tests.appraisal.test_dashboard import seed_evaluation, seed_period
from tests.appraisal.test_talent_pages import annual, potential

pytestmark = pytest.mark.django_db

chain, media, opened, travel = helpers.chain, helpers.media, helpers.opened, helpers.travel

ROLES = ("employee", "peer", "appraiser", "senior", "hr_unit", "hr_elsewhere", "outsider", "anonymous")
PEOPLE = {
    "employee": "staff_a",
    "peer": "peer_a",
    "appraiser": "kasi_a",
    "senior": "lurah_a",
    "hr_unit": "hr_a",
    "hr_elsewhere": "hr_b",
    "outsider": "outsider",
    "anonymous": None,
}

# action: (the evaluation's state, method, what each role gets)
MATRIX = {
    "detail": ("RATING", "get", (200, 404, 200, 200, 200, 404, 404, 401)),
    "realization": ("SELF", "patch", (200, 404, 403, 403, 403, 404, 404, 401)),
    "rate": ("RATING", "post", (403, 404, 200, 403, 403, 404, 404, 401)),
    "accept": ("ACK", "post", (200, 404, 403, 403, 403, 404, 404, 401)),
    "decide": ("DECIDE", "post", (403, 404, 403, 200, 403, 404, 404, 401)),
    "sign-off": ("SIGNOFF", "post", (403, 404, 403, 403, 200, 404, 404, 401)),
    "document": ("FINAL", "get", (200, 404, 200, 200, 200, 404, 404, 401)),
    "peer-feedback": ("FEEDBACK", "get", (404, 200, 404, 404, 404, 404, 404, 401)),
}

PAYLOADS = {
    "realization": {"value": "9", "note": "Diperbarui"},
    "rate": {"result_rating": "MEETS", "behaviour_rating": "MEETS", "feedback": "Baik."},
    "decide": {"decision": "CHANGED", "notes": "Bukti sah.", "result_rating": "MEETS", "behaviour_rating": "MEETS"},
}


def address(org, evaluation, action: str) -> str:
    if action == "detail":
        return url(evaluation)
    if action == "realization":
        return url(evaluation, f"realizations/{evaluation.realizations.get().pk}")
    if action == "peer-feedback":
        return f"/api/v1/peer-feedback/{peer_task_of(evaluation, org.peer_a).pk}/"
    return url(evaluation, action)


def refused_first(expected: tuple[int, ...]) -> list[tuple[str, int]]:
    """Every role with its expected status; the refused ones first, so the one allowed write comes last."""
    return sorted(zip(ROLES, expected, strict=True), key=lambda pair: pair[1] < 400)


@pytest.mark.parametrize("action", MATRIX)
def test_permission_matrix(org, opened, api_as, subtests, action):
    # One evaluation per action, tried by every role in turn (a subtest each): building the state once
    # keeps 64 cases fast, and a refused request must leave it exactly as the next role finds it.
    state, method, expected = MATRIX[action]
    evaluation = drive(org, opened.evaluation, state)
    target = address(org, evaluation, action)

    for role, status in refused_first(expected):
        with subtests.test(role=role, expected=status):
            person = getattr(org, PEOPLE[role]) if PEOPLE[role] else None
            before = snapshot(evaluation)

            response = getattr(api_as(helpers.user_of(person)), method)(target, PAYLOADS.get(action), format="json")

            assert response.status_code == status, response.content[:300]
            if status >= 400:
                assert snapshot(evaluation) == before
                # A refusal says why and never echoes the evaluation.
                assert set(response.json()) <= {"detail", "code"}
            elif method != "get":
                assert snapshot(evaluation) != before


def test_the_matrix_allows_each_write_to_exactly_one_role():
    for action, (_state, method, expected) in MATRIX.items():
        allowed = [role for role, status in zip(ROLES, expected, strict=True) if status < 400]
        assert len(allowed) == 1 or method == "get", (action, allowed)


# --- Performance profile and talent map (issue 14): the same eight people ------------------------------------------

TALENT_MATRIX = {
    # The profile: the employee, the appraiser, the senior appraiser and HR of the unit; never a peer (404: its
    # existence is not confirmed, as an evaluation's).
    "profile": (200, 404, 200, 200, 200, 404, 404, 401),
    # The map: leaders (the Lurah is the senior appraiser here) and HR, each of their own units.
    "talent-map": (403, 403, 403, 200, 200, 200, 403, 401),
}


@pytest.mark.parametrize("endpoint", TALENT_MATRIX)
def test_talent_permission_matrix(org, api_as, subtests, endpoint):
    target = f"/api/v1/profiles/{org.staff_a.pk}/" if endpoint == "profile" else "/api/v1/talent-map/"
    for role, status in zip(ROLES, TALENT_MATRIX[endpoint], strict=True):
        with subtests.test(role=role, expected=status):
            person = getattr(org, PEOPLE[role]) if PEOPLE[role] else None
            response = api_as(helpers.user_of(person)).get(target)
            assert response.status_code == status, response.content[:300]
            if status >= 400:
                assert set(response.json()) <= {"detail", "code"}


def test_the_profile_hides_peer_counts_from_the_employee_only(org, api_as):
    ev = seed_evaluation(seed_period(org, org.kel_a, "TW1", 2026), org.staff_a, predicate="BAIK")
    for _ in range(3):
        PeerFeedback.objects.create(evaluation=ev, ratings={"PELAYANAN": "ABOVE"})
    url = f"/api/v1/profiles/{org.staff_a.pk}/"
    assert api_as(org.staff_a.user).get(url).json()["periods"][0]["peers"] is None
    assert api_as(org.kasi_a.user).get(url).json()["periods"][0]["peers"]["PELAYANAN"]["ABOVE"] == 3


def test_the_talent_map_api_counts_per_box(org, api_as):
    annual(org, org.staff_a, "SANGAT_BAIK")
    potential(org, org.staff_a, "TINGGI")
    data = api_as(org.camat.user).get("/api/v1/talent-map/").json()
    boxes = {b["number"]: b for b in data["boxes"]}
    assert boxes[9]["count"] == 1 and boxes[9]["employees"] == [org.staff_a.pk]
    assert org.staff_b.pk in data["unassessed"]
