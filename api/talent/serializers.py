"""Shapes of the talent endpoints; no business logic (appraisal.talent.selectors computes, policy decides)."""

from __future__ import annotations

from rest_framework import serializers


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=["strength", "need"])
    title = serializers.CharField()
    evidence = serializers.CharField()


class ProfilePeriodSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="evaluation.period.year")
    period = serializers.CharField(source="evaluation.period.kind")
    label = serializers.CharField()
    status = serializers.CharField(source="evaluation.status")
    result_rating = serializers.CharField(source="evaluation.result_rating")
    behaviour_rating = serializers.CharField(source="evaluation.behaviour_rating")
    predicate = serializers.CharField(source="evaluation.predicate")
    is_final = serializers.BooleanField(source="evaluation.is_final")
    indicators_reported = serializers.IntegerField(source="targets")
    indicators_met = serializers.IntegerField(source="met")
    public_service = serializers.DictField(source="service")
    peers = serializers.SerializerMethodField(help_text="Jumlah jawaban rekan per nilai; null di bawah 3 jawaban.")

    def get_peers(self, line) -> dict | None:
        return line.peers["values"] if line.peers and self.context.get("show_peers") else None


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    annual_predicate = serializers.CharField(allow_null=True)


class PotentialSerializer(serializers.Serializer):
    level = serializers.CharField()
    source = serializers.CharField()
    assessed_on = serializers.DateField()
    document_number = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    need_code = serializers.CharField()
    need_label = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    target_date = serializers.DateField()
    status = serializers.CharField()
    progress_note = serializers.CharField()


class ProfileSerializer(serializers.Serializer):
    employee = serializers.IntegerField(source="employee.pk")
    name = serializers.CharField(source="employee.full_name")
    periods = ProfilePeriodSerializer(many=True)
    years = YearSerializer(many=True)
    strengths = FindingSerializer(many=True)
    needs = FindingSerializer(many=True)
    potential = PotentialSerializer(allow_null=True)
    development_actions = ActionSerializer(many=True, source="actions")


class BoxSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="box.number")
    name = serializers.CharField(source="box.name")
    action = serializers.CharField(source="box.action")
    count = serializers.SerializerMethodField()
    employees = serializers.SerializerMethodField()

    def get_count(self, cell) -> int:
        return len(cell.people)

    def get_employees(self, cell) -> list[int]:
        return [p.employee.pk for p in cell.people]


class TalentMapSerializer(serializers.Serializer):
    boxes = BoxSerializer(many=True)
    unassessed = serializers.ListField(child=serializers.IntegerField(), help_text="Potensi belum dinilai.")
    employees = serializers.IntegerField()
