"""The user's notifications and their email choices."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.paging import CappedPaginator
from utblick.notifications import actions
from utblick.notifications.kinds import DESCRIPTIONS, Kind
from utblick.notifications.models import Notification, email_choices

PAGE_SIZE = 50


def _ensure_internal(user) -> None:
    from utblick.core.permissions import can

    if not can(user, "view", "engagement"):  # local actors' accounts have no notifications
        raise PermissionDenied


def inbox(request):
    _ensure_internal(request.user)
    notifications = Notification.objects.filter(recipient=request.user)
    page = CappedPaginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "notifications": page.object_list})


def open_notification(request, pk):
    """Mark the notification read and go where it points."""
    _ensure_internal(request.user)
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    actions.mark_read(notification, by=request.user)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@require_POST
def mark_all(request):
    _ensure_internal(request.user)
    count = actions.mark_all_read(by=request.user)
    messages.success(request, _("%(count)d aviseringar markerades som lästa.") % {"count": count})
    return redirect("notifications:inbox")


def email_settings(request):
    _ensure_internal(request.user)
    if request.method == "POST":
        chosen = set(request.POST.getlist("email"))
        actions.set_email_choices(by=request.user, choices={kind: kind in chosen for kind in Kind.values})
        messages.success(request, _("Dina val av e-post är sparade."))
        return redirect("notifications:settings")
    current = email_choices(request.user)
    rows = [
        {"kind": kind, "label": Kind(kind).label, "help": DESCRIPTIONS[kind], "by_email": current[kind]}
        for kind in Kind.values
    ]
    return render(request, "notifications/settings.html", {"rows": rows, "has_email": bool(request.user.email)})
