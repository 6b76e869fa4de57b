"""Issue 16, item 5: HR scopes and superusers without the admin; the role overview with its reasons."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accounts.models import AccountEvent, EventKind
from appraisal import policy
from appraisal.models import HrScope

pytestmark = pytest.mark.django_db


def test_the_role_overview_says_why(client, org):
    client.force_login(org.hr_kec)
    kasi = client.get(reverse("account_roles", args=[org.kasi_a.pk])).content.decode()
    assert "Pejabat Penilai Kinerja" in kasi and org.staff_a.full_name in kasi
    lurah = client.get(reverse("account_roles", args=[org.lurah_a.pk])).content.decode()
    assert "Atasan Pejabat Penilai Kinerja" in lurah and "Memutus keberatan" in lurah
    staff = client.get(reverse("account_roles", args=[org.staff_a.pk])).content.decode()
    assert "tidak menilai pegawai lain" in staff


def test_the_role_overview_of_someone_without_an_account_explains_the_missing_evaluation(client, org):
    from tests.accounts.helpers import newcomers

    newcomer = newcomers(org, "Lidia Haning")[0]
    client.force_login(org.hr_a)
    page = client.get(reverse("account_roles", args=[newcomer.pk])).content.decode()
    assert "Belum memiliki akun" in page and "tidak mendapat SKP maupun evaluasi" in page


def test_hr_appoints_an_hr_officer_within_their_scope_and_the_change_is_recorded(client, org):
    client.force_login(org.hr_kec)
    response = client.post(reverse("hr_scopes"), {"user": org.kasi_a.user.pk, "unit": org.kel_a.pk})
    assert response.status_code == 302
    kasi = User.objects.get(pk=org.kasi_a.user.pk)
    assert policy.is_hr(kasi) and policy.can_manage_unit(kasi, org.kel_a)
    scope = HrScope.objects.get(user=kasi)
    assert scope.history.first().history_user == org.hr_kec
    assert AccountEvent.objects.filter(user=kasi, kind=EventKind.HR_SCOPE_ADDED, actor=org.hr_kec).exists()


def test_hr_cannot_appoint_above_their_scope_or_themselves(client, org):
    client.force_login(org.hr_a)
    above = client.post(reverse("hr_scopes"), {"user": org.kasi_a.user.pk, "unit": org.kec.pk})
    assert above.status_code == 200  # the unit is not offered: a form error
    myself = client.post(reverse("hr_scopes"), {"user": org.hr_a.pk, "unit": org.kel_a.pk})
    assert myself.status_code == 200
    assert not HrScope.objects.filter(unit=org.kec, user=org.kasi_a.user).exists()
    assert HrScope.objects.filter(user=org.hr_a).count() == 1


def test_removing_the_last_scope_leaves_the_hr_group(client, org):
    scope = HrScope.objects.get(user=org.hr_a)
    client.force_login(org.hr_b)
    assert client.post(reverse("hr_scope_remove", args=[scope.pk])).status_code == 403
    client.force_login(org.hr_a)
    assert client.post(reverse("hr_scope_remove", args=[scope.pk])).status_code == 403  # not one's own
    client.force_login(org.hr_kec)
    assert client.post(reverse("hr_scope_remove", args=[scope.pk])).status_code == 302
    hr_a = User.objects.get(pk=org.hr_a.pk)
    assert not HrScope.objects.filter(user=hr_a).exists()
    assert not hr_a.groups.filter(name=policy.HR_GROUP).exists()
    assert HrScope.history.filter(id=scope.pk, history_type="-").get().history_user == org.hr_kec


def test_only_a_superuser_grants_superuser_and_never_to_themselves(client, org):
    client.force_login(org.hr_kec)
    assert client.post(reverse("superusers"), {"username": "kasi_a"}).status_code == 403
    client.force_login(org.admin)
    assert client.post(reverse("superusers"), {"username": "kasi_a"}).status_code == 302
    assert User.objects.get(username="kasi_a").is_superuser
    assert client.post(reverse("superuser_revoke", args=[org.admin.pk])).status_code == 403
    assert client.post(reverse("superuser_revoke", args=[org.kasi_a.user.pk])).status_code == 302
    assert not User.objects.get(username="kasi_a").is_superuser
    assert AccountEvent.objects.filter(user=org.kasi_a.user, kind=EventKind.SUPERUSER_REVOKED).exists()
