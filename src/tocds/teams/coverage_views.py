"""The place pages with their team coverage (D5.1, D7.1): the communes a user may see, one
place's page (a province's communes, a commune's hamlets and their teams, a hamlet's teams),
and the coverage export. They are served under `/places/` with the names `places:list`,
`places:detail` and `places:coverage_export` (`tocds/urls.py`), so `places` needs no teams."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tocds.core.xlsx import workbook_response
from tocds.people.scoping import Perm, has_perm_anywhere, may_act_at
from tocds.places import queries as place_queries
from tocds.places.models import Level
from tocds.teams import exchange, queries


@login_required
def place_list(request: HttpRequest) -> HttpResponse:
    communes = list(place_queries.communes_in_scope(request.user))
    if not communes:
        raise Http404
    if len(communes) == 1:
        return redirect("places:detail", code=communes[0].code)
    rows = queries.coverage_by_commune(communes)
    context = {
        "rows": rows,
        "total": queries.total(None, rows),
        **_hamlets_missing(request, rows),
    }
    return render(request, "teams/coverage_list.html", context)


def _hamlets_missing(request: HttpRequest, rows: list) -> dict:
    """The communes of the table with no hamlets yet, and whether the user may import them:
    the page says so, rather than a column of "0/0"."""
    return {
        "no_hamlets": [row.place for row in rows if not row.hamlets],
        "can_import_hamlets": has_perm_anywhere(request.user, Perm.MANAGE_PLACES),
    }


@login_required
def coverage_export(request: HttpRequest) -> HttpResponse:
    """The coverage table of every commune the user may see, as Excel (D5.1, D7.1)."""
    communes = list(place_queries.communes_in_scope(request.user))
    if not communes:
        raise Http404
    rows = queries.coverage_by_commune(communes)
    workbook = exchange.export_coverage(rows, queries.total(None, rows))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return workbook_response(workbook, f"do-bao-phu-to-cds-{stamp}.xlsx")


@login_required
def place_detail(request: HttpRequest, code: str) -> HttpResponse:
    place = place_queries.get_place_for_user(request.user, code)
    context = {
        "place": place,
        "ancestors": place.ancestors(),
        "can_import": may_act_at(request.user, Perm.MANAGE_PLACES, place=place),
        "can_create_team": may_act_at(request.user, Perm.MANAGE_TEAMS, place=place),
    }
    if place.level == Level.PROVINCE:
        communes = place_queries.communes_in_scope(request.user).filter(parent=place)
        rows = queries.coverage_by_commune(communes)
        context.update(
            rows=rows, total=queries.total(place, rows), **_hamlets_missing(request, rows)
        )
    elif place.level == Level.COMMUNE:
        coverage = queries.coverage_by_commune([place])[0]
        teams = queries.teams_by_hamlet(place, request.user)
        hamlets = list(place.children.current().filter(level=Level.HAMLET).order_by("search_name"))
        for hamlet in hamlets:
            hamlet.team = teams.get(hamlet.pk)
        context.update(
            coverage=coverage,
            hamlets=hamlets,
            commune_team=teams.get(place.pk),
            predecessors=place.predecessors.order_by("name"),
        )
    else:
        context["teams"] = queries.team_list(request.user, place=place)
    return render(request, "teams/coverage_place.html", context)
