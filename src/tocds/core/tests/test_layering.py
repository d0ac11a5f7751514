"""`core` is the base layer: no module of `tocds.core` imports another part of tocds (a domain
app such as `places`, `people`, `teams`, …, nor `home` or `demo`), neither at the top of the
module nor lazily inside a function, nor through `import_module` or `apps.get_model`.

The tests of `core` (`core/tests/`) are left out: the access matrix and the browser tests
exercise the whole project through every app."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

import tocds.core

CORE_DIR = Path(tocds.core.__file__).parent
CORE = "tocds.core"


def _app_labels() -> set[str]:
    """Labels of the project's apps other than core (`apps.get_model("teams", "Team")`)."""
    return {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("tocds.") and config.name != CORE
    }


def _outside_core(name: str) -> bool:
    return (name == "tocds" or name.startswith("tocds.")) and not (
        name == CORE or name.startswith(CORE + ".")
    )


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute module an `ImportFrom` names (relative imports resolved from `module`)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")[: -node.level]
    return ".".join([*base, node.module] if node.module else base)


def forbidden_imports(source: str, module: str, labels: set[str]) -> list[str]:
    """What the source of `module` imports from outside core, as `line: name` strings."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            names = [target]
            if target == "tocds":  # `from tocds import teams`
                names = [f"tocds.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            text = first.value if isinstance(first, ast.Constant) else None
            if called in ("import_module", "__import__") and isinstance(text, str):
                names = [text]
            elif called == "get_model" and isinstance(text, str):
                label = text.split(".")[0]
                names = [f"tocds.{label}"] if label in labels else []
        found += [(node.lineno, name) for name in names if _outside_core(name)]
    return [f"{line}: {name}" for line, name in sorted(found)]


def core_modules() -> list[Path]:
    return sorted(
        path for path in CORE_DIR.rglob("*.py") if "tests" not in path.relative_to(CORE_DIR).parts
    )


def module_name(path: Path) -> str:
    parts = path.relative_to(CORE_DIR).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((CORE, *parts))


def test_core_imports_no_other_part_of_tocds():
    labels = _app_labels()
    modules = core_modules()
    assert len(modules) > 10  # the walk found core's modules
    offenders = {
        module_name(path): bad
        for path in modules
        if (bad := forbidden_imports(path.read_text(), module_name(path), labels))
    }
    assert offenders == {}


PLANTED = """
import json
import tocds.places
from django.db import models
from tocds.core.text import fold
from tocds.core import xlsx
from . import sql
from .forms import handle_import
from ..teams.models import Team
from .. import visits
from tocds import people


def lazy():
    from tocds.campaigns.services import save_plan
    import_module("tocds.reports.exports")
    import_module("tocds.core.history")
    apps.get_model("learning", "Skill")
    apps.get_model("core.AuditEvent")
    return save_plan
"""


def test_the_check_finds_every_kind_of_import_from_a_domain_app():
    found = forbidden_imports(PLANTED, "tocds.core.sample", {"learning", "teams"})
    assert found == [
        "3: tocds.places",
        "9: tocds.teams.models",
        "10: tocds.visits",
        "11: tocds.people",
        "15: tocds.campaigns.services",
        "16: tocds.reports.exports",
        "18: tocds.learning",
    ]


@pytest.mark.parametrize("name", ["tocds.core", "tocds.core.xlsx", "django.db", "json"])
def test_the_check_lets_core_and_libraries_through(name):
    assert forbidden_imports(f"import {name}\n", "tocds.core.sample", set()) == []
