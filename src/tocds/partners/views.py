"""Pages of partners (`/partners/`): an enterprise's page (its focal staff, its offers, the
code check, the uptake), the province's teams by enterprise, and the team members' offers
with their codes.

An enterprise's officer sees only the enterprises named on their grants (another's offers,
staff and codes answer 404); a member sees the offers of their places and their own codes."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tocds.core.forms import add_validation_error
from tocds.core.history import history_rows
from tocds.partners import eligibility, exports, queries, services
from tocds.partners.forms import CodeForm, OfferForm
from tocds.partners.models import Offer
from tocds.people.scoping import Perm, has_perm_anywhere, organisations_for


def _require_offers_reader(user) -> None:
    """404 unless the user runs an enterprise's offers or reads the province's."""
    if not (
        has_perm_anywhere(user, Perm.MANAGE_OFFERS) or has_perm_anywhere(user, Perm.VIEW_OFFERS)
    ):
        raise Http404


def _require_enterprise_officer(user, perm: Perm = Perm.MANAGE_OFFERS) -> None:
    if not organisations_for(user, perm):
        raise Http404


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The enterprise's page (where its officer lands) and the province's entry to partners."""
    user = request.user
    enterprises = {
        e.pk: e
        for perm in (Perm.MANAGE_OFFERS, Perm.VIEW_PARTNER_STAFF)
        for e in queries.enterprises_of(user, perm)
    }
    reads_offers = has_perm_anywhere(user, Perm.VIEW_OFFERS)
    reads_teams = bool(queries.provinces_reading_teams(user))
    if not enterprises and not reads_offers and not reads_teams:
        raise Http404
    staff = {sheet.enterprise.pk: sheet for sheet in queries.focal_staff(user)}
    own_offers = list(queries.offers(user, Perm.MANAGE_OFFERS))
    cards = [
        {
            "enterprise": enterprise,
            "staff": staff.get(pk),
            "offers": [o for o in own_offers if o.enterprise_id == pk],
            "can_manage": pk in organisations_for(user, Perm.MANAGE_OFFERS),
        }
        for pk, enterprise in sorted(enterprises.items(), key=lambda item: item[1].name)
    ]
    context = {
        "cards": cards,
        "reads_offers": reads_offers,
        "reads_teams": reads_teams,
        "code_form": CodeForm(),
    }
    return render(request, "partners/home.html", context)


# Focal staff (D7.1) ----------------------------------------------------------------------------


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    _require_enterprise_officer(request.user, Perm.VIEW_PARTNER_STAFF)
    return render(request, "partners/staff.html", {"sheets": queries.focal_staff(request.user)})


@login_required
def by_enterprise(request: HttpRequest) -> HttpResponse:
    if not queries.provinces_reading_teams(request.user):
        raise Http404
    figures = queries.staff_by_enterprise(request.user)
    return render(request, "partners/by_enterprise.html", {"figures": figures})


@login_required
def by_enterprise_export(request: HttpRequest) -> HttpResponse:
    if not queries.provinces_reading_teams(request.user):
        raise Http404
    return exports.staff_by_enterprise_workbook(request.user)


