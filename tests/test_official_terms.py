"""The full official terms everywhere (issue 10, item 9; PermenPANRB 6/2022, SE MenPANRB 3/2023, Permendagri
73/2005 on kelurahan): the appraiser and the appraiser's superior are named with "Kinerja" at the end, the
organisation's result is the "Capaian Kinerja Organisasi", and the kelurahan's secretary is the "Sekretaris
Kelurahan". Checked in the interface, documents and API labels (templates and every Python source but
migrations) and in the Indonesian catalogue's msgids. The short forms are spelt below in pieces so that no
sweep of the sources rewrites this test."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
P1, P2, KIN, PRED, ORG = "ejabat", "enilai", "inerja", "redikat", "rganisasi"
SHORT_FORMS = {
    "appraiser without Kinerja": re.compile(rf"[Pp]{P1} [Pp]{P2}(?! [Kk]{KIN})|PEJABAT PENILAI(?! KINERJA)"),
    "organisation predicate": re.compile(rf"[Pp]{PRED} ([Kk]{KIN} )?[Oo]{ORG}|PREDIKAT (KINERJA )?ORGANISASI"),
    "secretary of the Lurah": re.compile("Sekretaris " + "Lurah"),
}


def _sources():
    for folder in ("appraisal", "api", "workflows", "config", "templates"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                yield path
    yield ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _joined(text: str) -> str:
    # A catalogue wraps long strings over several quoted lines: join them, so a term split at a line end counts.
    return text.replace('"\n"', "")


@pytest.mark.parametrize("term", sorted(SHORT_FORMS))
def test_no_short_form_of_an_official_term(term):
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}"
        for path in _sources()
        for n, line in enumerate(_joined(path.read_text(encoding="utf-8")).splitlines(), 1)
        if SHORT_FORMS[term].search(line) and not line.lstrip().startswith(("#~", "#|"))
    ]
    assert found == []


def test_the_check_catches_the_short_forms():
    appraiser = SHORT_FORMS["appraiser without Kinerja"]
    assert appraiser.search("Atasan P" + P1 + " P" + P2 + " menandatangani")
    assert appraiser.search("p" + P1 + " p" + P2 + "nya")
    assert not appraiser.search("Atasan P" + P1 + " P" + P2 + " K" + KIN)
    assert SHORT_FORMS["organisation predicate"].search("P" + PRED + " k" + KIN + " o" + ORG)
    assert SHORT_FORMS["secretary of the Lurah"].search("Sekretaris " + "Lurah Mantasi")
