"""Pages of honours: each office's queue (`/honours/`), rounds with their quotas, nominations
with their record and history, the Chairman's decision, Word documents and the figures.

Every office sees only what reached its step (`Nomination.objects.visible_to`); a move is
offered to the office that owns it and done by `services.move`."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.honours import documents, queries, services
from tocds.honours.forms import DecisionForm, NominationForm, RoundForm
from tocds.honours.models import HOLDS_QUOTA, Quota, Round, RoundStatus, Status
from tocds.honours.record import record_for
from tocds.people.scoping import Perm, has_perm_anywhere, may_act_at, require_perm_anywhere
from tocds.places.models import Level
from tocds.places.queries import places_in_scope
from tocds.reports.decree30 import DOCX_MIME


def _parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        return None


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The queue of each office the user holds a step of."""
    user = request.user
    require_perm_anywhere(user, Perm.VIEW_HONOURS)
    today = timezone.localdate()
    open_rounds = list(Round.objects.visible_to(user).filter(status=RoundStatus.OPEN))
    context = {"today": today, "open_rounds": open_rounds}
    if has_perm_anywhere(user, Perm.PROPOSE_HONOURS):
        own = queries.nominations(user, Perm.PROPOSE_HONOURS).order_by("-created_at")
        context["own"] = own[:100]
        context["own_to_fix"] = own.filter(status__in=[Status.DRAFT, Status.RETURNED]).count()
    if has_perm_anywhere(user, Perm.SELECT_HONOURS):
        context["to_select"] = queries.nominations(user, Perm.SELECT_HONOURS).filter(
            status=Status.SUBMITTED
        )
        context["quota_rounds"] = [(r, queries.quota_use(r)) for r in open_rounds]
    if has_perm_anywhere(user, Perm.APPRAISE_HONOURS):
        waiting = queries.nominations(user, Perm.APPRAISE_HONOURS).filter(status=Status.SELECTED)
        context["to_appraise"] = [(n, services.appraisal_due(n)) for n in waiting]
    if has_perm_anywhere(user, Perm.DECIDE_HONOURS):
        proposed = queries.nominations(user, Perm.DECIDE_HONOURS).filter(status=Status.PROPOSED)
        rounds: dict[int, dict] = {}
        for nomination in proposed:
            entry = rounds.setdefault(nomination.round_id, {"round": nomination.round, "n": 0})
            entry["n"] += 1
        context["to_decide"] = list(rounds.values())
    context["can_manage_rounds"] = has_perm_anywhere(user, Perm.MANAGE_HONOUR_ROUNDS)
    return render(request, "honours/home.html", context)


