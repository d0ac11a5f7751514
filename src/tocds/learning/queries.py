"""Reads of the learning pages: published lessons, a learner's attempts, usage figures."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from tocds.learning.models import (
    CHECKED_MODES,
    Attempt,
    Fact,
    Lesson,
    LessonVersion,
    Level,
    Mode,
    Skill,
    Step,
    Task,
    TaskResult,
)

COOKIE = "tocds_learning"
COOKIE_SALT = "tocds.learning.attempts"
COOKIE_MAX_KEYS = 30


def get_skill(code: str) -> Skill:
    return get_object_or_404(Skill, code=code)


def published_lessons(skill: Skill):
    return (
        Lesson.objects.filter(skill=skill, published__isnull=False)
        .select_related("published", "task")
        .order_by("order", "code")
    )


def lessons_by_level(skill: Skill) -> list[tuple[str, list[Lesson]]]:
    lessons = list(published_lessons(skill))
    return [
        (label, [lesson for lesson in lessons if lesson.level == value])
        for value, label in Level.choices
        if any(lesson.level == value for lesson in lessons)
    ]


def get_published_lesson(skill: Skill, code: str) -> tuple[Lesson, LessonVersion]:
    lesson = get_object_or_404(
        Lesson.objects.select_related("task", "published").prefetch_related(
            Prefetch("published__steps", queryset=Step.objects.order_by("position"))
        ),
        skill=skill,
        code=code,
    )
    if lesson.published is None:
        raise Http404
    return lesson, lesson.published


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def facts_due_for_recheck(today: date | None = None):
    """Facts never checked, or last checked longer ago than `settings.FACT_RECHECK_MONTHS`:
    hotlines and addresses change, a lesson must not cite a stale one. Oldest first."""
    from django.utils import timezone

    cutoff = months_before(today or timezone.localdate(), settings.FACT_RECHECK_MONTHS)
    return Fact.objects.filter(Q(checked_on__isnull=True) | Q(checked_on__lt=cutoff)).order_by(
        F("checked_on").asc(nulls_first=True), "key"
    )


def get_attempt(key) -> Attempt:
    return get_object_or_404(
        Attempt.objects.select_related("skill", "team", "commune", "certificate", "checked_by"),
        key=key,
    )


@dataclass(frozen=True)
class TaskRow:
    task: Task
    right: int
    total: int
    mastered: bool
    lesson: Lesson | None


def task_rows(attempt: Attempt) -> list[TaskRow]:
    """Per task: the result and the published lesson that teaches it (to go back to)."""
    results = list(attempt.task_results.select_related("task").order_by("task__code"))
    lessons = {
        lesson.task_id: lesson
        for lesson in Lesson.objects.filter(
            task__in=[r.task_id for r in results], published__isnull=False
        )
        .select_related("published")
        .order_by("-order")
    }
    return [TaskRow(r.task, r.right, r.total, r.mastered, lessons.get(r.task_id)) for r in results]


def device_keys(request) -> list[str]:
    """The attempt keys this device keeps (a signed cookie; tampered cookies count as empty)."""
    raw = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    return [k for k in raw.split(",") if k][:COOKIE_MAX_KEYS]


def remember(response, request, attempt: Attempt, *, secure: bool) -> None:
    keys = [str(attempt.key), *[k for k in device_keys(request) if k != str(attempt.key)]]
    response.set_signed_cookie(
        COOKIE,
        ",".join(keys[:COOKIE_MAX_KEYS]),
        salt=COOKIE_SALT,
        max_age=2 * 365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


def learner_attempts(request):
    """Self-checks of this device and, when signed in, of the account; newest first."""
    q = Q(key__in=device_keys(request), mode=Mode.SELF)
    if request.user.is_authenticated:
        q |= Q(user=request.user)
    return Attempt.objects.filter(q).select_related("skill", "certificate").order_by("-created_at")


def best_by_skill(attempts) -> dict[int, Attempt]:
    best: dict[int, Attempt] = {}
    for attempt in attempts:
        current = best.get(attempt.skill_id)
        if current is None or (attempt.percent, attempt.created_at) > (
            current.percent,
            current.created_at,
        ):
            best[attempt.skill_id] = attempt
    return best


# Usage ---------------------------------------------------------------------------------------


@dataclass
class SkillUsage:
    skill: Skill
    attempts: int = 0
    in_person: int = 0
    passed: int = 0
    certificates: int = 0
    tasks: list = None


def usage(commune=None) -> dict:
    """Learners, attempts, completions, certificates, mastery per skill and task; narrowed to
    one commune when given (only attempts that carry a commune: in-person checks and signed-in
    learners)."""
    attempts = Attempt.objects.all()
    if commune is not None:
        attempts = attempts.filter(commune=commune)
    totals = attempts.aggregate(
        attempts=Count("pk"),
        in_person=Count("pk", filter=Q(mode__in=CHECKED_MODES)),
        passed=Count("pk", filter=Q(passed=True)),
        certificates=Count("certificate"),
        signed_in=Count("user", distinct=True),
    )
    per_skill = {
        row["skill"]: row
        for row in attempts.values("skill").annotate(
            attempts=Count("pk"),
            in_person=Count("pk", filter=Q(mode__in=CHECKED_MODES)),
            passed=Count("pk", filter=Q(passed=True)),
            certificates=Count("certificate"),
        )
    }
    results = TaskResult.objects.filter(attempt__in=attempts)
    per_task = {
        row["task"]: row
        for row in results.values("task").annotate(
            sitting=Count("pk"), mastered=Count("pk", filter=Q(mastered=True))
        )
    }
    tasks_of = defaultdict(list)
    for task in Task.objects.order_by("code"):
        row = per_task.get(task.pk, {})
        tasks_of[task.skill_id].append((task, row.get("sitting", 0), row.get("mastered", 0)))
    skills = []
    for skill in Skill.objects.all():
        row = per_skill.get(skill.pk, {})
        skills.append(
            SkillUsage(
                skill=skill,
                attempts=row.get("attempts", 0),
                in_person=row.get("in_person", 0),
                passed=row.get("passed", 0),
                certificates=row.get("certificates", 0),
                tasks=tasks_of[skill.pk],
            )
        )
    by_commune = list(
        Attempt.objects.filter(commune__isnull=False)
        .values("commune__code", "commune__name")
        .annotate(
            attempts=Count("pk"),
            in_person=Count("pk", filter=Q(mode__in=CHECKED_MODES)),
            passed=Count("pk", filter=Q(passed=True)),
            certificates=Count("certificate"),
        )
        .order_by("commune__name")
    )
    return {"totals": totals, "skills": skills, "by_commune": by_commune}
