"""/notifikasi/: the signed-in user's notifications (their own only), marks as read, and the e-mail choice per kind.

A notification of someone else answers 404, as one that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from appraisal.notifications import selectors, services
from appraisal.notifications.forms import EmailPreferencesForm

PAGE_SIZE = 25


def _own(request, pk: int):
    notification = selectors.notification_of(request.user, pk)
    if notification is None:
        raise Http404
    return notification


@login_required
def notifications(request):
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    form = EmailPreferencesForm(initial=selectors.email_choices(request.user), prefix="email")
    return render(request, "notifications/list.html", {"page_obj": page, "form": form})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Open a notification: marked as read, then the page where the person acts."""
    notification = services.notification_mark_read(notification=_own(request, pk))
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return redirect(url)
    return redirect("notifications")


@login_required
@require_POST
def notification_read(request, pk: int):
    services.notification_mark_read(notification=_own(request, pk))
    return redirect(_back(request))


@login_required
@require_POST
def notifications_read_all(request):
    n = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext("%(n)s notifikasi ditandai sudah dibaca.", "%(n)s notifikasi ditandai sudah dibaca.", n) % {"n": n},
    )
    return redirect(_back(request))


@login_required
@require_POST
def notification_preferences(request):
    form = EmailPreferencesForm(request.POST, prefix="email")
    if form.is_valid():
        services.notification_preferences_save(user=request.user, email=form.choices())
        messages.success(request, _("Pilihan e-mail notifikasi disimpan."))
    return redirect("notifications")


def _back(request) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "notifications"
