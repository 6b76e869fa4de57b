"""Survey answers cannot be paired with the citizen (issue 9, finding 4).

The audit paired a response with its token by equal timestamps, and so with the file's name and phone. Now a
response holds a date and a random key only, and the name and phone are erased (history included) as soon as the
link is used, or by the hourly job once it has expired.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import models

from appraisal.models import ServiceRequest, ServiceType, SurveyResponse
from appraisal.service_desk.services import citizen_contacts_forget_expired, service_request_register, survey_submit
from workflows.tasks import forget_citizen_contacts

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
RECEIVED = dt.datetime(2026, 8, 17, 10, 0, tzinfo=WITA)


@pytest.fixture
def files(org, settings):
    settings.SURVEY_TOKEN_DAYS = 30
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a)
    with time_machine.travel(RECEIVED, tick=False):
        return [
            service_request_register(
                actor=org.staff_a.user, service_type=service, citizen_name=f"Warga {n}", citizen_phone=f"08123{n:06d}"
            )
            for n in range(3)
        ]


def test_a_response_keeps_a_date_and_a_random_key_only(files):
    fields = {f.name: f for f in SurveyResponse._meta.fields}
    assert [n for n, f in fields.items() if isinstance(f, models.DateTimeField)] == []
    with time_machine.travel(RECEIVED + dt.timedelta(days=1, hours=3, minutes=17), tick=False):
        responses = [survey_submit(key=f.survey_token.token, scores=[4] * 9) for f in files]
    assert {r.submitted_on for r in responses} == {dt.date(2026, 8, 18)}
    keys = [r.pk for r in responses]
    assert all(k > 2**20 for k in keys) and keys != list(range(keys[0], keys[0] + 3))


def test_using_the_link_erases_the_citizens_name_and_phone_also_from_history(files):
    answered, waiting = files[0], files[1]
    with time_machine.travel(RECEIVED + dt.timedelta(days=1), tick=False):
        survey_submit(key=answered.survey_token.short_code, scores=[3] * 9)
    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert (answered.citizen_name, answered.citizen_phone) == ("", "")
    assert waiting.citizen_name == "Warga 1"  # the counter still needs a file whose link is unused
    history_fields = {f.name for f in ServiceRequest.history.model._meta.fields}
    assert not {"citizen_name", "citizen_phone"} & history_fields


def test_expired_links_lose_the_contact_through_the_hourly_job(files):
    with time_machine.travel(RECEIVED + dt.timedelta(days=29), tick=False):
        assert citizen_contacts_forget_expired() == 0
    with time_machine.travel(RECEIVED + dt.timedelta(days=30, minutes=1), tick=False):
        forget_citizen_contacts.call_local()
    assert set(ServiceRequest.objects.values_list("citizen_name", "citizen_phone")) == {("", "")}
    assert citizen_contacts_forget_expired() == 0  # nothing left to erase
