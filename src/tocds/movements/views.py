"""Pages of emulation movements (D5.2).

Officers, readers and Home Affairs see the movements that concern their places; the Youth
Union's officers (and the province administrator) run them. `/movements/<pk>/leaderboard/` is
public: the ranking of a running or closed movement, collectives by name, individuals by name
only with their consent, no other personal data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.models import record
from tocds.core.xlsx import COUNT, DECIMAL, Column, export_workbook, workbook_response
from tocds.movements import queries, rankings, services
from tocds.movements.forms import CriterionForm, MovementForm, ParticipantForm, ScoreForm
from tocds.movements.measures import measure_label
from tocds.movements.models import (
    Criterion,
    CriterionKind,
    ManualScore,
    Movement,
    Participant,
    ParticipantKind,
    Status,
)
from tocds.people.scoping import Perm, has_perm_anywhere, require_perm_anywhere
from tocds.places import tree
from tocds.places.models import Level, Place
from tocds.places.queries import places_in_scope

MOVE_LABELS = {
    "launch": gettext_lazy("Launch the movement"),
    "close": gettext_lazy("Close and freeze the ranking"),
}


def _communes_of(movement: Movement) -> list[Place]:
    """The communes a ranking may be narrowed to: the movement's, or its participants'."""
    if not movement.whole_province:
        return list(movement.communes.order_by("search_name"))
    ids = movement.participants.filter(commune__isnull=False).values("commune_id")
    return list(Place.objects.filter(pk__in=ids).order_by("search_name"))


def _chosen_commune(request: HttpRequest, communes: list[Place]) -> Place | None:
    code = request.GET.get("commune", "")
    return next((c for c in communes if c.code == code), None)


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_MOVEMENTS)
    chosen = request.GET.get("status", "")
    movements = queries.movement_list(request.user)
    if chosen in Status.values:
        movements = movements.filter(status=chosen)
    context = {
        "movements": movements,
        "statuses": Status.choices,
        "chosen": chosen,
        "can_create": has_perm_anywhere(request.user, Perm.MANAGE_MOVEMENTS),
    }
    return render(request, "movements/movement_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def movement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_MOVEMENTS)
    movement = (
        queries.get_movement_for_user(request.user, pk, Perm.MANAGE_MOVEMENTS) if pk else None
    )
    places = places_in_scope(request.user, Perm.MANAGE_MOVEMENTS)
    provinces = list(places.filter(level=Level.PROVINCE))
    initial = {}
    if movement is not None:
        initial = {
            "name": movement.name,
            "organiser": movement.organiser,
            "description": movement.description,
            "starts_on": movement.starts_on,
            "ends_on": movement.ends_on,
            "communes": list(movement.communes.all()),
        }
    form = MovementForm(
        request.POST or None, initial=initial, places=places, province_wide=bool(provinces)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        communes = list(data["communes"])
        if provinces:
            province = provinces[0]
        else:
            province = Place.objects.current().get(path=tree.top(communes[0]))
        try:
            saved = services.save_movement(
                actor=request.user,
                movement=movement,
                name=data["name"],
                organiser=data["organiser"],
                province=province,
                communes=communes,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                description=data["description"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Movement saved."))
            return redirect("movements:detail", pk=saved.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": movement})


@login_required
@require_GET
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = queries.get_movement_for_user(request.user, pk)
    user = request.user
    can_manage = Movement.objects.visible_to(user, Perm.MANAGE_MOVEMENTS).filter(pk=pk).exists()
    communes = _communes_of(movement)
    commune = _chosen_commune(request, communes)
    ranking = rankings.ranking_for(movement, commune=commune)
    criteria = list(movement.criteria.all())
    participants = sorted(
        movement.participants.select_related("team", "organisation", "person", "commune"),
        key=lambda p: (list(ParticipantKind.values).index(p.kind), p.name),
    )
    scores = list(
        ManualScore.objects.filter(criterion__movement=movement)
        .select_related("criterion", "participant__team", "participant__organisation")
        .select_related("participant__person")
    )
    is_draft = movement.status == Status.DRAFT
    is_running = movement.status == Status.RUNNING
    context = {
        "movement": movement,
        "communes_chosen": list(movement.communes.order_by("search_name")),
        "criteria": [(c, measure_label(c.measure) if c.measure else "") for c in criteria],
        "participants": participants,
        "ranking": ranking,
        "communes": communes,
        "commune": commune,
        "scores": scores,
        "can_manage": can_manage,
        "moves": [(a, MOVE_LABELS[a]) for a, _m in services.TRANSITIONS.moves_from(movement.status)]
        if can_manage
        else [],
        "criterion_form": CriterionForm() if can_manage and is_draft else None,
        "participant_form": ParticipantForm(movement=movement)
        if can_manage and not movement.is_closed
        else None,
        "score_form": ScoreForm(movement=movement)
        if can_manage and is_running and any(c.kind == CriterionKind.MANUAL for c in criteria)
        else None,
        "history": history_rows(
            movement.history.all(),
            Criterion.history.filter(movement_id=movement.pk),
            Participant.history.filter(movement_id=movement.pk),
        ),
    }
    return render(request, "movements/movement_detail.html", context)


def _done(request: HttpRequest, pk: int, success: str, error: ValidationError | None = None):
    if error is not None:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("movements:detail", pk=pk)


@login_required
@require_POST
def movement_status(request: HttpRequest, pk: int) -> HttpResponse:
    movement = queries.get_movement_for_user(request.user, pk, Perm.MANAGE_MOVEMENTS)
    try:
        services.change_status(
            actor=request.user, movement=movement, action=request.POST.get("action", "")
        )
    except ValidationError as error:
        return _done(request, pk, "", error)
    return _done(request, pk, _("Status changed."))


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    movement = queries.get_movement_for_user(request.user, pk, Perm.MANAGE_MOVEMENTS)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the criterion: a name, a kind and a weight are needed."))
        return redirect("movements:detail", pk=pk)
    try:
        services.save_criterion(actor=request.user, movement=movement, **form.cleaned_data)
    except ValidationError as error:
        return _done(request, pk, "", error)
    return _done(request, pk, _("Criterion saved."))


@login_required
@require_POST
def criterion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = queries.get_criterion_for_user(request.user, pk)
    try:
        services.remove_criterion(actor=request.user, criterion=criterion)
    except ValidationError as error:
        return _done(request, criterion.movement_id, "", error)
    return _done(request, criterion.movement_id, _("Criterion removed."))


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    movement = queries.get_movement_for_user(request.user, pk, Perm.MANAGE_MOVEMENTS)
    form = ParticipantForm(request.POST, movement=movement)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("movements:detail", pk=pk)
    try:
        services.add_participant(actor=request.user, movement=movement, **form.cleaned_data)
    except ValidationError as error:
        return _done(request, pk, "", error)
    return _done(request, pk, _("Participant added."))


@login_required
@require_POST
def participant_add_teams(request: HttpRequest, pk: int) -> HttpResponse:
    movement = queries.get_movement_for_user(request.user, pk, Perm.MANAGE_MOVEMENTS)
    try:
        added = services.add_all_teams(actor=request.user, movement=movement)
    except ValidationError as error:
        return _done(request, pk, "", error)
    return _done(request, pk, _("Teams added: %(count)s.") % {"count": added})


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = queries.get_participant_for_user(request.user, pk)
    try:
        services.remove_participant(actor=request.user, participant=participant)
    except ValidationError as error:
        return _done(request, participant.movement_id, "", error)
    return _done(request, participant.movement_id, _("Participant removed."))


@login_required
@require_POST
def participant_consent(request: HttpRequest, pk: int) -> HttpResponse:
    participant = queries.get_participant_for_user(request.user, pk)
    try:
        services.set_public_name(
            actor=request.user, participant=participant, shown=request.POST.get("shown") == "1"
        )
    except ValidationError as error:
        return _done(request, participant.movement_id, "", error)
    return _done(request, participant.movement_id, _("Consent recorded."))


@login_required
@require_POST
def score_save(request: HttpRequest, pk: int) -> HttpResponse:
    movement = queries.get_movement_for_user(request.user, pk, Perm.MANAGE_MOVEMENTS)
    form = ScoreForm(request.POST, request.FILES, movement=movement)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_score(
                actor=request.user,
                criterion=data["criterion"],
                participant=data["participant"],
                points=data["points"],
                note=data["note"],
                evidence=data["evidence"] or None,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return _done(request, pk, _("Points saved."))
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))
    return redirect("movements:detail", pk=pk)


@login_required
@require_GET
def score_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A hand score's evidence file, read through the storage, for those who see its movement."""
    score = queries.get_score_for_user(request.user, pk)
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
    response = FileResponse(
        score.evidence.open("rb"),
        content_type=score.evidence_type,
        as_attachment=score.evidence_type == "application/pdf",
        filename=f"evidence-{score.pk}{extension.get(score.evidence_type, '')}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def ranking_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking as an Excel file: one row per participant, each criterion's points."""
    movement = queries.get_movement_for_user(request.user, pk)
    commune = _chosen_commune(request, _communes_of(movement))
    ranking = rankings.ranking_for(movement, commune=commune)
    first = ranking.rows()[0].lines if ranking.rows() else []
    headers = [
        Column("kind", _("Kind"), width=14),
        Column("rank", _("Rank"), width=8, number_format=COUNT),
        Column("out_of", _("Out of"), width=8, number_format=COUNT),
        Column("name", _("Participant"), width=36),
        Column("commune", _("Commune"), width=24),
        Column("score", _("Score"), width=10, number_format=DECIMAL),
        *[
            Column(f"c{line.criterion_id}", line.name, width=18, number_format=DECIMAL)
            for line in first
        ],
    ]
    rows = []
    for group in ranking.groups:
        for row in group.rows:
            rows.append(
                [
                    group.label,
                    row.rank,
                    row.out_of,
                    row.participant.name,
                    row.participant.commune.name if row.participant.commune_id else "",
                    float(row.score),
                    *[float(line.points) for line in row.lines],
                ]
            )
    record(
        actor=request.user,
        action="movements.export_ranking",
        detail=f"{movement.pk} {commune.code if commune else 'all'}",
        rows=len(rows),
    )
    workbook = export_workbook(_("Ranking"), headers, rows)
    return workbook_response(workbook, f"xep-hang-phong-trao-{movement.pk}.xlsx")


@require_GET
def leaderboard(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the ranking of a running or closed movement. Collectives by name; an individual
    by name only with their consent; no phone or other personal data."""
    movement = queries.get_public_movement(pk)
    communes = _communes_of(movement)
    commune = _chosen_commune(request, communes)
    context = {
        "movement": movement,
        "ranking": rankings.ranking_for(movement, commune=commune),
        "communes": communes,
        "commune": commune,
    }
    return render(request, "movements/leaderboard.html", context)
