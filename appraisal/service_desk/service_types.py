"""The catalogue of services (jenis layanan) and their standards, kept by HR of the units that offer them."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from appraisal import policy
from appraisal.models import ServiceType, Unit

FIELDS = ("name", "code", "standard_value", "standard_unit", "requirements", "is_active")


def _require_units(actor: User, units: Iterable[Unit]) -> None:
    # A service offered by several units is shared: changing it changes every counter offering it.
    if not all(policy.can_manage_unit(actor, unit) for unit in units):
        raise PermissionDenied(_("Layanan ini juga diselenggarakan unit di luar cakupan Admin Kepegawaian Anda."))


@transaction.atomic
def service_type_save(
    *, actor: User, service_type: ServiceType | None = None, units: list[Unit] | None = None, **values
) -> ServiceType:
    """Create or change a service type; HR must manage every unit it is, and will be, offered in."""
    instance = service_type or ServiceType()
    current = list(instance.units.all()) if instance.pk else []
    _require_units(actor, current + list(units or []))
    if (instance.pk is None or units is not None) and not units:
        raise ValidationError({"units": _("Pilih paling sedikit satu unit penyelenggara.")})
    for name, value in values.items():
        if name not in FIELDS:
            raise TypeError(f"unknown field {name}")
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    instance.full_clean()
    instance._history_user = actor
    instance.save()
    if units is not None:
        instance.units.set(units)
    return instance
