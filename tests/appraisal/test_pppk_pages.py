"""PPPK on the pages as PP 49/2018 has them (issue 10, item 7): NI PPPK, golongan without pangkat, and the legal
basis they are under; PNS keep NIP, pangkat/golongan ruang and PP 30/2019. One filter set (templatetags/asn.py,
from rules.employment_terms) decides, everywhere."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from appraisal.models import PerformancePlan
from tests.appraisal.evaluation_page_helpers import evaluation_of, mantasi_period, rated

pytestmark = pytest.mark.django_db


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("who", "cites", "not_cited"),
    [
        ("peer_a", "14 hari sejak hasil diterima, PP 49/2018 dan PermenPANRB 6/2022", "PP 30/2019"),
        ("staff_a", "14 hari sejak hasil diterima, PP 30/2019 Pasal 59", "PP 49/2018"),
    ],
)
def test_acknowledgement_page_cites_the_objection_right_of_the_employees_status(client, org, who, cites, not_cited):
    employee = getattr(org, who)
    evaluation = rated(org, evaluation_of(mantasi_period(org), employee))

    html = page(client, employee.user, reverse("evaluation_acknowledge", args=[evaluation.pk]))

    assert cites in html and not_cited not in html


def test_skp_page_names_a_pppk_by_ni_pppk_and_golongan_beside_a_pns_appraiser(client, org):
    mantasi_period(org)
    plan = PerformancePlan.objects.get(employee=org.peer_a)

    html = page(client, org.peer_a.user, reverse("skp_detail", args=[plan.pk]))

    assert f'<dt>NI PPPK</dt><dd class="nip">{org.peer_a.nip_display}</dd>' in html
    assert "<dt>Golongan</dt><dd>VII</dd>" in html and "(PPPK)" not in html
    assert f'<dt>NIP</dt><dd class="nip">{org.kasi_a.nip_display}</dd>' in html  # the appraiser, PNS
    assert "<dt>Pangkat/Gol. Ruang</dt>" in html


@pytest.mark.parametrize(
    ("who", "id_label", "grade_label", "grade"),
    [("peer_a", "NI PPPK", "Golongan", "VII"), ("staff_a", "NIP", "Pangkat/Gol. Ruang", "III/a – Penata Muda")],
)
def test_employee_page_prints_the_terms_of_the_employees_status(client, org, who, id_label, grade_label, grade):
    employee = getattr(org, who)
    employee.grade = "VII" if employee.is_pppk else "III/a"
    employee.save()

    html = page(client, org.hr_a, reverse("employee_detail", args=[employee.pk]))

    assert f'<dt>{id_label}</dt><dd class="nip">{employee.nip_display}</dd>' in html
    assert f"<dt>{grade_label}</dt><dd>{grade}</dd>" in html


def test_filters_fall_back_to_pns_terms_where_nobody_is_recorded():
    rendered = Template("{% load asn %}{{ nobody|id_label }}|{{ nobody|grade_label }}|{{ ''|grade_text }}").render(
        Context({"nobody": None})
    )
    assert rendered == "NIP|Pangkat/Gol. Ruang|—"
