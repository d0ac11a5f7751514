from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tocds.people.scoping import (
    Perm,
    has_perm_anywhere,
    organisations_for,
    roles_of,
    scope_for,
)


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the public page; signed-in users go to their work."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/home.html")
    scope = scope_for(user, Perm.VIEW_TEAMS)
    if scope.paths:
        return redirect("places:list")
    if len(scope.team_ids) == 1:
        return redirect("teams:detail", pk=next(iter(scope.team_ids)))
    if scope.team_ids:
        return redirect("teams:list")
    if organisations_for(user, Perm.TEACH_CLASSES):
        return redirect("schools:class_list")
    if has_perm_anywhere(user, Perm.VIEW_SCHOOL_PROGRAMME):
        return redirect("schools:figures")
    context = {
        "roles": sorted(roles_of(user)),
        "can_manage_users": has_perm_anywhere(user, Perm.MANAGE_USERS),
    }
    return render(request, "home/no_role.html", context)
