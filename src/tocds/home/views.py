from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tocds.home.desk import desk_for
from tocds.people.scoping import (
    Perm,
    has_perm_anywhere,
    organisations_for,
    roles_of,
    scope_for,
)


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the public page; signed-in users their home: a team's days with
    the field app, a commune officer's to-dos, the province's overview. Roles with no home of
    their own go to their work (teachers to their classes, readers to the places)."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/home.html")
    desk = desk_for(user)
    if not desk.is_empty:
        return render(request, "home/desk.html", {"desk": desk})
    if organisations_for(user, Perm.TEACH_CLASSES):
        return redirect("schools:class_list")
    if has_perm_anywhere(user, Perm.VIEW_SCHOOL_PROGRAMME):
        return redirect("schools:figures")
    if has_perm_anywhere(user, Perm.LOG_OUTREACH):
        return redirect("outreach:items")  # a media editor: their outlet's items
    if organisations_for(user, Perm.MANAGE_OFFERS) or organisations_for(
        user, Perm.VIEW_PARTNER_STAFF
    ):
        return redirect("partners:home")
    scope = scope_for(user, Perm.VIEW_TEAMS)
    if scope.paths:
        return redirect("places:list")
    if scope.team_ids:
        return redirect("teams:list")
    context = {
        "roles": sorted(roles_of(user)),
        "can_manage_users": has_perm_anywhere(user, Perm.MANAGE_USERS),
    }
    return render(request, "home/no_role.html", context)
