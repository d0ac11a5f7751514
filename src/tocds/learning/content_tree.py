"""Reading and checking the content tree (TOML files and SVG pictures, see docs/learning.md):
`read_tree(path)` parses every file, `check_tree(tree)` lists every problem (the rules of
`content_check`); `content.load_content` loads only a tree without problems."""

import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tocds.core.skills import Skill as SkillCode
from tocds.learning.content_check import (
    Problem,
    check_facts,
    check_foreign_words,
    check_questions,
    check_svg,
    check_texts,
    lesson_texts,
    question_texts,
)
from tocds.learning.models import ActivityKind, FactKind, Level

SKILL_CODES = [c for c in SkillCode.values if c != SkillCode.OTHER]
ACTIVITY_ORDER = [k.value for k in ActivityKind]


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Tree:
    root: Path
    skills: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    lessons: list[tuple[str, dict]] = field(default_factory=list)
    questions: list[tuple[str, dict]] = field(default_factory=list)
    plans: list[tuple[str, dict]] = field(default_factory=list)
    pictures: dict[str, str] = field(default_factory=dict)


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _read(path: Path, root: Path, problems: list[Problem]) -> dict:
    try:
        with path.open("rb") as handle:
            return _nfc(tomllib.load(handle))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(Problem(str(path.relative_to(root)), f"is not valid TOML: {error}"))
        return {}


def read_tree(root: Path) -> Tree:
    """Parse every file; a missing or unreadable file is a problem (raised together)."""
    root = Path(root)
    problems: list[Problem] = []
    tree = Tree(root=root)
    if not root.is_dir():
        raise ContentError([Problem(str(root), "is not a folder")])
    for name, key, attr in (
        ("skills.toml", "skill", "skills"),
        ("tasks.toml", "task", "tasks"),
        ("facts.toml", "fact", "facts"),
    ):
        if not (root / name).is_file():
            problems.append(Problem(name, "is missing"))
            continue
        setattr(tree, attr, _read(root / name, root, problems).get(key, []))
    for path in sorted((root / "lessons").glob("*/*.toml")):
        tree.lessons.append((str(path.relative_to(root)), _read(path, root, problems)))
    for path in sorted((root / "questions").glob("*.toml")):
        data = _read(path, root, problems)
        for n, question in enumerate(data.get("question", []), start=1):
            tree.questions.append((f"{path.relative_to(root)} #{n}", question))
    for path in sorted((root / "lesson_plans").glob("*.toml")):
        data = _read(path, root, problems)
        # A file holds one plan (top-level keys) or several ([[plan]] tables).
        plans = data.get("plan") or ([data] if data else [])
        for n, plan in enumerate(plans, start=1):
            tree.plans.append((f"{path.relative_to(root)} #{n}", plan))
    for path in sorted((root / "pictures").glob("*.svg")):
        tree.pictures[path.name] = path.read_text(encoding="utf-8")
    if problems:
        raise ContentError(problems)
    return tree


def _require(where: str, data: dict, keys: tuple[str, ...], problems: list[Problem]) -> bool:
    missing = [k for k in keys if data.get(k) in (None, "")]
    for k in missing:
        problems.append(Problem(where, f"has no {k}"))
    return not missing


