"""Sign-in and user administration (province administrators)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.models import record
from tocds.people import queries, services
from tocds.people.forms import (
    GrantForm,
    LinkPersonForm,
    LoginForm,
    OrganisationForm,
    UserCreateForm,
)
from tocds.people.models import OrganisationKind, RoleGrant
from tocds.people.phones import national
from tocds.people.scoping import Perm, require_perm_anywhere


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the old one first, the new one checked by Django's
    validators (length, likeness to the account, the common-passwords list, not all digits).
    The session stays signed in; the change is recorded (never the password)."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(actor=self.request.user, action="password changed")
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


def _require_admin(request: HttpRequest) -> None:
    require_perm_anywhere(request.user, Perm.MANAGE_USERS)


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    users = queries.users_visible_to(request.user).prefetch_related("grants__place")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    page = Paginator(users.order_by("username"), 50).get_page(request.GET.get("page"))
    return render(request, "people/user_list.html", {"page": page, "q": q})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Account created. Now give it a role."))
            return redirect("people:user_detail", pk=user.pk)
    return render(request, "people/user_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = queries.get_user_for_admin(request.user, pk)
    grant_form = GrantForm(request.POST or None, actor=request.user)
    if request.method == "POST" and grant_form.is_valid():
        try:
            services.grant_role(actor=request.user, user=user, **grant_form.cleaned_data)
        except ValidationError as error:
            add_validation_error(grant_form, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect("people:user_detail", pk=user.pk)
    person = getattr(user, "person", None)
    link_form = LinkPersonForm(actor=request.user, user=user, initial={"person": person})
    grants = user.grants.select_related("place", "organisation", "granted_by").order_by(
        "revoked_at", "-created_at"
    )
    history = history_rows(RoleGrant.history.filter(user_id=user.pk))
    context = {
        "subject": user,
        "grants": grants,
        "grant_form": grant_form,
        "link_form": link_form,
        "history": history,
    }
    return render(request, "people/user_detail.html", context)


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    grant = queries.get_grant_for_admin(request.user, pk)
    try:
        services.revoke_grant(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Role revoked."))
    return redirect("people:user_detail", pk=grant.user_id)


@login_required
@require_POST
def user_link(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = queries.get_user_for_admin(request.user, pk)
    form = LinkPersonForm(request.POST, actor=request.user, user=user)
    if form.is_valid():
        try:
            services.link_person(actor=request.user, user=user, person=form.cleaned_data["person"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Team membership link saved."))
    else:
        messages.error(request, _("Choose a member from the list."))
    return redirect("people:user_detail", pk=user.pk)


@login_required
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    user = queries.get_user_for_admin(request.user, pk)
    if user.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        services.set_active(actor=request.user, user=user, active=not user.is_active)
        messages.success(request, _("Account updated."))
    return redirect("people:user_detail", pk=user.pk)


def _require_organisations(request: HttpRequest) -> None:
    require_perm_anywhere(request.user, Perm.MANAGE_ORGANISATIONS)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    _require_organisations(request)
    organisations = queries.organisations_visible_to(request.user).order_by("kind", "search_name")
    kind = request.GET.get("kind", "")
    if kind:
        organisations = organisations.filter(kind=kind)
    context = {"organisations": organisations, "kinds": OrganisationKind.choices, "kind": kind}
    return render(request, "people/organisation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_organisations(request)
    organisation = queries.get_organisation_for_user(request.user, pk) if pk else None
    initial = (
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "place": organisation.place,
            "public_phone": national(organisation.public_phone),
        }
        if organisation
        else {}
    )
    form = OrganisationForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organisation(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("people:organisation_list")
    context = {"form": form, "organisation": organisation}
    return render(request, "people/organisation_form.html", context)
