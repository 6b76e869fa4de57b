import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from appraisal.models import ServiceType, SurveyResponse
from appraisal.service_desk.selectors import public_service_summary
from appraisal.service_desk.services import (
    SurveyUnavailable,
    service_request_move,
    service_request_register,
    survey_submit,
)

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def domisili(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a, org.kel_b)
    return service


def register(org, service, when):
    with time_machine.travel(when, tick=False):
        return service_request_register(actor=org.staff_a.user, service_type=service, citizen_name="Warga")


def test_officer_registers_and_completes_a_file_and_the_token_is_single_use(org, domisili):
    request = register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    assert request.unit == org.kel_a and request.officer == org.staff_a
    token = request.survey_token
    with time_machine.travel(dt.datetime(2026, 8, 13, 9, tzinfo=WITA), tick=False):
        service_request_move(request=request, actor=org.staff_a.user, action="complete")
        survey_submit(key=token.token, scores=[4] * 9, comment="Cepat")
        with pytest.raises(SurveyUnavailable) as exc:
            survey_submit(key=token.short_code, scores=[1] * 9)
    assert exc.value.reason == "used"
    assert SurveyResponse.objects.count() == 1


def test_expired_and_unknown_tokens(org, domisili):
    request = register(org, domisili, dt.datetime(2026, 8, 1, 9, tzinfo=WITA))
    with (
        time_machine.travel(dt.datetime(2026, 9, 1, 9, tzinfo=WITA), tick=False),
        pytest.raises(SurveyUnavailable) as exc,
    ):
        survey_submit(key=request.survey_token.token, scores=[4] * 9)
    assert exc.value.reason == "expired"
    with pytest.raises(SurveyUnavailable) as exc:
        survey_submit(key="tidak-ada", scores=[4] * 9)
    assert exc.value.reason == "unknown"


def test_bad_scores_write_nothing(org, domisili):
    request = register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    with time_machine.travel(dt.datetime(2026, 8, 13, 9, tzinfo=WITA), tick=False), pytest.raises(ValidationError):
        survey_submit(key=request.survey_token.token, scores=[5] * 9)
    request.survey_token.refresh_from_db()
    assert request.survey_token.used_at is None and not SurveyResponse.objects.exists()


def test_an_officer_cannot_move_another_units_file(org, domisili):
    request = register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    with pytest.raises(PermissionDenied):
        service_request_move(request=request, actor=org.staff_b.user, action="complete")
    with pytest.raises(PermissionDenied):
        service_request_move(request=request, actor=org.outsider, action="complete")


def test_figures_for_an_officer_match_a_hand_count(org, domisili):
    # Three files in August: same day (on time), Fri → Tue (2 working days: late), returned once then done.
    a = register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    b = register(org, domisili, dt.datetime(2026, 8, 14, 9, tzinfo=WITA))
    c = register(org, domisili, dt.datetime(2026, 8, 19, 9, tzinfo=WITA))
    register(org, domisili, dt.datetime(2026, 10, 1, 9, tzinfo=WITA))  # outside the period
    with time_machine.travel(dt.datetime(2026, 8, 12, 14, tzinfo=WITA), tick=False):
        service_request_move(request=a, actor=org.staff_a.user, action="complete")
    with time_machine.travel(dt.datetime(2026, 8, 18, 10, tzinfo=WITA), tick=False):
        service_request_move(request=b, actor=org.staff_a.user, action="complete")
    with time_machine.travel(dt.datetime(2026, 8, 19, 10, tzinfo=WITA), tick=False):
        service_request_move(request=c, actor=org.staff_a.user, action="return")
        service_request_move(request=c, actor=org.staff_a.user, action="resubmit")
        service_request_move(request=c, actor=org.staff_a.user, action="complete")
    for score in (4, 3, 4, 4, 4):  # responses carry no link to the file
        SurveyResponse.objects.create(
            service_type=domisili,
            unit=org.kel_a,
            officer=org.staff_a,
            scores=[score] * 9,
            submitted_on=dt.datetime(2026, 8, 20, tzinfo=WITA).date(),
        )
    figures = public_service_summary(org.staff_a, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
    assert figures["handled"] == 3 and figures["completed"] == 3
    assert figures["within_standard_pct"] == "66.7"  # a and c same day; b took 2 working days
    assert figures["median_working_days"] == "1.0"
    assert figures["returned_pct"] == "33.3"
    assert figures["survey_responses"] == 5
    assert (figures["ikm"], figures["ikm_quality"]) == ("94.91", "A")  # NRR 3.8 → 3.8 × 0.999 × 25


def test_fewer_than_five_responses_hide_the_individual_index(org, domisili):
    register(org, domisili, dt.datetime(2026, 8, 12, 9, tzinfo=WITA))
    SurveyResponse.objects.create(
        service_type=domisili,
        unit=org.kel_a,
        officer=org.staff_a,
        scores=[4] * 9,
        submitted_on=dt.datetime(2026, 8, 20, tzinfo=WITA).date(),
    )
    figures = public_service_summary(org.staff_a, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
    assert figures["survey_responses"] == 1 and figures["ikm"] is None


def test_no_data_in_the_period_says_so(org):
    figures = public_service_summary(org.staff_a, start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))
    assert figures == {"available": False, "start": "2026-07-01", "end": "2026-09-30"}
