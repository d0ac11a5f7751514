"""Team registry pages. Thin: fetch through the scoped helpers, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tocds.core.forms import add_validation_error, handle_import
from tocds.core.history import history_rows
from tocds.core.models import record
from tocds.core.xlsx import workbook_response
from tocds.people.phones import national
from tocds.people.scoping import (
    Perm,
    PhoneDisplay,
    has_perm_anywhere,
    may_act_at,
    require_perm_anywhere,
)
from tocds.teams import exchange, queries, services
from tocds.teams.forms import (
    EndMembershipForm,
    MemberForm,
    MoveMemberForm,
    TeamFilterForm,
    TeamForm,
)
from tocds.teams.models import Affiliation, Membership

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[TeamFilterForm, dict]:
    form = TeamFilterForm(request.GET or None, user=request.user)
    filters: dict = {}
    if form.is_valid():
        filters = {
            "place": form.cleaned_data["place"],
            "q": form.cleaned_data["q"],
            "status": form.cleaned_data["status"],
        }
    return form, filters


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.VIEW_TEAMS)
    form, filters = _filters(request)
    page = Paginator(queries.team_list(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "can_create": has_perm_anywhere(request.user, Perm.MANAGE_TEAMS),
        "can_import": has_perm_anywhere(request.user, Perm.MANAGE_MEMBERS),
        "can_export": has_perm_anywhere(request.user, Perm.EXPORT_MEMBERS),
        "querystring": request.GET.urlencode(),
    }
    template = "teams/_team_rows.html" if request.htmx else "teams/team_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_TEAMS)
    form = TeamForm(
        request.POST or None, user=request.user, initial={"place": request.GET.get("place")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(
                actor=request.user,
                place=form.cleaned_data["place"],
                name=form.cleaned_data["name"],
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Team created."))
            return redirect("teams:detail", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form})


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The honours decided for the team and its members (lazy: honours builds on teams).
    from tocds.honours.queries import honours_of_team

    team = queries.get_team_for_user(request.user, pk)
    show_past = request.GET.get("past") == "1"
    members = list(queries.members_of(team, include_past=show_past))
    phones = PhoneDisplay.for_user(request.user)
    for membership in members:
        membership.phone_display = phones.show(membership.person.phone, team=team)
    context = {
        "team": team,
        "members": members,
        "show_past": show_past,
        "can_edit_team": may_act_at(request.user, Perm.MANAGE_TEAMS, team=team),
        "can_manage_members": may_act_at(request.user, Perm.MANAGE_MEMBERS, team=team),
        "history": history_rows(team.history.all(), Membership.history.filter(team_id=team.pk)),
        "ancestors": team.place.ancestors(),
        "honours": honours_of_team(team),
    }
    return render(request, "teams/team_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = queries.get_team_for_user(request.user, pk, Perm.MANAGE_TEAMS)
    form = TeamForm(request.POST or None, team=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_team(
                actor=request.user,
                team=team,
                name=form.cleaned_data["name"],
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Team saved."))
            return redirect("teams:detail", pk=team.pk)
    return render(request, "teams/team_form.html", {"form": form, "team": team})


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = queries.get_team_for_user(request.user, pk, Perm.MANAGE_MEMBERS)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(
                actor=request.user,
                team=team,
                details=form.details(),
                joined_on=form.cleaned_data["joined_on"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("teams:detail", pk=team.pk)
    return render(request, "teams/member_form.html", {"form": form, "team": team})


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = queries.get_membership_for_user(request.user, pk)
    person = membership.person
    initial = {
        "full_name": person.full_name,
        "phone": national(person.phone),
        "gender": person.gender,
        "birth_year": person.birth_year,
        "role": membership.role,
        "affiliations": list(membership.affiliations.values_list("kind", flat=True)),
        "enterprise": membership.enterprise,
        "affiliation_note": membership.affiliation_note,
        "joined_on": membership.joined_on,
        "public_contact": membership.public_contact,
    }
    form = MemberForm(request.POST or None, initial=initial)
    form.fields["joined_on"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_membership(
                actor=request.user, membership=membership, details=form.details()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Member saved."))
            return redirect("teams:detail", pk=membership.team_id)
    history = history_rows(
        membership.history.all(),
        person.history.all(),
        Affiliation.history.filter(membership_id=membership.pk),
    )
    context = {
        "form": form,
        "team": membership.team,
        "membership": membership,
        "history": history,
        "can_move": may_act_at(request.user, Perm.MANAGE_TEAMS, team=membership.team),
    }
    return render(request, "teams/member_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = queries.get_membership_for_user(request.user, pk)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                actor=request.user,
                membership=membership,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Membership ended."))
            return redirect("teams:detail", pk=membership.team_id)
    return render(request, "teams/membership_end.html", {"form": form, "membership": membership})


@login_required
@require_http_methods(["GET", "POST"])
def membership_move(request: HttpRequest, pk: int) -> HttpResponse:
    membership = queries.get_membership_for_user(request.user, pk, Perm.MANAGE_TEAMS)
    form = MoveMemberForm(request.POST or None, user=request.user, current=membership.team)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.move_member(
                actor=request.user,
                membership=membership,
                to_team=form.cleaned_data["to_team"],
                on_date=form.cleaned_data["on_date"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Member moved."))
            return redirect("teams:detail", pk=new.team_id)
    return render(request, "teams/membership_move.html", {"form": form, "membership": membership})


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_MEMBERS)
    form, result = handle_import(request, exchange.import_members, action="members.import")
    if result is not None and result.ok:
        messages.success(request, _("%(n)d members imported.") % {"n": result.created})
        return redirect("teams:list")
    return render(request, "teams/member_import.html", {"form": form, "result": result})


@login_required
def member_import_template(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_MEMBERS)
    return workbook_response(exchange.import_template(request.user), "mau-nhap-thanh-vien.xlsx")


@login_required
def member_export(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.EXPORT_MEMBERS)
    _form, filters = _filters(request)
    rows = queries.member_rows(request.user, **filters)
    workbook = exchange.export_members(request.user, rows)
    record(
        actor=request.user,
        action="members.export",
        # Which filters were used, never their values (a search may hold a name or a phone).
        detail=",".join(sorted(k for k, v in request.GET.items() if v))[:255],
        rows=len(rows),
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return workbook_response(workbook, f"thanh-vien-to-cds-{stamp}.xlsx")
