"""Outlets, items and events for the tests, built through the services (items of the
newspaper by its editor, loudspeaker broadcasts by the communes' officers)."""

from datetime import date

from tocds.conftest import World
from tocds.learning.models import Language
from tocds.outreach import services
from tocds.outreach.models import Event, Item
from tocds.people.models import Organisation, OrganisationKind
from tocds.people.scoping import Perm, organisations_for

NEWSPAPER = "Báo mẫu"  # the `media` persona's outlet (tocds.conftest)


def newspaper(w: World) -> Organisation:
    """The `media` persona's outlet (the persona is made on first use)."""
    (outlet,) = organisations_for(w.media, Perm.LOG_OUTREACH)
    return Organisation.objects.get(pk=outlet, name=NEWSPAPER)


def loudspeaker(commune) -> Organisation:
    """A commune's loudspeaker system, registered as its committee."""
    name = f"Đài truyền thanh {commune.name}"
    found = Organisation.objects.filter(name=name).first()
    return found or Organisation.objects.create(
        name=name, kind=OrganisationKind.COMMUNE_COMMITTEE, place=commune
    )


def language(code: str = "vi") -> Language:
    return Language.objects.get(code=code)


def log_item(
    w: World,
    *,
    actor=None,
    outlet=None,
    place=None,
    title: str = "Tin mẫu",
    kind: str = "news",
    published_on: date = date(2026, 10, 5),
    lang: str = "vi",
    reach: int | None = None,
    reach_unit: str = "",
    **extra,
) -> Item:
    """An item; by default the newspaper's, logged by its editor, about the province."""
    if outlet is None:
        outlet = newspaper(w)
    actor = actor or w.media
    return services.save_item(
        actor=actor,
        item=None,
        details=services.ItemDetails(
            kind=kind,
            outlet=outlet,
            title=title,
            published_on=published_on,
            place=place or w.province,
            language=language(lang),
            reach=reach,
            reach_unit=reach_unit,
            **extra,
        ),
    )


def commune_item(w: World, commune_attr: str = "commune_a", **kwargs) -> Item:
    """A loudspeaker broadcast of commune A (or B), logged by its officer."""
    commune = getattr(w, commune_attr)
    officer = w.officer_a if commune_attr == "commune_a" else w.officer_b
    kwargs.setdefault("title", f"Phát thanh {commune.name}")
    kwargs.setdefault("kind", "loudspeaker")
    return log_item(w, actor=officer, outlet=loudspeaker(commune), place=commune, **kwargs)


def make_event(w: World, *, place=None, actor=None, name: str = "Ngày hội số", **extra) -> Event:
    place = place or w.province
    actor = actor or (w.province_admin if place == w.province else w.officer_a)
    details = {
        "name": name,
        "kind": "festival",
        "starts_on": date(2026, 10, 3),
        "ends_on": date(2026, 10, 3),
        "place": place,
        **extra,
    }
    return services.save_event(actor=actor, event=None, details=services.EventDetails(**details))
