"""Writes of the learning module: attempts and their certificates, in-person checks, the lesson
workflow (draft → review → published) and the content administrators' edits.

Scoring itself is `tocds.learning.scoring` (pure: any caller — a citizen, a class quiz — gets
per-task results from answers).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tocds.certificates.models import Certificate, CertificateKind
from tocds.certificates.services import issue_certificate, revoke_certificate
from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.learning import audio, content_check, scoring
from tocds.learning.content import create_version, publish_version
from tocds.learning.models import (
    Answer,
    Attempt,
    Fact,
    Lesson,
    LessonVersion,
    Mode,
    Origin,
    Question,
    Skill,
    Step,
    Task,
    TaskResult,
    VersionStatus,
)
from tocds.people.scoping import Perm, require_perm_at, scope_for

# Attempts ------------------------------------------------------------------------------------


def quiz_questions(skill: Skill) -> list[Question]:
    """The self-assessment of a skill: its questions in use, easiest level first."""
    order = {"cb1": 0, "cb2": 1, "tc": 2}
    questions = list(
        Question.objects.active().filter(task__skill=skill).select_related("task", "lesson")
    )
    return sorted(questions, key=lambda q: (order.get(q.level, 9), q.position, q.code))


def checker_team(user):
    """The team a team member checks citizens for: their active membership's team."""
    from tocds.teams.models import Team

    team_ids = scope_for(user, Perm.CHECK_SKILLS).team_ids
    if not team_ids:
        return None
    return Team.objects.select_related("place", "place__commune").filter(pk__in=team_ids).first()


def learner_commune(user):
    """Where a signed-in learner belongs, when tocds knows it: their team's commune, else the
    commune of a commune-level role grant."""
    from tocds.people.models import RoleGrant
    from tocds.teams.models import Membership

    if user is None or not user.is_authenticated:
        return None
    membership = (
        Membership.objects.active()
        .filter(person__user=user)
        .select_related("team__place__commune")
        .first()
    )
    if membership is not None:
        return membership.team.place.commune
    grant = (
        RoleGrant.objects.active()
        .filter(user=user, place__level="commune", place__valid_to__isnull=True)
        .select_related("place")
        .first()
    )
    return grant.place if grant else None


@transaction.atomic
def record_attempt(
    *,
    skill: Skill,
    answers: Mapping[int, int | None],
    learner=None,
    checker=None,
) -> Attempt:
    """Score one sitting and keep it with its per-task results.

    `learner`: the signed-in citizen taking it for themself (None: anonymous).
    `checker`: a team member who watched a citizen do it (an in-person check); the citizen
    stays anonymous, the check carries the member, their team and its commune."""
    questions = quiz_questions(skill)
    if not questions:
        raise ValidationError(_("This skill has no questions yet."))
    known = {q.pk for q in questions}
    answers = {qid: choice for qid, choice in answers.items() if qid in known}
    result = scoring.score(questions, answers, pass_mark=skill.pass_mark, task_mark=skill.task_mark)
    attempt = Attempt(
        skill=skill,
        right=result.right,
        total=result.total,
        percent=result.percent,
        pass_mark=skill.pass_mark,
        passed=result.passed,
    )
    if checker is not None:
        team = checker_team(checker)
        if team is None:
            raise PermissionDenied
        attempt.mode = Mode.IN_PERSON
        attempt.checked_by = checker
        attempt.team = team
        attempt.commune = team.place.commune
    elif learner is not None and learner.is_authenticated:
        attempt.user = learner
        attempt.commune = learner_commune(learner)
    attempt.save()
    Answer.objects.bulk_create(
        Answer(attempt=attempt, question=q, chosen=answers.get(q.pk), correct=result.correct[q.pk])
        for q in questions
    )
    TaskResult.objects.bulk_create(
        TaskResult(
            attempt=attempt, task_id=t.task_id, right=t.right, total=t.total, mastered=t.mastered
        )
        for t in result.tasks
    )
    return attempt


