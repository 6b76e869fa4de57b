"""seed_demo: the Kecamatan Alak demo organisation, valid people, working logins, idempotent."""

import datetime as dt
import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import RequestFactory

from appraisal import policy
from appraisal.demo import people as demo
from appraisal.models import ActingAssignment, Employee, EmploymentType, Grade, HrScope, Position, Unit, UnitKind
from appraisal.org.selectors import appraiser_of, senior_appraiser_of, today
from appraisal.rules import validate_nip

# The demo is seeded once for the module (tests.conftest.seeded_demo); each test runs in a savepoint on top of it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]
DAY = dt.date(2026, 7, 1)


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """The module's seeded documents stay where seeded_demo wrote them (the suite's per-test folder would hide them)."""


def seed() -> str:
    """Run seed_demo again, over the module's seeded demo."""
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [Unit, Position, Employee, ActingAssignment, HrScope]
    counts = {m.__name__: m.objects.count() for m in models}
    counts |= {f"history of {m.__name__}": m.history.count() for m in models}
    counts |= {
        "User": User.objects.count(),
        "Group": Group.objects.count(),
        "memberships": User.groups.through.objects.count(),
    }
    return counts


def test_seed_builds_kecamatan_alak_with_valid_people():
    kecamatan = Unit.objects.get(code="kec-alak")
    assert kecamatan.parent.code == "pemkot"
    kelurahan = Unit.objects.filter(kind=UnitKind.KELURAHAN, parent=kecamatan)
    assert kelurahan.count() == 12
    assert set(kelurahan.values_list("code", flat=True)) >= {"kel-namosain", "kel-manulai-ii", "kel-penkase-oeleta"}

    employees = list(Employee.objects.select_related("position", "position__unit"))
    assert len(employees) >= 150
    for e in employees:
        validate_nip(e.nip, pppk=e.is_pppk)  # raises on an invalid NIP
        assert e.grade in Grade.for_type(e.employment_type)
    # Everyone signs in, except the staff of the kelurahan that starts using the system (issue 16): seven without an
    # account yet and three Kasi whose accounts wait for activation.
    without = [e for e in employees if e.user_id is None]
    assert len(without) == 7
    assert {e.position.unit.code for e in without} == {demo.STARTING_UNIT}
    assert {e.employment_type for e in employees} == {EmploymentType.PNS, EmploymentType.PPPK}
    with_account = [e for e in employees if e.user_id is not None]
    assert len({e.user_id for e in with_account}) == len(with_account)
    assert any(e.front_title for e in employees) and any(e.back_title for e in employees)

    vacant = Position.objects.filter(holders__isnull=True)
    # Naioni's Lurah (a Plt acts) and the seat left by the demo's mutasi to Kelurahan Alak.
    assert sorted((p.unit.code, p.title) for p in vacant) == [
        ("kel-mantasi", "Pengadministrasi Pemberdayaan Masyarakat"),
        ("kel-naioni", "Lurah Naioni"),
    ]
    acting = ActingAssignment.objects.get()
    assert (acting.position.title, acting.employee.position.title) == ("Lurah Naioni", "Sekretaris Kelurahan")


def test_seeded_org_chart_resolves_appraisers_including_the_plt():
    camat = Employee.objects.get(position__title="Camat Alak")
    sekda = Employee.objects.get(position__title="Sekretaris Daerah")
    assert appraiser_of(camat, DAY) == sekda
    lurah = Employee.objects.get(position__title="Lurah Mantasi")
    assert (appraiser_of(lurah, DAY), senior_appraiser_of(lurah, DAY)) == (camat, sekda)
    kasi_naioni = Employee.objects.get(position__unit__code="kel-naioni", position__title="Kasi Pemerintahan")
    plt = Employee.objects.get(position__unit__code="kel-naioni", position__title="Sekretaris Kelurahan")
    assert (appraiser_of(kasi_naioni, DAY), senior_appraiser_of(kasi_naioni, DAY)) == (plt, camat)


def test_demo_logins_work_and_hr_officers_have_their_scope(seeded_demo):
    output = seeded_demo
    assert "alak2026" in output
    for username in ("admin", "hr.kecamatan", "hr.mantasi", "maria.bunga"):
        assert username in output
        # axes needs the request it counts against (no request: refused, so no view can bypass the lockout).
        request = RequestFactory().post("/masuk/")
        assert authenticate(request, username=username, password=demo.DEMO_PASSWORD) is not None, username
    admin = User.objects.get(username="admin")
    assert admin.is_superuser

    hr_kec = User.objects.get(username="hr.kecamatan")
    assert hr_kec.employee.position.unit.code == "kec-alak"
    assert hr_kec.employee.position.parent.title == "Kasubag Umum dan Kepegawaian"
    mantasi, naioni = Unit.objects.get(code="kel-mantasi"), Unit.objects.get(code="kel-naioni")
    assert policy.can_manage_unit(hr_kec, naioni)
    hr_mantasi = User.objects.get(username="hr.mantasi")
    assert policy.can_manage_unit(hr_mantasi, mantasi)
    assert not policy.can_manage_unit(hr_mantasi, naioni)
    staff = User.objects.get(username=output.split("Pegawai (staf Kelurahan Mantasi)")[1].split()[0])
    assert staff.employee.position.unit == mantasi
    assert not policy.can_import_employees(staff)


def test_second_run_adds_and_changes_nothing():
    first = row_counts()
    output = seed()
    assert row_counts() == first
    assert "tidak ada yang diubah" in output


