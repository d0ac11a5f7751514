"""The background and scheduled jobs of tocds, on Huey (ADR 0013).

`tocds run_huey` (the worker, which also runs the schedule) finds this module by its name.
Every job is retried on error, after JOBS_RETRY_DELAY seconds and then twice as long each
time; each error is recorded as a `JobProblem` the province's administrator sees at
/notifications/jobs/. The scheduled jobs run each hour and do a day's work once: what they make
is keyed by day in the database, so a second run (a restart, a second worker) changes nothing.
"""

import logging
import traceback

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone, translation
from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, lock_task, signal

from tocds.notifications import fanout, mail
from tocds.notifications.models import JobProblem, JobState
from tocds.notifications.services import notify

logger = logging.getLogger(__name__)

RETRY = {
    "retries": settings.JOBS_RETRIES,
    "retry_delay": settings.JOBS_RETRY_DELAY,
    "retry_backoff": 2,
}


def make_reminders(day=None) -> int:
    """Every event of the day for every user it concerns; returns how many were new."""
    day = day or timezone.localdate()
    made = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user, event in fanout.collect(day):
            if notify(user=user, event=event, day=day) is not None:
                made += 1
    logger.info("reminders of %s: %d new", day, made)
    return made


def send_digests(day=None) -> int:
    """The daily digests not sent yet today; returns how many went out."""
    day = day or timezone.localdate()
    sent = 0
    for user in mail.digest_users():
        if mail.send_digest(user, day):
            sent += 1
    logger.info("digests of %s: %d sent", day, sent)
    return sent


@db_periodic_task(crontab(minute="5"), **RETRY)
@lock_task("reminders")
def hourly_reminders() -> None:
    make_reminders()


@db_periodic_task(crontab(minute="35"), **RETRY)
@lock_task("digests")
def hourly_digests() -> None:
    if timezone.localtime().hour >= settings.NOTIFICATION_DIGEST_HOUR:
        send_digests()


@db_task(**RETRY)
def send_notification_email(notification_id: int) -> None:
    mail.send_one(notification_id)


# The record of problems --------------------------------------------------------------------


def _error_text(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]


@signal(signals.SIGNAL_ERROR)
def record_error(signal_name, task, exc=None) -> None:
    if not HUEY.immediate:
        close_old_connections()
    now = timezone.now()
    retrying = bool(task.retries)
    problem, created = JobProblem.objects.get_or_create(
        task_id=str(task.id),
        defaults={
            "name": task.name,
            "state": JobState.RETRYING if retrying else JobState.FAILED,
            "error": _error_text(exc) if exc else "",
            "retries_left": task.retries,
        },
    )
    if not created:
        problem.state = JobState.RETRYING if retrying else JobState.FAILED
        problem.error = _error_text(exc) if exc else problem.error
        problem.tries += 1
        problem.retries_left = task.retries
        problem.last_failed_at = now
        problem.resolved_at = None
        problem.save()


@signal(signals.SIGNAL_COMPLETE)
def record_recovery(signal_name, task) -> None:
    if not HUEY.immediate:
        close_old_connections()
    JobProblem.objects.filter(task_id=str(task.id)).exclude(state=JobState.RECOVERED).update(
        state=JobState.RECOVERED, resolved_at=timezone.now(), retries_left=0
    )
