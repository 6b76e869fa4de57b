from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from appraisal.models import (
    ActingAssignment,
    Employee,
    Evaluation,
    Evidence,
    Feedback,
    HrScope,
    Objection,
    PeerRequest,
    PerformanceDialogue,
    Period,
    Position,
    PublicHoliday,
    Realization,
    ServiceRequest,
    ServiceType,
    SurveyResponse,
    Unit,
    UnitPerformance,
)
from appraisal.service_desk import services as service_desk_services


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "unit", "parent", "is_unit_head"]
    list_filter = ["kind", "is_unit_head", "unit"]
    search_fields = ["title"]
    list_select_related = ["unit", "parent"]
    autocomplete_fields = ["parent", "unit"]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["nip", "full_name", "employment_type", "grade", "position", "is_active"]
    list_filter = ["employment_type", "is_active", "position__unit"]
    search_fields = ["nip", "name"]
    list_select_related = ["position"]
    autocomplete_fields = ["position", "user"]


@admin.register(ActingAssignment)
class ActingAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["position", "employee", "kind", "start_date", "end_date"]
    list_select_related = ["position", "employee"]
    autocomplete_fields = ["position", "employee"]


@admin.register(HrScope)
class HrScopeAdmin(SimpleHistoryAdmin):
    list_display = ["user", "unit"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["unit"]


# --- Evaluation -------------------------------------------------------------------------------
# Read-only once final: a signed-off evaluation, its realisation, evidence, objection and feedback
# never change (tests/appraisal/test_evaluation_admin.py). State and ratings move only through the flow's services, so
# the admin never edits them even before; it fixes snapshots and texts. PeerFeedback is deliberately
# not registered: its rows must stay out of reach, whoever is looking (anonymity).


def _evaluation_is_final(evaluation_id: int | None) -> bool:
    """Asked of the database, not of the object shown: a history page shows an old, not-yet-final version."""
    return evaluation_id is not None and Evaluation.objects.filter(pk=evaluation_id, is_final=True).exists()


class LockedWhenFinalMixin:
    """Change and delete refused once the evaluation the object belongs to is final; reverting from history too."""

    def evaluation_id_of(self, obj) -> int | None:
        raise NotImplementedError

    def is_locked(self, obj) -> bool:
        return obj is not None and _evaluation_is_final(self.evaluation_id_of(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_locked(obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history reverts on POST after checking only the view permission, against the old version.
        if request.method == "POST":
            current = self.model._default_manager.filter(pk=object_id).first()
            historical = self.model.history.filter(pk=object_id, history_id=version_id).first()
            candidate = current or (historical.instance if historical else None)
            if candidate is None or self.is_locked(candidate) or not self.has_change_permission(request, candidate):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class EvaluationChildInline(admin.TabularInline):
    """An inline of an evaluation: read-only with the evaluation once final."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj is not None and obj.is_final)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_final)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_final)


class RealizationInline(EvaluationChildInline):
    model = Realization
    fields = ["indicator", "value", "note"]
    readonly_fields = ["indicator"]
    can_delete = False  # one per indicator of the plan, created when the period opens

    def has_add_permission(self, request, obj=None):
        return False


class PeerRequestInline(admin.TabularInline):
    """Who was asked and whether they answered; never what anyone wrote."""

    model = PeerRequest
    fields = ["peer", "state"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ObjectionInline(EvaluationChildInline):
    model = Objection
    fields = ["reasons", "filed_at", "appraiser_explanation", "employee_explanation", "decision", "decision_notes"]
    readonly_fields = ["filed_at", "decision"]  # filed and decided through the flow
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Period)
class PeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "kind", "unit", "start_date", "end_date", "peer_deadline"]
    list_filter = ["year", "kind"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["opened_by", "opened_at"]

    def has_add_permission(self, request):
        return False  # opened by HR through period_open, which creates the evaluations and their flows

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(UnitPerformance)
class UnitPerformanceAdmin(SimpleHistoryAdmin):
    list_display = ["period", "unit", "predicate"]
    list_filter = ["predicate"]
    list_select_related = ["period", "period__unit", "unit"]
    autocomplete_fields = ["unit"]


@admin.register(Evaluation)
class EvaluationAdmin(LockedWhenFinalMixin, SimpleHistoryAdmin):
    list_display = ["employee", "period", "status", "predicate", "is_final", "verification_code"]
    list_filter = ["status", "is_final", "period__year", "period__kind"]
    search_fields = ["employee__name", "employee__nip", "verification_code"]
    list_select_related = ["employee", "period", "period__unit"]
    raw_id_fields = ["appraiser", "senior_appraiser"]
    inlines = [RealizationInline, ObjectionInline, PeerRequestInline]
    fieldsets = [
        (None, {"fields": ["employee", "period", "plan", "status", "is_final"]}),
        (
            _("Snapshot saat periode dibuka"),
            {
                "fields": [
                    "position_title",
                    "unit_name",
                    "grade",
                    "appraiser",
                    "appraiser_position_title",
                    "senior_appraiser",
                    "senior_appraiser_position_title",
                ]
            },
        ),
        (_("Penilaian mandiri"), {"fields": ["self_assessment", "self_assessed_at", "public_service"]}),
        (
            _("Penilaian"),
            {
                "fields": [
                    "result_rating",
                    "behaviour_rating",
                    "result_rating_override_reason",
                    "predicate",
                    "org_predicate",
                    "appraiser_feedback",
                    "rated_at",
                    "rated_by",
                    "acknowledged_at",
                    "auto_accepted",
                ]
            },
        ),
        (
            _("Pengesahan dan dokumen"),
            {"fields": ["signed_off_at", "signed_off_by", "verification_code", "document", "document_sha256"]},
        ),
    ]
    # State, ratings and the document belong to the flow: changed here they would disagree with its tasks.
    readonly_fields = [
        "employee",
        "period",
        "plan",
        "status",
        "is_final",
        "self_assessed_at",
        "public_service",
        "result_rating",
        "behaviour_rating",
        "result_rating_override_reason",
        "predicate",
        "org_predicate",
        "rated_at",
        "rated_by",
        "acknowledged_at",
        "auto_accepted",
        "signed_off_at",
        "signed_off_by",
        "verification_code",
        "document",
        "document_sha256",
    ]

    def evaluation_id_of(self, obj):
        return obj.pk

    def has_add_permission(self, request):
        return False  # created by period_open, with a flow process

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


class EvaluationPartAdmin(LockedWhenFinalMixin, SimpleHistoryAdmin):
    """A model that belongs to an evaluation through `evaluation`; new ones only for evaluations not final."""

    def evaluation_id_of(self, obj):
        return obj.evaluation_id

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "evaluation":
            kwargs["queryset"] = Evaluation.objects.filter(is_final=False).select_related("employee", "period")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(Realization)
class RealizationAdmin(EvaluationPartAdmin):
    list_display = ["evaluation", "indicator", "value", "updated_at"]
    list_select_related = ["evaluation__employee", "evaluation__period", "indicator"]
    search_fields = ["evaluation__employee__name", "indicator__text"]
    fields = ["evaluation", "indicator", "value", "note"]
    readonly_fields = ["evaluation", "indicator"]

    def has_add_permission(self, request):
        return False  # one per indicator, created when the period opens


@admin.register(Evidence)
class EvidenceAdmin(LockedWhenFinalMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "realization", "content_type", "size", "uploaded_at"]
    list_select_related = [
        "realization__evaluation__employee",
        "realization__evaluation__period",
        "realization__indicator",
    ]
    fields = ["realization", "file", "url", "description", "content_type", "size", "uploaded_by", "uploaded_at"]
    # File and link only through evidence_add, which checks type, signature and size.
    readonly_fields = ["realization", "file", "url", "content_type", "size", "uploaded_by", "uploaded_at"]

    def evaluation_id_of(self, obj):
        return Realization.objects.filter(pk=obj.realization_id).values_list("evaluation_id", flat=True).first()

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(PeerRequest)
class PeerRequestAdmin(admin.ModelAdmin):
    """Who was asked and the state; nothing else, and no history (its timing could pair answers with people)."""

    list_display = ["evaluation", "peer", "state"]
    list_filter = ["state"]
    list_select_related = ["evaluation__employee", "evaluation__period", "peer"]
    fields = ["evaluation", "peer", "state"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Objection)
class ObjectionAdmin(EvaluationPartAdmin):
    list_display = ["evaluation", "filed_at", "decision", "decided_at", "escalated"]
    list_filter = ["decision", "escalated"]
    list_select_related = ["evaluation__employee", "evaluation__period"]

    def get_readonly_fields(self, request, obj=None):
        # Every field: the objection is the employee's, its explanations the parties', and its decision the
        # Atasan Pejabat Penilai Kinerja's alone and final (PP 30/2019 Pasal 59); no administrator edits them.
        return [f.name for f in Objection._meta.fields]

    def has_add_permission(self, request):
        return False  # filed by the employee through the flow


@admin.register(Feedback)
class FeedbackAdmin(EvaluationPartAdmin):
    list_display = ["employee", "author", "created_at", "evaluation"]
    list_select_related = ["employee", "author", "evaluation__employee", "evaluation__period"]
    search_fields = ["employee__name", "text"]
    autocomplete_fields = ["employee", "author"]


@admin.register(PerformanceDialogue)
class PerformanceDialogueAdmin(EvaluationPartAdmin):
    list_display = ["employee", "appraiser", "held_on", "topic", "evaluation"]
    list_select_related = ["employee", "appraiser", "evaluation__employee", "evaluation__period"]
    search_fields = ["employee__name", "topic"]
    autocomplete_fields = ["employee", "appraiser"]


# --- Service desk -----------------------------------------------------------------------------


@admin.register(PublicHoliday)
class PublicHolidayAdmin(SimpleHistoryAdmin):
    """The holiday calendar: a change re-times the completed files it concerns (their stored working days)."""

    list_display = ["date", "name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        before = PublicHoliday.objects.filter(pk=obj.pk).values_list("date", flat=True).first() if change else None
        super().save_model(request, obj, form, change)
        service_desk_services.counter_files_retime_around([d for d in (before, obj.date) if d is not None])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        service_desk_services.counter_files_retime_around([obj.date])

    def delete_queryset(self, request, queryset):
        days = list(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        service_desk_services.counter_files_retime_around(days)


@admin.register(ServiceType)
class ServiceTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "standard_value", "standard_unit", "is_active"]
    list_filter = ["is_active", "standard_unit", "units"]
    filter_horizontal = ["units"]
    search_fields = ["name", "code"]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(SimpleHistoryAdmin):
    """Read-only: files are registered and moved at the counter, where the service checks the rules."""

    list_display = ["number", "service_type", "unit", "officer", "received_at", "status"]
    list_filter = ["status", "unit", "service_type"]
    list_select_related = ["service_type", "unit", "officer"]
    search_fields = ["number"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    """Read-only answers; they carry no link to the citizen or the file by design."""

    list_display = ["submitted_on", "unit", "service_type", "officer"]
    list_filter = ["unit", "service_type"]
    list_select_related = ["unit", "service_type", "officer"]
    date_hierarchy = "submitted_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
