"""The site's own error pages (400, 403, 404, 500): Indonesian, its layout, a way back; never viewflow's theme."""

from pathlib import Path

import pytest
import viewflow
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import get_template
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from config import urls as site_urls


def _bad(request):
    raise SuspiciousOperation("bad input")


def _forbidden(request):
    raise PermissionDenied


def _crash(request):
    raise RuntimeError("boom")


# This module is the URL conf of the tests below: the site's routes and handlers plus three that fail.
urlpatterns = [
    path("uji-galat/400/", _bad),
    path("uji-galat/403/", _forbidden),
    path("uji-galat/500/", _crash),
    *site_urls.urlpatterns,
]
handler404 = site_urls.handler404
handler500 = site_urls.handler500

VIEWFLOW_TEMPLATES = Path(viewflow.__file__).parent / "templates"
SITE_LAYOUT = 'class="topbar"'  # base.html's header, and 500.html's copy of it


def assert_site_page(response, status: int, *texts: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert SITE_LAYOUT in page and "Kinerja Alak" in page
    assert 'href="/"' in page or "Kembali ke beranda" in page
    for text in texts:
        assert text in page, text
    # Viewflow's lockscreen pages: English, Material design, "LOG IN AS ANOTHER USER".
    for foreign in ("mdc-", "vf-page", "Log in as another user", "Page not found", "Server error", "Bad Request"):
        assert foreign.lower() not in page.lower(), foreign
    return page


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.test_error_pages"),
]


@override_settings(DEBUG=False)
def test_the_400_page_is_the_sites():
    response = Client().get("/uji-galat/400/")
    assert_site_page(response, 400, "Permintaan tidak sah", "Kembali ke beranda")


@override_settings(DEBUG=False)
def test_the_403_page_is_the_sites_and_offers_sign_in_to_a_visitor():
    response = Client().get("/uji-galat/403/")
    page = assert_site_page(response, 403, "Akses ditolak", "Anda tidak berwenang membuka halaman ini.")
    assert 'href="/masuk/?next=/uji-galat/403/"' in page


@override_settings(DEBUG=False)
def test_the_403_page_of_a_refused_task_keeps_the_reason(org):
    client = Client()
    client.force_login(org.staff_a.user)
    response = client.get("/kepegawaian/")
    assert_site_page(response, 403, "Akses ditolak", "Keluar")


@override_settings(DEBUG=False)
def test_the_csrf_failure_page_is_the_sites():
    response = Client(enforce_csrf_checks=True).post("/masuk/", {"username": "x", "password": "y"})
    assert_site_page(response, 403, "Formulir kedaluwarsa", "Tidak ada data yang disimpan.")


@override_settings(DEBUG=False)
def test_the_404_page_is_the_sites_and_names_the_address():
    response = Client().get("/tidak-ada-halaman-ini/")
    page = assert_site_page(response, 404, "Halaman tidak ditemukan", "/tidak-ada-halaman-ini/")
    assert "matches the given query" not in page


@override_settings(DEBUG=False)
def test_a_404_of_a_missing_object_does_not_show_djangos_english_text(org):
    client = Client()
    client.force_login(org.hr_kec)
    response = client.get("/unit/999999/")
    page = assert_site_page(response, 404, "Halaman tidak ditemukan")
    assert "No " not in page.split("<main", 1)[1].split("</main>", 1)[0]


@override_settings(DEBUG=False)
def test_the_500_page_is_the_sites_and_needs_no_database(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/uji-galat/500/")
    assert_site_page(response, 500, "Terjadi kesalahan", "Kembali ke beranda")


@override_settings(DEBUG=False)
def test_the_api_keeps_its_json_errors():
    response = Client().get("/api/v1/tidak-ada/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def _names(folder: Path) -> list[str]:
    """The pages Django itself renders by name: the error pages and the auth views' registration/*.html.

    Left out: viewflow/*.html (only viewflow's own views use them; see the route test below), admin/fsm_*.html
    (viewflow's FSM admin mixin, unused here) and formtools/ (django-formtools is not installed).
    """
    return sorted(
        str(p.relative_to(folder)) for p in [*folder.glob("*.html"), *(folder / "registration").glob("*.html")]
    )


@pytest.mark.parametrize("name", _names(VIEWFLOW_TEMPLATES))
def test_no_page_of_viewflows_theme_wins_a_template_lookup(name):
    """viewflow ships 400/403/404/500 and registration/*.html outside its own namespace; ours (or Django's) win."""
    origin = Path(get_template(name).origin.name)
    assert VIEWFLOW_TEMPLATES not in origin.parents, f"{name} would render viewflow's theme ({origin})"


def _callbacks(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _callbacks(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


@pytest.mark.urls("config.urls")
def test_no_route_serves_a_view_of_viewflows_own_frontend():
    """Viewflow's views render viewflow/*.html (its Material theme); the site routes none of them."""
    routed = [
        (route, f"{callback.__module__}.{callback.__qualname__}")
        for route, callback in _callbacks(get_resolver())
        if callback.__module__.startswith("viewflow")
    ]
    assert routed == []
