"""The check "may this actor act here" is written once, in `tocds.people.scoping`
(`require_perm_at`, `may_act_at`): no module elsewhere raises after asking a scope by hand."""

import ast
from pathlib import Path

import tocds

SRC = Path(tocds.__file__).parent
SCOPE_QUESTIONS = {"covers_path", "covers_team", "covers_team_at"}


def hand_written_checks(source: str) -> list[int]:
    """Lines of `if` statements that ask a scope whether it covers something and raise."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.If):
            continue
        asks = any(
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr in SCOPE_QUESTIONS
            for call in ast.walk(node.test)
        )
        raises = any(isinstance(stmt, ast.Raise) for stmt in node.body)
        if asks and raises:
            found.append(node.lineno)
    return found


def test_the_check_finds_a_hand_written_scope_check():
    sample = (
        "def f(actor, place):\n"
        "    if not scope_for(actor, Perm.X).covers_path(place.path):\n"
        "        raise PermissionDenied\n"
    )
    assert hand_written_checks(sample) == [2]
    assert hand_written_checks("require_perm_at(actor, Perm.X, place=place)\n") == []


def test_no_module_outside_people_raises_after_asking_a_scope_by_hand():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if relative.parts[0] == "people" or "tests" in relative.parts:
            continue
        offenders += [f"{relative}:{line}" for line in hand_written_checks(path.read_text())]
    assert offenders == [], "use tocds.people.scoping.require_perm_at (or a scoped lookup)"
