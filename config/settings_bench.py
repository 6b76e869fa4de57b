"""Benchmark settings (`make bench-rush`, bench/rush.py): the project's settings, plus one bare endpoint.

The bare endpoint (bench/urls.py: one INSERT, nothing else) exists only here, never in config.urls, so a
deployment cannot expose it. Static files are served without the manifest (the bench runs no collectstatic)."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

ROOT_URLCONF = "bench.urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
