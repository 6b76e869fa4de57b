"""The Pola Distribusi of the evaluation form: the curve of the Capaian Kinerja Organisasi (SE MenPANRB 3/2023),
drawn as inline SVG on the server (no script, no network), with the employee's predicate marked."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from appraisal import rules

WIDTH, HEIGHT = 420, 150
LEFT, RIGHT = 50, 370  # x of the first and last predicate
TOP, BASE = 30, 104  # y of the highest share and of the axis
LABEL = 13  # baseline of the marker's label, above the highest point: it never crosses the curve
INK, CURVE, FILL, MARK = "#222", "#0b5d4b", "#dcebe5", "#b71c1c"

# Two short lines under each point, so five labels fit under a curve a third of the page wide.
AXIS_LABELS = {
    rules.Predicate.SANGAT_KURANG: ("Sangat", "Kurang"),
    rules.Predicate.KURANG: ("Kurang/", "Misconduct"),
    rules.Predicate.BUTUH_PERBAIKAN: ("Butuh", "Perbaikan"),
    rules.Predicate.BAIK: ("Baik", ""),
    rules.Predicate.SANGAT_BAIK: ("Sangat", "Baik"),
}


def _points(shares: tuple[int, ...]) -> list[tuple[float, float]]:
    step = (RIGHT - LEFT) / (len(shares) - 1)
    top = max(shares)
    return [(LEFT + i * step, BASE - (BASE - TOP) * share / top) for i, share in enumerate(shares)]


def _smooth(points: list[tuple[float, float]]) -> str:
    """A Catmull-Rom curve through the points as cubic Béziers, never dipping below the axis."""
    path = [f"M {points[0][0]:.1f} {points[0][1]:.1f}"]
    padded = [points[0], *points, points[-1]]
    for i in range(1, len(padded) - 2):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = padded[i - 1 : i + 3]
        c1 = (x1 + (x2 - x0) / 6, min(BASE, y1 + (y2 - y0) / 6))
        c2 = (x2 - (x3 - x1) / 6, min(BASE, y2 - (y3 - y1) / 6))
        path.append(f"C {c1[0]:.1f} {c1[1]:.1f} {c2[0]:.1f} {c2[1]:.1f} {x2:.1f} {y2:.1f}")
    return " ".join(path)


def _text(x: float, y: float, text: str, *, anchor: str = "middle", size: float = 10, bold: bool = False, fill=INK):
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{weight} fill="{fill}">'
        f"{escape(text)}</text>"
    )


def distribution_svg(org: str, marked: str = "") -> SafeString:
    """The reference curve of organisation result `org`, with predicate `marked` (the employee's) pointed out."""
    org = rules.OrgPredicate(org)
    points = _points(rules.CURVE_REFERENCE[org])
    curve = _smooth(points)
    title = _("Pola distribusi predikat kinerja pegawai untuk Capaian Kinerja Organisasi %(org)s") % {"org": org.label}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="curve" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" font-family="DejaVu Sans Condensed, DejaVu Sans, sans-serif">',
        f'<path d="{curve} L {points[-1][0]:.1f} {BASE} L {points[0][0]:.1f} {BASE} Z" fill="{FILL}" stroke="none"/>',
        f'<path d="{curve}" fill="none" stroke="{CURVE}" stroke-width="2.2"/>',
        f'<line x1="{LEFT - 30}" y1="{BASE}" x2="{RIGHT + 30}" y2="{BASE}" stroke="{INK}" stroke-width="1"/>',
    ]
    for predicate, (x, y) in zip(rules.CURVE_ORDER, points, strict=True):
        is_marked = predicate == marked
        parts.append(f'<line x1="{x:.1f}" y1="{BASE}" x2="{x:.1f}" y2="{BASE + 4}" stroke="{INK}" stroke-width="1"/>')
        first, second = AXIS_LABELS[predicate]
        colour = MARK if is_marked else INK
        parts.append(_text(x, BASE + 16, first, bold=is_marked, fill=colour))
        if second:
            parts.append(_text(x, BASE + 28, second, bold=is_marked, fill=colour))
        if is_marked:
            parts.append(
                f'<line x1="{x:.1f}" y1="{LABEL + 4}" x2="{x:.1f}" y2="{BASE}" stroke="{MARK}" stroke-width="1.4" '
                'stroke-dasharray="4 3"/>'
            )
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{MARK}"/>')
            anchor = "start" if x < LEFT + 20 else "end" if x > RIGHT - 20 else "middle"
            shift = {"start": -8, "end": 8, "middle": 0}[anchor]
            parts.append(_text(x + shift, LABEL, _("Predikat pegawai"), anchor=anchor, bold=True, fill=MARK))
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{CURVE}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built here from numbers and escaped labels
