"""Demo data for Kecamatan Alak, Kota Kupang: the org chart as readable tables, and fictional people.

Pure module (no ORM): `python manage.py seed_demo` writes what is described here. Every name is fictional;
NIPs follow the real format (PP 11/2017) and are generated from a fixed seed, so every run yields the same
people with the same NIPs and usernames.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from appraisal.models import EmploymentType, Grade, PositionKind, UnitKind

DEMO_PASSWORD = "alak2026"  # noqa: S105 - published demo credential, printed by seed_demo
SEED = 2026
EMAIL_DOMAIN = "alak.example.org"  # reserved domain (RFC 2606): demo mail never reaches a real inbox

JPT, ADM, PENG, PEL, FUNG = (
    PositionKind.JPT,
    PositionKind.ADMINISTRATOR,
    PositionKind.PENGAWAS,
    PositionKind.PELAKSANA,
    PositionKind.FUNGSIONAL,
)

# --- Units -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent_code: str | None


KELURAHAN = (
    "Namosain",
    "Nunbaun Sabu",
    "Nunbaun Delha",
    "Nunhila",
    "Fatufeto",
    "Manutapen",
    "Mantasi",
    "Alak",
    "Batuplat",
    "Manulai II",
    "Naioni",
    "Penkase Oeleta",
)


def kelurahan_code(name: str) -> str:
    return "kel-" + name.lower().replace(" ", "-")


UNITS: list[UnitSpec] = [
    UnitSpec("pemkot", "Pemerintah Kota Kupang", UnitKind.PEMDA, None),
    UnitSpec("setda", "Sekretariat Daerah", UnitKind.SEKRETARIAT, "pemkot"),
    UnitSpec("kec-alak", "Kecamatan Alak", UnitKind.KECAMATAN, "pemkot"),
    *(UnitSpec(kelurahan_code(k), f"Kelurahan {k}", UnitKind.KELURAHAN, "kec-alak") for k in KELURAHAN),
]

# --- Positions -------------------------------------------------------------------------------

PositionKey = tuple[str, str]  # (unit code, title): the natural key of a Position


@dataclass(frozen=True)
class PositionSpec:
    unit_code: str
    title: str
    kind: str
    parent: PositionKey | None
    is_unit_head: bool = False
    holders: int = 1  # several staff can share one Position

    @property
    def key(self) -> PositionKey:
        return (self.unit_code, self.title)


SEKDA: PositionKey = ("setda", "Sekretaris Daerah")
CAMAT: PositionKey = ("kec-alak", "Camat Alak")

# Kantor Camat: (title, kind, parent title within the kecamatan, holders). The Camat reports to the Sekda.
KECAMATAN_STAFFING: list[tuple[str, str, str, int]] = [
    ("Sekretaris Camat", ADM, "Camat Alak", 1),
    ("Kasubag Umum dan Kepegawaian", PENG, "Sekretaris Camat", 1),
    ("Kasubag Perencanaan dan Keuangan", PENG, "Sekretaris Camat", 1),
    ("Kasi Pemerintahan", PENG, "Camat Alak", 1),
    ("Kasi Trantib", PENG, "Camat Alak", 1),
    ("Kasi Pemberdayaan Masyarakat", PENG, "Camat Alak", 1),
    ("Kasi Pelayanan Umum", PENG, "Camat Alak", 1),
    ("Pengadministrasi Kepegawaian", PEL, "Kasubag Umum dan Kepegawaian", 2),
    ("Pengadministrasi Umum", PEL, "Kasubag Umum dan Kepegawaian", 2),
    ("Pranata Komputer Terampil", FUNG, "Kasubag Umum dan Kepegawaian", 1),
    ("Bendahara Pengeluaran", PEL, "Kasubag Perencanaan dan Keuangan", 1),
    ("Pengelola Keuangan", PEL, "Kasubag Perencanaan dan Keuangan", 1),
    ("Perencana Ahli Pertama", FUNG, "Kasubag Perencanaan dan Keuangan", 1),
    ("Pengadministrasi Pemerintahan", PEL, "Kasi Pemerintahan", 2),
    ("Analis Kebijakan Ahli Pertama", FUNG, "Kasi Pemerintahan", 1),
    ("Polisi Pamong Praja Terampil", FUNG, "Kasi Trantib", 2),
    ("Pengelola Ketentraman dan Ketertiban", PEL, "Kasi Trantib", 1),
    ("Penggerak Swadaya Masyarakat Ahli Pertama", FUNG, "Kasi Pemberdayaan Masyarakat", 1),
    ("Pengadministrasi Pemberdayaan Masyarakat", PEL, "Kasi Pemberdayaan Masyarakat", 1),
    ("Pengadministrasi Pelayanan", PEL, "Kasi Pelayanan Umum", 3),
    ("Pengolah Data Pelayanan", PEL, "Kasi Pelayanan Umum", 1),
]

# Kantor Lurah, the same in every kelurahan; the Lurah ("Lurah <name>") reports to the Camat.
KELURAHAN_STAFFING: list[tuple[str, str, str, int]] = [
    ("Sekretaris Kelurahan", PENG, "Lurah", 1),
    ("Kasi Pemerintahan", PENG, "Lurah", 1),
    ("Kasi Ketentraman dan Ketertiban", PENG, "Lurah", 1),
    ("Kasi Pemberdayaan Masyarakat", PENG, "Lurah", 1),
    ("Pengadministrasi Umum", PEL, "Sekretaris Kelurahan", 2),
    ("Pengelola Keuangan", PEL, "Sekretaris Kelurahan", 1),
    ("Pengadministrasi Pemerintahan", PEL, "Kasi Pemerintahan", 2),
    ("Pengelola Ketentraman dan Ketertiban", PEL, "Kasi Ketentraman dan Ketertiban", 1),
    ("Pengadministrasi Pemberdayaan Masyarakat", PEL, "Kasi Pemberdayaan Masyarakat", 1),
]


def lurah_key(kelurahan: str) -> PositionKey:
    return (kelurahan_code(kelurahan), f"Lurah {kelurahan}")


def positions() -> list[PositionSpec]:
    """Every demo position, parents before children."""
    out = [
        PositionSpec(*SEKDA, JPT, None, is_unit_head=True),
        PositionSpec(*CAMAT, ADM, SEKDA, is_unit_head=True),
    ]
    out += [PositionSpec("kec-alak", t, kind, ("kec-alak", p), holders=n) for t, kind, p, n in KECAMATAN_STAFFING]
    for kel in KELURAHAN:
        code, lurah = lurah_key(kel)
        out.append(PositionSpec(code, lurah, PENG, CAMAT, is_unit_head=True))
        for title, kind, parent, n in KELURAHAN_STAFFING:
            parent_title = lurah if parent == "Lurah" else parent
            out.append(PositionSpec(code, title, kind, (code, parent_title), holders=n))
    return out


# --- People ----------------------------------------------------------------------------------

Seat = tuple[str, str, int]  # (unit code, position title, n-th holder)

VACANT: set[PositionKey] = {lurah_key("Naioni")}


@dataclass(frozen=True)
class ActingSpec:
    holder: Seat
    position: PositionKey
    start_date: dt.date
    decree: str


ACTING: list[ActingSpec] = [
    ActingSpec(
        holder=("kel-naioni", "Sekretaris Kelurahan", 0),
        position=lurah_key("Naioni"),
        start_date=dt.date(2025, 10, 1),
        decree="800.1.3.3/PLT/047/X/2025",
    ),
]


@dataclass(frozen=True)
class Pin:
    """A fixed person for a seat, so the demo's key people keep memorable names."""

    name: str
    gender: int  # 1 male, 2 female (the NIP's gender digit)
    front_title: str = ""
    back_title: str = ""
    username: str = ""


