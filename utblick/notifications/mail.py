"""Sending notifications by email, as a background task after the commit that created them."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from utblick.notifications.kinds import Kind
from utblick.notifications.models import Notification

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.UTBLICK_BASE_URL.rstrip("/") + path if path.startswith("/") else path


def message_of(notification: Notification, connection=None) -> EmailMultiAlternatives:
    """The email: the notification's title as subject, its text, the link, and where to change the choice."""
    context = {
        "notification": notification,
        "link": absolute(notification.url) if notification.url else "",
        "kind": Kind(notification.kind).label,
        "settings_url": absolute(reverse("notifications:settings")),
    }
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=render_to_string("notifications/email.txt", context),
        to=[notification.recipient.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return message


@task()
def send_notification_emails(ids: list[int]) -> int:
    """Email the given notifications not emailed yet; each is claimed first, so none is sent twice."""
    notifications = list(
        Notification.objects.filter(pk__in=ids, email_wanted=True, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    if not notifications:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException):
        # The notifications are in the app already; nothing was claimed, so the hourly retry sends them later.
        logger.exception("E-postservern svarar inte; %d aviseringar skickades inte med e-post.", len(notifications))
        return 0
    sent = 0
    try:
        with translation.override(settings.LANGUAGE_CODE):
            for notification in notifications:
                sent += _send_one(notification, connection)
    finally:
        connection.close()
    return sent


def _send_one(notification: Notification, connection) -> int:
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if not claimed or not notification.recipient.email or not notification.recipient.is_active:
        return 0
    try:
        message_of(notification, connection).send()
    except (OSError, smtplib.SMTPException):
        # The notification stays in the app; the claim is released so the hourly retry tries again.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        logger.exception("Aviseringen %s kunde inte skickas med e-post.", notification.pk)
        return 0
    return 1


# How long the hourly retry keeps trying an email the mail server refused: after that it is only in the app.
RETRY_WITHIN = datetime.timedelta(days=2)


@task()
def send_pending_emails() -> int:
    """Send the emails that failed (mail server down), created within RETRY_WITHIN; scheduled hourly."""
    since = timezone.now() - RETRY_WITHIN
    ids = list(
        Notification.objects.filter(email_wanted=True, emailed_at__isnull=True, created_at__gte=since).values_list(
            "pk", flat=True
        )
    )
    return send_notification_emails.call(ids) if ids else 0