def has_passed_quiz(*, person, skill: str) -> bool:
    """Whether the person passed the self-assessment of `skill` (its code) while signed in with
    their account, or in an in-person check recorded for that account: the quiz a training
    course's completion rule may require. People without an account have no results."""
    if person.user_id is None:
        return False
    return Attempt.objects.filter(user_id=person.user_id, skill__code=skill, passed=True).exists()


def attach_attempts(user, keys: Sequence[str]) -> int:
    """Self-checks made on this device before signing in become the user's."""
    if not keys or not user.is_authenticated:
        return 0
    return Attempt.objects.filter(key__in=keys, user__isnull=True, mode=Mode.SELF).update(
        user=user, commune=learner_commune(user)
    )


def certificate_detail(attempt: Attempt) -> str:
    figures = {"right": attempt.right, "total": attempt.total, "percent": attempt.percent}
    if attempt.mode == Mode.OBSERVED:
        return _(
            "Observed in person by %(team)s, %(commune)s: did %(right)s of %(total)s tasks by "
            "themself on their own phone."
        ) % {**figures, "team": attempt.team.name, "commune": attempt.commune.name}
    if attempt.mode == Mode.IN_PERSON:
        return _(
            "Checked in person by %(team)s, %(commune)s: %(right)s of %(total)s answers right "
            "(%(percent)s%%)."
        ) % {**figures, "team": attempt.team.name, "commune": attempt.commune.name}
    return _("Self-check on tocds: %(right)s of %(total)s answers right (%(percent)s%%).") % figures


@transaction.atomic
def issue_skill_certificate(*, attempt: Attempt, holder_name: str = "", actor=None) -> Certificate:
    """The certificate of a passed attempt (one per attempt), with the name the learner typed."""
    # Lock the attempt row only (PostgreSQL refuses FOR UPDATE on the nullable side of a join).
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("skill", "team", "commune")
        .get(pk=attempt.pk)
    )
    if not attempt.passed:
        raise ValidationError(_("The pass mark was not reached: practise and try again."))
    if attempt.certificate_id:
        raise ValidationError(_("A certificate was already issued for this result."))
    certificate = issue_certificate(
        kind=CertificateKind.LEARNING,
        title=attempt.skill.title,
        holder_name=holder_name,
        detail=certificate_detail(attempt),
        place=attempt.commune,
        source=attempt,
        actor=actor,
    )
    attempt.certificate = certificate
    attempt.save(update_fields=["certificate"])
    return certificate


def revoke_learning_certificate(*, actor, certificate: Certificate, reason: str) -> Certificate:
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    if certificate.kind != CertificateKind.LEARNING:
        raise PermissionDenied
    return revoke_certificate(actor=actor, certificate=certificate, reason=reason)


# Content administration ----------------------------------------------------------------------


# The editors' moves of a lesson version, each needing Perm.MANAGE_LEARNING (publishing also
# supersedes the published version: `content.PUBLISHING`).
TRANSITIONS = Transitions(
    {
        "submit": Move({VersionStatus.DRAFT}, VersionStatus.REVIEW, "submitted for review"),
        "return": Move({VersionStatus.REVIEW}, VersionStatus.DRAFT, "returned to draft"),
        "publish": Move({VersionStatus.REVIEW}, VersionStatus.PUBLISHED, "published"),
    }
)


@dataclass(frozen=True)
class StepData:
    text: str
    picture: str = ""
    alt: str = ""


def _version_content(version: LessonVersion, steps=None) -> dict:
    return {
        "title": version.title,
        "summary": version.summary,
        "minutes": version.minutes,
        "sources": list(version.sources),
        "can_go_wrong": list(version.can_go_wrong),
        "scam_warnings": list(version.scam_warnings),
        "teach_tips": list(version.teach_tips),
        "steps": [
            {"text": s.text, "picture": s.picture, "alt": s.alt}
            for s in (steps if steps is not None else version.steps.all())
        ],
    }


