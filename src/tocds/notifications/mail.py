"""E-mail of notifications: one message per notification (preference "immediate") or one digest
a day (preference "digest"), in Vietnamese, through Django's e-mail backend (the console in the
demo, SMTP when EMAIL_HOST is set). Each notification goes out at most once: it is claimed by
setting `emailed_at` with a conditional update before sending, and released if sending fails
(the job is then tried again)."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tocds.notifications.models import Delivery, DigestSent, Notification, Preference


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL}{link}" if link.startswith("/") else link


def send_one(notification_id: int) -> bool:
    """Send one notification by e-mail unless it went out already. True when sent."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, emailed_at__isnull=True, user__email__gt=""
    ).update(emailed_at=now)
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "notifications/email_one.txt",
                {"notification": notification, "url": _absolute(notification.link)},
            )
            send_mail(
                _("tocds: %(kind)s") % {"kind": notification.get_kind_display()},
                body,
                None,
                [notification.user.email],
            )
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


def digest_users():
    """Users who chose the daily digest (the default) and have an address."""
    from django.contrib.auth import get_user_model

    chose_other = Preference.objects.exclude(delivery=Delivery.DIGEST).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, email__gt="")
        .exclude(pk__in=chose_other)
        .order_by("pk")
    )


def send_digest(user, day: date) -> int:
    """The user's digest of the day: every notification not yet e-mailed, in one message,
    once a day (`DigestSent`'s unique key). Returns how many it listed (0: none sent)."""
    pending = list(
        Notification.objects.visible_to(user)
        .filter(emailed_at__isnull=True)
        .order_by("created_at", "pk")
    )
    if not pending:
        return 0
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, day=day, count=len(pending))
            now = timezone.now()
            Notification.objects.filter(
                pk__in=[n.pk for n in pending], emailed_at__isnull=True
            ).update(emailed_at=now)
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "notifications/email_digest.txt",
                    {
                        "notifications": [(n, _absolute(n.link)) for n in pending],
                        "url": _absolute("/notifications/"),
                    },
                )
                subject = ngettext(
                    "tocds: %(n)d new notification", "tocds: %(n)d new notifications", len(pending)
                ) % {"n": len(pending)}
                # Inside the transaction: a failed send undoes the record, the job tries again.
                send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return 0  # sent today already (another worker, an earlier run)
    return len(pending)
