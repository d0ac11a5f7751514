"""Reads of the school programme: a teacher's classes and quizzes (404 outside them), a quiz's
results per task, and the figures of the Education officer's dashboard and its export."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from tocds.learning.models import LessonPlan, Skill, Task
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.scoping import Perm, scope_for
from tocds.places import queries as places_queries
from tocds.places import tree
from tocds.places.models import Place
from tocds.schools.models import (
    ClassQuiz,
    Delivery,
    DeliveryStatus,
    QuizSubmission,
    SchoolClass,
    SubmissionTask,
)

# A teacher's objects ------------------------------------------------------------------------


def get_class_for_user(user, pk: int, perm: Perm = Perm.TEACH_CLASSES) -> SchoolClass:
    return get_object_or_404(
        SchoolClass.objects.visible_to(user, perm).select_related("school", "school__place"),
        pk=pk,
    )


def get_delivery_for_user(user, pk: int, perm: Perm = Perm.TEACH_CLASSES) -> Delivery:
    return get_object_or_404(
        Delivery.objects.filter(school_class__in=SchoolClass.objects.visible_to(user, perm))
        .select_related("school_class", "school_class__school", "plan", "plan__skill")
        .order_by(),
        pk=pk,
    )


def get_quiz_for_user(user, pk: int, perm: Perm = Perm.TEACH_CLASSES) -> ClassQuiz:
    return get_object_or_404(
        ClassQuiz.objects.filter(school_class__in=SchoolClass.objects.visible_to(user, perm))
        .select_related("school_class", "school_class__school", "skill")
        .order_by(),
        pk=pk,
    )


def get_plan(code: str) -> LessonPlan:
    plan = get_object_or_404(
        LessonPlan.objects.select_related("skill").prefetch_related("activities", "lessons"),
        code=code,
    )
    return plan


def quiz_skills() -> list[Skill]:
    """Skills with questions in use: the ones a class quiz can be opened for."""
    return list(Skill.objects.filter(tasks__questions__is_active=True).distinct())


@dataclass(frozen=True)
class TaskLine:
    task: Task
    answered: int
    mastered: int

    @property
    def percent(self) -> int:
        return self.mastered * 100 // self.answered if self.answered else 0


@dataclass(frozen=True)
class QuizResults:
    answers: int
    passed: int
    average: int  # mean percent of right answers, rounded down
    tasks: list[TaskLine]


def quiz_results(quiz: ClassQuiz) -> QuizResults:
    """How many phones answered, how many reached the pass mark, and per task of the skill how
    many mastered it."""
    totals = quiz.submissions.aggregate(
        answers=Count("pk"), passed=Count("pk", filter=Q(passed=True)), percent=Sum("percent")
    )
    per_task = {
        row["task"]: row
        for row in SubmissionTask.objects.filter(submission__quiz=quiz)
        .values("task")
        .annotate(answered=Count("pk"), mastered=Count("pk", filter=Q(mastered=True)))
    }
    tasks = [
        TaskLine(
            task,
            per_task.get(task.pk, {}).get("answered", 0),
            per_task.get(task.pk, {}).get("mastered", 0),
        )
        for task in Task.objects.filter(Q(skill=quiz.skill_id) | Q(pk__in=list(per_task)))
        .distinct()
        .order_by("code")
    ]
    answers = totals["answers"]
    return QuizResults(
        answers=answers,
        passed=totals["passed"],
        average=(totals["percent"] or 0) // answers if answers else 0,
        tasks=tasks,
    )


def own_submission(quiz: ClassQuiz, device: str) -> QuizSubmission | None:
    return quiz.submissions.filter(device=device).prefetch_related("task_results__task").first()


# The programme's figures --------------------------------------------------------------------


def communes_in_scope(user) -> list[Place]:
    return list(places_queries.communes_in_scope(user, Perm.VIEW_SCHOOL_PROGRAMME))


def schools_in_scope(user, commune: Place | None = None):
    scope = scope_for(user, Perm.VIEW_SCHOOL_PROGRAMME)
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).filter(
        scope.place_q("place__path")
    )
    if commune is not None:
        schools = schools.filter(tree.within(commune, "place__path"))
    return schools


@dataclass
class Figures:
    """Counts for one area (the whole, a commune or a school) over a period."""

    schools: int = 0
    schools_reached: int = 0  # schools with at least one lesson delivered
    classes_reached: int = 0
    lessons: int = 0
    attendances: int = 0  # students present, summed over lessons ("students reached")
    class_students: int = 0  # students of the classes reached (each class counted once)
    family_taught: int = 0
    quizzes: int = 0
    answers: int = 0
    passed: int = 0
    # skill id -> [task results mastered, task results]
    mastery: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, other: "Figures") -> None:
        for name in (
            "schools",
            "schools_reached",
            "classes_reached",
            "lessons",
            "attendances",
            "class_students",
            "family_taught",
            "quizzes",
            "answers",
            "passed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for skill_id, (mastered, answered) in other.mastery.items():
            self.mastery[skill_id][0] += mastered
            self.mastery[skill_id][1] += answered

    def mastery_percent(self, skill_id: int) -> int | None:
        mastered, answered = self.mastery.get(skill_id, (0, 0))
        return mastered * 100 // answered if answered else None


@dataclass
class Line:
    name: str
    commune: str
    figures: Figures


@dataclass
class Dashboard:
    start: date
    end: date
    total: Figures
    communes: list[Line]
    schools: list[Line]
    skills: list[Skill]
    # per skill: (task, task results mastered, task results)
    tasks: dict[int, list[tuple[Task, int, int]]]


def dashboard(user, *, start: date, end: date, commune: Place | None = None) -> Dashboard:
    """Schools reached, lessons delivered, students reached and class mastery per skill, by
    commune and by school, for the schools the user may see, over [start, end]."""
    schools = list(
        schools_in_scope(user, commune).select_related("place", "place__commune").order_by("name")
    )
    ids = [s.pk for s in schools]
    by_school: dict[int, Figures] = {s.pk: Figures(schools=1) for s in schools}

    delivered = Delivery.objects.filter(
        status=DeliveryStatus.DELIVERED,
        date__range=(start, end),
        school_class__school_id__in=ids,
    )
    for row in delivered.values("school_class__school_id").annotate(
        lessons=Count("pk"),
        classes=Count("school_class", distinct=True),
        present=Sum("students_present"),
        family=Sum("family_taught"),
    ):
        f = by_school[row["school_class__school_id"]]
        f.lessons = row["lessons"]
        f.schools_reached = 1
        f.classes_reached = row["classes"]
        f.attendances = row["present"] or 0
        f.family_taught = row["family"] or 0
    for row in (
        SchoolClass.objects.filter(pk__in=delivered.values("school_class_id"))
        .values("school_id")
        .annotate(students=Sum("students"))
    ):
        by_school[row["school_id"]].class_students = row["students"] or 0

    quizzes = ClassQuiz.objects.filter(
        school_class__school_id__in=ids, opened_at__date__range=(start, end)
    )
    for row in quizzes.values("school_class__school_id").annotate(
        quizzes=Count("pk", distinct=True),
        answers=Count("submissions"),
        passed=Count("submissions", filter=Q(submissions__passed=True)),
    ):
        f = by_school[row["school_class__school_id"]]
        f.quizzes = row["quizzes"]
        f.answers = row["answers"]
        f.passed = row["passed"]
    results = SubmissionTask.objects.filter(submission__quiz__in=quizzes)
    for row in results.values(
        "submission__quiz__school_class__school_id", "task__skill_id"
    ).annotate(answered=Count("pk"), mastered=Count("pk", filter=Q(mastered=True))):
        f = by_school[row["submission__quiz__school_class__school_id"]]
        f.mastery[row["task__skill_id"]] = [row["mastered"], row["answered"]]

    total = Figures()
    by_commune: dict[str, Line] = {}
    school_lines = []
    for school in schools:
        f = by_school[school.pk]
        commune_place = school.place.commune or school.place
        commune_line = by_commune.setdefault(
            commune_place.path, Line(commune_place.name, commune_place.name, Figures())
        )
        commune_line.figures.add(f)
        total.add(f)
        school_lines.append(Line(school.name, commune_place.name, f))

    per_task = {
        row["task"]: (row["mastered"], row["answered"])
        for row in results.values("task").annotate(
            answered=Count("pk"), mastered=Count("pk", filter=Q(mastered=True))
        )
    }
    skills = list(Skill.objects.all())
    tasks: dict[int, list[tuple[Task, int, int]]] = {s.pk: [] for s in skills}
    for task in Task.objects.order_by("code"):
        mastered, answered = per_task.get(task.pk, (0, 0))
        tasks.setdefault(task.skill_id, []).append((task, mastered, answered))
    return Dashboard(
        start=start,
        end=end,
        total=total,
        communes=sorted(by_commune.values(), key=lambda line: line.name),
        schools=school_lines,
        skills=skills,
        tasks=tasks,
    )


def pick_commune(communes: list[Place], code: str) -> Place:
    """The commune of `code` among the user's communes (404 for any other)."""
    for commune in communes:
        if commune.code == code:
            return commune
    raise Http404
