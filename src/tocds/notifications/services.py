"""Every write of notifications: make one (once per user, kind, subject and day), mark read,
set the e-mail preference."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from tocds.notifications.models import Delivery, Kind, Notification, Preference


@dataclass(frozen=True)
class Event:
    """What one user is told: the kind, a stable key of the subject, a link and the text."""

    kind: Kind
    subject: str
    link: str
    text: str
    # True: told once ever (a nomination reaching a step); False: once a day at most.
    once: bool = True


def notify(*, user, event: Event, day: date) -> Notification | None:
    """Make the notification unless the user already has it (ever, for a one-off event; that
    day, for a daily reminder). The database's unique key settles two workers racing: the
    second insert fails and changes nothing. Returns the new notification, or None."""
    existing = Notification.objects.filter(user=user, kind=event.kind, subject=event.subject)
    if not event.once:
        existing = existing.filter(day=day)
    if existing.exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=event.kind,
                subject=event.subject,
                link=event.link,
                text=event.text[:400],
                day=day,
            )
    except IntegrityError:
        return None  # made meanwhile by another worker
    if user.email and delivery_of(user) == Delivery.IMMEDIATE:
        from tocds.notifications.tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email(notification.pk))
    return notification


def delivery_of(user) -> str:
    preference = Preference.objects.filter(user=user).values_list("delivery", flat=True).first()
    return preference or Preference._meta.get_field("delivery").default


@transaction.atomic
def set_preference(*, actor, delivery: str) -> Preference:
    """A user chooses how they hear of notifications by e-mail (their own only)."""
    preference, _ = Preference.objects.update_or_create(
        user=actor, defaults={"delivery": Delivery(delivery)}
    )
    return preference


def mark_read(*, actor, notification: Notification) -> None:
    """The user read one of their notifications (fetched through `visible_to`)."""
    Notification.objects.visible_to(actor).filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(*, actor) -> int:
    return Notification.objects.visible_to(actor).unread().update(read_at=timezone.now())
