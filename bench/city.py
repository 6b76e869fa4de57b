"""A city-scale organisation for bench/scale.py: Pemerintah Kota Kupang › 6 kecamatan › 51 kelurahan.

Every office has its head (Camat, Lurah), a secretary (Sekcam, Seklur), Kasi/Kasubag (the sections) and
pelaksana/fungsional staff; some head seats are vacant, some with a Plt or Plh (ActingAssignment). Every
employee gets a login account and an APPROVED SKP for the year with 2–3 RHK and their indicators.
Everything is written with bulk_create (no history rows, no viewflow process: the plans are fixtures for
opening a period, not the subject of the benchmark). Names are fictional; NIPs follow the real format and
are checked with appraisal.rules.validate_nip, although bulk_create skips full_clean.

A city of 200 employees is one kecamatan (about the Kecamatan Alak demo); 10,000 is the whole city.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from appraisal import rules
from appraisal.demo import people as demo
from appraisal.demo.skp import EXPECTATIONS, RHK_LIBRARY, TOP_GOAL
from appraisal.models import (
    ActingAssignment,
    BehaviourExpectation,
    Employee,
    EmploymentType,
    HrScope,
    Indicator,
    PerformancePlan,
    PlannedResult,
    PlanStatus,
    Position,
    Unit,
    UnitKind,
)
from appraisal.policy import HR_GROUP

CODE_PREFIX = "bench-"  # every unit of the bench city; anything else in the database is someone else's data
ROOT_CODE = f"{CODE_PREFIX}kota"
ADMIN_USERNAME = "bench.admin"
PASSWORD = "kota2026"  # noqa: S105 - throwaway benchmark accounts
EMAIL_DOMAIN = "kota.example.org"  # RFC 2606: never a real inbox
SEED = 2026
BATCH = 2000

JPT, ADM, PENG, PEL, FUNG = demo.JPT, demo.ADM, demo.PENG, demo.PEL, demo.FUNG

# Kota Kupang: 6 kecamatan, 51 kelurahan.
KECAMATAN: dict[str, tuple[str, ...]] = {
    "Alak": demo.KELURAHAN,
    "Maulafa": ("Maulafa", "Naimata", "Penfui", "Sikumana", "Kolhua", "Belo", "Fatukoa", "Oepura", "Naikolan"),
    "Oebobo": ("Oebobo", "Fatululi", "Oetete", "Kayu Putih", "Liliba", "Oebufu", "Tuak Daun Merah"),
    "Kelapa Lima": ("Kelapa Lima", "Oesapa", "Oesapa Barat", "Oesapa Selatan", "Lasiana"),
    "Kota Raja": ("Kuanino", "Naikoten I", "Naikoten II", "Fontein", "Airnona", "Bakunase", "Bakunase II", "Nunleu"),
    "Kota Lama": (
        "Solor", "Merdeka", "Fatubesi", "Lai-Lai Besi Kopan", "Tode Kisar", "Oeba", "Nefonaek", "Pasir Panjang",
        "Air Mata", "Bonipoi",
    ),
}  # fmt: skip
EMPLOYEES_PER_KECAMATAN = 1700  # 10,000 employees: all six; 200: Kecamatan Alak alone
STRUCTURAL_SHARE = 0.35  # a small city keeps at most this share of seats structural (drops kelurahan)

# Extra RHK beside the one from the demo library, so each SKP has 2 or 3.
EXTRA_RHK: list[tuple[str, str, list[tuple[str, str, str, str]]]] = [
    (
        "TAMBAHAN",
        "Terlaksananya tugas tambahan dari pimpinan",
        [("KUANTITAS", "Tugas tambahan yang diselesaikan", "4", "kegiatan")],
    ),
    (
        "TAMBAHAN",
        "Meningkatnya kompetensi diri sesuai kebutuhan jabatan",
        [
            ("KUANTITAS", "Jam pelajaran pengembangan kompetensi", "20", "JP"),
            ("WAKTU", "Laporan pengembangan kompetensi disampaikan tepat waktu", "2", "laporan"),
        ],
    ),
]


@dataclass
class PositionSpec:
    unit: Unit
    title: str
    kind: str
    parent: PositionSpec | None
    is_unit_head: bool = False
    staff: bool = False  # pelaksana/fungsional seat shared by several holders
    vacant: bool = False
    position: Position | None = None

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1


@dataclass
class City:
    """What bench/scale.py needs from the generated city."""

    root: Unit
    admin: User
    year: int
    employees: int
    seconds: float
    counts: Counter = field(default_factory=Counter)
    kecamatan: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return ", ".join(f"{n} {label}" for label, n in self.counts.items())


# --- ownership and wiping --------------------------------------------------------------------------


def foreign_data() -> list[str]:
    """What in the database is not bench data (empty list: empty or bench-only, safe to wipe)."""
    found = []
    units = Unit.objects.exclude(code__startswith=CODE_PREFIX).count()
    if units:
        found.append(f"{units} unit kerja outside the bench city")
    employees = Employee.objects.exclude(position__unit__code__startswith=CODE_PREFIX).count()
    if employees:
        found.append(f"{employees} employees outside the bench city")
    users = User.objects.filter(employee__isnull=True).exclude(username=ADMIN_USERNAME).count()
    if users:
        found.append(f"{users} user accounts that are not bench employees")
    return found


def wipe() -> None:
    """Empty every table (Django's flush: TRUNCATE on PostgreSQL), keeping the schema and migrations."""
    call_command("flush", interactive=False, verbosity=0)


# --- the chart -----------------------------------------------------------------------------------


def _offices(employees: int) -> dict[str, tuple[str, ...]]:
    n_kec = max(1, min(len(KECAMATAN), round(employees / EMPLOYEES_PER_KECAMATAN)))
    chosen = dict(list(KECAMATAN.items())[:n_kec])
    if n_kec == 1:
        # Structural seats: Sekda, 8 in the kantor camat, 5 per kantor lurah.
        room = int((employees * STRUCTURAL_SHARE - 9) / 5)
        name, kelurahan = next(iter(chosen.items()))
        chosen[name] = kelurahan[: max(1, min(len(kelurahan), room))]
    return chosen


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", "-") if ch.isalnum() or ch == "-")


def _units(offices: dict[str, tuple[str, ...]]) -> tuple[Unit, Unit, dict[str, Unit], dict[tuple[str, str], Unit]]:
    root = Unit(code=ROOT_CODE, name="Pemerintah Kota Kupang", kind=UnitKind.PEMDA)
    setda = Unit(code=f"{CODE_PREFIX}setda", name="Sekretariat Daerah", kind=UnitKind.SEKRETARIAT, parent=root)
    kec = {
        k: Unit(code=f"{CODE_PREFIX}kec-{_slug(k)}", name=f"Kecamatan {k}", kind=UnitKind.KECAMATAN, parent=root)
        for k in offices
    }
    kel = {
        (k, name): Unit(
            code=f"{CODE_PREFIX}kel-{_slug(k)}-{_slug(name)}",
            name=f"Kelurahan {name}",
            kind=UnitKind.KELURAHAN,
            parent=kec[k],
        )
        for k, names in offices.items()
        for name in names
    }
    Unit.objects.bulk_create([root])
    Unit.objects.bulk_create([setda, *kec.values()])
    Unit.objects.bulk_create(list(kel.values()), batch_size=BATCH)
    return root, setda, kec, kel


def _chart(setda: Unit, kec: dict[str, Unit], kel: dict[tuple[str, str], Unit]) -> tuple[list[PositionSpec], dict]:
    """Position specs (parents first) and the seats that get acting officials: {kind: [(acting, position)]}."""
    specs: list[PositionSpec] = []
    sekda = PositionSpec(setda, "Sekretaris Daerah", JPT, None, is_unit_head=True)
    specs.append(sekda)
    acting: dict[str, list[tuple[PositionSpec, PositionSpec]]] = defaultdict(list)
    kelurahan_seen = 0
    for k_index, (name, unit) in enumerate(kec.items()):
        camat_title = f"Camat {name}"
        by_title = {camat_title: PositionSpec(unit, camat_title, ADM, sekda, is_unit_head=True)}
        for title, kind, parent, _holders in demo.KECAMATAN_STAFFING:
            parent = camat_title if parent == "Camat Alak" else parent
            by_title[title] = PositionSpec(unit, title, kind, by_title[parent], staff=kind in (PEL, FUNG))
        if k_index == 4:  # a Plt Camat: the seat is vacant, the Sekcam acts
            by_title[camat_title].vacant = True
            acting[ActingAssignment.Kind.PLT].append((by_title["Sekretaris Camat"], by_title[camat_title]))
        specs += by_title.values()
        for l_index, (kel_key, kel_unit) in enumerate((key, u) for key, u in kel.items() if key[0] == name):
            global_index, kelurahan_seen = kelurahan_seen, kelurahan_seen + 1
            lurah_title = f"Lurah {kel_key[1]}"
            kel_titles = {lurah_title: PositionSpec(kel_unit, lurah_title, PENG, by_title[camat_title], True)}
            for title, kind, parent, _holders in demo.KELURAHAN_STAFFING:
                parent = lurah_title if parent == "Lurah" else parent
                kel_titles[title] = PositionSpec(kel_unit, title, kind, kel_titles[parent], staff=kind in (PEL, FUNG))
            if global_index % 10 == 3:  # Lurah vacant, the Sekretaris Kelurahan is Plt
                kel_titles[lurah_title].vacant = True
                acting[ActingAssignment.Kind.PLT].append((kel_titles["Sekretaris Kelurahan"], kel_titles[lurah_title]))
            elif global_index % 17 == 8:  # Lurah vacant, nobody acting: the Camat appraises the Kasi
                kel_titles[lurah_title].vacant = True
            if l_index % 9 == 5:  # Kasi vacant, another Kasi is Plh for a few weeks
                kel_titles["Kasi Pemerintahan"].vacant = True
                acting[ActingAssignment.Kind.PLH].append(
                    (kel_titles["Kasi Pemberdayaan Masyarakat"], kel_titles["Kasi Pemerintahan"])
                )
            specs += kel_titles.values()
    return specs, acting


def _positions(specs: list[PositionSpec]) -> None:
    for spec in specs:
        spec.position = Position(
            unit=spec.unit,
            title=spec.title,
            kind=spec.kind,
            parent=spec.parent.position if spec.parent else None,
            is_unit_head=spec.is_unit_head,
        )
    by_depth: dict[int, list[Position]] = defaultdict(list)
    for spec in specs:
        by_depth[spec.depth].append(spec.position)
    for depth in sorted(by_depth):  # a child's parent_id is taken from its saved parent
        Position.objects.bulk_create(by_depth[depth], batch_size=BATCH)


# --- people ---------------------------------------------------------------------------------------


class _People:
    """Fictional employees with valid NIPs, reproducible from the seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
        self.usernames: Counter = Counter()
        self.nips: set[str] = set()
        self.today = dt.date.today()

    def nip(self, *, birth: dt.date, gender: int, pppk: bool) -> str:
        rng = self.rng
        if pppk:
            middle = f"{rng.choice((2021, 2022, 2023, 2024))}21"
        else:
            first = birth.year + 21
            last = max(first, min(birth.year + 35, demo.LAST_TMT_YEAR))
            middle = f"{rng.randint(first, last)}{rng.randint(1, 12):02d}"
        while True:
            nip = f"{birth:%Y%m%d}{middle}{gender}{rng.randint(1, 999):03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                rules.validate_nip(nip, pppk=pppk, today=self.today)  # bulk_create skips full_clean
                return nip

    def employee(self, spec: PositionSpec, password_hash: str) -> tuple[Employee, User]:
        rng = self.rng
        gender = rng.choice((1, 2))
        given = rng.choice(demo.MALE_NAMES if gender == 1 else demo.FEMALE_NAMES)
        family = rng.choice(demo.FAMILY_NAMES)
        pppk = spec.kind in demo.PPPK_GRADES and rng.random() < demo.PPPK_SHARE
        low, high = demo.PPPK_BIRTH_YEARS if pppk else demo.BIRTH_YEARS[spec.kind]
        birth = dt.date(rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))
        base = f"{given.lower()}.{family.lower()}"
        self.usernames[base] += 1
        n = self.usernames[base]
        username = base if n == 1 else f"{base}{n}"
        structural = spec.kind in (JPT, ADM, PENG)
        back = rng.choice(demo.STRUCTURAL_BACK_TITLES if structural else demo.STAFF_BACK_TITLES)
        grades = demo.PPPK_GRADES[spec.kind] if pppk else demo.PNS_GRADES[spec.kind]
        email = f"{username}@{EMAIL_DOMAIN}"
        user = User(username=username, first_name=given, last_name=family, email=email, password=password_hash)
        employee = Employee(
            nip=self.nip(birth=birth, gender=gender, pppk=pppk),
            employment_type=EmploymentType.PPPK if pppk else EmploymentType.PNS,
            name=f"{given} {family}",
            back_title=back,
            grade=str(rng.choice(grades)),
            position=spec.position,
            user=user,
            email=email,
            is_active=True,
        )
        return employee, user


def _seats(specs: list[PositionSpec], employees: int) -> list[PositionSpec]:
    """One seat per filled structural position; the rest of the employees dealt over the staff positions."""
    structural = [s for s in specs if not s.staff and not s.vacant]
    staff = [s for s in specs if s.staff]
    remaining = employees - len(structural)
    if remaining < 0 or not staff:
        raise ValueError(f"{employees} employees do not fill the {len(structural)} structural seats of the chart")
    seats = list(structural)
    per, extra = divmod(remaining, len(staff))
    for i, spec in enumerate(staff):
        seats += [spec] * (per + (1 if i < extra else 0))
    return seats


# --- SKP --------------------------------------------------------------------------------------------


class _Chart:
    """Appraiser resolution in memory, the same rule as appraisal.org.selectors.appraiser_of (acting wins)."""

    def __init__(self, employees: list[Employee], acting: list[ActingAssignment], positions: dict[int, Position]):
        self.positions = positions
        self.holders: dict[int, Employee] = {}
        for e in employees:  # the first holder by id, like official_of
            self.holders.setdefault(e.position_id, e)
        self.acting = {a.position_id: a.employee for a in acting}

    def official(self, position_id: int) -> Employee | None:
        return self.acting.get(position_id) or self.holders.get(position_id)

    def first_above(self, position_id: int | None, exclude: set[int]) -> tuple[Employee | None, int | None]:
        node = position_id
        while node is not None:
            official = self.official(node)
            if official is not None and official.pk not in exclude:
                return official, node
            node = self.positions[node].parent_id
        return None, None

    def appraisers(self, employee: Employee) -> tuple[Employee | None, Employee | None]:
        parent = self.positions[employee.position_id].parent_id
        appraiser, at = self.first_above(parent, {employee.pk})
        if appraiser is None:
            return None, None
        senior, _ = self.first_above(self.positions[at].parent_id, {employee.pk, appraiser.pk})
        return appraiser, senior


def _library_for(title: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    for prefix, text, indicators in RHK_LIBRARY:
        if title.startswith(prefix):
            return text, indicators
    raise LookupError(title)  # the "" prefix always matches


def _plans(employees: list[Employee], chart: _Chart, year: int, counts: Counter) -> None:
    positions, now = chart.positions, timezone.now()
    plans: dict[int, PerformancePlan] = {}
    appraiser_of: dict[int, int | None] = {}
    for e in employees:
        appraiser, senior = chart.appraisers(e)
        position = positions[e.position_id]
        appraiser_of[e.pk] = appraiser.pk if appraiser else None
        plans[e.pk] = PerformancePlan(
            employee=e,
            year=year,
            version=1,
            status=PlanStatus.APPROVED,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            position=position,
            unit_id=position.unit_id,
            position_title=position.title,
            unit_name=position.unit.name,
            grade=e.grade,
            appraiser=appraiser,
            appraiser_position_title=positions[appraiser.position_id].title if appraiser else "",
            appraiser_unit_name=positions[appraiser.position_id].unit.name if appraiser else "",
            appraiser_grade=appraiser.grade if appraiser else "",
            senior_appraiser=senior,
            resource_support="Anggaran DPA kecamatan/kelurahan tahun berjalan; sarana komputer dan jaringan kantor.",
            accountability_scheme="Laporan bulanan kepada pejabat penilai kinerja disertai bukti dukung.",
            consequences="Capaian menjadi dasar penilaian kinerja dan pemberian TPP.",
            submitted_at=now,
            approved_at=now,
            approved_by=appraiser,
        )
    PerformancePlan.objects.bulk_create(list(plans.values()), batch_size=BATCH)
    counts["SKP disetujui"] += len(plans)

    # RHK level by level down the appraiser chain, so each main RHK can link the appraiser's (intervensi).
    level: dict[int, int] = {}

    def level_of(pk: int) -> int:
        if pk not in level:
            up = appraiser_of[pk]
            level[pk] = 0 if up is None or up not in plans else level_of(up) + 1
        return level[pk]

    by_level: dict[int, list[int]] = defaultdict(list)
    for pk in plans:
        by_level[level_of(pk)].append(pk)
    main_result: dict[int, PlannedResult] = {}
    indicators: list[Indicator] = []
    for depth in sorted(by_level):
        results: list[PlannedResult] = []
        pending: list[tuple[PlannedResult, list[tuple[str, str, str, str]]]] = []
        for pk in by_level[depth]:
            plan = plans[pk]
            text, rows = _library_for(plan.position_title)
            up = appraiser_of[pk]
            main = PlannedResult(
                plan=plan,
                kind="UTAMA",
                text=text,
                supports=main_result.get(up) if up else None,
                supports_text="" if up else TOP_GOAL,
                order=0,
            )
            main_result[pk] = main
            entries = [(main, rows)]
            for order, (kind, extra_text, extra_rows) in enumerate(EXTRA_RHK[: 1 + (pk % 2)], start=1):
                entries.append((PlannedResult(plan=plan, kind=kind, text=extra_text, order=order), extra_rows))
            results += [r for r, _rows in entries]
            pending += entries
        PlannedResult.objects.bulk_create(results, batch_size=BATCH)
        counts["RHK"] += len(results)
        for result, rows in pending:
            indicators += [
                Indicator(result=result, aspect=a, text=t, target_value=Decimal(v), target_unit=u, order=n)
                for n, (a, t, v, u) in enumerate(rows)
            ]
    Indicator.objects.bulk_create(indicators, batch_size=BATCH)
    counts["IKI"] += len(indicators)
    behaviours = [
        BehaviourExpectation(plan=plan, core_value=value, expectation=text)
        for plan in plans.values()
        for value, text in EXPECTATIONS.items()
    ]
    BehaviourExpectation.objects.bulk_create(behaviours, batch_size=BATCH)
    counts["ekspektasi perilaku"] += len(behaviours)


# --- the whole city --------------------------------------------------------------------------------


def build_city(employees: int, *, year: int, seed: int = SEED) -> City:
    """Write the city into an empty (or bench-only, wiped) database."""
    started = time.perf_counter()
    counts: Counter = Counter()
    offices = _offices(employees)
    on = timezone.localdate()
    with transaction.atomic():
        root, setda, kec, kel = _units(offices)
        counts["unit kerja"] = 2 + len(kec) + len(kel)
        specs, acting_specs = _chart(setda, kec, kel)
        _positions(specs)
        counts["jabatan"] = len(specs)
        counts["jabatan kosong"] = sum(s.vacant for s in specs)

        password_hash = make_password(PASSWORD)  # one hash for every account: hashing is deliberately slow
        people = _People(seed)
        pairs = [people.employee(spec, password_hash) for spec in _seats(specs, employees)]
        admin = User(
            username=ADMIN_USERNAME,
            first_name="Administrator",
            email=f"{ADMIN_USERNAME}@{EMAIL_DOMAIN}",
            password=password_hash,
            is_staff=True,
            is_superuser=True,
        )
        User.objects.bulk_create([u for _e, u in pairs] + [admin], batch_size=BATCH)
        staff = [e for e, _u in pairs]
        Employee.objects.bulk_create(staff, batch_size=BATCH)
        counts["pegawai"] = len(staff)
        counts["akun"] = len(pairs) + 1

        holder_of = {}
        for e in staff:
            holder_of.setdefault(e.position_id, e)
        acting = []
        for kind, rows in acting_specs.items():
            for actor, seat in rows:
                employee = holder_of.get(actor.position.pk)
                if employee is None:
                    continue
                start = on - dt.timedelta(days=20 if kind == ActingAssignment.Kind.PLH else 120)
                end = on + dt.timedelta(days=40) if kind == ActingAssignment.Kind.PLH else None
                acting.append(
                    ActingAssignment(
                        employee=employee,
                        position=seat.position,
                        kind=kind,
                        start_date=start,
                        end_date=end,
                        decree=f"800.1.3.3/{kind}/{len(acting) + 1:03d}/{on.year}",
                    )
                )
        ActingAssignment.objects.bulk_create(acting)
        counts["Plt/Plh"] = len(acting)

        # HR: one officer per kecamatan (the first Pengadministrasi Kepegawaian of the kantor camat).
        group, _ = Group.objects.get_or_create(name=HR_GROUP)
        officers = [
            (holder_of[s.position.pk], s.unit)
            for s in specs
            if s.title == "Pengadministrasi Kepegawaian" and s.position.pk in holder_of
        ]
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=e.user_id, group_id=group.pk) for e, _unit in officers]
        )
        HrScope.objects.bulk_create([HrScope(user_id=e.user_id, unit=unit) for e, unit in officers])
        counts["admin kepegawaian"] = len(officers)

        positions = {s.position.pk: s.position for s in specs}
        _plans(staff, _Chart(staff, acting, positions), year, counts)
    return City(
        root=root,
        admin=admin,
        year=year,
        employees=len(staff),
        seconds=time.perf_counter() - started,
        counts=counts,
        kecamatan=list(offices),
    )
