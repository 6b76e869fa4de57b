"""A receipt's survey link stays valid for SURVEY_TOKEN_DAYS days, as the deploy configures it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from appraisal.models import ServiceType, SurveyResponse
from appraisal.service_desk.services import SurveyUnavailable, service_request_register, survey_submit

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
RECEIVED = dt.datetime(2026, 8, 3, 9, tzinfo=WITA)


@pytest.fixture
def file(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a)
    with override_settings(SURVEY_TOKEN_DAYS=7), time_machine.travel(RECEIVED, tick=False):
        return service_request_register(actor=org.staff_a.user, service_type=service, citizen_name="Warga")


def test_the_token_expires_after_the_configured_days(file):
    assert file.survey_token.expires_at == RECEIVED + dt.timedelta(days=7)


def test_the_survey_is_open_on_the_last_day(file):
    with time_machine.travel(RECEIVED + dt.timedelta(days=7, minutes=-1), tick=False):
        survey_submit(key=file.survey_token.token, scores=[4] * 9)
    assert SurveyResponse.objects.count() == 1


def test_the_survey_is_closed_once_the_configured_days_have_passed(file):
    # Well inside the 30-day default, so a token that ignored the setting would still be open.
    with time_machine.travel(RECEIVED + dt.timedelta(days=8), tick=False), pytest.raises(SurveyUnavailable) as exc:
        survey_submit(key=file.survey_token.token, scores=[4] * 9)
    assert exc.value.reason == "expired"
    assert SurveyResponse.objects.count() == 0
