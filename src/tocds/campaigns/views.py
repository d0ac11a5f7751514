"""Campaign pages: the service catalogue, campaigns, commune plans and team assignments.

Everyone signed in reads the catalogue and the campaigns that cover their area; province
administrators change the catalogue and the campaigns; commune officers make their plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tocds.campaigns import queries, services
from tocds.campaigns.forms import AssignmentForm, CampaignForm, PlanForm, ServiceForm
from tocds.campaigns.models import Assignment, Campaign, CommunePlan, Service
from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.skills import Skill
from tocds.people.scoping import (
    Perm,
    has_perm_anywhere,
    may_act_at,
    require_perm_anywhere,
    scope_for,
)
from tocds.places.models import Level, Place
from tocds.places.queries import get_place_for_user


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    can_edit = has_perm_anywhere(request.user, Perm.MANAGE_CATALOGUE)
    catalogue = Service.objects.all() if can_edit else Service.objects.active()
    groups = [(label, [s for s in catalogue if s.skill == value]) for value, label in Skill.choices]
    context = {"groups": [(label, items) for label, items in groups if items], "can_edit": can_edit}
    return render(request, "campaigns/service_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_CATALOGUE)
    service = get_object_or_404(Service, pk=pk) if pk else None
    initial = (
        {
            "name": service.name,
            "skill": service.skill,
            "description": service.description,
            "position": service.position,
            "is_active": service.is_active,
        }
        if service
        else {}
    )
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_service(actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Service saved."))
            return redirect("campaigns:service_list")
    history = history_rows(service.history.all()) if service else []
    context = {"form": form, "service": service, "history": history}
    return render(request, "campaigns/service_form.html", context)


MOVE_LABELS = {
    "opened": gettext_lazy("Open the campaign"),
    "closed": gettext_lazy("Close the campaign"),
    "reopened": gettext_lazy("Reopen the campaign"),
}


def _province_for(user) -> Place:
    """The province where the user may launch campaigns (the first one granted)."""
    scope = scope_for(user, Perm.MANAGE_CAMPAIGNS)
    province = Place.objects.current().filter(level=Level.PROVINCE).filter(scope.place_q()).first()
    if province is None:
        raise Http404
    return province


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_TEAMS)
    campaigns = Campaign.objects.visible_to(request.user).select_related("province")
    context = {
        "campaigns": campaigns,
        "can_launch": has_perm_anywhere(request.user, Perm.MANAGE_CAMPAIGNS),
    }
    return render(request, "campaigns/campaign_list.html", context)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_user(request.user, pk)
    can_manage = may_act_at(request.user, Perm.MANAGE_CAMPAIGNS, place=campaign.province)
    moves = [
        (move.target, MOVE_LABELS[move.reason])
        for _action, move in services.TRANSITIONS.moves_from(campaign.status)
    ]
    plans = {p.commune_id: p for p in campaign.plans.all()}
    communes = queries.communes_covered(campaign, request.user)
    for commune in communes:
        commune.plan = plans.get(commune.pk)
    context = {
        "campaign": campaign,
        "plan_rows": communes,
        "team_assignments": (
            []
            if communes
            else Assignment.objects.visible_to(request.user)
            .filter(plan__campaign=campaign)
            .select_related("team", "hamlet")
        ),
        "plans_made": sum(1 for c in communes if c.plan),
        "services": campaign.services.order_by("position"),
        "communes": campaign.communes.order_by("search_name"),
        "can_manage": can_manage,
        "moves": moves if can_manage else [],
        "history": history_rows(campaign.history.all()),
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk:
        campaign = queries.get_campaign_for_user(request.user, pk, Perm.MANAGE_CAMPAIGNS)
        province = campaign.province
        initial = {
            "name": campaign.name,
            "slogan": campaign.slogan,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "whole_province": campaign.whole_province,
            "communes": list(campaign.communes.all()),
            "services": list(campaign.services.all()),
            "households_target": campaign.households_target,
            "people_target": campaign.people_target,
        }
    else:
        campaign, province, initial = None, _province_for(request.user), {}
    form = CampaignForm(request.POST or None, initial=initial, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_campaign(
                actor=request.user,
                campaign=campaign,
                province=province,
                name=form.cleaned_data["name"],
                slogan=form.cleaned_data["slogan"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                whole_province=form.cleaned_data["whole_province"],
                communes=list(form.cleaned_data["communes"]),
                services=list(form.cleaned_data["services"]),
                households_target=form.cleaned_data["households_target"],
                people_target=form.cleaned_data["people_target"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:detail", pk=saved.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def campaign_status(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = queries.get_campaign_for_user(request.user, pk, Perm.MANAGE_CAMPAIGNS)
    try:
        services.change_campaign_status(
            actor=request.user, campaign=campaign, to=request.POST.get("to", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Campaign status changed."))
    return redirect("campaigns:detail", pk=campaign.pk)


def _plan_initial(plan: CommunePlan | None) -> dict:
    if plan is None:
        return {}
    return {
        "households_target": plan.households_target,
        "people_target": plan.people_target,
        "note": plan.note,
    }


def _plan_context(request: HttpRequest, campaign: Campaign, commune: Place) -> dict:
    plan = CommunePlan.objects.filter(campaign=campaign, commune=commune).first()
    return {
        "campaign": campaign,
        "commune": commune,
        "plan": plan,
        "assignments": (
            plan.assignments.select_related("team", "hamlet") if plan is not None else []
        ),
        "can_edit": may_act_at(request.user, Perm.MANAGE_PLANS, place=commune),
        "history": history_rows(
            *(
                [plan.history.all(), Assignment.history.filter(plan_id=plan.pk)]
                if plan is not None
                else []
            )
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = queries.get_campaign_for_user(request.user, pk)
    commune = get_place_for_user(request.user, code)
    if commune.level != Level.COMMUNE:
        raise Http404
    context = _plan_context(request, campaign, commune)
    form = PlanForm(request.POST or None, initial=_plan_initial(context["plan"]))
    if request.method == "POST":
        if not context["can_edit"]:
            raise Http404
        if form.is_valid():
            try:
                services.save_plan(
                    actor=request.user, campaign=campaign, commune=commune, **form.cleaned_data
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Plan saved."))
                return redirect("campaigns:plan", pk=campaign.pk, code=commune.code)
    context.update(form=form, assignment_form=AssignmentForm(commune=commune))
    return render(request, "campaigns/plan_detail.html", context)


@login_required
@require_POST
def assignment_add(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    campaign = queries.get_campaign_for_user(request.user, pk)
    commune = get_place_for_user(request.user, code, Perm.MANAGE_PLANS)
    plan = get_object_or_404(CommunePlan, campaign=campaign, commune=commune)
    form = AssignmentForm(request.POST, commune=commune)
    if form.is_valid():
        try:
            services.add_assignment(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Assignment added."))
            return redirect("campaigns:plan", pk=campaign.pk, code=commune.code)
    context = _plan_context(request, campaign, commune)
    context.update(
        form=PlanForm(initial=_plan_initial(plan)),
        assignment_form=form,
    )
    return render(request, "campaigns/plan_detail.html", context)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.select_related("plan__commune", "plan__campaign").filter(
            scope_for(request.user, Perm.MANAGE_PLANS).place_q("plan__commune__path")
        ),
        pk=pk,
    )
    try:
        services.remove_assignment(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assignment removed."))
    plan = assignment.plan
    return redirect("campaigns:plan", pk=plan.campaign_id, code=plan.commune.code)
