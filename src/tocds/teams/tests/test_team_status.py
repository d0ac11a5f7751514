"""A team's status moves along `teams.services.TRANSITIONS`; a status not in the table is
refused by the service, whatever the form offers."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tocds.conftest import World
from tocds.teams import services
from tocds.teams.models import Team, TeamStatus


def set_status(world: World, team: Team, status: str) -> Team:
    return services.update_team(
        actor=world.officer_a,
        team=team,
        name=team.name,
        decision_number=team.decision_number,
        decision_date=team.decision_date,
        status=status,
        note=team.note,
    )


def reasons(team: Team) -> list[str]:
    return list(
        team.history.order_by("-history_id").values_list("history_change_reason", flat=True)
    )


def test_a_status_not_in_the_table_is_refused_and_nothing_is_saved(world: World):
    team = Team.objects.get(pk=world.team_a.pk)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        set_status(world, team, "merged")
    assert exc.value.messages == ["This change of status is not allowed."]
    assert Team.objects.get(pk=team.pk).status == TeamStatus.ACTIVE


def test_each_move_stamps_its_reason_and_an_edit_keeping_the_status_is_no_move(world: World):
    team = Team.objects.get(pk=world.team_a2.pk)
    set_status(world, team, TeamStatus.ACTIVE)
    set_status(world, team, TeamStatus.SUSPENDED)
    set_status(world, team, TeamStatus.DISSOLVED)
    assert reasons(team)[:3] == ["dissolved", "edited", "edited"]
    assert Team.objects.get(pk=team.pk).status == TeamStatus.DISSOLVED
    assert {action for action, _move in services.TRANSITIONS.moves_from("dissolved")} == {
        "suspend",
        "reactivate",
    }
