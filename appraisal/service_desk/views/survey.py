"""The public satisfaction survey (SKM, PermenPANRB 14/2017): no login, one answer per receipt.

The page shows the unit, the service and the officer's name, nothing else: no NIP, no citizen data,
no link to another site. Scripted abuse meets a honeypot field and a per-address limit on POSTs
(config.ratelimit, keyed by config.client_address, so behind the proxy each citizen has their own count).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_ratelimit.decorators import ratelimit

from appraisal.models import SurveyToken
from appraisal.service_desk.forms import SurveyCodeForm, SurveyForm
from appraisal.service_desk.services import SurveyUnavailable, survey_submit, survey_token_lookup
from config.ratelimit import client_key

UNAVAILABLE_STATUS = {"unknown": 404, "expired": 410, "used": 200}


def rate_limit(group: str | None = None, request: HttpRequest | None = None) -> tuple[int, int]:
    """(POSTs allowed, window in seconds) per client address; settings.SURVEY_RATE_LIMIT overrides."""
    limit, window = settings.SURVEY_RATE_LIMIT
    return int(limit), int(window)


# The code form and the answer form count separately: a citizen who mistypes a code may still answer.
limit_code_posts = ratelimit(group="survey-code", key=client_key, rate=rate_limit, method="POST", block=False)
limit_answer_posts = ratelimit(group="survey-submit", key=client_key, rate=rate_limit, method="POST", block=False)


def _too_many(request: HttpRequest) -> HttpResponse:
    window = rate_limit()[1]
    response = render(request, "survey/rate_limited.html", {"minutes": max(window // 60, 1)}, status=429)
    response["Retry-After"] = str(window)
    return response


def _unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "survey/unavailable.html", {"reason": reason}, status=UNAVAILABLE_STATUS[reason])


def _public_facts(token: SurveyToken) -> dict:
    """The only facts about the file the citizen's page may show."""
    file = token.request
    return {"unit_name": file.unit.name, "service_name": file.service_type.name, "officer_name": file.officer.full_name}


@never_cache
@csrf_protect
@limit_code_posts
def survey_start(request: HttpRequest) -> HttpResponse:
    """Type the short code from the receipt."""
    if request.limited:
        return _too_many(request)
    if request.method == "POST":
        form = SurveyCodeForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["kode"]
            try:
                survey_token_lookup(code)
            except SurveyUnavailable as exc:
                if exc.reason != "unknown":  # the survey page explains used / expired
                    return redirect("survey_form", key=code)
                form.add_error("kode", _("Kode tidak ditemukan. Periksa kembali kode pada tanda terima."))
            else:
                return redirect("survey_form", key=code)
    else:
        form = SurveyCodeForm()
    return render(request, "survey/start.html", {"form": form})


@never_cache
@csrf_protect
@limit_answer_posts
def survey_form(request: HttpRequest, key: str) -> HttpResponse:
    """The nine SKM questions for one receipt; answered once."""
    if request.limited:
        return _too_many(request)
    try:
        token = survey_token_lookup(key)
    except SurveyUnavailable as exc:
        return _unavailable(request, exc.reason)

    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_bot:
            return redirect("survey_thanks")  # pretend success; nothing is stored
        if form.is_valid():
            try:
                survey_submit(key=key, scores=form.scores(), comment=form.cleaned_data["comment"])
            except SurveyUnavailable as exc:  # answered or expired meanwhile
                return _unavailable(request, exc.reason)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("survey_thanks")
    else:
        form = SurveyForm()
    context = {"form": form, "key": key, "rows": form.rows(), "unanswered": form.unanswered(), **_public_facts(token)}
    return render(request, "survey/form.html", context)


def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "survey/thanks.html")
