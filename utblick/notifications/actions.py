"""Writing notifications: the one way any app tells users about something (in the app, and by email if chosen)."""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from utblick.core.history import actor_name
from utblick.core.roles import Role
from utblick.notifications.kinds import EMAIL_BY_DEFAULT, Kind
from utblick.notifications.models import EmailChoice, Notification


def notify(
    users: Iterable,
    *,
    kind: str,
    title,
    url: str = "",
    text="",
    params: Mapping[str, object] | None = None,
    key: str = "",
    by=None,
) -> list[Notification]:
    """Tell each of `users` about something; call it inside the action's transaction.

    `title` and `text` are (lazy) translatable strings with %(name)s placeholders filled from `params`; they
    are written in the site's language (Swedish), whoever triggered them. The acting user `by` is never
    notified of their own action; inactive accounts are skipped; with a `key`, a user who already has a
    notification with that key does not get another. Emails go after the commit, to those who chose them.
    """
    params = dict(params or {})
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    if by is not None:
        recipients.pop(by.pk, None)
    if key:
        already = Notification.objects.filter(recipient__in=list(recipients), key=key).values_list(
            "recipient_id", flat=True
        )
        for pk in already:
            recipients.pop(pk, None)
    if not recipients:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        title_text = (str(title) % params if params else str(title))[:300]
        body = str(text) % params if params and text else str(text)
    emailed = wanting_email(recipients.values(), kind)
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            title=" ".join(title_text.split()),
            text=body[:10000],
            url=url,
            key=key,
            actor_name=actor_name(by) if by is not None else "",
            email_wanted=user.pk in emailed,
        )
        for user in recipients.values()
    )
    ids = [n.pk for n in created if n.email_wanted]
    if ids:
        from utblick.notifications.mail import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return created


def wanting_email(users: Iterable, kind: str) -> set[int]:
    """The ids of those users who get `kind` by email and have an address."""
    users = [user for user in users if user.email]
    chosen = dict(
        EmailChoice.objects.filter(user__in=[u.pk for u in users], kind=kind).values_list("user_id", "by_email")
    )
    return {user.pk for user in users if chosen.get(user.pk, EMAIL_BY_DEFAULT[kind])}


def coordinators():
    """Every active coordinator account: who receives what is addressed to the coordinator (NUK)."""
    return get_user_model().objects.filter(is_active=True, memberships__role=Role.SAMORDNARE).distinct()


def users_of_people(*people) -> list:
    """The accounts of the given internal people (organisation.Person), where they have one."""
    return [person.user for person in people if person is not None and person.user_id and person.is_active]


def mark_read(notification: Notification, *, by) -> None:
    """Mark one of the user's own notifications as read."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)


def mark_all_read(*, by) -> int:
    """Mark every unread notification of the user as read; returns how many."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def set_email_choices(*, by, choices: Mapping[str, bool]) -> None:
    """Save the user's choice, per kind, of getting notifications by email."""
    with transaction.atomic():
        for kind, by_email in choices.items():
            Kind(kind)  # refuses an unknown kind
            EmailChoice.objects.update_or_create(user=by, kind=kind, defaults={"by_email": bool(by_email)})
