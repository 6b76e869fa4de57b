"""Performance profile (/pegawai/<id>/profil-kinerja/), talent map (/talenta/), placement advice and the development
plan. Every page asks appraisal.policy; someone outside the allowed circle gets the site's 403 page."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from appraisal import policy, rules
from appraisal.dashboard import charts
from appraisal.models import DevelopmentAction, Employee, Position, Unit
from appraisal.org.selectors import subtree_among, today
from appraisal.service_desk.reports import ROMAN
from appraisal.talent import forms, selectors, services

NO_PROFILE = gettext_lazy(
    "Profil kinerja hanya dapat dilihat pegawai itu sendiri, pejabat penilai kinerjanya, atasan pejabat "
    "penilai kinerja, "
    "pimpinan di atasnya, dan admin kepegawaian unitnya."
)
NO_MAP = gettext_lazy("Peta talenta hanya untuk pimpinan unit (Camat, Lurah, Plt/Plh) dan admin kepegawaian unitnya.")


def _employee(pk: int) -> Employee:
    return get_object_or_404(Employee.objects.select_related("position", "position__unit", "user"), pk=pk)


def _profile_employee(request: HttpRequest, pk: int) -> Employee:
    employee = _employee(pk)
    if not policy.can_view_profile(request.user, employee):
        raise PermissionDenied(NO_PROFILE)
    return employee


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _short_label(evaluation) -> str:
    """ "I/25" for Triwulan I 2025, "M03/25" for a month: the chart's column labels."""
    kind = evaluation.period.kind
    head = ROMAN[int(kind[2])] if kind.startswith("TW") else kind
    return f"{head}/{evaluation.period.year % 100:02d}"


