"""Pages of the registry of models, initiatives and good practices (D1.2).

Commune officers see and run their commune's; the province sees the whole registry by commune
and skill with its coverage. `/initiatives/replicate/` is public: the models the province
marks for replication, with their place and results (no personal data)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.initiatives import queries, services
from tocds.initiatives.forms import EvidenceForm, FigureForm, InitiativeForm
from tocds.initiatives.models import (
    SKILLS,
    Evidence,
    Initiative,
    InitiativeFigure,
    Kind,
    Status,
)
from tocds.initiatives.results import results_for
from tocds.people.scoping import Perm, may_act_at, require_perm_anywhere
from tocds.places.queries import communes_in_scope, places_in_scope

MOVE_LABELS = {
    "deploy": gettext_lazy("Start deployment"),
    "replicate": gettext_lazy("Record as replicated"),
    "stop": gettext_lazy("Stop the model"),
    "resume": gettext_lazy("Resume the model"),
}


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_INITIATIVES)
    communes = communes_in_scope(request.user, Perm.MANAGE_INITIATIVES)
    everything = Initiative.objects.visible_to(request.user)
    initiatives = everything.select_related("place", "commune")
    chosen = {
        "commune": request.GET.get("commune", ""),
        "skill": request.GET.get("skill", ""),
        "status": request.GET.get("status", ""),
        "kind": request.GET.get("kind", ""),
    }
    if chosen["commune"]:
        initiatives = initiatives.filter(commune__code=chosen["commune"])
    if chosen["skill"] in dict(SKILLS):
        initiatives = initiatives.with_skill(chosen["skill"])
    if chosen["status"] in Status.values:
        initiatives = initiatives.filter(status=chosen["status"])
    if chosen["kind"] in Kind.values:
        initiatives = initiatives.filter(kind=chosen["kind"])
    context = {
        "initiatives": initiatives,
        "communes": communes,
        "chosen": chosen,
        "skills": SKILLS,
        "statuses": Status.choices,
        "kinds": Kind.choices,
        "coverage": queries.coverage(everything, communes) if len(communes) > 1 else [],
    }
    return render(request, "initiatives/initiative_list.html", context)


def _form_places(user):
    return places_in_scope(user, Perm.MANAGE_INITIATIVES)


def _save(request, form: InitiativeForm, initiative: Initiative | None):
    data = form.cleaned_data
    return services.save_initiative(
        actor=request.user,
        initiative=initiative,
        name=data["name"],
        kind=data["kind"],
        place=data["place"],
        extra_hamlets=list(data["extra_hamlets"]),
        skills=data["skills"],
        team=data["team"],
        organisation=data["organisation"],
        people=data["people"],
        description=data["description"],
        starts_on=data["starts_on"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_INITIATIVES)
    initiative = queries.get_initiative_for_user(request.user, pk) if pk else None
    initial = {}
    if initiative is not None:
        initial = {
            "name": initiative.name,
            "kind": initiative.kind,
            "place": initiative.place,
            "extra_hamlets": list(initiative.extra_hamlets.all()),
            "skills": initiative.skill_values,
            "team": initiative.team,
            "organisation": initiative.organisation,
            "people": initiative.people,
            "description": initiative.description,
            "starts_on": initiative.starts_on,
        }
    form = InitiativeForm(request.POST or None, initial=initial, places=_form_places(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(request, form, initiative)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Initiative saved."))
            return redirect("initiatives:detail", pk=saved.pk)
    context = {"form": form, "initiative": initiative}
    return render(request, "initiatives/initiative_form.html", context)


@login_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for_user(request.user, pk)
    user = request.user
    can_manage = may_act_at(user, Perm.MANAGE_INITIATIVES, place=initiative.commune)
    can_review = may_act_at(user, Perm.REVIEW_INITIATIVES, place=initiative.commune)
    moves = [
        (action, MOVE_LABELS[action])
        for action, move in services.TRANSITIONS.moves_from(initiative.status)
        if may_act_at(user, move.perm, place=initiative.commune)
    ]
    context = {
        "initiative": initiative,
        "results": results_for(initiative),
        "extra_hamlets": initiative.extra_hamlets.order_by("search_name"),
        "figures": initiative.figures.all(),
        "evidence": initiative.evidence.all(),
        "can_manage": can_manage,
        "can_review": can_review,
        "can_mark": can_review and initiative.status in (Status.DEPLOYED, Status.REPLICATED),
        "moves": moves,
        "figure_form": FigureForm(),
        "evidence_form": EvidenceForm(),
        "history": history_rows(
            initiative.history.all(),
            InitiativeFigure.history.filter(initiative_id=initiative.pk),
            Evidence.history.filter(initiative_id=initiative.pk),
        ),
    }
    return render(request, "initiatives/initiative_detail.html", context)


@login_required
@require_POST
def initiative_status(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for_user(request.user, pk)
    try:
        services.change_status(
            actor=request.user, initiative=initiative, action=request.POST.get("action", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status changed."))
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_POST
def initiative_replication(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for_user(request.user, pk, Perm.REVIEW_INITIATIVES)
    try:
        services.mark_for_replication(
            actor=request.user, initiative=initiative, marked=request.POST.get("marked") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Replication mark saved."))
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_POST
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for_user(request.user, pk)
    form = FigureForm(request.POST)
    if form.is_valid():
        services.add_figure(actor=request.user, initiative=initiative, **form.cleaned_data)
        messages.success(request, _("Figure added."))
    else:
        messages.error(request, _("Check the figure: a label and a number are needed."))
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_POST
def figure_remove(request: HttpRequest, pk: int) -> HttpResponse:
    figure = queries.get_figure_for_user(request.user, pk)
    services.remove_figure(actor=request.user, figure=figure)
    messages.success(request, _("Figure removed."))
    return redirect("initiatives:detail", pk=figure.initiative_id)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for_user(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                actor=request.user,
                initiative=initiative,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Evidence kept."))
            return redirect("initiatives:detail", pk=initiative.pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = queries.get_evidence_for_user(request.user, pk)
    initiative_id = evidence.initiative_id
    services.remove_evidence(actor=request.user, evidence=evidence)
    messages.success(request, _("File removed."))
    return redirect("initiatives:detail", pk=initiative_id)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, read through the storage, for those who see its initiative."""
    evidence = queries.get_evidence_for_user(request.user, pk)
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=evidence.content_type == "application/pdf",
        filename=f"evidence-{evidence.pk}{extension.get(evidence.content_type, '')}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def replicate(request: HttpRequest) -> HttpResponse:
    """Public: the models marked for replication, their place and results."""
    rows = [(i, results_for(i)) for i in queries.marked_for_replication()]
    return render(request, "initiatives/replicate.html", {"rows": rows})