# Rounds --------------------------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_HONOURS)
    rounds = Round.objects.visible_to(request.user).select_related("province")
    context = {
        "rounds": rounds,
        "can_manage": has_perm_anywhere(request.user, Perm.MANAGE_HONOUR_ROUNDS),
    }
    return render(request, "honours/round_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    require_perm_anywhere(user, Perm.MANAGE_HONOUR_ROUNDS)
    round = queries.get_round_for_user(user, pk, Perm.MANAGE_HONOUR_ROUNDS) if pk else None
    initial: dict = {"year": timezone.localdate().year}
    if round is not None:
        initial = {
            field: getattr(round, field)
            for field in (
                "name",
                "year",
                "period_from",
                "period_to",
                "submit_by",
                "select_by",
                "description",
            )
        }
        for quota in Quota.objects.filter(round=round):
            initial[f"quota_{quota.form_id}"] = quota.quota
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        province = (
            round.province
            if round
            else places_in_scope(user, Perm.MANAGE_HONOUR_ROUNDS)
            .filter(level=Level.PROVINCE)
            .first()
        )
        data = form.cleaned_data
        try:
            if province is None:
                raise ValidationError(_("A round belongs to a province."))
            saved = services.save_round(
                actor=user,
                round=round,
                province=province,
                name=data["name"],
                year=data["year"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                submit_by=data["submit_by"],
                select_by=data["select_by"],
                description=data["description"],
                quotas=form.quotas(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Round saved."))
            return redirect("honours:round", pk=saved.pk)
    return render(request, "honours/round_form.html", {"form": form, "round": round})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round = queries.get_round_for_user(user, pk)
    listed = queries.nominations(user).filter(round=round)
    status = request.GET.get("status", "")
    if status in Status.values:
        listed = listed.filter(status=status)
    context = {
        "round": round,
        "quotas": queries.quota_use(round),
        "nominations": listed,
        "statuses": Status.choices,
        "chosen_status": status,
        "units": queries.units_for(user) if round.status == RoundStatus.OPEN else [],
        "can_manage": may_act_at(user, Perm.MANAGE_HONOUR_ROUNDS, place=round.province),
        "can_select": may_act_at(user, Perm.SELECT_HONOURS, place=round.province),
        "can_draft_decision": may_act_at(user, Perm.APPRAISE_HONOURS, place=round.province)
        or may_act_at(user, Perm.DECIDE_HONOURS, place=round.province),
        "can_decide": may_act_at(user, Perm.DECIDE_HONOURS, place=round.province),
        "history": history_rows(round.history.all()),
    }
    return render(request, "honours/round_detail.html", context)


@login_required
@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round = queries.get_round_for_user(request.user, pk, Perm.MANAGE_HONOUR_ROUNDS)
    try:
        services.set_round_status(
            actor=request.user, round=round, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Round status saved."))
    return redirect("honours:round", pk=round.pk)


# Nominations ---------------------------------------------------------------------------------


def _nominee(data) -> services.Nominee:
    return services.Nominee(
        kind=data["kind"],
        team=data["team"],
        organisation=data["organisation"],
        person=data["person"],
        name=data["nominee_name"],
        position=data["position"],
        workplace=data["workplace"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(
    request: HttpRequest, round_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    user = request.user
    require_perm_anywhere(user, Perm.PROPOSE_HONOURS)
    nomination = queries.get_nomination_for_user(user, pk, Perm.PROPOSE_HONOURS) if pk else None
    if nomination is not None and (
        nomination.status not in (Status.DRAFT, Status.RETURNED)
        or not services.may_take(user, nomination, "submit")
    ):
        messages.error(request, _("Only a draft or a returned nomination can be changed."))
        return redirect("honours:nomination", pk=nomination.pk)
    round = nomination.round if nomination else queries.get_round_for_user(user, round_pk)
    units = queries.units_for(user)
    initial: dict = {}
    if nomination is not None:
        key = next(
            (
                u.key
                for u in units
                if u.place.pk == nomination.unit_place_id
                and (u.organisation.pk if u.organisation else None)
                == nomination.unit_organisation_id
            ),
            "",
        )
        initial = {
            "unit": key,
            "form": nomination.form,
            "kind": nomination.kind,
            "team": nomination.team,
            "organisation": nomination.organisation,
            "person": nomination.person,
            "nominee_name": nomination.nominee_name,
            "position": nomination.position,
            "workplace": nomination.workplace,
            "achievements": nomination.achievements,
            "initiatives": list(nomination.initiatives.all()),
        }
    form = NominationForm(request.POST or None, initial=initial, round=round, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_nomination(
                actor=user,
                nomination=nomination,
                round=round,
                form=data["form"],
                unit_place=data["unit"].place,
                unit_organisation=data["unit"].organisation,
                nominee=_nominee(data),
                achievements=data["achievements"],
                initiatives=list(data["initiatives"]),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Nomination saved."))
            return redirect("honours:nomination", pk=saved.pk)
    context = {"form": form, "round": round, "nomination": nomination}
    return render(request, "honours/nomination_form.html", context)


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from tocds.certificates.services import certificates_of

    user = request.user
    nomination = queries.get_nomination_for_user(user, pk)
    moves = [
        (action, move)
        for action, move in services.TRANSITIONS.moves_from(nomination.status)
        if services.may_take(user, nomination, action)
    ]
    own = services.may_take(user, nomination, "submit")
    context = {
        "nomination": nomination,
        "record": record_for(nomination),
        "moves": [(a, m) for a, m in moves if a not in ("approve", "reject")],
        "can_decide": any(a in ("approve", "reject") for a, _m in moves),
        "can_edit": own and nomination.status in (Status.DRAFT, Status.RETURNED),
        "can_delete": own and nomination.status == Status.DRAFT and nomination.submitted_at is None,
        "appraisal_due": services.appraisal_due(nomination),
        "events": nomination.events.select_related("actor"),
        "certificate": certificates_of(nomination).first(),
        "decision_form": DecisionForm(),
        "history": history_rows(nomination.history.all()),
    }
    return render(request, "honours/nomination_detail.html", context)


@login_required
@require_POST
def nomination_move(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = queries.get_nomination_for_user(request.user, pk)
    try:
        services.move(
            actor=request.user,
            nomination=nomination,
            action=request.POST.get("action", ""),
            comment=request.POST.get("comment", "")[:2000],
            decision_number=request.POST.get("decision_number", "")[:40],
            decision_date=_parse_date(request.POST.get("decision_date", "")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Nomination moved on."))
    return redirect("honours:nomination", pk=nomination.pk)


@login_required
@require_POST
def nomination_delete(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = queries.get_nomination_for_user(request.user, pk, Perm.PROPOSE_HONOURS)
    round_pk = nomination.round_id
    try:
        services.delete_draft(actor=request.user, nomination=nomination)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("honours:nomination", pk=nomination.pk)
    messages.success(request, _("Draft deleted."))
    return redirect("honours:round", pk=round_pk)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The Chairman's office records one decision over the proposed nominations of a round:
    each honoured, or not with the reason."""
    user = request.user
    round = queries.get_round_for_user(user, pk, Perm.DECIDE_HONOURS)
    proposed = list(
        queries.nominations(user, Perm.DECIDE_HONOURS).filter(round=round, status=Status.PROPOSED)
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approved = [n for n in proposed if request.POST.get(f"outcome_{n.pk}") == "approve"]
        rejected = {
            n.pk: request.POST.get(f"reason_{n.pk}", "")[:2000]
            for n in proposed
            if request.POST.get(f"outcome_{n.pk}") == "reject"
        }
        try:
            if not approved and not rejected:
                raise ValidationError(_("Choose the outcome of at least one nomination."))
            count = services.record_decision(
                actor=user,
                round=round,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                approved=approved,
                rejected=rejected,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, _("Decision recorded for %(count)s nominations.") % {"count": count}
            )
            return redirect("honours:round", pk=round.pk)
    return render(
        request, "honours/decide.html", {"round": round, "proposed": proposed, "form": form}
    )


# Figures -------------------------------------------------------------------------------------


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_HONOURS)
    return render(request, "honours/figures.html", {"figures": queries.figures(request.user)})


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    from tocds.honours.exports import figures_workbook

    require_perm_anywhere(request.user, Perm.VIEW_HONOURS)
    return figures_workbook(request.user)


# Word documents ------------------------------------------------------------------------------


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The achievement report of one nominee, prefilled with the figures tocds holds."""
    nomination = queries.get_nomination_for_user(request.user, pk)
    with translation.override("vi"):  # an administrative document is in Vietnamese
        content = documents.achievement_report_docx(nomination, record_for(nomination))
    return _docx(content, f"bao-cao-thanh-tich-{nomination.pk}.docx")


@login_required
def submission_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposing unit's submission with the list of its nominations in the round (the unit
    chosen by `?unit=`, else the user's first)."""
    user = request.user
    require_perm_anywhere(user, Perm.PROPOSE_HONOURS)
    round = queries.get_round_for_user(user, pk)
    units = {unit.key: unit for unit in queries.units_for(user)}
    unit = units.get(request.GET.get("unit", "")) or next(iter(units.values()), None)
    if unit is None:
        raise Http404
    listed = (
        queries.nominations(user, Perm.PROPOSE_HONOURS)
        .filter(round=round, unit_place=unit.place, unit_organisation=unit.organisation)
        .exclude(status=Status.NOT_SELECTED)
    )
    content = documents.unit_submission_docx(round, unit.name, unit.place, list(listed))
    return _docx(content, f"to-trinh-{round.pk}-{unit.place.code}.docx")


@login_required
def selection_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The Department's submission of what it selected in the round."""
    round = queries.get_round_for_user(request.user, pk, Perm.SELECT_HONOURS)
    listed = queries.nominations(request.user, Perm.SELECT_HONOURS).filter(
        round=round, status__in=HOLDS_QUOTA
    )
    content = documents.department_submission_docx(round, list(listed))
    return _docx(content, f"to-trinh-so-khcn-{round.pk}.docx")


@login_required
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The Chairman's (draft) decision with its annex lists: drafted by Home Affairs from what
    it proposed, and read by the Chairman's office."""
    user = request.user
    round = queries.get_round_for_user(user, pk)
    if not (
        may_act_at(user, Perm.APPRAISE_HONOURS, place=round.province)
        or may_act_at(user, Perm.DECIDE_HONOURS, place=round.province)
    ):
        raise Http404
    listed = queries.nominations(user).filter(
        round=round, status__in=[Status.PROPOSED, Status.APPROVED]
    )
    content = documents.decision_docx(round, list(listed))
    return _docx(content, f"quyet-dinh-khen-thuong-{round.pk}.docx")
