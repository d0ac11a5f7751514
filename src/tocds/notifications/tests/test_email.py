"""E-mail by preference: one message per notification, one digest a day, or none; only to
accounts with an address; each notification sent once."""

from datetime import timedelta

import pytest
from django.core import mail

from tocds.notifications import services
from tocds.notifications.models import DigestSent, Notification
from tocds.notifications.tasks import make_reminders, send_digests
from tocds.notifications.tests.helpers import DAY, conflicts, deadline


def _with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_immediate_preference_sends_one_message_per_notification(
    world, django_capture_on_commit_callbacks
):
    _with_email(world.officer_a, "xa-hoa-an@example.vn")
    services.set_preference(actor=world.officer_a, delivery="immediate")
    conflicts(world)
    with django_capture_on_commit_callbacks(execute=True):
        make_reminders(DAY)
    assert [m.to for m in mail.outbox] == [["xa-hoa-an@example.vn"]] * 2
    message = mail.outbox[0]
    assert message.subject == "tocds: Xung đột đồng bộ cần xử lý"
    assert "cần xử lý" in message.body
    assert "http://127.0.0.1:8000/visits/" in message.body
    assert Notification.objects.filter(user=world.officer_a, emailed_at__isnull=True).count() == 0
    make_reminders(DAY)
    assert len(mail.outbox) == 2  # nothing new, nothing sent


def test_no_address_no_mail_but_the_notification_stays_in_the_app(
    world, django_capture_on_commit_callbacks
):
    services.set_preference(actor=world.officer_a, delivery="immediate")
    conflicts(world)
    with django_capture_on_commit_callbacks(execute=True):
        make_reminders(DAY)
    assert mail.outbox == []
    assert Notification.objects.filter(user=world.officer_a).count() == 2


def test_digest_sends_one_message_a_day_with_everything_new(world):
    _with_email(world.officer_a, "xa-hoa-an@example.vn")
    _with_email(world.officer_b, "thuc-phan@example.vn")
    services.set_preference(actor=world.officer_b, delivery="in_app")
    conflicts(world)
    deadline(world, DAY + timedelta(days=3))
    make_reminders(DAY)
    assert mail.outbox == []  # digest (the default) waits for the digest job
    assert send_digests(DAY) == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["xa-hoa-an@example.vn"]
    assert digest.subject == "tocds: 3 thông báo mới"
    assert digest.body.count("\n- ") == 3
    assert send_digests(DAY) == 0  # once a day
    assert DigestSent.objects.filter(user=world.officer_a, day=DAY).get().count == 3
    conflict_day = DAY + timedelta(days=1)
    assert send_digests(conflict_day) == 0  # nothing new the next day: no message
    assert len(mail.outbox) == 1


def test_a_failed_send_is_released_and_sent_when_tried_again(world, monkeypatch):
    from tocds.notifications import mail as notification_mail

    _with_email(world.officer_a, "xa-hoa-an@example.vn")
    conflicts(world)
    make_reminders(DAY)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server not reachable")

    monkeypatch.setattr(notification_mail, "send_mail", refuse)
    with pytest.raises(ConnectionRefusedError):
        notification_mail.send_digest(world.officer_a, DAY)
    assert not DigestSent.objects.exists()
    assert Notification.objects.filter(user=world.officer_a, emailed_at__isnull=True).count() == 2
    monkeypatch.undo()
    assert send_digests(DAY) == 1
    assert len(mail.outbox) == 1
