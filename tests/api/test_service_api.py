"""The public-service API: service types, files at the counter, the public survey by token, the unit report."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

from appraisal.models import ServiceRequest, ServiceType, SurveyResponse
from appraisal.service_desk.services import service_request_register
from tests.api.conftest import error_fields, ids

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
NOW = dt.datetime(2026, 8, 17, 10, tzinfo=WITA)  # a Monday


@pytest.fixture(autouse=True)
def monday_and_a_fresh_throttle():
    cache.clear()  # the survey throttle counts in the cache
    with time_machine.travel(NOW, tick=True):
        yield
    cache.clear()


@pytest.fixture
def domisili(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a, org.kel_b)
    return service


@pytest.fixture
def mantasi_only(org):
    service = ServiceType.objects.create(name="Pengantar KTP", code="pengantar-ktp", standard_value=1)
    service.units.add(org.kel_a)
    return service


def register(org, service, officer=None, **kwargs):
    officer = officer or org.staff_a
    return service_request_register(
        actor=officer.user, service_type=service, citizen_name="Warga Rahasia", citizen_phone="0812", **kwargs
    )


# --- Files -------------------------------------------------------------------------------------


def test_officer_registers_in_own_unit_and_completes(org, api_as, domisili):
    client = api_as(org.staff_a.user)

    created = client.post(
        "/api/v1/service-requests/",
        {"service_type": domisili.pk, "citizen_name": " Warga Rahasia ", "citizen_phone": "0812"},
        format="json",
    )

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["unit"]["id"] == org.kel_a.pk and body["officer"]["id"] == org.staff_a.pk
    assert body["status"] == "RECEIVED" and body["citizen_name"] == "Warga Rahasia"
    assert len(body["survey"]["short_code"]) == 8 and body["survey"]["used"] is False
    assert "/survei/" in body["survey"]["url"]

    done = client.post(f"/api/v1/service-requests/{body['id']}/complete/", {}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "COMPLETED"
    assert ServiceRequest.objects.get(pk=body["id"]).completed_at is not None


def test_return_resubmit_and_reject_needs_a_reason(org, api_as, domisili):
    file = register(org, domisili)
    client = api_as(org.staff_a.user)
    url = f"/api/v1/service-requests/{file.pk}"

    returned = client.post(f"{url}/return/", {"note": "Fotokopi KK kurang"}, format="json").json()
    assert (returned["status"], returned["correction_rounds"]) == ("RETURNED", 1)
    assert returned["note"] == "Fotokopi KK kurang"
    assert client.post(f"{url}/resubmit/", {}, format="json").json()["status"] == "RECEIVED"
    refused = client.post(f"{url}/reject/", {"note": " "}, format="json")
    assert refused.status_code == 400 and "note" in error_fields(refused)
    assert client.post(f"{url}/reject/", {"note": "Bukan warga"}, format="json").json()["status"] == "REJECTED"
    # A closed file cannot be completed: a clear 400, nothing changes.
    again = client.post(f"{url}/complete/", {}, format="json")
    assert again.status_code == 400
    assert ServiceRequest.objects.get(pk=file.pk).status == "REJECTED"


def test_officer_cannot_work_another_units_files(org, api_as, domisili, mantasi_only):
    file = register(org, domisili)
    naioni = api_as(org.staff_b.user)

    assert naioni.post(f"/api/v1/service-requests/{file.pk}/complete/", {}, format="json").status_code == 404
    assert naioni.get(f"/api/v1/service-requests/{file.pk}/").status_code == 404
    refused = naioni.post("/api/v1/service-requests/", {"service_type": mantasi_only.pk}, format="json")
    assert refused.status_code == 400 and "service_type" in error_fields(refused)
    assert api_as(org.outsider).post(
        "/api/v1/service-requests/", {"service_type": domisili.pk}, format="json"
    ).status_code == 403  # fmt: skip
    # The Camat reads the file but does not work the Mantasi counter.
    assert api_as(org.camat.user).post(f"/api/v1/service-requests/{file.pk}/complete/", {}).status_code == 403
    assert ServiceRequest.objects.get(pk=file.pk).status == "RECEIVED"
    assert ServiceRequest.objects.count() == 1


def test_citizen_fields_only_for_the_counter_staff_and_hr(org, api_as, domisili):
    file = register(org, domisili)
    url = f"/api/v1/service-requests/{file.pk}/"

    for reader in (org.staff_a.user, org.lurah_a.user, org.hr_a, org.hr_kec):
        body = api_as(reader).get(url).json()
        assert (body["citizen_name"], body["citizen_phone"]) == ("Warga Rahasia", "0812"), reader
        assert body["survey"]["short_code"] == file.survey_token.short_code
    for reader in (org.camat.user,):
        response = api_as(reader).get(url)
        assert response.status_code == 200
        body = response.json()
        assert body["citizen_name"] is None and body["citizen_phone"] is None and body["survey"] is None
        assert "Warga Rahasia" not in response.content.decode()
    listed = api_as(org.camat.user).get("/api/v1/service-requests/").json()["results"]
    assert [row["citizen_name"] for row in listed] == [None]
    for stranger in (org.staff_b.user, org.lurah_b.user, org.hr_b, org.outsider):
        assert api_as(stranger).get(url).status_code == 404, stranger
    assert api_as(None).get(url).status_code == 401


def test_list_shows_the_units_files_with_filters(org, api_as, domisili):
    with time_machine.travel(dt.datetime(2026, 8, 10, 9, tzinfo=WITA), tick=False):
        early = register(org, domisili)
    mine = register(org, domisili)
    colleague = register(org, domisili, officer=org.peer_a)
    other = register(org, domisili, officer=org.staff_b)
    client = api_as(org.staff_a.user)
    client.post(f"/api/v1/service-requests/{mine.pk}/complete/")

    assert ids(client.get("/api/v1/service-requests/")) == {early.pk, mine.pk, colleague.pk}
    assert ids(client.get("/api/v1/service-requests/", {"status": "COMPLETED"})) == {mine.pk}
    assert ids(client.get("/api/v1/service-requests/", {"officer": org.peer_a.pk})) == {colleague.pk}
    assert ids(client.get("/api/v1/service-requests/", {"received_to": "2026-08-16"})) == {early.pk}
    assert ids(client.get("/api/v1/service-requests/", {"received_from": "2026-08-17"})) == {mine.pk, colleague.pk}
    assert ids(api_as(org.hr_kec).get("/api/v1/service-requests/")) == {early.pk, mine.pk, colleague.pk, other.pk}
    assert ids(api_as(org.hr_b).get("/api/v1/service-requests/")) == {other.pk}


def test_list_query_count_does_not_grow_with_files(org, api_as, domisili, django_assert_num_queries):
    client = api_as(org.staff_a.user)
    for _ in range(3):
        register(org, domisili)
    client.get("/api/v1/service-requests/")
    with django_assert_num_queries(7) as few:
        assert client.get("/api/v1/service-requests/").json()["count"] == 3
    for _ in range(30):
        register(org, domisili, officer=org.peer_a)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/service-requests/").json()["count"] == 33


# --- Service types -------------------------------------------------------------------------------


def test_service_types_are_listed_by_unit(org, api_as, domisili, mantasi_only):
    client = api_as(org.staff_b.user)
    assert ids(client.get("/api/v1/service-types/", {"unit": org.kel_b.pk})) == {domisili.pk}
    detail = client.get(f"/api/v1/service-types/{mantasi_only.pk}/").json()
    assert detail["units"] == [org.kel_a.pk] and detail["standard_display"] == "1 hari kerja"


def test_service_types_are_written_by_hr_of_every_unit_offering_them(org, api_as, domisili):
    payload = {"name": "Surat Keterangan Usaha", "code": "sku", "units": [org.kel_a.pk], "standard_value": 2}
    created = api_as(org.hr_a).post("/api/v1/service-types/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["units"] == [org.kel_a.pk]

    both = {**payload, "code": "sku-2", "units": [org.kel_a.pk, org.kel_b.pk]}
    assert api_as(org.hr_a).post("/api/v1/service-types/", both, format="json").status_code == 403
    # Domisili is also offered in Naioni: HR of Mantasi alone may not change it; HR of the kecamatan may.
    url = f"/api/v1/service-types/{domisili.pk}/"
    assert api_as(org.hr_a).patch(url, {"standard_value": 3}, format="json").status_code == 403
    changed = api_as(org.hr_kec).patch(url, {"standard_value": 3}, format="json")
    assert changed.status_code == 200 and changed.json()["standard_value"] == 3
    assert api_as(org.staff_a.user).post("/api/v1/service-types/", {**payload, "code": "x"}).status_code == 403
    no_unit = api_as(org.admin).post("/api/v1/service-types/", {**payload, "code": "y", "units": []}, format="json")
    assert no_unit.status_code == 400 and "units" in error_fields(no_unit)
    assert not ServiceType.objects.filter(code__in=["sku-2", "x", "y"]).exists()


# --- The public survey -------------------------------------------------------------------------


def test_survey_by_token_shows_the_questions_and_takes_one_answer(org, api_as, domisili):
    file = register(org, domisili)
    citizen = api_as(None)
    url = f"/api/v1/survey/{file.survey_token.token}/"

    form = citizen.get(url)
    assert form.status_code == 200
    body = form.json()
    assert body == {
        "unit": "Kelurahan Mantasi",
        "service": "Surat Keterangan Domisili",
        "officer_name": org.staff_a.full_name,
        "questions": body["questions"],
    }
    assert len(body["questions"]) == 9 and body["questions"][0] == "Persyaratan"
    assert "Warga Rahasia" not in form.content.decode() and org.staff_a.nip not in form.content.decode()

    sent = citizen.post(url, {"scores": [4, 4, 3, 4, 4, 4, 4, 3, 4], "comment": "Ramah"}, format="json")
    assert sent.status_code == 201
    again = citizen.post(f"/api/v1/survey/{file.survey_token.short_code}/", {"scores": [1] * 9}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_answered"
    assert citizen.get(url).status_code == 409
    [response] = SurveyResponse.objects.all()
    assert response.scores == [4, 4, 3, 4, 4, 4, 4, 3, 4] and response.comment == "Ramah"


def test_survey_bad_scores_are_a_400_and_keep_the_link(org, api_as, domisili):
    file = register(org, domisili)
    url = f"/api/v1/survey/{file.survey_token.token}/"
    for scores in ([5] * 9, [4] * 8, ["a"] * 9):
        response = api_as(None).post(url, {"scores": scores}, format="json")
        assert response.status_code == 400 and "scores" in error_fields(response)
    file.survey_token.refresh_from_db()
    assert file.survey_token.used_at is None and not SurveyResponse.objects.exists()


def test_survey_expired_and_unknown(org, api_as, domisili):
    file = register(org, domisili)
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        expired = api_as(None).post(f"/api/v1/survey/{file.survey_token.token}/", {"scores": [4] * 9}, format="json")
    assert expired.status_code == 410 and expired.json()["code"] == "expired"
    unknown = api_as(None).get("/api/v1/survey/TIDAKADA/")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown"
    assert not SurveyResponse.objects.exists()


def test_survey_is_throttled_per_ip(org, api_as):
    client = api_as(None)
    codes = [client.get("/api/v1/survey/TIDAKADA/").status_code for _ in range(11)]
    assert codes == [404] * 10 + [429]
    assert client.get("/api/v1/survey/TIDAKADA/", REMOTE_ADDR="10.0.0.7").status_code == 404  # another phone


# --- The report --------------------------------------------------------------------------------


def test_report_json_matches_the_hand_count(org, api_as, domisili):
    for scores in ([4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 2, 2]):
        SurveyResponse.objects.create(
            service_type=domisili, unit=org.kel_b, officer=org.staff_b, scores=scores, comment="Saran",
            submitted_on=dt.datetime(2026, 8, 10, 9, tzinfo=WITA).date(),
        )  # fmt: skip

    response = api_as(org.camat.user).get(
        "/api/v1/reports/service/", {"unit": org.kel_b.pk, "start": "2026-07-01", "end": "2026-09-30"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["index"] == {"respondents": 3, "value": "79.55", "letter": "B", "label": "Baik"}
    assert body["elements"][3] == {"number": 4, "name": "Biaya/Tarif", "nrr": "2.67", "weighted": "0.296"}
    assert body["officers"][0]["index"]["value"] is None and body["minimum_individual"] == 5
    assert [q["index"]["respondents"] for q in body["trend"]] == [0, 0, 3, 0]
    assert body["comments"] == ["Saran", "Saran", "Saran"]


def test_report_permissions_and_bad_periods(org, api_as):
    url = "/api/v1/reports/service/"
    assert api_as(org.hr_a).get(url, {"unit": org.kel_a.pk}).status_code == 200
    assert api_as(org.hr_a).get(url, {"unit": org.kel_b.pk}).status_code == 404
    assert api_as(org.staff_b.user).get(url, {"unit": org.kel_a.pk}).status_code == 404
    assert api_as(org.staff_a.user).get(url).status_code == 403
    backwards = api_as(org.camat.user).get(url, {"start": "2026-09-30", "end": "2026-07-01"})
    assert backwards.status_code == 400
    assert backwards.json()["errors"] == {"end": ["Tanggal akhir tidak boleh sebelum tanggal awal."]}
    assert api_as(org.camat.user).get(url, {"start": "kemarin"}).status_code == 400
    assert api_as(org.camat.user).get(url).json()["unit"]["id"] == org.kec.pk


def test_schema_lists_the_service_endpoints_and_validates(tmp_path):
    GENERATOR_STATS.reset()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/v1/survey/{key}/", "/api/v1/service-requests/{id}/complete/", "/api/v1/reports/service/"):
        assert path in text