def draft_source(lesson: Lesson) -> LessonVersion:
    """What editing the lesson starts from, without writing: its open draft, or the version a
    new draft would copy (the published one, else the latest), or an empty unsaved version.
    ValidationError when a version is in review."""
    open_version = lesson.versions.filter(
        status__in=[VersionStatus.DRAFT, VersionStatus.REVIEW]
    ).first()
    if open_version is not None:
        if open_version.status == VersionStatus.REVIEW:
            raise ValidationError(
                _("Version %(n)s is in review: return it to draft to change it.")
                % {"n": open_version.number}
            )
        return open_version
    base = lesson.published or lesson.versions.order_by("-number").first()
    return base or LessonVersion(lesson=lesson, title=lesson.code, minutes=5)


@transaction.atomic
def start_draft(*, actor, lesson: Lesson) -> LessonVersion:
    """The lesson's open draft, or a new one copied from its latest version (a published
    version never changes: editing it means a new draft)."""
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    base = draft_source(lesson)  # under the lock: two editors never start two drafts
    if base.pk and base.status == VersionStatus.DRAFT:
        return base
    content = _version_content(base) if base.pk else {
        "title": lesson.code, "summary": "", "minutes": 5, "sources": [], "can_go_wrong": [],
        "scam_warnings": [], "teach_tips": [], "steps": [],
    }  # fmt: skip
    draft = create_version(
        lesson,
        content,
        status=VersionStatus.DRAFT,
        origin=Origin.EDITOR,
        actor=actor,
        reason="draft started",
    )
    audio.copy_recordings(base, draft)  # text and audio move together
    return draft


@transaction.atomic
def save_draft(
    *,
    actor,
    version: LessonVersion,
    title: str,
    summary: str,
    minutes: int,
    can_go_wrong: list[str],
    scam_warnings: list[str],
    teach_tips: list[str],
    steps: list[StepData],
) -> LessonVersion:
    """Change a draft; any other version is refused (published text never changes)."""
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    version = LessonVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_editable:
        raise ValidationError(_("Only a draft can be changed; a published version never changes."))
    if not steps:
        raise ValidationError({"steps": _("A lesson needs at least one step.")})
    version.title = title
    version.summary = summary
    version.minutes = minutes
    version.can_go_wrong = can_go_wrong
    version.scam_warnings = scam_warnings
    version.teach_tips = teach_tips
    stamp(version, actor=actor, reason="edited")
    version.save()
    version.steps.all().delete()
    Step.objects.bulk_create(
        Step(version=version, position=i, text=s.text, picture=s.picture, alt=s.alt)
        for i, s in enumerate(steps, 1)
    )
    # Recordings follow their step; a step whose text changed loses its recordings.
    version.dropped_recordings = audio.follow_steps(version)
    return version


def version_problems(version: LessonVersion) -> list[str]:
    """The content check on one version: hotlines and addresses only through confirmed facts."""
    facts = dict(Fact.objects.values_list("key", "verified"))
    data = _version_content(version)
    data["step"] = data.pop("steps")
    return [
        p.message for p in content_check.check_texts(content_check.lesson_texts("", data), facts)
    ]


@transaction.atomic
def transition(*, actor, version: LessonVersion, to: str) -> LessonVersion:
    """The one way a lesson version's status changes: along `TRANSITIONS`, in history."""
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    version = LessonVersion.objects.select_for_update().select_related("lesson").get(pk=version.pk)
    move = TRANSITIONS.move(version.status, to=to)
    if to in (VersionStatus.REVIEW, VersionStatus.PUBLISHED):
        problems = version_problems(version)
        if problems:
            raise ValidationError([_("The text does not pass the content check:"), *problems])
    if to == VersionStatus.PUBLISHED:
        publish_version(version.lesson, version, actor=actor)
        return version
    version.status = move.target
    stamp(version, actor=actor, reason=move.reason)
    version.save(update_fields=["status"])
    return version


