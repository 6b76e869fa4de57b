"""The demo end to end: the seeded Kecamatan Alak links to its SIASN export without a conflict or a move, and one of
its final evaluations, with the fake SIASN running, is sent and shows "terkirim" with SIASN's id."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from appraisal.demo import people as demo
from appraisal.models import Employee, Evaluation, SubmissionState, Transfer
from appraisal.siasn.importing import siasn_import
from appraisal.siasn.sample import demo_files, person_id
from appraisal.siasn.services import evaluation_send

pytestmark = pytest.mark.django_db


def test_the_seeded_demo_links_to_its_siasn_export_and_sends_a_final_evaluation(fake, siasn_settings, client):
    siasn_settings.SIASN_ENABLED = False  # seeding signs off: nothing is sent while the office has no credentials
    call_command("seed_demo", stdout=io.StringIO())
    files = [(name, io.BytesIO(content)) for name, content in demo_files().items()]
    report = siasn_import(files=files, actor=None, apply=True)
    assert report.ok, report.problems
    assert report.moved == [] and report.created == [] and report.deactivated == []
    # The demo records a mutasi that the export (written from the demo's plan, before it) does not know: listed for HR,
    # not overwritten; nothing else differs.
    moved_here = {f"{t.employee.nip}:place" for t in Transfer.objects.select_related("employee")}
    assert moved_here and {c.key for c in report.conflicts} == moved_here
    assert Employee.objects.filter(siasn_id__isnull=False).count() == len(demo.people())

    siasn_settings.SIASN_ENABLED = True
    evaluation = Evaluation.objects.filter(is_final=True).select_related("employee", "period").first()
    assert evaluation is not None
    fake.persons[evaluation.employee.nip] = person_id(evaluation.employee.nip)
    submission = evaluation_send(evaluation_id=evaluation.pk)
    assert submission.state == SubmissionState.SENT, submission.error
    table = fake.skp22 if evaluation.period.is_final else fake.periodik
    assert table[submission.siasn_id]["tahun"] == evaluation.period.year
    assert fake.uploads and fake.uploads[0]["pdf"]

    hr = Employee.objects.get(user__username="hr.kecamatan").user
    client.force_login(hr)
    page = client.get(reverse("evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "terkirim" in page and submission.siasn_id in page
