"""The in-person check as an observation (issue 14 §5, the brief's proctored assessment).

A team member watches a citizen do each task of a skill on the citizen's own phone and ticks the
steps they saw done. A task's checklist is the steps of its published lesson(s), in lesson order
(derived from the content: nothing to write twice). Every step is required today
(`ObservedStep.required`, kept per row so that optional steps can come later); a task is "done"
when all its required steps are ticked, and the skill is passed when the share of tasks done
reaches the skill's pass mark (compared in integers, like the quiz).

The observation is an `Attempt` of mode `observed` — the certificate, the result page and the
usage figures work for it as for any attempt — with its own rows (`ObservedStep`) and no
answers; it carries the member, their team and its commune, never the citizen's name.
"""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tocds.learning.facts import fact_map, fill
from tocds.learning.models import (
    Attempt,
    Lesson,
    Mode,
    ObservedStep,
    Skill,
    Step,
    Task,
    TaskResult,
)
from tocds.people.scoping import Perm, require_perm_at


@dataclass(frozen=True)
class ChecklistStep:
    version_id: int
    position: int
    text: str
    required: bool = True

    @property
    def key(self) -> str:
        return f"s{self.version_id}-{self.position}"


@dataclass
class TaskChecklist:
    task: Task
    lessons: list[str] = field(default_factory=list)  # the lessons' titles
    steps: list[ChecklistStep] = field(default_factory=list)


def checklists(skill: Skill) -> list[TaskChecklist]:
    """Per task of the skill that has a published lesson: the steps to watch for."""
    facts = fact_map()
    lessons = (
        Lesson.objects.filter(skill=skill, published__isnull=False)
        .select_related("task", "published")
        .prefetch_related(Prefetch("published__steps", queryset=Step.objects.order_by("position")))
        .order_by("task__code", "order", "code")
    )
    by_task: dict[int, TaskChecklist] = {}
    for lesson in lessons:
        checklist = by_task.setdefault(lesson.task_id, TaskChecklist(task=lesson.task))
        checklist.lessons.append(lesson.published.title)
        checklist.steps += [
            ChecklistStep(lesson.published_id, step.position, fill(step.text, facts))
            for step in lesson.published.steps.all()
        ]
    return [c for c in by_task.values() if c.steps]


@dataclass(frozen=True)
class TaskOutcome:
    task: Task
    ticked: int
    required: int

    @property
    def done(self) -> bool:
        return self.ticked == self.required


def judge(lists: list[TaskChecklist], ticked: Collection[str]) -> list[TaskOutcome]:
    """Pure: per task, how many required steps were ticked."""
    outcomes = []
    for checklist in lists:
        required = [s for s in checklist.steps if s.required]
        outcomes.append(
            TaskOutcome(checklist.task, sum(1 for s in required if s.key in ticked), len(required))
        )
    return outcomes


@transaction.atomic
def record_observation(*, checker, skill: Skill, ticked: Collection[str]) -> Attempt:
    """Keep what a team member watched a citizen do: the steps ticked per task, the member,
    their team and its commune. The citizen stays anonymous."""
    from tocds.learning.services import checker_team

    team = checker_team(checker)
    if team is None:
        raise PermissionDenied
    require_perm_at(checker, Perm.CHECK_SKILLS, team=team)
    lists = checklists(skill)
    if not lists:
        raise ValidationError(_("This skill has no published lessons to watch for yet."))
    keys = {s.key for c in lists for s in c.steps}
    ticked = set(ticked) & keys
    if not ticked:
        raise ValidationError(_("Tick the steps you saw the citizen do."))
    outcomes = judge(lists, ticked)
    done = sum(1 for o in outcomes if o.done)
    total = len(outcomes)
    attempt = Attempt.objects.create(
        skill=skill,
        mode=Mode.OBSERVED,
        checked_by=checker,
        team=team,
        commune=team.place.commune,
        right=done,
        total=total,
        percent=done * 100 // total,
        pass_mark=skill.pass_mark,
        passed=done * 100 >= skill.pass_mark * total,
    )
    ObservedStep.objects.bulk_create(
        ObservedStep(
            attempt=attempt,
            task=c.task,
            version_id=s.version_id,
            position=s.position,
            text=s.text,
            required=s.required,
            done=s.key in ticked,
        )
        for c in lists
        for s in c.steps
    )
    TaskResult.objects.bulk_create(
        TaskResult(attempt=attempt, task=o.task, right=o.ticked, total=o.required, mastered=o.done)
        for o in outcomes
    )
    return attempt


def observed_steps(attempt: Attempt) -> dict[int, list[ObservedStep]]:
    """The steps of an observation per task id (empty for other attempts)."""
    if attempt.mode != Mode.OBSERVED:
        return {}
    steps: dict[int, list[ObservedStep]] = {}
    for step in attempt.observed_steps.order_by("task__code", "version_id", "position"):
        steps.setdefault(step.task_id, []).append(step)
    return steps
