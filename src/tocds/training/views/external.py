"""Participation in programmes held elsewhere: the list and the form to record one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tocds.core.forms import add_validation_error
from tocds.people.scoping import PhoneDisplay
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
    phones = PhoneDisplay.for_user(request.user)
    records = list(queries.external_records(request.user)[:300])
    for item in records:
        item.phone_display = phones.show(item.person.phone, place=item.place)
    context = {"form": form, "records": records}
    return render(request, "training/external_list.html", context, status=status)
