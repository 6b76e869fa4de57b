"""The role overview of one person: which steps they may hold, and why, read from the chart and appraisal.policy.

HR asks it to answer "why can't she see this?": every line names the fact that gives (or withholds) the right.
Peer feedback is not listed: who is asked as a peer is anonymous (appraisal.policy, anonymity reasons).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from accounts.selectors import AccountState, account_state, is_locked_out
from appraisal import policy, rules
from appraisal.models import AppraiserDesignation, Employee, HrScope, Objection, Unit
from appraisal.org.selectors import OrgSnapshot, today


@dataclass
class Role:
    title: str
    reason: str
    steps: list[str] = field(default_factory=list)
    people: list[Employee] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    granted: bool = True  # False: a right the person does not have, with the reason


def _sign_in(employee: Employee) -> Role:
    state = account_state(employee)
    if state == AccountState.NONE:
        return Role(
            _("Masuk ke aplikasi"),
            _("Belum memiliki akun: tidak dapat masuk, dan tidak mendapat SKP maupun evaluasi saat periode dibuka."),
            granted=False,
        )
    user = employee.user
    if state == AccountState.INACTIVE:
        profile = getattr(user, "account_profile", None)
        why = profile.get_deactivation_reason_display() if profile and profile.deactivation_reason else ""
        return Role(_("Masuk ke aplikasi"), _("Akun nonaktif. %(why)s") % {"why": why}, granted=False)
    if state == AccountState.WAITING:
        return Role(
            _("Masuk ke aplikasi"),
            _("Akun dibuat, kode aktivasi belum dipakai: pegawai belum membuat kata sandi."),
            granted=False,
        )
    if is_locked_out(user.username):
        return Role(_("Masuk ke aplikasi"), _("Terkunci karena salah kata sandi berulang kali."), granted=False)
    return Role(_("Masuk ke aplikasi"), _("Akun aktif dengan nama pengguna %(u)s.") % {"u": user.username})


def _as_employee(employee: Employee) -> Role:
    steps = [_("Menyusun SKP"), _("Realisasi dan bukti dukung"), _("Penilaian diri"), _("Menerima atau keberatan")]
    if not employee.is_active:
        return Role(_("Pegawai yang dinilai"), _("Data pegawai tidak aktif."), granted=False)
    if employee.position is None:
        return Role(_("Pegawai yang dinilai"), _("Belum ditempatkan pada jabatan."), granted=False)
    return Role(
        _("Pegawai yang dinilai"),
        _("Pegawai aktif pada jabatan %(position)s, %(unit)s.")
        % {"position": employee.position.title, "unit": employee.position.unit.name},
        steps=steps,
    )


def _appraising(employee: Employee) -> list[Role]:
    chart = OrgSnapshot(today())
    me = chart.employees.get(employee.pk)
    if me is None:
        return []
    appraisees, seniors = [], []
    for other in chart.employees.values():
        appraiser, senior = chart.appraisers(other)
        if appraiser is not None and appraiser.pk == me.pk:
            appraisees.append(other)
        if senior is not None and senior.pk == me.pk:
            seniors.append(other)
    acting = [a for a in employee.acting_assignments.select_related("position") if a.covers(today())]
    held = [employee.position.title] if employee.position else []
    held += [f"{a.get_kind_display()} {a.position.title}" for a in acting]
    roles = []
    if appraisees:
        roles.append(
            Role(
                _("Pejabat Penilai Kinerja"),
                _(
                    "Pejabat terdekat setingkat pengawas atau lebih di atas pegawai berikut (PP 30/2019), sebagai: "
                    "%(held)s."
                )
                % {"held": ", ".join(held)},
                steps=[_("Meninjau SKP"), _("Memilih rekan kerja"), _("Menilai"), _("Penjelasan keberatan")],
                people=sorted(appraisees, key=lambda e: e.name),
            )
        )
    elif employee.position is not None and not rules.appraises(employee.position.kind) and not acting:
        roles.append(
            Role(
                _("Pejabat Penilai Kinerja"),
                _("Jabatan %(kind)s tidak menilai pegawai lain (pelaksana dan fungsional dilewati).")
                % {"kind": employee.position.get_kind_display()},
                granted=False,
            )
        )
    if seniors:
        roles.append(
            Role(
                _("Atasan Pejabat Penilai Kinerja"),
                _(
                    "Pejabat di atas Pejabat Penilai Kinerja pegawai berikut: hanya ia yang memutus keberatan "
                    "(PP 30/2019 Pasal 59)."
                ),  # fmt: skip
                steps=[_("Memutus keberatan")],
                people=sorted(seniors, key=lambda e: e.name),
            )
        )
    return roles


def _designated(user: User) -> list[Role]:
    roles = []
    designations = AppraiserDesignation.objects.filter(official=user).select_related("employee").order_by("-year")
    for d in designations:
        roles.append(
            Role(
                _("Pejabat Penilai Kinerja yang ditunjuk"),
                _("Ditunjuk dengan surat %(letter)s untuk tahun %(year)s: struktur tidak memiliki penilai.")
                % {"letter": d.letter, "year": d.year},
                steps=[_("Meninjau SKP"), _("Menilai")],
                people=[d.employee],
            )
        )
    objections = Objection.objects.filter(designated_official=user).select_related("evaluation__employee")
    for o in objections:
        roles.append(
            Role(
                _("Pemutus keberatan yang ditunjuk"),
                _("Ditunjuk dengan surat %(letter)s: struktur tidak memiliki Atasan Pejabat Penilai Kinerja.")
                % {"letter": o.designation_letter},
                steps=[_("Memutus keberatan")],
                people=[o.evaluation.employee],
            )
        )
    return roles


def _hr(user: User) -> Role | None:
    scopes = list(HrScope.objects.filter(user=user).select_related("unit").order_by("unit__name"))
    in_group = user.groups.filter(name=policy.HR_GROUP).exists()
    if not scopes and not in_group:
        return None
    if not (scopes and in_group):
        why = (
            _("Memiliki cakupan unit tetapi bukan anggota grup Admin Kepegawaian.")
            if scopes
            else _("Anggota grup Admin Kepegawaian tanpa cakupan unit.")
        )
        return Role(_("Admin Kepegawaian"), why + " " + _("Hak kepegawaian tidak berlaku."), granted=False)
    return Role(
        _("Admin Kepegawaian"),
        _("Cakupan unit berikut dan seluruh unit di bawahnya; kepegawaian tidak menilai dan tidak memutus keberatan."),
        steps=[_("Pengesahan"), _("Mengalihkan tugas"), _("Membuka periode"), _("Pegawai dan akun")],
        units=[s.unit for s in scopes],
    )


def _leader(user: User) -> Role | None:
    units = policy.leader_unit_ids(user)
    if not units:
        return None
    return Role(
        _("Pimpinan (dasbor)"),
        _("Kepala unit (atau Plt/Plh hari ini): melihat dasbor, SKP dan evaluasi unit yang dipimpin dan di bawahnya."),
        steps=[_("Dasbor"), _("Capaian Kinerja Organisasi unit di bawahnya")],
        units=list(Unit.objects.filter(pk__in=units).order_by("name")),
    )


def role_overview(employee: Employee) -> list[Role]:
    """Every right the person holds today, each with its reason; rights withheld are listed with theirs."""
    roles = [_sign_in(employee), _as_employee(employee), *_appraising(employee)]
    user = employee.user
    if user is not None:
        roles += _designated(user)
        roles += [r for r in (_hr(user), _leader(user)) if r is not None]
        if user.is_superuser:
            roles.append(Role(_("Administrator teknis"), _("Superuser: Django admin dan semua unit.")))
    return roles
