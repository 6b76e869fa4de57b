"""The Pola Distribusi a Capaian Kinerja Organisasi allows (SE MenPANRB 3/2023), as limits a chart can draw.

rules.curve_violations is the authority on whether a unit breaches the guidance, and its messages are the ones
shown; both read the same table, rules.CURVE_PATTERN. This module only says which bar a limit belongs to and
where to draw it (tests/appraisal/test_dashboard_curve.py checks the two over a grid of distributions).
Pure: no ORM.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from appraisal.rules import CURVE_PATTERN, OrgPredicate, Predicate

MAX, MIN, AT_LEAST_ONE = "max", "min", "atleast1"


@dataclass(frozen=True)
class Limit:
    """One clause of the pattern: the share of `predicates` together is at most / at least `share` (0–1)."""

    predicates: tuple[Predicate, ...]
    kind: str
    share: Decimal = Decimal(0)

    @property
    def percent(self) -> Decimal:
        return (self.share * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)

    def _names(self, conjunction: str) -> str:
        return f" {conjunction} ".join(str(p.label) for p in self.predicates)

    @property
    def label(self) -> str:
        """The clause as the circular words it: "Baik paling banyak 70%"."""
        names = self._names(pgettext("antara dua predikat", "dan"))
        if self.kind == AT_LEAST_ONE:
            either = self._names(pgettext("antara dua predikat", "atau"))
            return _("paling sedikit satu pegawai %(names)s") % {"names": either}
        if self.kind == MAX and self.share == 0:
            return _("tidak boleh ada %(names)s") % {"names": names}
        if self.kind == MAX:
            return _("%(names)s paling banyak %(pct)s%%") % {"names": names, "pct": self.percent}
        if len(self.predicates) > 1:
            return _("%(names)s bersama paling sedikit %(pct)s%%") % {"names": names, "pct": self.percent}
        return _("%(names)s paling sedikit %(pct)s%%") % {"names": names, "pct": self.percent}

    def met(self, counts: Mapping[Predicate, int]) -> bool:
        """Whether a distribution keeps this clause (an empty unit keeps every clause, as the rule says)."""
        total = sum(counts.values())
        if total == 0:
            return True
        part = sum(counts.get(p, 0) for p in self.predicates)
        if self.kind == AT_LEAST_ONE:
            return part > 0
        share = Decimal(part) / Decimal(total)
        return share <= self.share if self.kind == MAX else share >= self.share


# The limits are rules.CURVE_PATTERN's, the one table curve_violations judges with; only their drawing is here.
PATTERN: dict[OrgPredicate, tuple[Limit, ...]] = {
    org: tuple(Limit(predicates, kind, share) for predicates, kind, share, _label in clauses)
    for org, clauses in CURVE_PATTERN.items()
}


def pattern_of(org: OrgPredicate | str) -> tuple[Limit, ...]:
    return PATTERN[OrgPredicate(org)]


def single_limits(org: OrgPredicate | str) -> dict[Predicate, Limit]:
    """The clauses about one predicate alone, by predicate: those a bar chart can mark on that predicate's bar."""
    return {limit.predicates[0]: limit for limit in pattern_of(org) if len(limit.predicates) == 1}