PINNED: dict[Seat, Pin] = {
    (*SEKDA, 0): Pin("Oktovianus Foenay", 1, "Drs.", "M.Si."),
    (*CAMAT, 0): Pin("Maria Bunga", 2, "", "S.STP, M.Si."),
    ("kec-alak", "Pengadministrasi Kepegawaian", 0): Pin("Ruth Amalo", 2, "", "S.E.", username="hr.kecamatan"),
    ("kel-mantasi", "Pengadministrasi Umum", 0): Pin("Debora Nalle", 2, "", "A.Md.", username="hr.mantasi"),
}

# Kelurahan Penkase Oeleta starts using the system (issue 16): its staff have no e-mail address in the records; the
# three Kasi have accounts HR created, waiting for activation with printed slips (seed_demo, accounts.demo); the
# other staff have no account yet. The Lurah and the Sekretaris Kelurahan sign in as everyone else.
STARTING_UNIT = "kel-penkase-oeleta"
STARTING_UNIT_SIGNED_IN = ("Lurah Penkase Oeleta", "Sekretaris Kelurahan")


def in_starting_unit(seat: Seat) -> bool:
    """Staff of the kelurahan that starts using the system: no demo account, no e-mail address."""
    return seat[0] == STARTING_UNIT and seat[1] not in STARTING_UNIT_SIGNED_IN


