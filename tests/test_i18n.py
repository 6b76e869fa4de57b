"""Language: Bahasa Indonesia by default, English when the user switches (locale/en catalogue)."""

import ast
import gettext as gettext_module
from pathlib import Path

import pytest
from django.utils import translation

from tests.appraisal.evaluation_pages_setup import build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    # LocaleMiddleware activates the request's language in this thread and nothing resets it: without this,
    # tests that run after these ones would see English messages from the services.
    yield
    translation.deactivate()


def test_login_page_is_indonesian_by_default(client):
    response = client.get("/masuk/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="id"' in page
    assert "Masuk ke Kinerja Alak" in page


def test_switching_to_english_shows_the_login_page_in_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    assert response["Location"] == "/masuk/"

    page = client.get("/masuk/").content.decode()

    assert 'lang="en"' in page
    assert "Sign in to Kinerja Alak" in page
    assert "Password" in page
    assert "Masuk ke Kinerja Alak" not in page


def test_switching_back_to_indonesian_restores_indonesian_text(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    client.post("/i18n/setlang/", {"language": "id", "next": "/masuk/"})

    page = client.get("/masuk/").content.decode()

    assert "Masuk ke Kinerja Alak" in page
    assert "Sign in to Kinerja Alak" not in page


# --- The English catalogue is complete and compiled -------------------------------------------------------------

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"


def _unquote(line: str) -> str:
    """The string literal at the end of a .po line, with the C escapes gettext uses undone."""
    literal = line[line.index('"') :]
    return ast.literal_eval(literal)


def parse_po(path: Path) -> list[dict]:
    """A tiny .po reader: one dict per entry (msgctxt, msgid, msgid_plural, msgstr list, flags), header skipped.

    Obsolete entries (#~) are ignored; continuation lines ("...") are appended to the field above them.
    """
    entries, entry, field = [], None, None

    def close():
        if entry is not None and entry.get("msgid", "") != "":
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                close()
                entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            entry["msgctxt"], field = _unquote(line), "msgctxt"
        elif line.startswith("msgid_plural "):
            entry["msgid_plural"], field = _unquote(line), "msgid_plural"
        elif line.startswith("msgid "):
            entry["msgid"], field = _unquote(line), "msgid"
        elif line.startswith("msgstr["):
            index = int(line[len("msgstr[") : line.index("]")])
            entry["msgstr"][index], field = _unquote(line), ("msgstr", index)
        elif line.startswith("msgstr "):
            entry["msgstr"][0], field = _unquote(line), ("msgstr", 0)
        elif line.startswith('"'):
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
    close()
    return entries


def test_the_po_reader_sees_empty_fuzzy_and_plural_entries(tmp_path):
    # Guards the guard below: a reader that found nothing would make the completeness test pass vacuously.
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "Simpan"\nmsgstr "Save"\n\n'
        'msgid "Batal"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Hapus"\nmsgstr "Delete"\n\n'
        'msgid ""\n"Ada %(n)s "\n"kesalahan"\nmsgid_plural "Ada %(n)s kesalahan"\n'
        'msgstr[0] "%(n)s error"\nmsgstr[1] ""\n\n'
        '#~ msgid "Lama"\n#~ msgstr ""\n',
        encoding="utf-8",
    )

    entries = parse_po(po)

    assert [e["msgid"] for e in entries] == ["Simpan", "Batal", "Hapus", "Ada %(n)s kesalahan"]
    assert [untranslated_reason(e) for e in entries] == [None, "empty", "fuzzy", "empty"]


def untranslated_reason(entry: dict) -> str | None:
    if "fuzzy" in entry["flags"]:
        return "fuzzy"
    expected = 2 if entry["msgid_plural"] is not None else 1
    if len(entry["msgstr"]) < expected or not all(entry["msgstr"].values()):
        return "empty"
    return None


def test_every_message_has_an_english_translation():
    entries = parse_po(EN_PO)
    missing = [(untranslated_reason(e), e["msgid"]) for e in entries if untranslated_reason(e)]

    assert len(entries) > 1000, "the English catalogue looks truncated"
    assert len(missing) == 0, f"{len(missing)} untranslated English entries, e.g. {missing[:10]}"


def test_english_catalogue_has_the_same_messages_as_the_indonesian_one():
    # Both come from the same makemessages run; a message only in one of them means a locale was skipped.
    def keys(path):
        return {(e["msgctxt"], e["msgid"]) for e in parse_po(path)}

    id_po = LOCALE_DIR / "id" / "LC_MESSAGES" / "django.po"

    assert keys(EN_PO) == keys(id_po)


def test_the_committed_english_mo_matches_the_po():
    # The .mo is committed (fresh machines have no msgfmt); a .po edited without compilemessages shows here.
    with EN_MO.open("rb") as handle:
        compiled = gettext_module.GNUTranslations(handle)
    stale = []
    for e in parse_po(EN_PO):
        if e["msgid_plural"] is not None:
            got = [compiled.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            want = [e["msgstr"][0], e["msgstr"][1]]
        elif e["msgctxt"] is not None:
            got, want = compiled.pgettext(e["msgctxt"], e["msgid"]), e["msgstr"][0]
        else:
            got, want = compiled.gettext(e["msgid"]), e["msgstr"][0]
        if got != want:
            stale.append(e["msgid"])

    assert stale == [], f"run compilemessages: {len(stale)} stale entries, e.g. {stale[:5]}"


# --- Pages in English --------------------------------------------------------------------------------------------


def english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_login_page_in_english_has_no_indonesian_labels(client):
    page = english(client).get("/masuk/").content.decode()

    assert "Sign in to Kinerja Alak" in page
    assert "User name" in page
    for indonesian in ("Masuk ke Kinerja Alak", "Nama pengguna", "Kata sandi", "Penilaian kinerja ASN"):
        assert indonesian not in page


def test_my_evaluations_page_in_english(client, org):
    build(org)  # staff_a's Triwulan III 2026 evaluation, waiting for the self-assessment
    english(client).force_login(org.staff_a.user)

    response = client.get("/evaluasi/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "My evaluations" in page
    assert "Quarter III 2026" in page
    assert "Sign out" in page
    for indonesian in ("Evaluasi saya", "Triwulan III", "Keluar", "Periode", "Predikat kinerja"):
        assert indonesian not in page


def test_public_survey_start_page_in_english(client):
    response = english(client).get("/survei/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Rate our service" in page
    assert "Enter the survey code printed on your receipt." in page
    assert "Community satisfaction survey" in page
    for indonesian in ("Nilai layanan kami", "Survei Kepuasan Masyarakat", "Lanjut", "Kode survei"):
        assert indonesian not in page
