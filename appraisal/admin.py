from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from appraisal.models import ActingAssignment, Employee, HrScope, Position, Unit


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