@login_required
def employee_profile(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _profile_employee(request, pk)
    user = request.user
    data = selectors.profile(employee)
    may_agree = policy.can_agree_development(user, employee)
    # The officer's IKM per period on the dashboard's 0–100 column chart (only periods with 5 answers have one).
    ikm_chart = charts.trend_chart(
        [
            (
                _short_label(line.evaluation),
                Decimal(s["ikm"]) if (s := line.service).get("ikm") else None,
                s.get("ikm_quality"),
            )
            for line in data.periods
        ]
    )
    context = {
        "ikm_chart": ikm_chart if any(c.value is not None for c in ikm_chart.columns) else None,
        "employee": employee,
        "profile": data,
        "show_peers": policy.profile_shows_peer_counts(user, employee),
        "may_record_potential": policy.can_record_potential(user, employee),
        "may_agree": may_agree,
        "may_update": [a.pk for a in data.actions if a.is_open and policy.can_update_development(user, a)],
        "progress_form": forms.ProgressForm(),
        "min_peers": rules.MIN_PEER_RESPONSES,
        "min_answers": rules.MIN_SURVEY_RESPONSES_INDIVIDUAL,
    }
    return render(request, "talent/profile.html", context)


@login_required
def potential_record(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee(pk)
    if not policy.can_record_potential(request.user, employee):
        raise PermissionDenied(_("Hanya admin kepegawaian unit pegawai ini yang dapat mencatat potensi."))
    form = forms.PotentialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.potential_record(employee=employee, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Potensi pegawai dicatat."))
            return redirect("employee_profile", pk=employee.pk)
    history = selectors.profile_potentials(employee)
    return render(request, "talent/potential_form.html", {"employee": employee, "form": form, "history": history})


@login_required
def development_agree(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee(pk)
    if not policy.can_agree_development(request.user, employee):
        raise PermissionDenied(_("Hanya pejabat penilai kinerja pegawai ini yang dapat mencatat rencana pengembangan."))
    needs = selectors.profile(employee).needs
    dialogues = list(selectors.held_dialogues(employee)[:20])
    form = forms.DevelopmentActionForm(request.POST or None, needs=needs, dialogues=dialogues)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        labels = {f.code: f.title for f in needs}
        code = data["need"]
        label = data["other_need"] if code == services.OTHER_NEED else labels.get(code, "")
        try:
            services.development_action_agree(
                employee=employee,
                actor=request.user,
                dialogue=next((d for d in dialogues if d.pk == data["dialogue"]), None),
                need_code=code,
                need_label=label,
                kind=data["kind"],
                description=data["description"],
                target_date=data["target_date"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Rencana pengembangan dicatat."))
            return redirect("employee_profile", pk=employee.pk)
    context = {"employee": employee, "form": form, "has_dialogues": bool(dialogues)}
    return render(request, "talent/development_form.html", context)


@login_required
@require_POST
def development_progress(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_object_or_404(DevelopmentAction.objects.select_related("employee"), pk=action_id)
    if not policy.can_update_development(request.user, action):
        raise PermissionDenied(_("Hanya pegawai dan pejabat penilai kinerjanya yang dapat memperbarui kemajuan."))
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.development_action_update(action=action, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kemajuan dicatat."))
    else:
        messages.error(request, _("Pilih status kemajuan."))
    return redirect(reverse("employee_profile", args=[action.employee_id]) + "#rencana")


# --- The talent map -------------------------------------------------------------------------------------------


def map_scope(request: HttpRequest) -> tuple[set[int], forms.TalentFilterForm, object]:
    """The units of the map (policy.talent_unit_ids), narrowed by the filter; 403 without any."""
    allowed = policy.talent_unit_ids(request.user)
    if not allowed:
        raise PermissionDenied(NO_MAP)
    units = Unit.objects.filter(id__in=allowed).order_by("name")
    form = forms.TalentFilterForm(request.GET or None, units=units)
    unit_ids, kind = set(allowed), ""
    if form.is_valid():
        if form.cleaned_data["unit"] is not None:
            unit_ids = subtree_among(form.cleaned_data["unit"].pk, units.only("id", "parent_id")) & allowed
        kind = form.cleaned_data["jenis"]
    return unit_ids, form, selectors.scope_employees(unit_ids, kind=kind)


def _box_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("kotak")
    if raw in (None, ""):
        return None
    if not raw.isdigit() or int(raw) > 9:
        raise Http404
    return int(raw)


@login_required
def talent_map(request: HttpRequest) -> HttpResponse:
    unit_ids, form, employees = map_scope(request)
    grid = selectors.talent_map(employees)
    box = _box_param(request)
    chosen = None
    if box is not None:
        chosen = {
            "box": rules.nine_box_by_number(box),
            "people": grid.in_box(box) if box else grid.unassessed,
        }
    query = request.GET.copy()
    query.pop("kotak", None)
    context = {
        "grid": grid,
        "form": form,
        "chosen": chosen,
        "query": query.urlencode(),
        "positions": selectors.public_positions(unit_ids),
        "may_export_needs": policy.can_export_training_needs(request.user),
    }
    return render(request, "talent/map.html", context)


@login_required
def placement(request: HttpRequest, position_id: int) -> HttpResponse:
    allowed = policy.talent_unit_ids(request.user)
    if not allowed:
        raise PermissionDenied(NO_MAP)
    position = get_object_or_404(Position.objects.select_related("unit"), pk=position_id)
    if position.unit_id not in allowed:
        raise PermissionDenied(_("Jabatan ini berada di luar unit yang Anda pimpin."))
    if not position.serves_public:
        raise Http404
    employees = selectors.scope_employees(allowed).exclude(position=position)
    candidates = selectors.placement_candidates(employees, on=today())
    context = {
        "position": position,
        "candidates": candidates,
        "ranked": [c for c in candidates if c.score is not None],
        "unranked": [c for c in candidates if c.score is None],
        "min_peers": rules.MIN_PEER_RESPONSES,
        "min_answers": rules.MIN_SURVEY_RESPONSES_INDIVIDUAL,
        "min_files": rules.SERVICE_MIN_FILES,
        "min_parts": rules.PLACEMENT_MIN_PARTS,
    }
    return render(request, "talent/placement.html", context)