def test_second_run_repairs_a_changed_row_without_touching_the_rest():
    camat = Employee.objects.get(position__title="Camat Alak")
    camat.grade = Grade.III_A
    camat.save()
    before = row_counts()
    output = seed()
    camat.refresh_from_db()
    assert camat.grade == next(p.grade for p in demo.people() if p.seat == (*demo.CAMAT, 0))
    assert "Pegawai: 0 dibuat, 1 diperbarui" in output
    assert row_counts() == before | {"history of Employee": before["history of Employee"] + 1}


def test_demo_people_are_the_same_on_every_call():
    assert demo.people() == demo.people()


def test_every_demo_evaluation_has_a_history_row_for_each_status_it_passed_through():
    from appraisal.models import Evaluation, EvaluationStatus

    path = [
        EvaluationStatus.SELF_ASSESSMENT,
        EvaluationStatus.FEEDBACK,
        EvaluationStatus.RATING,
        EvaluationStatus.ACKNOWLEDGEMENT,
    ]
    finals = Evaluation.objects.filter(status=EvaluationStatus.FINAL, period__kind="TW3", period__year=today().year)
    assert finals.count() == 3  # Lurah Nunbaun Sabu and Lurah Alak, and the Camat after the designated decision
    # Triwulan II is closed: every evaluation in it went the whole way (issue 11: a period with history).
    closed = Evaluation.objects.filter(period__kind="TW2", period__year=today().year)
    assert closed.exists() and not closed.exclude(status=EvaluationStatus.FINAL).exists()
    # Last year's quarters (issue 14: profiles over two years) are written final in bulk, one history row each.
    last_year = Evaluation.objects.filter(period__year=today().year - 1)
    assert last_year.exists() and not last_year.exclude(status=EvaluationStatus.FINAL).exists()
    with_history = set(Evaluation.history.filter(period__year=today().year - 1).values_list("id", flat=True))
    assert set(last_year.values_list("id", flat=True)) == with_history
    this_year = Evaluation.objects.filter(period__year=today().year)
    for evaluation in this_year.exclude(status=EvaluationStatus.SELF_ASSESSMENT):
        records = list(evaluation.history.order_by("history_date", "history_id"))
        statuses = [r.status for r in records]
        reached = statuses.index(evaluation.status)
        expected = path[: path.index(evaluation.status) + 1] if evaluation.status in path else path
        assert [s for s in expected if s in statuses[: reached + 1]] == expected, (evaluation, statuses)
        assert all(r.history_user_id is not None for r in records), evaluation
        if evaluation.status == EvaluationStatus.FINAL:
            assert statuses[-1] == EvaluationStatus.FINAL and EvaluationStatus.SIGN_OFF in statuses
            assert evaluation.document  # the demo renders its documents at once


def test_the_demo_shows_a_designated_official_deciding_and_a_transferred_employee():
    """Issue 10: the Camat's objection decided by the Wali Kota designated by HR's letter; a staff member moved
    on 1 October whose Triwulan III stays with the former Kasi."""
    from appraisal.demo.evaluation import DESIGNATED_USERNAME
    from appraisal.models import Evaluation, Objection, PerformancePlan, Transfer

    objection = Objection.objects.select_related("evaluation", "designated_official", "decided_by").get(
        evaluation__position_title="Camat Alak", evaluation__period__kind="TW3"
    )
    assert objection.designated_official.username == DESIGNATED_USERNAME
    assert objection.decided_by == objection.designated_official and objection.designation_letter
    assert objection.evaluation.is_final
    transfer = Transfer.objects.select_related("employee").get()
    ev = Evaluation.objects.select_related("appraiser").get(
        employee=transfer.employee, period__kind="TW3", period__year=today().year
    )
    assert (ev.unit_name, ev.position_title) == ("Kelurahan Mantasi", "Pengadministrasi Pemberdayaan Masyarakat")
    assert ev.appraiser.position.unit.code == "kel-mantasi"
    assert transfer.employee.position.unit.code == "kel-alak"
    plans = PerformancePlan.objects.filter(employee=transfer.employee, year=today().year).order_by("version")
    assert [p.unit.code for p in plans] == ["kel-mantasi", "kel-alak"]


def test_the_demo_has_staff_without_accounts_and_slips_to_print(client):
    """Issue 16: Kelurahan Penkase Oeleta starts using the system; HR of the kecamatan finds its staff without an
    account and the Kasi's activation slips from the HR dashboard."""
    from accounts.models import ActivationCode, CodeDelivery

    waiting = ActivationCode.objects.open().filter(delivery=CodeDelivery.SLIP)
    assert waiting.count() == 3
    assert {c.user.employee.position.title for c in waiting} == {
        "Kasi Pemerintahan",
        "Kasi Ketentraman dan Ketertiban",
        "Kasi Pemberdayaan Masyarakat",
    }
    client.force_login(User.objects.get(username="hr.kecamatan"))
    dashboard = client.get("/kepegawaian/").content.decode()
    assert "/kepegawaian/akun/slip/" in dashboard
    slips = client.get("/kepegawaian/akun/slip/").content.decode()
    assert slips.count('class="slip"') == 3
    listing = client.get("/kepegawaian/akun/?state=none").content.decode()
    assert "7 pegawai aktif dalam daftar ini belum memiliki akun" in listing


def test_the_demo_has_feedback_over_recent_weeks_and_notifications_waiting():
    """Issue 11: the leaders' dashboards show a feedback habit and the demo accounts have notifications."""
    from django.utils import timezone

    from appraisal.models import Feedback, Notification

    ages = {(timezone.now() - f.created_at).days for f in Feedback.objects.all()}
    assert len(ages) >= 3 and max(ages) >= 20
    assert Feedback.objects.filter(kind="APRESIASI").exists()
    lurah = User.objects.get(username="ester.bessie")
    assert Notification.objects.filter(recipient=lurah, read_at__isnull=True).exists()
