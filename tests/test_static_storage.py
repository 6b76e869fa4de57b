"""Production static files: the manifest storage collects viewflow's assets although their CSS references
fonts viewflow does not ship, and still refuses a missing reference in the project's own files."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings


def collect(tmp_path, files: dict[str, str]):
    source = tmp_path / "source"
    for name, text in files.items():
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    target = tmp_path / "collected"
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
    }
    with override_settings(
        STATICFILES_DIRS=[source],
        STATIC_ROOT=target,
        STORAGES=storages,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return target


def test_viewflows_css_with_missing_fonts_is_collected_and_keeps_its_reference(tmp_path):
    target = collect(
        tmp_path,
        {
            "viewflow/fonts/roboto.css": "@font-face { src: url(node_modules/Roboto-Thin.woff2); }",
            "css/app.css": "body { background: url(../img/dot.png); }",
            "img/dot.png": "png",
        },
    )
    manifest = (target / "staticfiles.json").read_text()
    assert "viewflow/fonts/roboto.css" in manifest and "css/app.css" in manifest
    hashed_app = next((target / "css").glob("app.*.css")).read_text()
    assert re.search(r"dot\.[0-9a-f]{12}\.png", hashed_app)  # the project's own references are hashed
    hashed_viewflow = next((target / "viewflow" / "fonts").glob("roboto.*.css"))
    assert "node_modules/Roboto-Thin.woff2" in hashed_viewflow.read_text()


def test_a_missing_reference_in_the_projects_own_css_still_stops_collectstatic(tmp_path):
    with pytest.raises(ValueError, match="could not be found"):
        collect(tmp_path, {"css/app.css": "body { background: url(../img/missing.png); }"})
