"""Training plans: the list, a plan with participation against its targets, its form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.people.scoping import (
    Perm,
    has_perm_anywhere,
    may_act_at,
    require_perm_anywhere,
    scope_for,
)
from tocds.training import figures, queries, services
from tocds.training.forms import PlanForm
from tocds.training.models import TrainingPlan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_TRAINING)
    plans = TrainingPlan.objects.visible_to(request.user).select_related("place")
    context = {"plans": plans, "can_manage": has_perm_anywhere(request.user, Perm.MANAGE_TRAINING)}
    return render(request, "training/plan_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    plan = queries.get_plan_for_user(request.user, pk, Perm.MANAGE_TRAINING) if pk else None
    places = queries.organising_places(request.user)
    if not places:
        raise Http404
    initial = {}
    if plan is not None:
        initial = {
            f: getattr(plan, f)
            for f in (
                "name",
                "starts_on",
                "ends_on",
                "officials_target",
                "civil_servants_target",
                "team_members_target",
                "citizens_target",
                "note",
            )
        }
        initial["place"] = plan.place_id
    form = PlanForm(request.POST or None, initial=initial, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_plan(
                actor=request.user,
                plan=plan,
                place=form.cleaned_data["place"],
                name=form.cleaned_data["name"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                targets=form.targets(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("training:plan_detail", pk=saved.pk)
    return render(request, "training/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Participation against the plan's targets, by audience and (province plans) commune."""
    plan = queries.get_plan_for_user(request.user, pk)
    whole, by_place = figures.plan_participation(plan)
    scope = scope_for(request.user, Perm.VIEW_TRAINING)
    if not scope.covers_path(plan.place.path):
        by_place = [row for row in by_place if scope.covers_path(row.place.path)]
    context = {
        "plan": plan,
        "whole": whole,
        "by_place": by_place,
        "can_manage": may_act_at(request.user, Perm.MANAGE_TRAINING, place=plan.place),
        "courses": queries.courses(request.user).filter(plan=plan),
        "history": history_rows(plan.history.all()),
    }
    return render(request, "training/plan_detail.html", context)
