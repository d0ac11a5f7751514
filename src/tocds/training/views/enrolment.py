"""Enrolment on a session's page: a person, a team, an import, oneself; cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error, handle_import
from tocds.core.xlsx import workbook_response
from tocds.people.scoping import Perm
from tocds.training import exchange, queries, services
from tocds.training.forms import PersonForm, TeamEnrolForm
from tocds.training.views.sessions import _session_context


@login_required
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk, Perm.MANAGE_TRAINING)
    form = PersonForm(request.POST, user=request.user, session=session)
    if form.is_valid():
        try:
            if form.cleaned_data["membership"]:
                services.enrol_membership(
                    actor=request.user, session=session, membership=form.cleaned_data["membership"]
                )
            else:
                services.enrol_new_person(
                    actor=request.user,
                    session=session,
                    full_name=form.cleaned_data["full_name"],
                    phone=form.cleaned_data["phone"],
                    audience=form.cleaned_data["audience"],
                )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Enrolled."))
            return redirect("training:session_detail", pk=session.pk)
    context = _session_context(request, session, person_form=form)
    return render(request, "training/session_detail.html", context, status=400)


@login_required
@require_POST
def enrol_team(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk, Perm.MANAGE_TRAINING)
    form = TeamEnrolForm(request.POST, user=request.user, session=session)
    if form.is_valid():
        try:
            count = services.enrol_team(
                actor=request.user, session=session, team=form.cleaned_data["team"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("%(n)d team members enrolled.") % {"n": count})
            return redirect("training:session_detail", pk=session.pk)
    context = _session_context(request, session, team_form=form)
    return render(request, "training/session_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def enrol_import(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk, Perm.MANAGE_TRAINING)

    def importer(*, actor, upload):
        return exchange.import_enrolments(actor=actor, session=session, upload=upload)

    form, result = handle_import(request, importer, action="training.enrolments.import")
    if result is not None and result.ok:
        messages.success(request, _("%(n)d people enrolled.") % {"n": result.created})
        return redirect("training:session_detail", pk=session.pk)
    context = {"form": form, "result": result, "session": session}
    return render(request, "training/enrol_import.html", context)


@login_required
def enrol_template(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk, Perm.MANAGE_TRAINING)
    return workbook_response(exchange.enrolment_template(session), "mau-dang-ky-tap-huan.xlsx")


@login_required
@require_POST
def enrol_self(request: HttpRequest, pk: int) -> HttpResponse:
    session = queries.get_session_for_user(request.user, pk)
    try:
        services.enrol_self(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are enrolled."))
    return redirect("training:session_detail", pk=session.pk)


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = queries.get_enrolment_for_user(request.user, pk)
    try:
        services.cancel_enrolment(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Enrolment cancelled."))
    return redirect("training:session_detail", pk=enrolment.session_id)