@transaction.atomic
def save_question(
    *,
    actor,
    question: Question | None,
    code: str,
    task: Task,
    lesson: Lesson | None,
    level: str,
    prompt: str,
    choices: list[str],
    answer: int,
    explanation: str = "",
    is_active: bool = True,
) -> Question:
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    errors: dict[str, str] = {}
    choices = [c.strip() for c in choices if c.strip()]
    if not 2 <= len(choices) <= 6:
        errors["choices"] = _("Give 2 to 6 choices, one per line.")
    elif not 0 <= answer < len(choices):
        errors["answer"] = _("The right choice must be one of the choices.")
    if lesson is not None and lesson.task_id != task.pk:
        errors["lesson"] = _("Choose a lesson that teaches this task.")
    clash = Question.objects.filter(code=code)
    if question is not None:
        clash = clash.exclude(pk=question.pk)
    if clash.exists():
        errors["code"] = _("Another question has this code.")
    facts = dict(Fact.objects.values_list("key", "verified"))
    texts = [("", prompt), ("", explanation), *[("", c) for c in choices]]
    problems = content_check.check_texts(texts, facts)
    if problems:
        errors["prompt"] = " ".join(p.message for p in problems)
    if errors:
        raise ValidationError(errors)
    question = question or Question()
    question.code = code
    question.task = task
    question.lesson = lesson
    question.level = level
    question.prompt = prompt
    question.choices = choices
    question.answer = answer
    question.explanation = explanation
    question.is_active = is_active
    stamp(question, actor=actor, reason="edited" if question.pk else "created")
    question.save()
    return question


@transaction.atomic
def save_fact(
    *,
    actor,
    fact: Fact | None,
    key: str,
    kind: str,
    label: str,
    value: str,
    source: str = "",
    source_url: str = "",
    checked_on: date | None = None,
    verified: bool = False,
    note: str = "",
) -> Fact:
    """Add or change a fact. A fact that published lessons cite cannot be unconfirmed."""
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    clash = Fact.objects.filter(key=key)
    if fact is not None:
        clash = clash.exclude(pk=fact.pk)
    if clash.exists():
        raise ValidationError({"key": _("Another fact has this key.")})
    if fact is not None and fact.key != key and fact_is_cited(fact.key):
        raise ValidationError({"key": _("Lessons or questions cite this key: it cannot change.")})
    if fact is not None and fact.verified and not verified and fact_is_cited(fact.key):
        raise ValidationError(
            {"verified": _("Published lessons or questions in use cite this fact.")}
        )
    fact = fact or Fact()
    fact.key = key
    fact.kind = kind
    fact.label = label
    fact.value = value
    fact.source = source
    fact.source_url = source_url
    fact.checked_on = checked_on
    fact.verified = verified
    fact.note = note
    stamp(fact, actor=actor, reason="edited" if fact.pk else "created")
    fact.save()
    return fact


def fact_is_cited(key: str) -> bool:
    """Whether a published lesson version or a question in use writes `{fact:key}`."""
    placeholder = "{fact:" + key + "}"
    for version in LessonVersion.objects.filter(status=VersionStatus.PUBLISHED).prefetch_related(
        "steps"
    ):
        data = _version_content(version)
        if placeholder in str(data):
            return True
    for question in Question.objects.active():
        if placeholder in f"{question.prompt} {question.explanation} {question.choices}":
            return True
    return False


@transaction.atomic
def save_skill_marks(*, actor, skill: Skill, pass_mark: int, task_mark: int) -> Skill:
    require_perm_at(actor, Perm.MANAGE_LEARNING)
    if not (1 <= pass_mark <= 100 and 1 <= task_mark <= 100):
        raise ValidationError(_("Marks are percentages from 1 to 100."))
    skill.pass_mark = pass_mark
    skill.task_mark = task_mark
    stamp(skill, actor=actor, reason="edited")
    skill.save(update_fields=["pass_mark", "task_mark"])
    return skill
