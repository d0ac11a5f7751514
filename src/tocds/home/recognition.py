"""The honours' to-dos of the home page: what waits for each office the user holds a step of —
the proposing unit's drafts and returned nominations, the Department's selection, Home
Affairs' appraisal, the Chairman's decision. Each a count with its link, in one query per step
whatever the number of nominations."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy

from tocds.home.todos import ITEMS, Link, Todo
from tocds.honours.models import Nomination, Status
from tocds.honours.services import APPRAISAL_WORKING_DAYS, add_working_days
from tocds.people.scoping import Perm, has_perm_anywhere

# (permission, statuses waiting at that step, key, label)
STEPS = (
    (
        Perm.PROPOSE_HONOURS,
        (Status.DRAFT, Status.RETURNED),
        "honours-propose",
        gettext_lazy("nominations to complete and submit"),
    ),
    (
        Perm.SELECT_HONOURS,
        (Status.SUBMITTED,),
        "honours-select",
        gettext_lazy("nominations to select"),
    ),
    (
        Perm.APPRAISE_HONOURS,
        (Status.SELECTED,),
        "honours-appraise",
        gettext_lazy("nominations to appraise"),
    ),
    (
        Perm.DECIDE_HONOURS,
        (Status.PROPOSED,),
        "honours-decide",
        gettext_lazy("nominations awaiting the Chairman's decision"),
    ),
)


def _late(nomination: Nomination, perm: Perm, today: date) -> bool:
    if perm == Perm.SELECT_HONOURS:
        return nomination.round.select_by < today
    if perm == Perm.APPRAISE_HONOURS and nomination.selected_at is not None:
        due = add_working_days(nomination.selected_at.date(), APPRAISAL_WORKING_DAYS)
        return due < today
    if perm == Perm.PROPOSE_HONOURS:
        return nomination.round.submit_by < today and nomination.status == Status.DRAFT
    return False


def honours_todos(user, today: date) -> list[Todo]:
    """One to-do per step of the honours' way the user holds; none without any."""
    todos = []
    url = reverse("honours:home")
    for perm, statuses, key, label in STEPS:
        if not has_perm_anywhere(user, perm):
            continue
        waiting = list(
            Nomination.objects.visible_to(user, perm)
            .filter(status__in=statuses)
            .select_related("round", "team", "organisation", "person")
            .order_by("pk")
        )
        late = [n for n in waiting if _late(n, perm, today)]
        items = tuple(
            Link(n.nominee, reverse("honours:nomination", args=[n.pk]), n.get_status_display())
            for n in (late + [n for n in waiting if n not in late])[:ITEMS]
        )
        todos.append(Todo(key, str(label), len(waiting), url, items, urgent=bool(late)))
    return todos