# Offers ----------------------------------------------------------------------------------------


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_offers_reader(user)
    listed = list(queries.offers(user))
    context = {
        "offers": listed,
        "can_create": bool(organisations_for(user, Perm.MANAGE_OFFERS)),
    }
    return render(request, "partners/offer_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    _require_enterprise_officer(user)
    offer = queries.get_offer_for_user(user, pk, Perm.MANAGE_OFFERS) if pk else None
    enterprises = queries.enterprises_of(user)
    initial = OfferForm.initial_for(offer) if offer else {}
    form = OfferForm(request.POST or None, initial=initial, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_offer(
                actor=user,
                offer=offer,
                enterprise=data["enterprise"],
                service=data["service"],
                description=data["description"],
                price=data["price"],
                price_value=data["price_value"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                communes=list(data["communes"]),
                quota=data["quota"],
                conditions=form.conditions(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Offer saved."))
            return redirect("partners:offer", pk=saved.pk)
    return render(request, "partners/offer_form.html", {"form": form, "offer": offer})


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    offer = queries.get_offer_for_user(user, pk)
    can_manage = offer.enterprise_id in organisations_for(user, Perm.MANAGE_OFFERS)
    now = timezone.now()
    redemptions = offer.redemptions.all()
    counts = {
        "claimed": redemptions.count(),
        "used": redemptions.filter(used_at__isnull=False).count(),
        "expired": redemptions.filter(used_at__isnull=True, expires_at__lte=now).count(),
    }
    counts["open"] = counts["claimed"] - counts["used"] - counts["expired"]
    context = {
        "offer": offer,
        "conditions": [eligibility.describe(c) for c in offer.conditions.all()],
        "places": eligibility.places_label(offer),
        "counts": counts,
        "held": queries.held_places(offer, now),
        "can_manage": can_manage,
        "moves": [
            (action, services.MOVE_LABELS[action])
            for action, _move in services.TRANSITIONS.moves_from(offer.status)
        ]
        if can_manage
        else [],
        "can_edit": can_manage and offer.status != "closed",
        "history": history_rows(offer.history.all()) if can_manage else [],
    }
    return render(request, "partners/offer_detail.html", context)


@login_required
@require_POST
def offer_move(request: HttpRequest, pk: int) -> HttpResponse:
    offer = queries.get_offer_for_user(request.user, pk, Perm.MANAGE_OFFERS)
    try:
        services.move_offer(actor=request.user, offer=offer, action=request.POST.get("action", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Offer status saved."))
    return redirect("partners:offer", pk=offer.pk)


# Members' offers and codes ---------------------------------------------------------------------


@login_required
def member_offers(request: HttpRequest) -> HttpResponse:
    """The offers running in the member's places: those they may claim, and why not for the
    others; their codes."""
    user = request.user
    if not has_perm_anywhere(user, Perm.CLAIM_OFFERS):
        raise Http404
    context = {
        "lines": queries.offers_for_member(user),
        "codes": list(queries.codes_of(user)),
        "now": timezone.now(),
    }
    return render(request, "partners/member_offers.html", context)


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if not has_perm_anywhere(user, Perm.CLAIM_OFFERS):
        raise Http404
    offer = Offer.objects.running().filter(pk=pk).first()
    if offer is None:
        raise Http404
    try:
        redemption = services.claim(actor=user, offer=offer)
    except PermissionDenied as error:  # not a member of the offer's places
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partners:offers")
    messages.success(request, _("Here is your code: show it to the enterprise."))
    return redirect("partners:code", code=redemption.code)


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(
        scale=6, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr"
    )


@login_required
def code(request: HttpRequest, code: str) -> HttpResponse:
    """A member's own code with its QR code (it opens the enterprise's check page)."""
    redemption = queries.get_redemption_of_holder(request.user, code)
    check_url = request.build_absolute_uri(f"{reverse('partners:check')}?code={redemption.code}")
    status = services.status_of(redemption)
    context = {
        "redemption": redemption,
        "status": status,
        "status_label": services.STATUS_LABELS[status],
        "qr": _qr_svg(check_url) if status == services.CodeStatus.OPEN else "",
    }
    return render(request, "partners/code.html", context)


# The enterprise checks and uses codes ----------------------------------------------------------


@login_required
def check(request: HttpRequest) -> HttpResponse:
    """Enter (or scan) a code: what the redemption needs — the offer, its validity and the
    holder's full name for an ID check — and the button to mark it used."""
    user = request.user
    _require_enterprise_officer(user)
    form = CodeForm(request.GET or None)
    context = {"form": form}
    if form.is_valid():
        try:
            redemption = queries.get_redemption_for_enterprise(user, form.cleaned_data["code"])
        except Http404:
            context["unknown"] = True
        else:
            status = services.status_of(redemption)
            context.update(
                redemption=redemption, status=status, status_label=services.STATUS_LABELS[status]
            )
    return render(request, "partners/check.html", context)


@login_required
@require_POST
def use(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    _require_enterprise_officer(user)
    redemption = queries.get_redemption_for_enterprise(user, code)
    try:
        services.use_code(actor=user, redemption=redemption)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The code is marked used."))
    return redirect(f"{reverse('partners:check')}?code={redemption.code}")


# Uptake ----------------------------------------------------------------------------------------


@login_required
def uptake(request: HttpRequest) -> HttpResponse:
    _require_offers_reader(request.user)
    return render(request, "partners/uptake.html", {"figures": queries.uptake(request.user)})


@login_required
def uptake_export(request: HttpRequest) -> HttpResponse:
    _require_offers_reader(request.user)
    return exports.uptake_workbook(request.user)
