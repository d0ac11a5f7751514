"""Jobs on the queue: a failing job is retried with growing waits and listed for the province's
administrator, then marked recovered when a retry succeeds."""

from datetime import timedelta

from django.conf import settings as conf
from huey.contrib.djhuey import HUEY

from tocds.notifications import mail as notification_mail
from tocds.notifications import services, tasks
from tocds.notifications.models import JobProblem, JobState, Notification
from tocds.notifications.tests.helpers import DAY, conflicts


def _a_notification_to_mail(world) -> Notification:
    world.officer_a.email = "xa-hoa-an@example.vn"
    world.officer_a.save(update_fields=["email"])
    conflicts(world)
    tasks.make_reminders(DAY)  # digest preference: nothing sent yet
    return Notification.objects.filter(user=world.officer_a).first()


def test_a_failing_job_is_retried_with_back_off_and_listed_then_recovers(world, monkeypatch):
    notification = _a_notification_to_mail(world)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server not reachable")

    monkeypatch.setattr(notification_mail, "send_mail", refuse)
    tasks.send_notification_email(notification.pk)
    problem = JobProblem.objects.get()
    assert problem.state == JobState.RETRYING
    assert "SMTP server not reachable" in problem.error
    assert problem.retries_left == conf.JOBS_RETRIES
    retry = HUEY.scheduled()
    assert len(retry) == 1  # waiting for its retry, not run at once
    first_delay = retry[0].retry_delay
    assert first_delay == 2 * conf.JOBS_RETRY_DELAY  # the next wait is already twice as long

    # The administrator sees it; a commune officer does not.
    page = world.client_for("province_admin").get("/notifications/jobs/")
    assert page.status_code == 200
    assert "SMTP server not reachable" in page.content.decode()
    assert world.client_for("officer_a").get("/notifications/jobs/").status_code == 404

    # The retry runs (the worker would, after the delay) and succeeds.
    monkeypatch.undo()
    HUEY.storage.flush_schedule()
    task = retry[0]
    task.eta = None  # its wait is over
    HUEY.execute(task)
    problem.refresh_from_db()
    assert problem.state == JobState.RECOVERED
    assert problem.resolved_at is not None
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    page = world.client_for("province_admin").get("/notifications/jobs/")
    assert "SMTP server not reachable" not in page.content.decode()
    assert "SMTP" in world.client_for("province_admin").get("/notifications/jobs/?all=1").text


def test_a_job_failing_every_time_ends_failed(world, monkeypatch):
    notification = _a_notification_to_mail(world)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server not reachable")

    monkeypatch.setattr(notification_mail, "send_mail", refuse)
    tasks.send_notification_email(notification.pk)
    for _ in range(conf.JOBS_RETRIES):
        [task] = HUEY.scheduled()
        HUEY.storage.flush_schedule()
        task.eta = None
        HUEY.execute(task)
    problem = JobProblem.objects.get()
    assert problem.state == JobState.FAILED
    assert problem.tries == conf.JOBS_RETRIES + 1
    assert problem.retries_left == 0
    assert HUEY.scheduled() == []
    assert "Thất bại" in world.client_for("province_admin").get("/notifications/jobs/").text


def test_the_scheduled_jobs_do_a_days_work_once(world):
    conflicts(world)
    tasks.hourly_reminders()
    count = Notification.objects.count()
    assert count == 4  # two in commune A, one for each of commune B's two officers
    tasks.hourly_reminders()
    assert Notification.objects.count() == count


def test_the_digest_job_waits_for_the_digest_hour(world, settings, monkeypatch):
    from django.utils import timezone

    world.officer_a.email = "xa-hoa-an@example.vn"
    world.officer_a.save(update_fields=["email"])
    conflicts(world)
    tasks.make_reminders()
    early = timezone.localtime().replace(hour=5)
    monkeypatch.setattr(timezone, "localtime", lambda *a: early)
    settings.NOTIFICATION_DIGEST_HOUR = 7
    tasks.hourly_digests()
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    monkeypatch.setattr(timezone, "localtime", lambda *a: early + timedelta(hours=3))
    tasks.hourly_digests()
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_in_app_preference_is_never_mailed(world):
    world.officer_a.email = "xa-hoa-an@example.vn"
    world.officer_a.save(update_fields=["email"])
    services.set_preference(actor=world.officer_a, delivery="in_app")
    conflicts(world)
    tasks.make_reminders(DAY)
    assert tasks.send_digests(DAY) == 0
