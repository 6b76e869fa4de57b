"""The Capaian Kinerja Organisasi is recorded as the leader above set it, with the penetapan, and confirmed by that
leader (SE MenPANRB 3/2023; issue 10, item 2): who decided, the number and date, and every change in history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from appraisal.evaluation import services
from appraisal.models import UnitPerformance

pytestmark = pytest.mark.django_db


def _set(opened, org, **overrides):
    fields = {
        "period": opened.period,
        "unit": org.kel_a,
        "predicate": "BAIK",
        "decree_number": "800/12/KEC-ALAK/2026",
        "decree_date": dt.date(2026, 10, 5),
        "actor": org.hr_a,
    } | overrides
    return services.unit_performance_set(**fields)


def test_hr_records_it_with_the_penetapan_and_names_the_leader_above(org, opened):
    for bad, field in (({"decree_number": " "}, "decree_number"), ({"decree_date": None}, "decree_date")):
        with pytest.raises(ValidationError) as refused:
            _set(opened, org, **bad)
        assert field in refused.value.message_dict
    with pytest.raises(ValidationError, match="masa depan"):
        _set(opened, org, decree_date=dt.date(2099, 1, 1))
    assert not UnitPerformance.objects.exists()

    record = _set(opened, org)
    assert (record.decided_by, record.decided_by_name, record.confirmed_at) == (org.camat, org.camat.full_name, None)


def test_only_the_named_leader_confirms_and_a_change_needs_a_new_confirmation(client, org, opened):
    record = _set(opened, org)
    for wrong in (org.hr_a, org.lurah_a.user, org.admin):
        with pytest.raises(PermissionDenied):
            services.unit_performance_confirm(record=record, actor=wrong)
    client.force_login(org.camat.user)
    assert "menunggu konfirmasi Anda" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("org_result_confirm", args=[record.pk])).status_code == 302
    record.refresh_from_db()
    assert record.confirmed_at is not None

    changed = _set(opened, org, predicate="KURANG", decree_number="800/13/KEC-ALAK/2026")
    assert changed.confirmed_at is None  # the leader confirms what is recorded now, not what was
    history = client.get(reverse("org_result_history", args=[record.pk])).content.decode()
    assert "800/12/KEC-ALAK/2026" in history and "800/13/KEC-ALAK/2026" in history
    client.force_login(org.staff_a.user)
    assert client.get(reverse("org_result_history", args=[record.pk])).status_code == 404
