"""The benchmark's URLs (config.settings_bench only): the project's, plus a bare one-INSERT endpoint that sets
the ceiling an ordinary write can reach on this machine through the same middleware and database."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

TABLE = "bench_rush_insert"  # created by bench/rush.py, outside the migrations: it exists only for the bench


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> JsonResponse:
    """One INSERT of one row (autocommit), answered with a small JSON body like the autosave's."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (at) VALUES (%s)", [timezone.now()])  # noqa: S608 - a constant
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/insert/", bare_insert, name="bench_insert"),
    path("", include("config.urls")),
]
handler404 = "api.exceptions.not_found"
handler500 = "api.exceptions.server_error"
