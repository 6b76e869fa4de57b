"""Counter-file numbers: UNIT-YEAR-SEQUENCE from a locked per-unit, per-year row; survey links stay random."""

import datetime as dt
import re
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import close_old_connections, connection
from django.urls import reverse

from appraisal import rules
from appraisal.models import ServiceRequest, ServiceType, Unit
from appraisal.models.service import CounterSequence
from appraisal.service_desk.services import service_request_register
from appraisal.service_desk.views.counter import qr_svg, survey_url

WITA = ZoneInfo("Asia/Makassar")
# The page: session, user, the officer with position and unit (memoised for the service too), the chosen service
# (form). The service: savepoint, the service offered here, the sequence row locked and saved, the file, its
# history row, the survey token, release.
REGISTER_PAGE_QUERIES = 12


@pytest.fixture
def domisili(org):
    service = ServiceType.objects.create(name="Surat Keterangan Domisili", code="domisili", standard_value=1)
    service.units.add(org.kel_a, org.kel_b)
    return service


def register(person, service, when=None):
    with time_machine.travel(when or dt.datetime(2026, 8, 17, 10, tzinfo=WITA), tick=False):
        return service_request_register(actor=person.user, service_type=service)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kelurahan Manutapen", "MNT"),
        ("Kelurahan Mantasi", "MNT"),  # the same first choice: the second unit to ask gets the next candidate
        ("Kelurahan Nunbaun Sabu", "NNS"),
        ("Kelurahan Lai-Lai Besi Kopan", "LLB"),
        ("Kecamatan Alak", "ALK"),
    ],
)
def test_a_units_first_code_candidate_reads_like_its_name(name, code):
    assert next(iter(rules.counter_code_candidates(name))) == code


def test_numbers_read_unit_year_and_sequence():
    assert rules.counter_number("MNT", 2026, 123) == "MNT-2026-000123"


@pytest.mark.django_db
def test_files_of_a_unit_are_numbered_in_order_per_year_and_units_get_distinct_codes(org, domisili):
    org.kel_b.counter_code = "MNT"  # Naioni took Mantasi's first candidate earlier (an HR choice)
    org.kel_b.save()
    first = register(org.staff_a, domisili)
    second = register(org.staff_a, domisili)
    naioni = register(org.staff_b, domisili)
    next_year = register(org.staff_a, domisili, dt.datetime(2027, 1, 1, 0, 30, tzinfo=WITA))  # 31 Dec 16:30 UTC

    assert [first.number, second.number] == ["MNN-2026-000001", "MNN-2026-000002"]
    assert naioni.number == "MNT-2026-000001"
    assert next_year.number == "MNN-2027-000001"  # the year is WITA's
    org.kel_a.refresh_from_db()
    assert org.kel_a.counter_code == "MNN"
    assert org.kel_a.history.filter(counter_code="MNN").exists()  # given through a saved, recorded change


@pytest.mark.django_db
def test_existing_random_numbers_stay_and_new_ones_do_not_collide(org, domisili):
    old = ServiceRequest.objects.create(
        number="A1B2C3D4",
        service_type=domisili,
        unit=org.kel_a,
        officer=org.staff_a,
        received_at=dt.datetime(2026, 8, 3, 9, tzinfo=WITA),
    )
    new = register(org.staff_a, domisili)
    old.refresh_from_db()
    assert old.number == "A1B2C3D4" and re.fullmatch(r"[A-Z]{3}-2026-000001", new.number)


@pytest.mark.django_db
def test_a_refused_registration_takes_no_number(org, domisili):
    closed = ServiceType.objects.create(name="Tutup", code="tutup", standard_value=1, is_active=False)
    closed.units.add(org.kel_a)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the refusal itself is tested in test_counter_pages
        register(org.staff_a, closed)
    assert register(org.staff_a, domisili).number.endswith("-2026-000001")


@pytest.mark.django_db
def test_the_survey_link_and_code_carry_the_random_token_never_the_number(client, org, domisili):
    file = register(org.staff_a, domisili, dt.datetime.now(WITA))
    token = file.survey_token
    assert len(token.token) >= 32 and file.number not in token.token and file.number not in token.short_code
    client.force_login(org.staff_a.user)
    html = client.get(reverse("counter_receipt", args=[file.number])).content.decode()
    assert survey_url(token).endswith(f"/survei/{token.token}/") and qr_svg(survey_url(token)) in html
    client.logout()
    assert client.get(reverse("survey_form", args=[token.token])).status_code == 200
    by_number = client.get(reverse("survey_form", args=[file.number]))  # a guessable number opens nothing
    assert by_number.status_code == 404


@pytest.mark.django_db
def test_registering_a_file_takes_a_constant_small_number_of_queries(org, domisili, django_assert_num_queries):
    register(org.staff_a, domisili)  # the unit's code and this year's sequence row exist from now on
    for _ in range(2):
        actor = User.objects.get(pk=org.staff_a.user_id)  # as in a new request: nothing memoised on the user
        with django_assert_num_queries(9), time_machine.travel(dt.datetime(2026, 8, 17, 10, tzinfo=WITA)):
            # savepoint, officer with position and unit, service offered here?, sequence row locked, sequence
            # saved, the file, its history row, the survey token, release savepoint
            service_request_register(actor=actor, service_type=domisili)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_registrations_get_twenty_consecutive_numbers(org, domisili):
    """Twenty threads, one connection each, register in the same unit at once: no duplicate, no gap."""
    assert connection.vendor == "postgresql"
    start = threading.Barrier(20)
    numbers, errors = [], []

    def work():
        try:
            start.wait()
            numbers.append(service_request_register(actor=org.staff_a.user, service_type=domisili).number)
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    year = dt.datetime.now(WITA).year
    code = Unit.objects.get(pk=org.kel_a.pk).counter_code
    assert sorted(numbers) == [f"{code}-{year}-{n:06d}" for n in range(1, 21)]
    assert CounterSequence.objects.get(unit=org.kel_a, year=year).last == 20


@pytest.mark.django_db
def test_the_counter_page_registers_a_file_in_a_fixed_number_of_queries(
    client, org, domisili, django_assert_num_queries
):
    client.force_login(org.staff_a.user)
    url = reverse("counter_today")
    client.post(url, {"service_type": domisili.pk})  # the unit's code and the year's sequence row exist from now on
    for n in (2, 3):
        with django_assert_num_queries(REGISTER_PAGE_QUERIES):
            response = client.post(url, {"service_type": domisili.pk, "citizen_name": "Yakobus Nope"})
        assert response.status_code == 302 and ServiceRequest.objects.count() == n
