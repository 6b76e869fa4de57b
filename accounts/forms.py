"""Forms of the account pages. Choices stop at the officer's scope; the services check again."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import CodeDelivery, LeaveReason
from accounts.rules import normalize_code
from accounts.selectors import AccountState
from appraisal.models import Unit
from appraisal.org.forms import DateInput, SearchableChoiceField, employee_label


class AccountFilterForm(forms.Form):
    """Search and filters of the account list (GET)."""

    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Unit.objects.none(), required=False, empty_label=_("Semua unit")
    )
    state = forms.ChoiceField(
        label=_("Akun"),
        required=False,
        choices=[
            ("", _("Semua")),
            (AccountState.NONE, _("Belum punya akun")),
            (AccountState.WAITING, _("Menunggu aktivasi")),
            (AccountState.ACTIVE, _("Aktif")),
            (AccountState.INACTIVE, _("Nonaktif")),
        ],
    )

    def __init__(self, *args, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["q"].widget.input_type = "search"


class ActivationForm(forms.Form):
    """The code from the slip or the e-mail, and the new password twice (Django's validators)."""

    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    code = forms.CharField(
        label=_("Kode aktivasi"),
        max_length=20,
        help_text=_("10 huruf/angka dari slip atau e-mail, mis. ABCDE-FGH23; tanda hubung boleh diketik atau tidak."),
    )
    new_password1 = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["code"].widget.attrs.update(autocomplete="one-time-code", autocapitalize="characters")

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("Kedua kata sandi tidak sama."))
        return data


class ForgotPasswordForm(forms.Form):
    identifier = forms.CharField(label=_("Nama pengguna atau alamat e-mail"), max_length=254)


class CodeIssueForm(forms.Form):
    delivery = forms.ChoiceField(choices=CodeDelivery.choices)


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=[("", _("— pilih —")), *LeaveReason.choices])
    on = forms.DateField(
        label=_("Berlaku sejak"), widget=DateInput(), error_messages={"invalid": _("Tanggal tidak valid.")}
    )
    note = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=255,
        help_text=_("Mis. nomor SK pensiun atau SK pindah."),
    )


class UserChoiceField(SearchableChoiceField):
    def label_from_instance(self, obj: User) -> str:
        employee = getattr(obj, "employee", None)
        if employee is not None:
            return f"{employee_label(employee)} ({obj.username})"
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class HrScopeForm(forms.Form):
    user = UserChoiceField(label=_("Pegawai"), queryset=User.objects.none(), empty_label=_("— pilih akun —"))
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=Unit.objects.none(), empty_label=_("— pilih unit —"))

    def __init__(self, *args, users: QuerySet, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["unit"].queryset = units


class SuperuserForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)

    def clean_username(self) -> User:
        user = User.objects.filter(username__iexact=self.cleaned_data["username"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Akun aktif dengan nama pengguna itu tidak ada."))
        return user


class SecondFactorCodeForm(forms.Form):
    """Six digits from the authenticator app, or (where allowed) one of the printed recovery codes."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
        help_text=_("6 angka dari aplikasi autentikator, atau satu kode pemulihan yang dicetak."),
    )


class SecondFactorSetupForm(forms.Form):
    """The first code the app shows for the new secret."""

    code = forms.CharField(
        label=_("Kode dari aplikasi"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("6 angka yang tampil di aplikasi setelah memindai kode QR."),
    )
