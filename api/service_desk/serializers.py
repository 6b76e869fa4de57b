"""Shapes of the public-service API: service types, citizens' files, the public survey, the unit report.

Serializers shape and check form only. Who may act is decided by appraisal.policy and the services
(appraisal.service_desk.services, appraisal.service_desk.service_types); the view tells the file serializer
which units' citizen data the reader may see (context "counter_units", from policy.counter_unit_ids).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.exceptions import validation_error_detail
from api.org.serializers import EmployeeBriefSerializer, UnitBriefSerializer
from appraisal import rules
from appraisal.models import RequestStatus, ServiceRequest, ServiceType, StandardUnit, Unit
from appraisal.org.selectors import today
from appraisal.service_desk import reports

# --- Service types ---------------------------------------------------------------------------


class ServiceTypeSerializer(serializers.ModelSerializer):
    standard_unit = serializers.ChoiceField(choices=StandardUnit.choices, read_only=True)
    standard_display = serializers.CharField(read_only=True, help_text="Mis. '1 hari kerja'.")
    units = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Id unit penyelenggara.")

    class Meta:
        model = ServiceType
        fields = [
            "id", "name", "code", "units", "standard_value", "standard_unit", "standard_display", "requirements",
            "is_active",
        ]  # fmt: skip


class ServiceTypeWriteSerializer(serializers.ModelSerializer):
    units = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Unit.objects.all(), help_text="Id unit penyelenggara (dalam cakupan Anda)."
    )
    standard_unit = serializers.ChoiceField(choices=StandardUnit.choices, required=False)

    class Meta:
        model = ServiceType
        fields = ["name", "code", "units", "standard_value", "standard_unit", "requirements", "is_active"]


class ServiceTypeBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = ["id", "name", "code", "standard_display"]


# --- Citizens' files -------------------------------------------------------------------------


class SurveyLinkSerializer(serializers.Serializer):
    short_code = serializers.CharField(help_text="Kode 8 karakter yang dicetak pada tanda terima.")
    url = serializers.CharField(allow_null=True, help_text="Tautan survei untuk kode QR.")
    expires_at = serializers.DateTimeField()
    used = serializers.BooleanField()


@extend_schema_field(
    {"type": "string", "enum": RequestStatus.values, "description": "Status berkas layanan."},
    component_name="ServiceRequestStatusEnum",
)
class RequestStatusField(serializers.ChoiceField):
    """Status of a file: its own schema component (plans and evaluations also have a `status`)."""

    def __init__(self, **kwargs):
        super().__init__(choices=RequestStatus.choices, **kwargs)


class ServiceRequestSerializer(serializers.ModelSerializer):
    """A file. The citizen's name and phone, and the survey link, are null unless the reader works the counter."""

    service_type = ServiceTypeBriefSerializer(read_only=True)
    unit = UnitBriefSerializer(read_only=True)
    officer = EmployeeBriefSerializer(read_only=True)
    status = RequestStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    citizen_name = serializers.CharField(
        read_only=True, allow_null=True, help_text="Hanya untuk petugas loket unit dan Admin Kepegawaian."
    )
    citizen_phone = serializers.CharField(
        read_only=True, allow_null=True, help_text="Hanya untuk petugas loket unit dan Admin Kepegawaian."
    )
    survey = serializers.SerializerMethodField(help_text="Hanya untuk petugas loket unit dan Admin Kepegawaian.")

    class Meta:
        model = ServiceRequest
        fields = [
            "id", "number", "service_type", "unit", "officer", "status", "status_display", "received_at",
            "completed_at", "correction_rounds", "note", "citizen_name", "citizen_phone", "survey",
        ]  # fmt: skip

    def _counter(self, request: ServiceRequest) -> bool:
        return request.unit_id in self.context.get("counter_units", ())

    @extend_schema_field(SurveyLinkSerializer(allow_null=True))
    def get_survey(self, request: ServiceRequest) -> dict | None:
        token = getattr(request, "survey_token", None)
        if token is None or not self._counter(request):
            return None
        try:
            path = reverse("survey_form", args=[token.token])
        except NoReverseMatch:  # the survey pages are not installed
            path = None
        http = self.context.get("request")
        return {
            "short_code": token.short_code,
            "url": http.build_absolute_uri(path) if path and http is not None else path,
            "expires_at": token.expires_at,
            "used": token.used_at is not None,
        }

    def to_representation(self, instance: ServiceRequest) -> dict:
        data = super().to_representation(instance)
        if not self._counter(instance):
            data["citizen_name"] = data["citizen_phone"] = None
        return data