def awaits_activation(seat: Seat) -> bool:
    """Of those, the ones whose account HR creates in the demo (their slips wait on the slip page)."""
    return in_starting_unit(seat) and seat[1].startswith("Kasi ")


# HR officers (group "Admin Kepegawaian"): username -> unit code of their scope.
HR_SCOPES: dict[str, str] = {"hr.kecamatan": "kec-alak", "hr.mantasi": "kel-mantasi"}
ADMIN_USERNAME = "admin"

# The table of logins printed at the end of seed_demo: (role, seat); the superuser is added by the command.
DEMO_LOGINS: list[tuple[str, Seat]] = [
    ("Pegawai (staf Kelurahan Mantasi)", ("kel-mantasi", "Pengadministrasi Pemerintahan", 0)),
    ("Lurah Mantasi", (*lurah_key("Mantasi"), 0)),
    ("Plt Lurah Naioni", ("kel-naioni", "Sekretaris Kelurahan", 0)),
    ("Camat Alak", (*CAMAT, 0)),
    ("Sekretaris Daerah", (*SEKDA, 0)),
    ("Admin Kepegawaian Kecamatan", ("kec-alak", "Pengadministrasi Kepegawaian", 0)),
    ("Admin Kepegawaian Kel. Mantasi", ("kel-mantasi", "Pengadministrasi Umum", 0)),
]

MALE_NAMES = (
    "Yohanes", "Petrus", "Daniel", "Yosef", "Alfons", "Markus", "Melkianus", "Oktovianus", "Fransiskus",
    "Marthen", "Yakobus", "Simon", "Frederik", "Matheus", "Agustinus", "Paulus", "Stefanus", "Lukas",
    "Benyamin", "Nikolaus", "Semuel", "Arnoldus", "Yeremias", "Imanuel", "Gabriel", "Kornelis", "Herman",
)  # fmt: skip
FEMALE_NAMES = (
    "Maria", "Agustina", "Ester", "Beatrix", "Yuliana", "Fransiska", "Debora", "Ruth", "Anastasia",
    "Katarina", "Margaretha", "Elisabeth", "Sarlota", "Naomi", "Veronika", "Theresia", "Yohana",
    "Marselina", "Adelina", "Dorkas", "Rosalina", "Hana", "Lidia", "Priska", "Serlince", "Yunita",
)  # fmt: skip
FAMILY_NAMES = (
    "Ndun", "Manafe", "Foenay", "Benu", "Tallo", "Bire", "Kase", "Lay", "Sabu", "Nope", "Tefa",
    "Fanggidae", "Mesakh", "Ratu", "Nalle", "Pah", "Laiskodat", "Amalo", "Djami", "Lado", "Toelle",
    "Kiuk", "Haning", "Bessie", "Selan", "Bunga", "Radja", "Lenggu", "Dethan", "Ndolu",
)  # fmt: skip

# Plausible golongan per kind of position. Structural positions (JPT, Administrator, Pengawas) are PNS only.
PNS_GRADES: dict[str, tuple[str, ...]] = {
    JPT: (Grade.IV_C, Grade.IV_D),
    ADM: (Grade.IV_A, Grade.IV_B),
    PENG: (Grade.III_C, Grade.III_D, Grade.IV_A),
    PEL: (Grade.II_B, Grade.II_C, Grade.II_D, Grade.III_A, Grade.III_B),
    FUNG: (Grade.II_C, Grade.III_A, Grade.III_B, Grade.III_C),
}
PPPK_GRADES: dict[str, tuple[str, ...]] = {PEL: (Grade.P_V, Grade.P_VII), FUNG: (Grade.P_VII, Grade.P_IX)}
PPPK_SHARE = 0.35  # of staff (Pelaksana/Fungsional) positions
BIRTH_YEARS: dict[str, tuple[int, int]] = {
    JPT: (1966, 1971),
    ADM: (1970, 1980),
    PENG: (1968, 1988),
    PEL: (1965, 2000),
    FUNG: (1975, 2000),
}
PPPK_BIRTH_YEARS = (1980, 2000)
LAST_TMT_YEAR = 2024  # every generated TMT lies in the past, whenever the seed runs
STRUCTURAL_BACK_TITLES = ("S.STP", "S.Sos.", "S.E.", "S.IP", "S.H.", "S.Sos., M.Si.", "S.STP, M.Si.")
STAFF_BACK_TITLES = ("", "", "", "A.Md.", "S.E.", "S.Sos.", "S.Kom.", "S.AP")


