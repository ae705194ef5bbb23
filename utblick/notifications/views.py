"""The user's notifications and their email choices. Every page is the signed-in user's own: no one sees another's."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from utblick.core.paging import CappedPaginator
from utblick.core.permissions import can
from utblick.notifications import actions
from utblick.notifications.kinds import DESCRIPTIONS, Kind
from utblick.notifications.models import Notification, email_choices

PAGE_SIZE = 50
UNREAD = "olasta"  # ?visa=olasta: only the unread ones


def _ensure_internal(user) -> None:
    """Local actors' accounts (extern) have no notifications: 403. Anonymous visitors never get here (login)."""
    if not can(user, "view", "engagement"):
        raise PermissionDenied


def inbox(request):
    """The user's notifications, newest first, 50 a page; unread ones say so in words, not only by style."""
    _ensure_internal(request.user)
    unread_only = request.GET.get("visa") == UNREAD
    notifications = Notification.objects.filter(recipient=request.user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = CappedPaginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "notifications": page.object_list, "unread_only": unread_only, "unread_param": UNREAD},
    )


def _local(url: str) -> bool:
    """Only a path on this site: never another host, not even one that looks like ours (//evil.example)."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())


def open_notification(request, pk):
    """Mark the notification read and go where it points (a path in Utblick; otherwise back to the list)."""
    _ensure_internal(request.user)
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    actions.mark_read(notification, by=request.user)
    if notification.url and _local(notification.url):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@require_POST
def mark_all(request):
    _ensure_internal(request.user)
    count = actions.mark_all_read(by=request.user)
    messages.success(
        request,
        ngettext("%(count)d avisering markerades som läst.", "%(count)d aviseringar markerades som lästa.", count)
        % {"count": count},
    )
    return redirect("notifications:inbox")


def email_settings(request):
    """Per kind of notification, whether it also comes by email (no address: a notice says what to do)."""
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
