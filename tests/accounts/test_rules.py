"""The username rule and the shape of codes (accounts/rules.py): pure, table-driven."""

import pytest

from accounts import rules


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Maria Bunga", "maria.bunga"),
        ("Maria Goreti Bunga", "maria.bunga"),
        ("Sarlota", "sarlota"),
        ("  Yohanes   Ndun ", "yohanes.ndun"),
        ("Ándré Dá'Costa", "andre.dacosta"),
        ("Nikolaus Ratu-Lado", "nikolaus.ratulado"),
        ("", "pegawai"),
        ("Abcdefghijklmnopq Rstuvwxyzabcdefgh", "abcdefghijklmnopq.rstuvwxyzabc"),
    ],
)
def test_username_base_is_first_and_last_word_of_the_name(name, expected):
    assert rules.username_base(name) == expected


def test_a_clash_appends_the_smallest_free_number_from_two():
    assert rules.username_for("Maria Bunga", set()) == "maria.bunga"
    assert rules.username_for("Maria Bunga", {"maria.bunga"}) == "maria.bunga2"
    assert rules.username_for("Maria Bunga", {"maria.bunga", "maria.bunga2", "maria.bunga4"}) == "maria.bunga3"


def test_a_long_name_with_a_clash_stays_within_the_length():
    long = "Abcdefghijklmnopq Rstuvwxyzabcdefgh"
    base = rules.username_base(long)
    assert len(rules.username_for(long, {base})) == rules.USERNAME_MAX


def test_the_demo_generator_follows_the_same_rule():
    from appraisal.demo.people import people

    for person in people()[:40]:
        assert rules.username_base(person.name) == person.username.rstrip("0123456789") or person.username.startswith(
            "hr."
        )


def test_codes_are_read_without_case_spaces_or_dashes():
    assert rules.normalize_code(" abcde-fgh23 ") == "ABCDEFGH23"
    assert rules.code_display("ABCDEFGH23") == "ABCDE-FGH23"


def test_codes_use_no_look_alike_symbols():
    code = rules.code_from_bytes(bytes(range(0, 256, 7)))
    assert len(code) == rules.CODE_LENGTH
    assert not set(code) & set("01OI")
