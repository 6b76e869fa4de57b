"""The Django admin (technical administrator only): a password typed here is an initial one that the person must
change at their next sign-in (accounts.middleware); the account tables are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from accounts import services
from accounts.models import AccountEvent, AccountProfile, ActivationCode


class InitialPasswordUserAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            services.password_set_by_administrator(user=obj, actor=request.user)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.password_set_by_administrator(user=User.objects.get(pk=id), actor=request.user)
        return response


admin.site.unregister(User)
admin.site.register(User, InitialPasswordUserAdmin)


class ReadOnly:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountProfile)
class AccountProfileAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("user", "activated_at", "must_change_password", "deactivated_on", "deactivation_reason")
    search_fields = ("user__username",)


@admin.register(ActivationCode)
class ActivationCodeAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("user", "purpose", "delivery", "issued_by", "issued_at", "expires_at", "used_at", "revoked_at")
    search_fields = ("user__username",)


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("at", "user", "kind", "actor", "note")
    list_filter = ("kind",)
    search_fields = ("user__username",)
