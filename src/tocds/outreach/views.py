"""Pages of outreach: the communication log (list with filters, form, detail with its file,
the public-news mark), the events with their activities and figures, and the log's figures
with the communes that logged nothing during a campaign, and their Excel file.

A media editor sees their outlet's items only; a commune officer their commune's; the
province everything (`Item.objects.visible_to`). Outside that: 404."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.learning.models import Language
from tocds.outreach import figures as outreach_figures
from tocds.outreach import queries, services
from tocds.outreach.forms import BoothForm, EventForm, ItemForm
from tocds.outreach.models import Booth, Event, Item, ItemKind
from tocds.people.scoping import Perm, has_perm_anywhere, may_act_at
from tocds.places.queries import communes_in_scope

PAGE_SIZE = 50


def _require_outreach(user) -> None:
    """404 unless the user logs or reads outreach somewhere."""
    if not (
        has_perm_anywhere(user, Perm.LOG_OUTREACH) or has_perm_anywhere(user, Perm.VIEW_OUTREACH)
    ):
        raise Http404


def _may_run_events(user) -> bool:
    return queries.event_places(user).exists()


# Items ---------------------------------------------------------------------------------------


def _filters(request: HttpRequest, user) -> tuple[dict, dict]:
    """The chosen filters and their choice lists (kind, outlet, commune, month, language)."""
    chosen = {
        key: request.GET.get(key, "")[:20]
        for key in ("kind", "outlet", "commune", "month", "language")
    }
    visible = Item.objects.visible_to(user)
    choices = {
        "kinds": ItemKind.choices,
        "outlets": list(
            visible.values_list("outlet_id", "outlet__name").distinct().order_by("outlet__name")
        ),
        "communes": communes_in_scope(user, Perm.VIEW_OUTREACH)
        or communes_in_scope(user, Perm.LOG_OUTREACH),
        "languages": Language.objects.all(),
    }
    return chosen, choices


def _filtered(items, chosen: dict):
    if chosen["kind"] in ItemKind.values:
        items = items.filter(kind=chosen["kind"])
    if chosen["outlet"].isdigit():
        items = items.filter(outlet_id=int(chosen["outlet"]))
    if chosen["commune"]:
        items = items.filter(place__code=chosen["commune"])
    if chosen["language"].isdigit():
        items = items.filter(language_id=int(chosen["language"]))
    bounds = queries.month_bounds(chosen["month"]) if chosen["month"] else None
    if bounds is not None:
        items = items.filter(published_on__gte=bounds[0], published_on__lte=bounds[1])
    return items


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_outreach(user)
    chosen, choices = _filters(request, user)
    listed = _filtered(queries.items(user), chosen)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        **choices,
        "can_log": has_perm_anywhere(user, Perm.LOG_OUTREACH),
        "query": urlencode({k: v for k, v in chosen.items() if v}),
    }
    return render(request, "outreach/item_list.html", context)


def _item_details(data) -> services.ItemDetails:
    return services.ItemDetails(
        kind=data["kind"],
        outlet=data["outlet"],
        title=data["title"],
        summary=data["summary"],
        published_on=data["published_on"],
        place=data["place"],
        places=tuple(data["places"]),
        language=data["language"],
        link=data["link"],
        reach=data["reach"],
        reach_unit=data["reach_unit"],
        campaign=data["campaign"],
        event=data["event"],
        initiative=data["initiative"],
        movement=data["movement"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    if not has_perm_anywhere(user, Perm.LOG_OUTREACH):
        raise Http404
    item = queries.get_item_for_user(user, pk, Perm.LOG_OUTREACH) if pk else None
    initial: dict = {"language": Language.objects.filter(code="vi").first()}
    if item is not None:
        initial = {
            field: getattr(item, field)
            for field in (
                "kind",
                "title",
                "summary",
                "published_on",
                "outlet",
                "place",
                "language",
                "link",
                "reach",
                "reach_unit",
                "campaign",
                "event",
                "initiative",
                "movement",
            )
        }
        initial["places"] = list(item.places.all())
    else:
        places = queries.log_places(user)
        outlets = queries.outlets_for(user)
        if len(places) == 1:
            initial["place"] = places[0]
        if len(outlets) == 1:
            initial["outlet"] = outlets[0]
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=user,
        has_file=bool(item and item.file),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_item(
                actor=user,
                item=item,
                details=_item_details(form.cleaned_data),
                upload=form.cleaned_data.get("file"),
                remove_file=form.cleaned_data.get("remove_file", False),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect("outreach:item", pk=saved.pk)
    return render(request, "outreach/item_form.html", {"form": form, "item": item})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = queries.get_item_for_user(user, pk)
    context = {
        "item": item,
        "places": item.places.select_related("parent").order_by("path"),
        "can_edit": services.may_edit(user, item),
        "can_publish": may_act_at(user, Perm.PUBLISH_NEWS, place=item.place),
        "history": history_rows(item.history.all()),
    }
    return render(request, "outreach/item_detail.html", context)


@login_required
def item_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's file, read through the storage, for those who see the item."""
    item = queries.get_item_for_user(request.user, pk)
    if not item.file:
        raise Http404
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.content_type == "application/pdf",
        filename=f"item-{item.pk}{extension.get(item.content_type, '')}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.get_item_for_user(request.user, pk, Perm.PUBLISH_NEWS)
    public = request.POST.get("public") == "1"
    services.set_public(actor=request.user, item=item, public=public)
    if public:
        messages.success(request, _("The item is now among the province's public news."))
    else:
        messages.success(request, _("The item is no longer public news."))
    return redirect("outreach:item", pk=item.pk)


