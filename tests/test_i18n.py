"""Language: Bahasa Indonesia by default, English when the user switches (locale/en catalogue)."""

import pytest

pytestmark = pytest.mark.django_db


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
