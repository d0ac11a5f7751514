"""Loading the content tree (TOML files, see docs/learning.md), once `content_tree` has read it
and found no problem.

`load_content(path)` is all or nothing and idempotent:
- skills and tasks are upserted by code;
- facts, questions and lesson plans are upserted by code/key when their entry in the files
  changed since the last load (a hash of the entry is kept), so edits made in the product
  survive a re-load of unchanged files;
- a lesson whose file changed since the version last loaded from files gets a new published
  version (the previous one is superseded, kept with its history); drafts made in the product
  are left alone;
- nothing is deleted: learners' attempts and results always stay.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from tocds.core.history import stamp
from tocds.core.transitions import Move, Transitions
from tocds.learning.content_tree import (
    ContentError,
    check_tree,
    read_tree,
)
from tocds.learning.models import (
    Activity,
    Fact,
    Lesson,
    LessonPlan,
    LessonVersion,
    Origin,
    Picture,
    Question,
    Skill,
    Step,
    Task,
    VersionStatus,
)

DEFAULT_PATH = settings.PACKAGE_DIR / "learning" / "content"


def _hash(data) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class LoadReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    def summary(self) -> str:
        return "; ".join(
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        )


def _upsert(model, lookup: dict, values: dict, report: LoadReport, kind: str, actor=None):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if hasattr(obj, "history"):
            stamp(obj, actor=actor, reason="loaded")
        obj.save()
        report.add(kind, "created")
        return obj, True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        if hasattr(obj, "history"):
            stamp(obj, actor=actor, reason="loaded")
        obj.save()
        report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return obj, False


def _lesson_content(data: dict) -> dict:
    return {
        "title": data["title"],
        "summary": data.get("summary", ""),
        "minutes": int(data.get("minutes", 5)),
        "sources": list(data.get("sources", [])),
        "can_go_wrong": list(data.get("can_go_wrong", [])),
        "scam_warnings": list(data.get("scam_warnings", [])),
        "teach_tips": list(data.get("teach_tips", [])),
        "steps": [
            {"text": s["text"], "picture": s.get("picture", ""), "alt": s.get("alt", "")}
            for s in data.get("step", [])
        ],
    }


def create_version(
    lesson: Lesson, content: dict, *, status: str, origin: str, actor=None, reason: str
) -> LessonVersion:
    number = (lesson.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = LessonVersion(
        lesson=lesson,
        number=number,
        status=status,
        origin=origin,
        title=content["title"],
        summary=content["summary"],
        minutes=content["minutes"],
        sources=content["sources"],
        can_go_wrong=content["can_go_wrong"],
        scam_warnings=content["scam_warnings"],
        teach_tips=content["teach_tips"],
        content_hash=_hash(content) if origin == Origin.FILE else "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        published_at=timezone.now() if status == VersionStatus.PUBLISHED else None,
    )
    stamp(version, actor=actor, reason=reason)
    version.save()
    Step.objects.bulk_create(
        Step(version=version, position=i, **step) for i, step in enumerate(content["steps"], 1)
    )
    return version


# Publishing: a version loaded from the files (a draft) or one an editor publishes (in review,
# along `services.TRANSITIONS`) becomes the one citizens see; the one before is superseded.
PUBLISHING = Transitions(
    {
        "publish": Move(
            {VersionStatus.DRAFT, VersionStatus.REVIEW}, VersionStatus.PUBLISHED, "published"
        ),
        "supersede": Move({VersionStatus.PUBLISHED}, VersionStatus.SUPERSEDED, "superseded"),
    }
)


def publish_version(lesson: Lesson, version: LessonVersion, *, actor=None) -> None:
    """Make `version` the one citizens see; the previous published version is superseded."""
    # Refused, if it is, before anything changes.
    publish = (
        None
        if version.status == VersionStatus.PUBLISHED
        else PUBLISHING.move(version.status, action="publish")
    )
    for old in lesson.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk):
        move = PUBLISHING.move(old.status, action="supersede")
        old.status = move.target
        stamp(old, actor=actor, reason=move.reason)
        old.save(update_fields=["status"])
    if publish is not None:
        version.status = publish.target
        version.published_at = timezone.now()
        stamp(version, actor=actor, reason=publish.reason)
        version.save(update_fields=["status", "published_at"])
    lesson.published = version
    lesson.save(update_fields=["published"])


@transaction.atomic
def load_content(root: Path = DEFAULT_PATH, *, actor=None) -> LoadReport:
    tree = read_tree(root)
    problems = check_tree(tree)
    if problems:
        raise ContentError(problems)
    report = LoadReport()
    for name, svg in tree.pictures.items():
        digest = hashlib.sha256(svg.encode()).hexdigest()
        _upsert(Picture, {"name": name}, {"svg": svg, "digest": digest}, report, "pictures")
    skills = {}
    for position, s in enumerate(tree.skills, 1):
        values = {
            "title": s["title"],
            "summary": s.get("summary", ""),
            "picture": s.get("picture", ""),
            "alt": s.get("alt", ""),
            "pass_mark": int(s.get("pass_mark", 85)),
            "task_mark": int(s.get("task_mark", 100)),
            "position": position,
        }
        skills[s["code"]] = _upsert(Skill, {"code": s["code"]}, values, report, "skills", actor)[0]
    tasks = {}
    for t in tree.tasks:
        values = {"skill": skills[t["skill"]], "level": t["level"], "title": t["title"]}
        tasks[t["code"]] = _upsert(Task, {"code": t["code"]}, values, report, "tasks", actor)[0]
    for f in tree.facts:
        _load_hashed(
            Fact,
            {"key": f["key"]},
            {
                "kind": f["kind"],
                "label": f["label"],
                "value": str(f["value"]),
                "source": f.get("source", ""),
                "source_url": f.get("source_url", ""),
                "checked_on": f.get("checked_on"),
                "verified": bool(f.get("verified", False)),
                "note": f.get("note", ""),
            },
            report,
            "facts",
            actor,
            extra=f,
        )
    lessons = {}
    for _where, data in tree.lessons:
        lesson, _created = _upsert(
            Lesson,
            {"code": data["code"]},
            {
                "skill": skills[data["skill"]],
                "task": tasks[data["task"]],
                "level": data["level"],
                "order": int(data.get("order", 0)),
            },
            LoadReport(),
            "lessons",
        )
        lessons[data["code"]] = lesson
        content = _lesson_content(data)
        last = lesson.versions.filter(origin=Origin.FILE).order_by("-number").first()
        if last is not None and last.content_hash == _hash(content):
            report.add("lesson versions", "unchanged")
            continue
        previous = lesson.published
        version = create_version(
            lesson,
            content,
            status=VersionStatus.DRAFT,
            origin=Origin.FILE,
            actor=actor,
            reason="loaded",
        )
        _keep_recordings(previous, version)
        publish_version(lesson, version, actor=actor)
        report.add("lesson versions", "created")
    for position, (_where, q) in enumerate(tree.questions, 1):
        _load_hashed(
            Question,
            {"code": q["code"]},
            {
                "task": tasks[q["task"]],
                "lesson": lessons.get(q.get("lesson")),
                "level": q.get("level") or tasks[q["task"]].level,
                "prompt": q["prompt"],
                "choices": list(q["choices"]),
                "answer": int(q["answer"]),
                "explanation": q.get("explanation", ""),
                "sources": list(q.get("sources", [])),
                "position": position,
            },
            report,
            "questions",
            actor,
            extra={**q, "position": position},
        )
    for _where, p in tree.plans:
        plan, changed = _load_hashed(
            LessonPlan,
            {"code": p["code"]},
            {
                "skill": skills[p["skill"]],
                "title": p["title"],
                "grade": p.get("grade", ""),
                "minutes": int(p.get("minutes", 45)),
                "objectives": list(p.get("objectives", [])),
                "materials": list(p.get("materials", [])),
                "take_home": p.get("take_home", ""),
            },
            report,
            "lesson plans",
            actor,
            extra=p,
        )
        if changed:
            plan.lessons.set([lessons[c] for c in p.get("lessons", [])])
            plan.activities.all().delete()
            Activity.objects.bulk_create(
                Activity(
                    plan=plan,
                    position=i,
                    kind=a["kind"],
                    title=a.get("title", ""),
                    minutes=int(a.get("minutes", 0)),
                    objective=a.get("objective", ""),
                    content=a.get("content", ""),
                    product=a.get("product", ""),
                    organisation=a.get("organisation", ""),
                )
                for i, a in enumerate(p.get("activity", []), 1)
            )
    return report


def _keep_recordings(previous: LessonVersion | None, version: LessonVersion) -> None:
    """A new version from the files keeps the recordings of the steps whose text it did not
    change (issue 14 §6: text and audio move together)."""
    from tocds.learning.audio import copy_recordings

    copy_recordings(previous, version)


def _load_hashed(model, lookup, values, report, kind, actor, extra=None):
    """Upsert a row only when its entry in the files changed since the last load, so that
    edits made in the product survive a re-load of unchanged files."""
    digest = _hash(extra if extra is not None else values)
    obj = model.objects.filter(**lookup).first()
    if obj is not None and obj.file_hash == digest:
        report.add(kind, "unchanged")
        return obj, False
    obj, _created = _upsert(model, lookup, {**values, "file_hash": digest}, report, kind, actor)
    return obj, True
