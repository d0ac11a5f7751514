"""The status workflow helper: one table shape, moves found by action or by target, a move not
in the table refused with the table's (or the caller's) message."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from tocds.core.transitions import NOT_ALLOWED, Move, Transitions


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


TABLE = Transitions(
    {
        "open": Move({Status.DRAFT}, Status.OPEN, "opened"),
        "close": Move({Status.OPEN}, Status.CLOSED, "closed"),
        "reopen": Move({Status.CLOSED}, Status.OPEN, "reopened"),
    }
)


def refusal(exc: pytest.ExceptionInfo) -> list[str]:
    return exc.value.messages


def test_a_move_is_found_by_its_target_from_the_current_status():
    assert TABLE.move("draft", to="open").reason == "opened"
    assert TABLE.move(Status.CLOSED, to=Status.OPEN).reason == "reopened"
    move = TABLE.move("open", to="closed")
    assert (move.sources, move.target) == (frozenset({"open"}), "closed")


def test_a_move_is_found_by_its_action_from_one_of_its_sources():
    assert TABLE.move("draft", action="open").target == "open"
    assert TABLE.move("closed", action="reopen").target == "open"


@pytest.mark.parametrize(
    ("status", "lookup"),
    [
        ("draft", {"to": "closed"}),  # no such move
        ("open", {"to": "open"}),  # staying is not a move
        ("closed", {"to": "bogus"}),  # not a status
        ("open", {"action": "open"}),  # an action from a status it does not leave
        ("draft", {"action": "publish"}),  # no such action
        ("", {"to": "open"}),  # a new row has no status to move from
    ],
)
def test_a_move_not_in_the_table_is_refused(status, lookup):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        TABLE.move(status, **lookup)
    assert refusal(exc) == ["This change of status is not allowed."]


def test_the_refusal_speaks_the_language_of_the_request():
    with translation.override("vi"):
        vietnamese = str(NOT_ALLOWED)
        with pytest.raises(ValidationError) as exc:
            TABLE.move("draft", to="closed")
    assert refusal(exc) == [vietnamese] != ["This change of status is not allowed."]


def test_a_table_or_a_caller_may_say_why_in_its_own_words():
    table = Transitions(TABLE, refusal="This flag has already been resolved.")
    with pytest.raises(ValidationError) as exc:
        table.move("draft", to="closed")
    assert refusal(exc) == ["This flag has already been resolved."]
    with pytest.raises(ValidationError) as exc:
        table.move("draft", to="closed", refusal="Only a planned lesson can be cancelled.")
    assert refusal(exc) == ["Only a planned lesson can be cancelled."]


def test_the_table_lists_the_moves_open_from_a_status_in_its_order():
    table = Transitions(
        {
            "submit": Move({"draft", "returned"}, "submitted", "submitted"),
            "accept": Move({"submitted"}, "accepted", "accepted"),
            "return": Move({"submitted"}, "returned", "returned"),
        }
    )
    assert [action for action, _move in table.moves_from("submitted")] == ["accept", "return"]
    assert [action for action, _move in table.moves_from("returned")] == ["submit"]
    assert table.moves_from("accepted") == []
    assert list(table) == ["submit", "accept", "return"]
    assert table["accept"].target == "accepted" and len(table) == 3


def test_one_lookup_at_a_time():
    with pytest.raises(TypeError):
        TABLE.move("draft")
    with pytest.raises(TypeError):
        TABLE.move("draft", action="open", to="open")


def test_a_table_with_two_moves_between_the_same_statuses_or_a_loop_is_a_mistake():
    with pytest.raises(ValueError, match="two moves"):
        Transitions({"a": Move({"x"}, "y", "a"), "b": Move({"x", "z"}, "y", "b")})
    with pytest.raises(ValueError, match="one status to another"):
        Transitions({"stay": Move({"x"}, "x", "edited")})


def test_a_workflow_adds_its_own_fields_to_a_move():
    @dataclass(frozen=True, kw_only=True)
    class LabelledMove(Move):
        label: str
        needs_comment: bool = False

    table = Transitions({"return": LabelledMove({"submitted"}, "returned", "x", label="Return")})
    move = table.move("submitted", action="return")
    assert isinstance(move, LabelledMove) and move.label == "Return" and not move.needs_comment