def check_tree(tree: Tree) -> list[Problem]:
    """Structure, references and the content rules; an empty list means the tree loads."""
    problems: list[Problem] = []
    skills = {}
    for n, s in enumerate(tree.skills, 1):
        where = f"skills.toml #{n}"
        if _require(where, s, ("code", "title"), problems):
            if s["code"] not in SKILL_CODES:
                problems.append(Problem(where, f"unknown skill code {s['code']!r}"))
            for mark in ("pass_mark", "task_mark"):
                if not 1 <= int(s.get(mark, 85 if mark == "pass_mark" else 100)) <= 100:
                    problems.append(Problem(where, f"{mark} must be 1–100"))
            skills[s["code"]] = s
    tasks = {}
    for n, t in enumerate(tree.tasks, 1):
        where = f"tasks.toml #{n}"
        if _require(where, t, ("code", "skill", "level", "title"), problems):
            if t["skill"] not in skills:
                problems.append(Problem(where, f"unknown skill {t['skill']!r}"))
            if t["level"] not in Level.values:
                problems.append(Problem(where, f"unknown level {t['level']!r}"))
            if t["code"] in tasks:
                problems.append(Problem(where, f"task {t['code']} twice"))
            tasks[t["code"]] = t
    facts: dict[str, bool] = {}
    for n, f in enumerate(tree.facts, 1):
        where = f"facts.toml #{n}"
        if _require(where, f, ("key", "kind", "label", "value"), problems):
            if f["kind"] not in FactKind.values:
                problems.append(Problem(where, f"unknown kind {f['kind']!r}"))
            if f["key"] in facts:
                problems.append(Problem(where, f"fact {f['key']} twice"))
            facts[f["key"]] = bool(f.get("verified", False))
    lessons: dict[str, dict] = {}
    texts: list[tuple[str, str]] = []
    for where, lesson in tree.lessons:
        if not _require(where, lesson, ("code", "skill", "task", "level", "title"), problems):
            continue
        if lesson["code"] in lessons:
            problems.append(Problem(where, f"lesson code {lesson['code']} twice"))
        lessons[lesson["code"]] = lesson
        task = tasks.get(lesson["task"])
        if task is None:
            problems.append(Problem(where, f"unknown task {lesson['task']!r}"))
        elif task["skill"] != lesson["skill"]:
            problems.append(Problem(where, f"task {lesson['task']} is not of {lesson['skill']}"))
        if lesson["level"] not in Level.values:
            problems.append(Problem(where, f"unknown level {lesson['level']!r}"))
        steps = lesson.get("step", [])
        if not steps:
            problems.append(Problem(where, "has no step"))
        for i, step in enumerate(steps, 1):
            if not step.get("text"):
                problems.append(Problem(where, f"step {i} has no text"))
            picture = step.get("picture")
            if picture and picture not in tree.pictures:
                problems.append(Problem(where, f"step {i}: picture {picture} is not in pictures/"))
            if picture and not step.get("alt"):
                problems.append(Problem(where, f"step {i}: picture without alt text"))
        texts += lesson_texts(where, lesson)
    seen_questions = set()
    for where, q in tree.questions:
        if not _require(where, q, ("code", "task", "prompt", "choices"), problems):
            continue
        if q["code"] in seen_questions:
            problems.append(Problem(where, f"question code {q['code']} twice"))
        seen_questions.add(q["code"])
        if q["task"] not in tasks:
            problems.append(Problem(where, f"unknown task {q['task']!r}"))
        if q.get("lesson") and q["lesson"] not in lessons:
            problems.append(Problem(where, f"unknown lesson {q['lesson']!r}"))
        elif q.get("lesson") and lessons[q["lesson"]].get("task") != q["task"]:
            problems.append(Problem(where, f"lesson {q['lesson']} does not teach {q['task']}"))
        choices = q.get("choices", [])
        if not 2 <= len(choices) <= 6:
            problems.append(Problem(where, "needs 2 to 6 choices"))
        if not isinstance(q.get("answer"), int) or not 0 <= q["answer"] < len(choices):
            problems.append(Problem(where, "answer is not the index of a choice"))
        texts += question_texts(where, q)
    for where, plan in tree.plans:
        if not _require(where, plan, ("code", "skill", "title"), problems):
            continue
        if plan["skill"] not in skills:
            problems.append(Problem(where, f"unknown skill {plan['skill']!r}"))
        for code in plan.get("lessons", []):
            if code not in lessons:
                problems.append(Problem(where, f"unknown lesson {code!r}"))
        kinds = [a.get("kind") for a in plan.get("activity", [])]
        if kinds != ACTIVITY_ORDER:
            problems.append(Problem(where, f"activities must be {', '.join(ACTIVITY_ORDER)}"))
    for name, svg in tree.pictures.items():
        problems += check_svg(f"pictures/{name}", svg)
    problems += check_texts(texts, facts)
    problems += _check_rules_of_issue_14(tree, tasks)
    return problems


def _check_rules_of_issue_14(tree: Tree, tasks: dict[str, dict]) -> list[Problem]:
    """Facts with primary sources, foreign words explained, honest quizzes (content_check)."""
    problems = check_facts((f"facts.toml #{n}", f) for n, f in enumerate(tree.facts, 1))
    problems += check_foreign_words(tree.lessons)
    values = {f.get("key"): str(f.get("value", "")) for f in tree.facts}
    skill_of_task = {code: t.get("skill", "") for code, t in tasks.items()}
    problems += check_questions(tree.questions, values, skill_of_task)
    return problems
