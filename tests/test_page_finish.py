"""Issue 12, items 9 and 10 without a browser: favicon, skip link, long selects labelled "Nama — NIP", the scripts'
words in the djangojs catalogue (Indonesian source, English with proper plurals), loaded before the scripts."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from appraisal.org.forms import ActingAssignmentForm, employee_label
from tests.factories import OrgFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrgFactory.build_small()


def test_favicon_is_linked_on_site_and_public_pages_and_served(client, org):
    client.force_login(org.staff_a.user)
    for url, person in ((reverse("home"), org.staff_a.user), (reverse("survey_start"), None), (reverse("login"), None)):
        if person:
            client.force_login(person)
        else:
            client.logout()
        html = client.get(url).content.decode()
        assert 'rel="icon" href="/static/img/favicon.svg"' in html, url
        assert 'href="/static/img/favicon-32.png"' in html, url
    for name in ("img/favicon.svg", "img/favicon.ico", "img/favicon-32.png", "img/apple-touch-icon.png"):
        assert finders.find(name), name
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.ico"


def test_the_skip_link_comes_first_and_points_at_the_content(client, org):
    client.force_login(org.staff_a.user)
    html = client.get(reverse("home")).content.decode()
    body = html[html.index("<body>") :]
    assert body.index('class="skip-link" href="#konten"') < body.index("<header")
    assert ">Langsung ke konten<" in body and 'id="konten"' in body


def test_long_employee_selects_name_first_with_the_grouped_nip_and_are_searchable(org):
    form = ActingAssignmentForm(user=org.hr_a)  # the Plt/Plh form: every active employee of HR's units
    field = form.fields["employee"]
    assert "data-searchable" in field.widget.attrs
    label = field.label_from_instance(org.staff_a)
    assert label == employee_label(org.staff_a) == f"{org.staff_a.full_name} — {org.staff_a.nip_display}"
    assert org.staff_a.nip not in label  # never the raw 18 digits


def test_the_script_catalogue_is_loaded_before_the_scripts(client, org):
    client.force_login(org.staff_a.user)
    html = client.get(reverse("home")).content.decode()
    catalogue = html.index(f'<script src="{reverse("javascript-catalog")}" defer>')
    assert catalogue < html.index("js/submit_on_change.js") and catalogue < html.index("js/field_errors.js")


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("en", ['"Saved at %(time)s"', '"%(n)s match"', '"%(n)s matches"', '"Search by name or NIP"'], []),
        ("id", [], ["Saved at", "matches"]),
    ],
)
def test_the_scripts_words_are_translated_with_english_plurals(client, language, expected, absent):
    client.cookies["django_language"] = language
    js = client.get(reverse("javascript-catalog")).content.decode()
    for text in expected:
        assert text in js
    for text in absent:
        assert text not in js
    if language == "en":
        assert "(n != 1)" in js  # the English plural rule
