"""Demo SKPs for the current year, written through the SKP services so the flow and history are real.

Approved: the Sekda, the Camat, the Sekcam and Kasi of the kecamatan, every Lurah (and the Plt of Naioni),
and the Kasi of Kelurahan Mantasi with two of their staff. In review: the Sekretaris Kelurahan of Mantasi
(the Lurah's inbox). Returned with notes: the Kasi Trantib of Mantasi. The Mantasi staff member whose
login is printed has no SKP yet, so a new user can draft one.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User

from appraisal.models import Employee, PerformancePlan, PlannedResult
from appraisal.org.selectors import today
from appraisal.skp.services import IndicatorInput, behaviours_update, plan_update, result_save
from workflows.steps.reassign import appraiser_designate
from workflows.steps.skp import plan_approve, plan_create, plan_return, plan_submit

TOP_GOAL = "Misi RPJMD Kota Kupang: tata kelola pemerintahan yang bersih, efektif dan melayani"

# RHK per position title (prefix match), each with its indicators (aspect, text, target, unit).
RHK_LIBRARY: list[tuple[str, str, list[tuple[str, str, str, str]]]] = [
    (
        "Sekretaris Daerah",
        "Terwujudnya koordinasi penyelenggaraan pemerintahan daerah yang efektif",
        [
            ("KUANTITAS", "Persentase perangkat daerah dengan nilai SAKIP minimal B", "80", "persen"),
            ("KUALITAS", "Indeks reformasi birokrasi Kota Kupang", "70", "indeks"),
        ],
    ),
    (
        "Camat",
        "Meningkatnya kualitas pelayanan publik dan penyelenggaraan pemerintahan di Kecamatan Alak",
        [
            ("KUALITAS", "Indeks Kepuasan Masyarakat layanan PATEN", "82", "indeks"),
            ("KUANTITAS", "Persentase kelurahan dengan laporan kinerja tepat waktu", "100", "persen"),
        ],
    ),
    (
        "Lurah",
        "Meningkatnya kualitas pelayanan administrasi kependudukan dan kemasyarakatan di kelurahan",
        [
            ("KUALITAS", "Indeks Kepuasan Masyarakat layanan kelurahan", "80", "indeks"),
            ("WAKTU", "Persentase surat keterangan selesai pada hari yang sama", "90", "persen"),
        ],
    ),
    (
        "Sekretaris",
        "Tersedianya dukungan administrasi umum, kepegawaian dan keuangan yang tertib",
        [
            ("KUANTITAS", "Laporan keuangan dan kepegawaian yang disusun", "12", "laporan"),
            ("WAKTU", "Laporan disampaikan paling lambat tanggal 10 bulan berikutnya", "12", "bulan"),
        ],
    ),
    (
        "Kasubag",
        "Terselenggaranya urusan subbagian sesuai rencana kerja",
        [
            ("KUANTITAS", "Dokumen perencanaan dan pelaporan yang diselesaikan", "6", "dokumen"),
        ],
    ),
    (
        "Kasi Pemerintahan",
        "Tertibnya administrasi pemerintahan dan data kependudukan wilayah",
        [
            ("KUANTITAS", "Rekapitulasi data penduduk per RT/RW yang dimutakhirkan", "4", "laporan"),
            ("KUALITAS", "Persentase data kependudukan yang sesuai hasil verifikasi", "95", "persen"),
        ],
    ),
    (
        "Kasi Trantib",
        "Terjaganya ketentraman dan ketertiban umum di wilayah",
        [
            ("KUANTITAS", "Patroli dan penertiban yang dilaksanakan", "24", "kegiatan"),
        ],
    ),
    (
        "Kasi Ketentraman",
        "Terjaganya ketentraman dan ketertiban umum di wilayah kelurahan",
        [
            ("KUANTITAS", "Koordinasi keamanan lingkungan dengan RT/RW", "12", "kegiatan"),
        ],
    ),
    (
        "Kasi Pemberdayaan",
        "Meningkatnya partisipasi masyarakat dalam pembangunan",
        [
            ("KUANTITAS", "Musyawarah perencanaan pembangunan yang difasilitasi", "3", "kegiatan"),
            ("KUALITAS", "Usulan masyarakat yang terakomodasi dalam rencana kerja", "60", "persen"),
        ],
    ),
    (
        "Kasi Pelayanan",
        "Terselenggaranya pelayanan administrasi terpadu kecamatan (PATEN) yang cepat",
        [
            ("WAKTU", "Rata-rata waktu penyelesaian berkas", "1", "hari kerja"),
        ],
    ),
    (
        "",
        "Terselesaikannya administrasi dan data sesuai penugasan atasan",
        [
            ("KUANTITAS", "Berkas/dokumen yang diselesaikan", "240", "berkas"),
            ("KUALITAS", "Persentase berkas tanpa koreksi", "95", "persen"),
        ],
    ),
]

EXPECTATIONS = {
    "PELAYANAN": "Melayani warga di loket dengan ramah dan tuntas pada hari yang sama.",
    "AKUNTABEL": "Melaporkan hasil kerja tepat waktu dengan bukti dukung yang lengkap.",
    "KOLABORATIF": "Aktif berbagi informasi dengan rekan seksi lain.",
}


def _library_for(title: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    for prefix, text, indicators in RHK_LIBRARY:
        if title.startswith(prefix):
            return text, indicators
    raise LookupError(title)  # the "" prefix always matches


def _indicators(rows: list[tuple[str, str, str, str]]) -> list[IndicatorInput]:
    return [IndicatorInput(aspect=a, text=t, target_value=Decimal(v), target_unit=u) for a, t, v, u in rows]


def _draft(employee: Employee, year: int) -> PerformancePlan:
    plan = plan_create(employee=employee, year=year)
    text, rows = _library_for(plan.position_title)
    supports = None
    if plan.appraiser_id is not None:
        supports = (
            PlannedResult.objects.filter(plan__employee_id=plan.appraiser_id, plan__year=year, kind="UTAMA")
            .order_by("-plan__version", "order", "id")
            .first()
        )
    user = employee.user
    result_save(
        plan=plan,
        actor=user,
        kind="UTAMA",
        text=text,
        supports=supports,
        supports_text=TOP_GOAL if plan.is_top else "",
        indicators=_indicators(rows),
    )
    plan_update(
        plan=plan,
        actor=user,
        resource_support="Anggaran DPA kecamatan/kelurahan tahun berjalan; sarana komputer dan jaringan kantor.",
        accountability_scheme="Laporan bulanan kepada pejabat penilai kinerja disertai bukti dukung.",
        consequences="Capaian menjadi dasar penilaian kinerja dan pemberian TPP.",
    )
    return plan


def _approve_as(plan: PerformancePlan, approver: User, official: User) -> None:
    plan_submit(plan=plan, actor=plan.employee.user)
    plan.refresh_from_db()
    # The appraiser writes the leader's special expectations while reviewing (PermenPANRB 6/2022, Lampiran).
    if plan.appraiser is not None and plan.appraiser.user_id is not None:
        behaviours_update(plan=plan, actor=plan.appraiser.user, expectations=EXPECTATIONS)
    if plan.appraiser is None:
        # The Sekda's own appraiser, the Wali Kota, is outside the chart: designated by letter, the Wali Kota's
        # account reviews (the administrator only records the designation).
        appraiser_designate(
            employee=plan.employee,
            year=plan.year,
            official=official,
            letter=f"800.1/{plan.year}/SETDA/PPK-{plan.employee_id:03d}",
            by=approver,
        )
        plan_approve(plan=plan, actor=official)
        return
    plan_approve(plan=plan, actor=plan.appraiser.user)


def seed_skp(admin: User, official: User) -> dict[str, int]:
    """Create the demo SKPs unless the employee already has one for the year (idempotent)."""
    year = today().year
    counts = {"approved": 0, "submitted": 0, "returned": 0}
    has_plan = set(PerformancePlan.objects.filter(year=year).values_list("employee_id", flat=True))

    def employees(unit_code: str, *titles: str, seats: slice = slice(None)) -> list[Employee]:
        found: list[Employee] = []
        for title in titles:
            qs = (
                Employee.objects.filter(
                    position__unit__code=unit_code, position__title=title, is_active=True, user__isnull=False
                )
                .select_related("position", "position__unit", "user")
                .order_by("id")
            )
            found.extend(list(qs)[seats])
        return found

    def approve(people: list[Employee]) -> None:
        for person in people:
            if person.pk in has_plan:
                continue
            _approve_as(_draft(person, year), admin, official)
            has_plan.add(person.pk)
            counts["approved"] += 1

    approve(employees("setda", "Sekretaris Daerah"))
    approve(employees("kec-alak", "Camat Alak"))
    approve(
        employees(
            "kec-alak",
            "Sekretaris Camat",
            "Kasi Pemerintahan",
            "Kasi Trantib",
            "Kasi Pemberdayaan Masyarakat",
            "Kasi Pelayanan Umum",
        )
    )
    lurahs = Employee.objects.filter(position__is_unit_head=True, position__unit__kind="KELURAHAN", is_active=True)
    approve(list(lurahs.select_related("position", "user").order_by("position__unit__name")))
    # The Plt Lurah of Naioni is appraised as Sekretaris Kelurahan by the Camat (the Lurah seat is vacant).
    approve(employees("kel-naioni", "Sekretaris Kelurahan"))
    approve(employees("kel-mantasi", "Kasi Pemerintahan", "Kasi Pemberdayaan Masyarakat"))
    approve(employees("kel-mantasi", "Pengadministrasi Pemerintahan", seats=slice(1, 2)))
    approve(employees("kel-mantasi", "Pengadministrasi Pemberdayaan Masyarakat"))

    for person in employees("kel-mantasi", "Sekretaris Kelurahan"):
        if person.pk not in has_plan:
            plan = _draft(person, year)
            plan_submit(plan=plan, actor=person.user)
            counts["submitted"] += 1
    for person in employees("kel-mantasi", "Kasi Ketentraman dan Ketertiban"):
        if person.pk not in has_plan:
            plan = _draft(person, year)
            plan_submit(plan=plan, actor=person.user)
            plan.refresh_from_db()
            result = plan.results.first()
            plan_return(
                plan=plan,
                actor=plan.appraiser.user,
                note="Lengkapi indikator kualitas dan waktu.",
                result_notes={
                    result.pk: "Target 12 kegiatan terlalu rendah; sesuaikan dengan jadwal ronda 2 kali sebulan."
                },
            )
            counts["returned"] += 1
    return counts
