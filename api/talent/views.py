"""/api/v1/profiles/<id>/ and /api/v1/talent-map/: the performance profile and the nine-box, from the same
selectors and policy as /pegawai/<id>/profil-kinerja/ and /talenta/. A profile the user may not see answers 404
(its existence is not confirmed), as evaluations do; the map without a leader's or HR's scope answers 403."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from api.talent import serializers as s
from appraisal import policy
from appraisal.models import Employee
from appraisal.talent import selectors
from appraisal.talent.views import NO_MAP, map_scope


class ProfileView(APIView):
    @extend_schema(
        summary="Profil kinerja pegawai: predikat, kekuatan, kebutuhan pengembangan", responses=s.ProfileSerializer
    )
    def get(self, request, pk: int) -> Response:
        employee = get_object_or_404(Employee.objects.select_related("position", "position__unit"), pk=pk)
        if not policy.can_view_profile(request.user, employee):
            raise Http404
        data = selectors.profile(employee)
        years = [{"year": y.year, "annual_predicate": y.annual_predicate} for y in data.years]
        payload = {
            "employee": employee,
            "periods": data.periods,
            "years": years,
            "strengths": data.strengths,
            "needs": data.needs,
            "potential": data.potential,
            "actions": data.actions,
        }
        context = {"show_peers": policy.profile_shows_peer_counts(request.user, employee)}
        return Response(s.ProfileSerializer(payload, context=context).data)


class TalentMapView(APIView):
    @extend_schema(
        summary="Peta talenta 9 kotak (PermenPANRB 3/2020) unit yang Anda pimpin",
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.INT, description="Unit (beserta unit di bawahnya)."),
            OpenApiParameter("jenis", OpenApiTypes.STR, description="Jenis jabatan."),
        ],
        responses=s.TalentMapSerializer,
    )
    def get(self, request) -> Response:
        if not policy.can_view_talent_map(request.user):
            raise PermissionDenied(NO_MAP)
        _units, _form, employees = map_scope(request)
        grid = selectors.talent_map(employees)
        payload = {
            "boxes": sorted((c for _, cells in grid.rows for c in cells), key=lambda c: -c.box.number),
            "unassessed": [p.employee.pk for p in grid.unassessed],
            "employees": len(grid.people),
        }
        return Response(s.TalentMapSerializer(payload).data)