class ServiceRequestCreateSerializer(serializers.Serializer):
    service_type = serializers.PrimaryKeyRelatedField(queryset=ServiceType.objects.all(), help_text="Id jenis layanan.")
    citizen_name = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    citizen_phone = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


class ServiceRequestMoveSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=255, default="", help_text="Wajib untuk penolakan."
    )


# --- The public survey -----------------------------------------------------------------------


class SurveyFormSerializer(serializers.Serializer):
    unit = serializers.CharField(help_text="Unit yang melayani.")
    service = serializers.CharField(help_text="Jenis layanan.")
    officer_name = serializers.CharField(help_text="Nama petugas (tanpa data pribadi lain).")
    questions = serializers.ListField(child=serializers.CharField(), help_text="Sembilan unsur SKM, berurutan.")


class SurveySubmitSerializer(serializers.Serializer):
    scores = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=4),
        min_length=len(rules.IKM_ELEMENTS),
        max_length=len(rules.IKM_ELEMENTS),
        help_text="Sembilan nilai 1–4, urut seperti `questions`.",
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SurveyThanksSerializer(serializers.Serializer):
    detail = serializers.CharField()


# --- The unit report -------------------------------------------------------------------------


class ReportParamsSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, help_text="Id unit; bawaan: unit Anda.")
    start = serializers.DateField(required=False, help_text="Awal periode (YYYY-MM-DD); bawaan: awal triwulan ini.")
    end = serializers.DateField(required=False, help_text="Akhir periode (YYYY-MM-DD); bawaan: akhir triwulan ini.")

    def validate(self, attrs: dict) -> dict:

        start, end = reports.default_period(today())
        attrs.setdefault("start", start)
        attrs.setdefault("end", end)
        try:
            reports.check_period(attrs["start"], attrs["end"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError(validation_error_detail(exc)) from None
        return attrs


def _decimal(places: int, **kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=6, decimal_places=places, allow_null=True, **kwargs)


class IndexSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    value = _decimal(2, help_text="IKM konversi 25–100; null tanpa (cukup) tanggapan.")
    letter = serializers.CharField(allow_null=True, help_text="Mutu pelayanan A–D.")
    label = serializers.CharField(help_text="Sangat Baik, Baik, Kurang Baik, Tidak Baik.")


class DeskSerializer(serializers.Serializer):
    handled = serializers.IntegerField(help_text="Berkas diterima dalam periode.")
    completed = serializers.IntegerField(help_text="Berkas selesai dalam periode.")
    returned = serializers.IntegerField(help_text="Berkas yang dikembalikan untuk perbaikan.")
    within_standard_pct = _decimal(1)
    median_days = _decimal(1, help_text="Median waktu penyelesaian, hari kerja.")
    returned_pct = _decimal(1)


class ElementSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    nrr = _decimal(2)
    weighted = _decimal(3)


class ServiceRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    standard = serializers.CharField()
    index = IndexSerializer()
    desk = DeskSerializer()


class OfficerRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    index = IndexSerializer(help_text="IKM petugas hanya dengan tanggapan minimal `minimum_individual`.")
    desk = DeskSerializer()


class QuarterRowSerializer(serializers.Serializer):
    quarter = serializers.IntegerField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    index = IndexSerializer()


class UnitRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    index = IndexSerializer()
    desk = DeskSerializer()


class ServiceReportSerializer(serializers.Serializer):
    """Laporan hasil SKM of a unit: no citizen data, comments only."""

    unit = UnitBriefSerializer()
    start = serializers.DateField()
    end = serializers.DateField()
    index = IndexSerializer()
    raw_index = _decimal(3, help_text="Σ NRR tertimbang (skala 1–4).")
    elements = ElementSerializer(many=True)
    desk = DeskSerializer()
    services = ServiceRowSerializer(many=True)
    officers = OfficerRowSerializer(many=True)
    trend = QuarterRowSerializer(many=True)
    units = UnitRowSerializer(many=True, help_text="Unit ini dan unit layanan di bawahnya (kosong bila tidak ada).")
    comments = serializers.ListField(child=serializers.CharField())
    minimum_individual = serializers.IntegerField()
