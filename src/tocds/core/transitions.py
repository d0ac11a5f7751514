"""Status workflows: one table shape for every status that changes, and one lookup that refuses
a move not in the table.

A workflow is a `Transitions` table: named moves (an action, like "submit" or "close"), each a
`Move` from one or more source statuses to one target, with the history reason code it stamps.
A service finds the move either by its action (`action=`, reports) or by the status asked for
(`to=`, most forms), always from the status the row holds now, read under a lock:

    TRANSITIONS = Transitions({
        "open": Move({Status.DRAFT}, Status.OPEN, "opened"),
        "close": Move({Status.OPEN}, Status.CLOSED, "closed"),
        "reopen": Move({Status.CLOSED}, Status.OPEN, "reopened"),
    })

    move = TRANSITIONS.move(campaign.status, to=to)  # ValidationError if not in the table
    campaign.status = move.target
    stamp(campaign, actor=actor, reason=move.reason)

A status that stays the same is not a move: services that allow an edit without a change of
status skip the lookup. Creating a row in its first status is not a move either.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

NOT_ALLOWED = gettext_lazy("This change of status is not allowed.")


@dataclass(frozen=True)
class Move:
    """From any of `sources` to `target`; `reason` is the history reason code the move stamps
    ("" where the service stamps its own: an officer's note, say). A workflow that needs more
    per move (a permission, a button label) subclasses it with keyword-only fields."""

    sources: frozenset[str]
    target: str
    reason: str = ""

    def __post_init__(self) -> None:
        # Plain strings (choices' values), whatever iterable of statuses the table was given.
        object.__setattr__(self, "sources", frozenset(str(s) for s in self.sources))
        object.__setattr__(self, "target", str(self.target))


class Transitions(Mapping[str, Move]):
    """A workflow's table: action → move. At most one move leads from a status to another, so a
    move is found by its action or by its target alike. `refusal` is the message of a move not
    in the table."""

    def __init__(self, moves: Mapping[str, Move], *, refusal: object = NOT_ALLOWED) -> None:
        self._moves = dict(moves)
        self.refusal = refusal
        self._by_pair: dict[tuple[str, str], Move] = {}
        for action, move in self._moves.items():
            for source in move.sources:
                if source == move.target:
                    raise ValueError(f"{action}: a move leads from one status to another")
                if (source, move.target) in self._by_pair:
                    raise ValueError(f"{action}: two moves lead from {source} to {move.target}")
                self._by_pair[source, move.target] = move

    def __getitem__(self, action: str) -> Move:
        return self._moves[action]

    def __iter__(self) -> Iterator[str]:
        return iter(self._moves)

    def __len__(self) -> int:
        return len(self._moves)

    def moves_from(self, status: str) -> list[tuple[str, Move]]:
        """The moves open from `status`, as (action, move), in the table's order."""
        return [(action, move) for action, move in self._moves.items() if status in move.sources]

    def move(
        self,
        status: str,
        *,
        action: str | None = None,
        to: str | None = None,
        refusal: object = None,
    ) -> Move:
        """The move from `status` named `action`, or the one to the status `to` (give one of
        them). A move not in the table raises `ValidationError` with `refusal`, or the table's
        message."""
        move = self._find(status, action=action, to=to)
        if move is None:
            raise ValidationError(str(refusal if refusal is not None else self.refusal))
        return move

    def _find(self, status: str, *, action: str | None, to: str | None) -> Move | None:
        if (action is None) == (to is None):
            raise TypeError("give either action= or to=")
        if to is not None:
            return self._by_pair.get((str(status), str(to)))
        move = self._moves.get(action)
        return move if move is not None and status in move.sources else None