@dataclass(frozen=True)
class DemoPerson:
    seat: Seat
    name: str
    front_title: str
    back_title: str
    gender: int
    employment_type: str
    grade: str
    nip: str
    username: str

    @property
    def position_key(self) -> PositionKey:
        return self.seat[:2]

    @property
    def email(self) -> str:
        return "" if in_starting_unit(self.seat) else f"{self.username}@{EMAIL_DOMAIN}"

    @property
    def has_account(self) -> bool:
        """A demo login with DEMO_PASSWORD; staff of the starting kelurahan get theirs from HR (issue 16)."""
        return not in_starting_unit(self.seat)

    @property
    def first_name(self) -> str:
        return self.name.rsplit(" ", 1)[0]

    @property
    def last_name(self) -> str:
        return self.name.rsplit(" ", 1)[-1]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.names: set[str] = {p.name for p in PINNED.values()}
        self.usernames: set[str] = {p.username for p in PINNED.values() if p.username}
        self.nips: set[str] = set()

    def name(self) -> tuple[str, int]:
        while True:
            gender = self.rng.choice((1, 2))
            given = self.rng.choice(MALE_NAMES if gender == 1 else FEMALE_NAMES)
            name = f"{given} {self.rng.choice(FAMILY_NAMES)}"
            if name not in self.names:
                self.names.add(name)
                return name, gender

    def username(self, name: str) -> str:
        words = name.split()
        base = f"{_slug(words[0])}.{_slug(words[-1])}"
        candidate, n = base, 1
        while candidate in self.usernames:
            n += 1
            candidate = f"{base}{n}"
        self.usernames.add(candidate)
        return candidate

    def titles(self, kind: str, birth_year: int, gender: int) -> tuple[str, str]:
        rng = self.rng
        if kind in (JPT, ADM, PENG):
            if birth_year < 1975 and rng.random() < 0.3:
                return rng.choice(("Drs.", "Ir.") if gender == 1 else ("Dra.", "Ir.")), rng.choice(("", "M.Si."))
            return "", rng.choice(STRUCTURAL_BACK_TITLES)
        return "", rng.choice(STAFF_BACK_TITLES)

    def nip(self, *, birth: dt.date, gender: int, pppk: bool) -> str:
        rng = self.rng
        if pppk:
            middle = f"{rng.choice((2021, 2022, 2023, 2024))}21"  # appointment year + PPPK code
        else:
            first = birth.year + 21
            middle = f"{rng.randint(first, max(first, min(birth.year + 35, LAST_TMT_YEAR)))}{rng.randint(1, 12):02d}"
        while True:
            nip = f"{birth:%Y%m%d}{middle}{gender}{rng.randint(1, 999):03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def person(self, spec: PositionSpec, seat: Seat) -> DemoPerson:
        rng = self.rng
        pin = PINNED.get(seat)
        if pin:
            name, gender = pin.name, pin.gender
        else:
            name, gender = self.name()
        pppk = spec.kind in PPPK_GRADES and pin is None and rng.random() < PPPK_SHARE
        low, high = PPPK_BIRTH_YEARS if pppk else BIRTH_YEARS[spec.kind]
        birth = dt.date(rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))
        if pin:
            front, back = pin.front_title, pin.back_title
        else:
            front, back = self.titles(spec.kind, birth.year, gender)
        grades = PPPK_GRADES[spec.kind] if pppk else PNS_GRADES[spec.kind]
        return DemoPerson(
            seat=seat,
            name=name,
            front_title=front,
            back_title=back,
            gender=gender,
            employment_type=EmploymentType.PPPK if pppk else EmploymentType.PNS,
            grade=str(rng.choice(grades)),
            nip=self.nip(birth=birth, gender=gender, pppk=pppk),
            username=(pin.username if pin and pin.username else self.username(name)),
        )


def people(seed: int = SEED) -> list[DemoPerson]:
    """The demo's employees, one per filled seat, in org-chart order; the same list on every call."""
    gen = _Generator(seed)
    out: list[DemoPerson] = []
    for spec in positions():
        if spec.key in VACANT:
            continue
        out += [gen.person(spec, (spec.unit_code, spec.title, i)) for i in range(spec.holders)]
    return out
