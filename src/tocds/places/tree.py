"""The place tree's one vocabulary. Every place has a materialised path of codes ending in a
slash ("/04/01654/01654-001/"); a subtree is every path that starts with its root's path. The
trailing slash keeps "/04/0127/" from covering "/04/01273/".

Every filter or check "inside this place" goes through these functions, whatever the relation
that leads to the place (`field="team__place__path"`, `"course__place__path"` …)."""

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Protocol

from django.db.models import Q


class HasPath(Protocol):
    path: str


Root = str | HasPath


def _path(root: Root) -> str:
    return root if isinstance(root, str) else root.path


def within(roots: Root | Iterable[Root], field: str = "path") -> Q:
    """Rows whose place (its path reached through `field`) lies inside any of `roots` (places
    or paths; the roots themselves included). No root: nothing."""
    if isinstance(roots, str) or hasattr(roots, "path"):
        roots = [roots]
    paths = sorted({_path(root) for root in roots})
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def is_within(place: Root, root: Root) -> bool:
    """Whether `place` is `root` or lies below it."""
    return _path(place).startswith(_path(root))


def ancestors(place: Root) -> list[str]:
    """The paths from the top down to the place itself:
    "/04/01654/01654-001/" → ["/04/", "/04/01654/", "/04/01654/01654-001/"]."""
    parts = _path(place).strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def top(place: Root) -> str:
    """The path of the province the place belongs to ("/04/")."""
    return ancestors(place)[0]
