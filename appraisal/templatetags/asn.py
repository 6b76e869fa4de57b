"""How pages name an employee's number, rank and legal basis, PNS or PPPK: the choice lives in
rules.employment_terms (and documents.identity.grade_text); pages ask these filters, never `is_pppk|yesno`.

{% load asn %} … {{ employee|id_label }} {{ employee.nip_display }} · {{ employee|grade_label }} {{ code|grade_text }}
"""

from django import template

from appraisal.documents import identity

register = template.Library()


@register.filter
def id_label(employee) -> str:
    """'NIP' (PNS) or 'NI PPPK'."""
    return identity.terms_of(employee).id_label


@register.filter
def grade_label(employee) -> str:
    """'Pangkat/Gol. Ruang' (PNS) or 'Golongan' (PPPK: no pangkat, PP 49/2018)."""
    return identity.terms_of(employee).grade_label


@register.filter
def grade_text(code: str) -> str:
    """'III/a – Penata Muda' for PNS, 'VII' for PPPK."""
    return identity.grade_text(code)


@register.filter
def legal_basis(employee) -> str:
    """PP 30/2019 for PNS, PP 49/2018 for PPPK, each with PermenPANRB 6/2022."""
    return identity.terms_of(employee).legal_basis


@register.filter
def objection_basis(employee) -> str:
    """Where the objection right is written: 'PP 30/2019 Pasal 59' (PNS) or 'PP 49/2018 dan PermenPANRB 6/2022'."""
    return identity.terms_of(employee).objection_basis