# Events --------------------------------------------------------------------------------------


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_outreach(user)
    events = Event.objects.visible_to(user).select_related("place", "organiser")
    context = {"events": events[:200], "can_create": _may_run_events(user)}
    return render(request, "outreach/event_list.html", context)


def _event_details(data) -> services.EventDetails:
    return services.EventDetails(
        name=data["name"],
        kind=data["kind"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        place=data["place"],
        organiser=data["organiser"],
        description=data["description"],
        is_public=data["is_public"],
        sessions=tuple(data["sessions"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    if not _may_run_events(user):
        raise Http404
    event = queries.get_event_for_user(user, pk, manage=True) if pk else None
    initial: dict = {}
    if event is not None:
        initial = {
            field: getattr(event, field)
            for field in (
                "name",
                "kind",
                "starts_on",
                "ends_on",
                "place",
                "organiser",
                "description",
                "is_public",
            )
        }
        initial["sessions"] = list(event.sessions.all())
    form = EventForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_event(
                actor=user, event=event, details=_event_details(form.cleaned_data)
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Event saved."))
            return redirect("outreach:event", pk=saved.pk)
    return render(request, "outreach/event_form.html", {"form": form, "event": event})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = queries.get_event_for_user(user, pk)
    can_manage = Event.objects.managed_by(user).filter(pk=event.pk).exists()
    figures = outreach_figures.event_figures(event)
    context = {
        "event": event,
        "figures": figures,
        "reach_rows": outreach_figures.reach_rows(figures),
        "sessions": event.sessions.select_related("course").order_by("starts_at"),
        "booths": event.booths.select_related("organisation"),
        # The items linked, as far as the user may read them.
        "items": queries.items(user).filter(event=event),
        "can_manage": can_manage,
        "booth_form": BoothForm(event=event) if can_manage else None,
        "history": history_rows(event.history.all(), Booth.history.filter(event_id=event.pk)),
    }
    return render(request, "outreach/event_detail.html", context)


@login_required
@require_POST
def booth_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = queries.get_event_for_user(request.user, pk, manage=True)
    form = BoothForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.add_booth(actor=request.user, event=event, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Booth saved."))
    else:
        messages.error(request, _("Choose an enterprise."))
    return redirect("outreach:event", pk=event.pk)


@login_required
@require_POST
def booth_remove(request: HttpRequest, pk: int) -> HttpResponse:
    booth = queries.get_booth_for_user(request.user, pk)
    event_id = booth.event_id
    services.remove_booth(actor=request.user, booth=booth)
    messages.success(request, _("Booth removed."))
    return redirect("outreach:event", pk=event_id)


# Figures -------------------------------------------------------------------------------------


def _figures_context(request: HttpRequest) -> dict:
    user = request.user
    _require_outreach(user)
    chosen, choices = _filters(request, user)
    listed = _filtered(Item.objects.visible_to(user), chosen)
    campaigns = list(queries.campaigns_for(user))
    campaign_id = request.GET.get("campaign", "")
    campaign = next((c for c in campaigns if str(c.pk) == campaign_id), None)
    return {
        "listed": listed,
        "figures": outreach_figures.item_figures(listed),
        "units": outreach_figures.unit_labels(),
        "chosen": chosen,
        **choices,
        "campaigns": campaigns,
        "campaign": campaign,
        "silent": queries.silent_communes(user, campaign) if campaign else None,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
    }


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/figures.html", _figures_context(request))


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    from tocds.outreach.exports import figures_workbook

    context = _figures_context(request)
    return figures_workbook(
        context["listed"], context["figures"], context["campaign"], context["silent"]
    )
