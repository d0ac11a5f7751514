"""Participation in programmes held elsewhere: the list and the form to record one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tocds.core.forms import add_validation_error
from tocds.people.phones import mask, national
from tocds.people.scoping import Perm, scope_for
from tocds.training import queries, services
from tocds.training.forms import ExternalForm


@login_required
@require_http_methods(["GET", "POST"])
def external_list(request: HttpRequest) -> HttpResponse:
    places = queries.organising_places(request.user)
    if not places:
        raise Http404
    form = ExternalForm(request.POST or None, places=places)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_external(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Participation recorded."))
                return redirect("training:external_list")
        status = 400
    show_phones = scope_for(request.user, Perm.VIEW_PHONES)
    records = list(queries.external_records(request.user)[:300])
    for item in records:
        phone = item.person.phone
        item.phone_display = (
            national(phone) if show_phones.covers_path(item.place.path) else mask(phone)
        )
    context = {"form": form, "records": records}
    return render(request, "training/external_list.html", context, status=status)
