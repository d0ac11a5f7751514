"""Training figures of an area and period, and their export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tocds.core.models import record
from tocds.core.xlsx import workbook_response
from tocds.people.scoping import Perm, may_act_at
from tocds.places import tree
from tocds.training import exchange, figures, queries
from tocds.training.forms import FiguresForm
from tocds.training.models import Enrolment


def _figures_form(request: HttpRequest, perm: Perm) -> FiguresForm:
    areas = queries.areas_for(request.user, perm)
    if not areas:
        raise Http404
    return FiguresForm(request.GET or None, areas=areas)


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    form = _figures_form(request, Perm.VIEW_TRAINING)
    area, starts_on, ends_on = form.values()
    context = {
        "form": form,
        "area": area,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "total": figures.training_figures(area=area, starts_on=starts_on, ends_on=ends_on),
        "by_place": figures.figures_by_place(area=area, starts_on=starts_on, ends_on=ends_on),
        "can_export": may_act_at(request.user, Perm.MANAGE_TRAINING, place=area),
        "querystring": request.GET.urlencode(),
    }
    return render(request, "training/figures.html", context)


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    form = _figures_form(request, Perm.MANAGE_TRAINING)
    area, starts_on, ends_on = form.values()
    start, end = figures.period_bounds(starts_on, ends_on)
    rows = exchange.result_rows(
        Enrolment.objects.filter(
            tree.within(area, "session__course__place__path"),
            session__starts_at__gte=start,
            session__starts_at__lt=end,
        )
    )
    record(actor=request.user, action="training.export", detail=f"area {area.code}", rows=len(rows))
    name = f"tap-huan-{area.code}-{starts_on:%Y%m%d}-{ends_on:%Y%m%d}.xlsx"
    return workbook_response(exchange.export_results(request.user, rows), name)
