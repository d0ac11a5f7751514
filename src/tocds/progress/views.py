"""Progress pages: a campaign's dashboard by place (province → commune → hamlet → team), day,
skill and service, with filters that update the figures in place (htmx) and SVG charts."""

from urllib.parse import urlencode

from csp.constants import NONE
from csp.decorators import csp
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tocds.campaigns.models import Campaign
from tocds.campaigns.queries import get_campaign_for_user
from tocds.people.scoping import Perm, require_perm_anywhere
from tocds.places.models import Level, Place
from tocds.progress import areas, charts, dashboards
from tocds.progress.areas import Area
from tocds.progress.forms import FilterForm
from tocds.progress.rows import Dashboard


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_PROGRESS)
    campaigns = Campaign.objects.visible_to(request.user).select_related("province")
    return render(request, "progress/campaign_list.html", {"campaigns": campaigns})


def _render_dashboard(
    request: HttpRequest, area: Area, *, places: list[Place] | None = None, place_label: str = ""
) -> HttpResponse:
    """The page of an area; `places` are the narrower areas the filter offers (communes of the
    province, hamlets of a commune): choosing one shows that area's figures on the same page."""
    form = FilterForm(
        request.GET or None, campaign=area.campaign, places=places, place_label=place_label
    )
    filters = form.filters()
    shown = area
    code = form.place_code() if places else ""
    if code:
        if area.level == areas.PROVINCE:
            shown = areas.commune_area(request.user, area.campaign, code)
        else:
            shown = areas.hamlet_area(request.user, area.campaign, code)
    dash = dashboards.dashboard(shown, filters)
    context = {
        "area": area,
        "dash": dash,
        "form": form,
        "chart_query": _chart_query(dash),
        "crumbs": _crumbs(area),
    }
    template = "progress/_figures.html" if request.htmx else "progress/dashboard.html"
    return render(request, template, context)


def _chart_query(dash: Dashboard) -> str:
    filters = dash.filters
    params = dict(dash.area.key)
    if filters.day_from:
        params["day_from"] = filters.day_from.isoformat()
    if filters.day_to:
        params["day_to"] = filters.day_to.isoformat()
    if filters.skill:
        params["skill"] = filters.skill
    if filters.service_id:
        params["service"] = str(filters.service_id)
    return urlencode(params)


def _crumbs(area: Area) -> list[tuple[str, str]]:
    """(label, url) from the campaign's province page down to the area's parent."""
    campaign = area.campaign
    crumbs = [(campaign.name, dashboards.page_url("campaign", campaign))]
    if area.level in (areas.HAMLET, areas.TEAM):
        commune = area.place.commune if area.place.level != Level.COMMUNE else area.place
        crumbs.append((commune.name, dashboards.page_url("commune", campaign, commune.code)))
    if area.level == areas.TEAM and area.place.level == Level.HAMLET:
        crumbs.append((area.place.name, dashboards.page_url("hamlet", campaign, area.place.code)))
    return crumbs


@login_required
@require_GET
def campaign_progress(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Perm.VIEW_PROGRESS)
    area = areas.province_area(request.user, campaign)
    if area is None:
        teams = areas.own_teams(request.user, campaign)
        if not teams:
            raise Http404
        return redirect("progress:team", pk=campaign.pk, team=teams[0].pk)
    if len(area.communes) == 1:
        commune = Place.objects.get(pk=area.communes[0])
        return redirect("progress:commune", pk=campaign.pk, code=commune.code)
    return _render_dashboard(
        request, area, places=areas.area_communes(area), place_label=_("Commune")
    )


@login_required
@require_GET
def commune_progress(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Perm.VIEW_PROGRESS)
    area = areas.commune_area(request.user, campaign, code)
    hamlets = list(
        Place.objects.current()
        .filter(level=Level.HAMLET, commune=area.place)
        .order_by("search_name")
    )
    return _render_dashboard(request, area, places=hamlets, place_label=_("Hamlet"))


@login_required
@require_GET
def hamlet_progress(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Perm.VIEW_PROGRESS)
    return _render_dashboard(request, areas.hamlet_area(request.user, campaign, code))


@login_required
@require_GET
def team_progress(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk, Perm.VIEW_PROGRESS)
    return _render_dashboard(request, areas.team_area(request.user, campaign, team))


# The chart is an image: nothing in it may load or run; its own <style> is what draws it.
IMAGE_CSP = {
    "default-src": [NONE],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": [NONE],
}


@login_required
@require_GET
@csp(IMAGE_CSP)
def chart(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One chart of an area as SVG; the area and filters come from the query string, checked
    against the user's scope like the pages."""
    if name not in charts.NAMES:
        raise Http404
    campaign = get_campaign_for_user(request.user, pk, Perm.VIEW_PROGRESS)
    params = request.GET
    if params.get("team"):
        try:
            team_id = int(params["team"])
        except ValueError as exc:
            raise Http404 from exc
        area = areas.team_area(request.user, campaign, team_id)
    elif params.get("hamlet"):
        area = areas.hamlet_area(request.user, campaign, params["hamlet"])
    elif params.get("commune"):
        area = areas.commune_area(request.user, campaign, params["commune"])
    else:
        area = areas.province_area(request.user, campaign)
        if area is None:
            raise Http404
    filters = FilterForm(params, campaign=campaign).filters()
    if name == "days":
        svg = charts.visits_per_day(dashboards.area_days(area, filters))
    elif name == "services":
        svg = charts.dashboard_chart(name, dashboards.area_services(area, filters))
    else:
        svg = charts.dashboard_chart(name, dashboards.area_ranking(area, filters))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response
