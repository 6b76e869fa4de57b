"""factory_boy factories and the named small organisation used across the suite."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import factory
from django.contrib.auth.models import Group, User

from appraisal.models import Employee, EmploymentType, Grade, HrScope, Position, PositionKind, Unit, UnitKind
from appraisal.policy import HR_GROUP

_seq = itertools.count(1)


def make_nip(*, pppk: bool = False, gender: int = 1, seq: int | None = None) -> str:
    """A valid NIP (PNS) or NI PPPK with a unique sequence."""
    n = seq if seq is not None else next(_seq)
    birth_year = 1970 + n % 25
    birth = f"{birth_year}{(n % 12) + 1:02d}{(n % 27) + 1:02d}"
    if pppk:
        return f"{birth}2023{n % 100:02d}{gender}{(n % 999) + 1:03d}"
    tmt_year = min(birth_year + 20 + n % 8, 2025)  # always after the 18th birthday, never in the future
    return f"{birth}{tmt_year}{(n % 12) + 1:02d}{gender}{(n % 999) + 1:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("rahasia-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = UnitKind.KELURAHAN


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    title = factory.Sequence(lambda n: f"Jabatan {n}")
    kind = PositionKind.PELAKSANA
    unit = factory.SubFactory(UnitFactory)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.LazyFunction(make_nip)
    employment_type = EmploymentType.PNS
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    grade = Grade.III_A
    position = factory.SubFactory(PositionFactory)
    user = factory.SubFactory(UserFactory)


def make_hr(username: str, *units: Unit) -> User:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP)[0])
    for unit in units:
        HrScope.objects.create(user=user, unit=unit)
    return user


class OrgFactory:
    @staticmethod
    def build_small() -> SimpleNamespace:
        """Pemkot › Setda (Sekda) and Kecamatan Alak › Kelurahan Mantasi, Kelurahan Naioni.

        People: sekda, camat, sekcam, kasi_kec, staff_kec; lurah_a, kasi_a, staff_a, peer_a (Mantasi);
        lurah_b, staff_b (Naioni); hr_kec (HR of the kecamatan), hr_a (HR of Mantasi), hr_b (HR of
        Naioni), outsider (an account with no employee), admin (superuser).
        """
        o = SimpleNamespace()
        o.pemkot = UnitFactory(name="Pemerintah Kota Kupang", code="pemkot", kind=UnitKind.PEMDA)
        o.setda = UnitFactory(name="Sekretariat Daerah", code="setda", kind=UnitKind.SEKRETARIAT, parent=o.pemkot)
        o.kec = UnitFactory(name="Kecamatan Alak", code="kec-alak", kind=UnitKind.KECAMATAN, parent=o.pemkot)
        o.kel_a = UnitFactory(name="Kelurahan Mantasi", code="kel-mantasi", parent=o.kec)
        o.kel_b = UnitFactory(name="Kelurahan Naioni", code="kel-naioni", parent=o.kec)

        P = PositionFactory
        o.sekda_pos = P(title="Sekretaris Daerah", kind=PositionKind.JPT, unit=o.setda, is_unit_head=True)
        o.camat_pos = P(
            title="Camat Alak", kind=PositionKind.ADMINISTRATOR, unit=o.kec, is_unit_head=True, parent=o.sekda_pos
        )
        o.sekcam_pos = P(title="Sekretaris Camat", kind=PositionKind.ADMINISTRATOR, unit=o.kec, parent=o.camat_pos)
        o.kasi_kec_pos = P(title="Kasi Pemerintahan", kind=PositionKind.PENGAWAS, unit=o.kec, parent=o.camat_pos)
        o.staff_kec_pos = P(title="Pengadministrasi Pemerintahan", unit=o.kec, parent=o.kasi_kec_pos)
        o.lurah_a_pos = P(
            title="Lurah Mantasi", kind=PositionKind.PENGAWAS, unit=o.kel_a, is_unit_head=True, parent=o.camat_pos
        )
        o.kasi_a_pos = P(title="Kasi Pelayanan Umum", kind=PositionKind.PENGAWAS, unit=o.kel_a, parent=o.lurah_a_pos)
        o.staff_a_pos = P(title="Pengadministrasi Umum", unit=o.kel_a, parent=o.kasi_a_pos)
        o.lurah_b_pos = P(
            title="Lurah Naioni", kind=PositionKind.PENGAWAS, unit=o.kel_b, is_unit_head=True, parent=o.camat_pos
        )
        o.staff_b_pos = P(title="Pengadministrasi Naioni", unit=o.kel_b, parent=o.lurah_b_pos)

        E = EmployeeFactory
        o.sekda = E(
            name="Yohanes Ndun",
            front_title="Drs.",
            back_title="M.Si.",
            position=o.sekda_pos,
            grade=Grade.IV_C,
            user=UserFactory(username="sekda"),
        )
        o.camat = E(
            name="Maria Bunga",
            back_title="S.STP",
            position=o.camat_pos,
            grade=Grade.III_D,
            nip=make_nip(gender=2),
            user=UserFactory(username="camat"),
        )
        o.sekcam = E(name="Petrus Tallo", position=o.sekcam_pos, user=UserFactory(username="sekcam"))
        o.kasi_kec = E(name="Agustina Lay", position=o.kasi_kec_pos, user=UserFactory(username="kasi_kec"))
        o.staff_kec = E(name="Daniel Bire", position=o.staff_kec_pos, user=UserFactory(username="staff_kec"))
        o.lurah_a = E(name="Yosef Manafe", position=o.lurah_a_pos, user=UserFactory(username="lurah_a"))
        o.kasi_a = E(name="Ester Foenay", position=o.kasi_a_pos, user=UserFactory(username="kasi_a"))
        o.staff_a = E(name="Alfons Sabu", position=o.staff_a_pos, user=UserFactory(username="staff_a"))
        o.peer_a = E(
            name="Beatrix Kana",
            position=o.staff_a_pos,
            employment_type=EmploymentType.PPPK,
            nip=make_nip(pppk=True, gender=2),
            grade=Grade.P_VII,
            user=UserFactory(username="peer_a"),
        )
        o.lurah_b = E(name="Markus Benu", position=o.lurah_b_pos, user=UserFactory(username="lurah_b"))
        o.staff_b = E(name="Yuliana Kase", position=o.staff_b_pos, user=UserFactory(username="staff_b"))

        o.hr_kec = make_hr("hr_kec", o.kec)
        o.hr_a = make_hr("hr_a", o.kel_a)
        o.hr_b = make_hr("hr_b", o.kel_b)
        o.outsider = UserFactory(username="outsider")
        o.admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        return o
