from django.shortcuts import get_object_or_404

from tocds.notifications.models import JobProblem, JobState, Notification
from tocds.people.scoping import Perm, require_perm_anywhere


def get_notification_for_user(user, pk: int, perm: Perm | None = None) -> Notification:
    """One of the user's own notifications; 404 for anyone else's."""
    return get_object_or_404(Notification.objects.visible_to(user, perm), pk=pk)


def unread_count(user) -> int:
    """The bell's count: one query."""
    return Notification.objects.visible_to(user).unread().count()


def job_problems(user, *, include_recovered: bool):
    """The jobs that failed or wait to be tried again (and, asked, those that recovered)."""
    require_perm_anywhere(user, Perm.VIEW_JOBS)
    problems = JobProblem.objects.all()
    if not include_recovered:
        problems = problems.exclude(state=JobState.RECOVERED)
    return problems
