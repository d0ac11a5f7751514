"""Scoped lookups of visits and of the rows about them: 404 outside the user's scope."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tocds.core.text import fold
from tocds.people.scoping import Perm
from tocds.visits.models import QualityFlag, Resolution, SyncConflict, Visit

# The conflict lists of the visit list (`?conflicts=`): waiting for an officer, or settled.
CONFLICT_STATES = [("open", _("Open conflicts")), ("settled", _("Settled conflicts"))]


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


def conflicts(
    user, *, state: str, campaign=None, q: str = "", perm: Perm = Perm.VIEW_PROGRESS
) -> QuerySet[SyncConflict]:
    """Sync conflicts of the visits the user may see (scoped like the visit list), open or
    settled, newest first, with their visit, team and hamlet."""
    rows = SyncConflict.objects.visible_to(user, perm)
    if state == "open":
        rows = rows.filter(resolution=Resolution.OPEN)
    else:
        rows = rows.exclude(resolution=Resolution.OPEN)
    if campaign is not None:
        rows = rows.filter(visit__campaign=campaign)
    if q:
        key = fold(q)
        rows = rows.filter(
            Q(visit__household_key__contains=key) | Q(visit__hamlet__search_name__contains=key)
        )
    return rows.select_related("visit__hamlet", "visit__team", "sent_by", "resolved_by").order_by(
        "-received_at", "-pk"
    )
