"""The service catalogue: everyone signed in reads it; province administrators change it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tocds.campaigns import services
from tocds.campaigns.forms import ServiceForm
from tocds.campaigns.models import Service
from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.core.skills import Skill
from tocds.people.scoping import Perm, has_perm_anywhere, require_perm_anywhere


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
