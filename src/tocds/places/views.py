"""Place pages: public search, hamlet import, add, rename and close. The place list and a
place's page show team coverage: they live in `tocds.teams.coverage_views`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error, handle_import
from tocds.core.history import history_rows
from tocds.core.xlsx import build_workbook, workbook_response
from tocds.people.scoping import Perm, require_perm_anywhere
from tocds.places import queries, services
from tocds.places.forms import CloseHamletForm, HamletForm, NewHamletForm
from tocds.places.models import Level


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = list(queries.search_places(query)[: queries.SEARCH_LIMIT]) if query else []
    template = "places/_search_results.html" if request.htmx else "places/search.html"
    return render(request, template, {"query": query, "results": results})


@login_required
@require_http_methods(["GET", "POST"])
def hamlet_import(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_PLACES)
    form, result = handle_import(request, services.import_hamlets, action="hamlets.import")
    if result is not None and result.ok:
        messages.success(request, _("%(n)d hamlets imported.") % {"n": result.created})
        return redirect("places:list")
    return render(request, "places/hamlet_import.html", {"form": form, "result": result})


@login_required
def hamlet_template(request: HttpRequest) -> HttpResponse:
    require_perm_anywhere(request.user, Perm.MANAGE_PLACES)
    communes = queries.communes_in_scope(request.user, Perm.MANAGE_PLACES)
    workbook = build_workbook(
        _("Hamlets"),
        services.HAMLET_COLUMNS,
        extra_sheets=[
            (_("Communes"), [_("Code"), _("Name")], [(c.code, c.name) for c in communes])
        ],
    )
    return workbook_response(workbook, "mau-nhap-thon-to.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def hamlet_add(request: HttpRequest, code: str) -> HttpResponse:
    commune = queries.get_place_for_user(request.user, code, Perm.MANAGE_PLACES)
    if commune.level != Level.COMMUNE:
        raise Http404
    form = NewHamletForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_hamlet(actor=request.user, commune=commune, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Hamlet saved."))
            return redirect("places:detail", code=commune.code)
    return render(request, "places/hamlet_add.html", {"commune": commune, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def hamlet_edit(request: HttpRequest, code: str) -> HttpResponse:
    hamlet = queries.get_hamlet_for_user(request.user, code)
    form = HamletForm(request.POST or None, initial=_hamlet_initial(hamlet))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_hamlet(actor=request.user, hamlet=hamlet, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Hamlet saved."))
            return redirect("places:detail", code=hamlet.parent.code)
    return _hamlet_page(request, hamlet, form, CloseHamletForm(hamlet=hamlet))


@login_required
@require_POST
def hamlet_close(request: HttpRequest, code: str) -> HttpResponse:
    hamlet = queries.get_hamlet_for_user(request.user, code)
    form = CloseHamletForm(request.POST, hamlet=hamlet)
    if form.is_valid():
        try:
            services.close_hamlet(actor=request.user, hamlet=hamlet, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Hamlet closed."))
            return redirect("places:detail", code=hamlet.parent.code)
    return _hamlet_page(request, hamlet, HamletForm(initial=_hamlet_initial(hamlet)), form)


def _hamlet_initial(hamlet) -> dict:
    return {"name": hamlet.name, "kind": hamlet.kind}


def _hamlet_page(request: HttpRequest, hamlet, form, close_form) -> HttpResponse:
    context = {
        "hamlet": hamlet,
        "form": form,
        "close_form": close_form,
        "history": history_rows(hamlet.history.all()),
    }
    return render(request, "places/hamlet_edit.html", context)
