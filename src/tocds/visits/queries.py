"""Scoped lookups of visits and of the rows about them: 404 outside the user's scope."""

from django.http import Http404

from tocds.people.scoping import Perm
from tocds.visits.models import QualityFlag, SyncConflict, Visit


def get_visit_for_user(user, pk: int, perm: Perm = Perm.VIEW_PROGRESS) -> Visit:
    """The visit if the user holds `perm` over its team; 404 otherwise."""
    visit = (
        Visit.objects.visible_to(user, perm)
        .select_related("campaign", "team__place", "hamlet", "commune", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def get_flag_for_user(user, pk: int, perm: Perm = Perm.REVIEW_VISITS) -> QualityFlag:
    flag = QualityFlag.objects.visible_to(user, perm).filter(pk=pk).first()
    if flag is None:
        raise Http404
    return flag


def get_conflict_for_user(user, pk: int, perm: Perm = Perm.REVIEW_VISITS) -> SyncConflict:
    conflict = SyncConflict.objects.visible_to(user, perm).filter(pk=pk).first()
    if conflict is None:
        raise Http404
    return conflict
