"""Scoped reads of movements: the one lookup of a movement and of the rows hanging off it."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tocds.movements.models import Criterion, ManualScore, Movement, Participant
from tocds.people.scoping import Perm


def get_movement_for_user(user, pk: int, perm: Perm = Perm.VIEW_MOVEMENTS) -> Movement:
    """A movement concerning the user's places for `perm`; 404 otherwise."""
    return get_object_or_404(
        Movement.objects.visible_to(user, perm).select_related("province", "organiser"), pk=pk
    )


def get_participant_for_user(user, pk: int, perm: Perm = Perm.MANAGE_MOVEMENTS) -> Participant:
    return get_object_or_404(
        Participant.objects.filter(
            movement__in=Movement.objects.visible_to(user, perm)
        ).select_related("movement", "team", "organisation", "person"),
        pk=pk,
    )


def get_criterion_for_user(user, pk: int, perm: Perm = Perm.MANAGE_MOVEMENTS) -> Criterion:
    return get_object_or_404(
        Criterion.objects.filter(movement__in=Movement.objects.visible_to(user, perm)), pk=pk
    )


def get_score_for_user(user, pk: int, perm: Perm = Perm.VIEW_MOVEMENTS) -> ManualScore:
    return get_object_or_404(
        ManualScore.objects.filter(
            criterion__movement__in=Movement.objects.visible_to(user, perm)
        ).exclude(evidence=""),
        pk=pk,
    )


def get_public_movement(pk: int) -> Movement:
    """A running or closed movement, for its public leaderboard (no sign-in)."""
    return get_object_or_404(Movement.objects.public().select_related("organiser"), pk=pk)


def movement_list(user) -> QuerySet[Movement]:
    return Movement.objects.visible_to(user).select_related("organiser", "province")


def running_managed_by(user) -> QuerySet[Movement]:
    """The running movements the user runs (the youth officer's home)."""
    from tocds.movements.models import Status

    return (
        Movement.objects.visible_to(user, Perm.MANAGE_MOVEMENTS)
        .filter(status=Status.RUNNING)
        .order_by("ends_on", "name")
    )
