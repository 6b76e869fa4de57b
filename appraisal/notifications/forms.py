"""The e-mail choice per kind of notification."""

from __future__ import annotations

from django import forms

from appraisal.models import NotificationKind


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind: send it by e-mail too (in-app notifications always appear)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.BooleanField(label=kind.label, required=False)

    def choices(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in NotificationKind.values}
