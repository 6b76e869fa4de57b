"""Shapes of the API: read serializers render, write serializers check shape only.

Domain validation (NIP, grade for the employment type, cycles, overlapping Plt/Plh, uniqueness) lives in the
models' clean() and runs inside the services; its ValidationError becomes a 400 in api.exceptions.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from appraisal.models import ActingAssignment, Employee, Position, Unit

# --- Read ------------------------------------------------------------------------------------


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "code", "kind"]


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "code", "kind", "kind_display", "parent", "address"]


class UnitDetailSerializer(UnitSerializer):
    children = serializers.SerializerMethodField(help_text="Id unit bawahan yang boleh dilihat pengguna.")

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "children"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_children(self, unit: Unit) -> list[int]:
        # The view passes the ids the user may open, so the detail never points at a 404.
        visible = self.context["visible_unit_ids"]
        return sorted(pk for pk in unit.children.values_list("id", flat=True) if pk in visible)


class PositionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "title", "kind", "is_unit_head"]


class PositionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "title", "kind", "kind_display", "unit", "unit_name", "parent", "is_unit_head", "serves_public"]


class EmployeePositionSerializer(PositionBriefSerializer):
    unit = UnitBriefSerializer(read_only=True)

    class Meta(PositionBriefSerializer.Meta):
        fields = [*PositionBriefSerializer.Meta.fields, "unit"]


class EmployeeBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "nip", "full_name"]


class EmployeeSerializer(serializers.ModelSerializer):
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    position = EmployeePositionSerializer(read_only=True, allow_null=True)
    username = serializers.CharField(source="user.username", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Employee
        fields = [
            "id", "nip", "nip_display", "employment_type", "front_title", "name", "back_title", "full_name",
            "grade", "grade_display", "position", "email", "is_active", "username",
        ]  # fmt: skip


class ActingAssignmentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    employee = EmployeeBriefSerializer(read_only=True)
    position = EmployeePositionSerializer(read_only=True)

    class Meta:
        model = ActingAssignment
        fields = ["id", "kind", "kind_display", "employee", "position", "start_date", "end_date", "decree"]


class ChartActingSerializer(serializers.ModelSerializer):
    employee = EmployeeBriefSerializer(read_only=True)

    class Meta:
        model = ActingAssignment
        fields = ["id", "kind", "employee", "start_date", "end_date"]


class PositionNodeSerializer(serializers.Serializer):
    """One node of selectors.unit_chart: a position, its holders, its Plt/Plh, and the positions below."""

    position = PositionBriefSerializer(read_only=True)
    holders = EmployeeBriefSerializer(many=True, read_only=True)
    acting = ChartActingSerializer(many=True, read_only=True)


# Declared after the class so the tree can nest itself (drf-spectacular emits a recursive component).
PositionNodeSerializer._declared_fields["children"] = PositionNodeSerializer(many=True, read_only=True)


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "is_superuser"]


class MeSerializer(serializers.Serializer):
    user = UserSerializer()
    employee = EmployeeSerializer(allow_null=True)
    appraiser = EmployeeBriefSerializer(allow_null=True, help_text="Pejabat Penilai Kinerja hari ini.")
    senior_appraiser = EmployeeBriefSerializer(allow_null=True, help_text="Atasan Pejabat Penilai Kinerja hari ini.")
    is_hr = serializers.BooleanField(help_text="Admin Kepegawaian.")
    hr_unit_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Unit yang boleh diubah pengguna (cakupan dan turunannya)."
    )


# --- Write -----------------------------------------------------------------------------------

# Uniqueness is checked by full_clean() in the service, after the NIP is normalised; DRF's own
# unique validators would run on the raw input and answer differently from the pages.


class UnitWriteSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Unit
        fields = ["name", "code", "kind", "parent", "address"]
        extra_kwargs = {"code": {"validators": []}}
        validators: list = []


class PositionWriteSerializer(serializers.ModelSerializer):
    # Any position may be the superior (a Lurah reports to the Camat in another unit); the unit decides rights.
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    parent = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Position
        fields = ["title", "kind", "unit", "parent", "is_unit_head", "serves_public"]
        validators: list = []


class EmployeeWriteSerializer(serializers.ModelSerializer):
    # Spaces are allowed in input ("19860926 201505 1 001"); the model normalises and validates.
    nip = serializers.CharField(max_length=32, label=Employee._meta.get_field("nip").verbose_name)
    position = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.select_related("unit"), allow_null=True, required=False
    )

    class Meta:
        model = Employee
        fields = [
            "nip", "employment_type", "front_title", "name", "back_title", "grade", "position", "email", "is_active",
        ]  # fmt: skip
        validators: list = []


class ActingAssignmentWriteSerializer(serializers.ModelSerializer):
    employee = serializers.PrimaryKeyRelatedField(queryset=Employee.objects.all())
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.select_related("unit"))

    class Meta:
        model = ActingAssignment
        fields = ["employee", "position", "kind", "start_date", "end_date", "decree"]
        validators: list = []
