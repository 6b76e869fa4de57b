"""Who appears on a form, as the form prints them, and which form an SKP takes (PermenPANRB 6/2022 Lampiran).

PPPK are printed as PP 49/2018 has them: NI PPPK instead of NIP, golongan I–XVII with no pangkat."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from appraisal import rules
from appraisal.models import AppraiserDesignation, EmploymentType, Grade, PositionKind

from .render import EMPTY


def grade_text(code: str) -> str:
    """'III/a – Penata Muda' for PNS; 'VII' for PPPK (golongan only, no pangkat); an unknown code as stored."""
    if not code:
        return EMPTY
    if code in Grade.for_type(EmploymentType.PPPK):
        return code
    try:
        return str(Grade(code).label)
    except ValueError:
        return code


def terms_of(employee) -> rules.EmploymentTerms:
    """Labels for `employee` (PNS terms when nobody is there)."""
    return rules.employment_terms(employee.employment_type if employee is not None else EmploymentType.PNS)


def person(employee, grade: str | None = None) -> dict[str, str]:
    """Name, number and rank with the labels their employment type prints; `grade` is a snapshot when given."""
    terms = terms_of(employee)
    labels = {"nip_label": terms.id_label, "grade_label": terms.grade_label}
    if employee is None:
        return {"name": EMPTY, "nip": EMPTY, "grade": EMPTY, **labels}
    return {
        "name": employee.full_name,
        "nip": employee.nip_display,
        "grade": grade_text(employee.grade if grade is None else grade),
        **labels,
    }


def user_person(user) -> dict[str, str]:
    """A user as signer: the employee behind the account when there is one, else the account's name."""
    if user is None:
        return {"name": EMPTY, "nip": "", "nip_label": ""}
    employee = getattr(user, "employee", None)
    if employee is not None:
        return person(employee)
    return {"name": user.get_full_name() or user.username, "nip": "", "nip_label": ""}


def official(employee, position_title: str = "", unit_name: str = "", grade: str | None = None) -> dict[str, str]:
    """Name, number, rank, position and unit for an identity table; dashes where nobody is recorded."""
    position = employee.position if employee is not None else None
    return {
        **person(employee, grade),
        "position": position_title or (position.title if position else "") or EMPTY,
        "unit": unit_name or (position.unit.name if position and position.unit_id else "") or EMPTY,
    }


def designated(employee_id: int, year: int) -> dict[str, str] | None:
    """The official designated by letter as Pejabat Penilai Kinerja where the chart has none (the Sekda's Wali
    Kota, AppraiserDesignation), as an identity table, or None."""

    record = AppraiserDesignation.objects.filter(employee_id=employee_id, year=year).select_related("official").first()
    if record is None:
        return None
    return {
        **user_person(record.official),
        "grade": EMPTY,
        "grade_label": "",
        "position": _("Pejabat yang ditunjuk (surat %(letter)s)") % {"letter": record.letter},
        "unit": EMPTY,
    }


@dataclass(frozen=True)
class Layout:
    """Which Lampiran form a plan's documents take: SKP JPT or JA/JF, and the JA/JF form's approach."""

    jpt: bool
    approach: str  # rules.Approach

    @property
    def shows_aspect(self) -> bool:
        """The aspect column belongs to the kuantitatif JA/JF form only."""
        return not self.jpt and self.approach == rules.Approach.KUANTITATIF

    @property
    def approach_line(self) -> str:
        """'PENDEKATAN HASIL KERJA KUANTITATIF'; the JPT form has none (it is always kuantitatif)."""
        if self.jpt:
            return ""
        return _("PENDEKATAN HASIL KERJA %(approach)s") % {"approach": rules.Approach(self.approach).label.upper()}

    @property
    def audience(self) -> str:
        if self.jpt:
            return _("BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT KERJA MANDIRI")
        return _("BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL")

    @property
    def result_columns(self) -> int:
        """No, RHK atasan, RHK, [Aspek], IKI, Target."""
        return 6 if self.shows_aspect else 5


def layout_for(position, aspects: Iterable[str], chosen: str = "") -> Layout:
    """The form for the holder of `position` (the snapshot taken with the plan or the evaluation) whose IKI have
    `aspects`, with the approach `chosen` for the plan if any (rules.plan_approach)."""
    kind = position.kind if position is not None else ""
    return Layout(jpt=kind == PositionKind.JPT, approach=rules.plan_approach(kind, aspects, chosen))
