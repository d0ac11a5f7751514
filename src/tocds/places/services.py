"""Writes to the place tree: official lists, historic lineage, hamlet imports."""

import json
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from tocds.core.history import stamp
from tocds.core.imports import check_length, open_rows
from tocds.core.text import clean_name, fold
from tocds.core.xlsx import Column, ImportResult, RowError
from tocds.people.scoping import Perm, require_perm_at
from tocds.places import tree
from tocds.places.models import HAMLET_KINDS, Kind, Level, Place, Succession
from tocds.places.queries import places_in_scope

REFORM_DATE = date(2025, 7, 1)  # two-level local government (Resolution 202/2025/QH15)

_DIVISION_KINDS = {
    "tỉnh": Kind.TINH,
    "thành phố trung ương": Kind.THANH_PHO_TW,
    "xã": Kind.XA,
    "phường": Kind.PHUONG,
    "đặc khu": Kind.DAC_KHU,
}


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions: int = 0

    def __str__(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}" + (
            f", successor links {self.successions}" if self.successions else ""
        )


def _sync(
    existing: dict[str, Place], rows: list[tuple[str, dict[str, Any]]], summary: LoadSummary
) -> dict[str, Place]:
    """Create or update places by code (one bulk insert for the new ones, with history).

    `existing` maps codes to the places already stored in the same period; returns the places
    of `rows` by code. Communes get their `commune` self-link.
    """
    result: dict[str, Place] = {}
    new: list[Place] = []
    for code, values in rows:
        values = {**values, "name": clean_name(values["name"])}
        place = existing.get(code)
        if place is None:
            place = Place(code=code, search_name=fold(values["name"]), **values)
            new.append(place)
        else:
            changed = [key for key, value in values.items() if getattr(place, key) != value]
            if changed:
                for key in changed:
                    setattr(place, key, values[key])
                place.save()
                summary.updated += 1
            else:
                summary.unchanged += 1
        result[code] = place
    if new:
        bulk_create_with_history(new, Place, batch_size=500)
        created = Place.objects.filter(path__in=[p.path for p in new])
        by_path = {p.path: p for p in created}
        for code, place in result.items():
            if place.pk is None:
                result[code] = existing[code] = by_path[place.path]
        created.filter(level=Level.COMMUNE).update(commune_id=F("id"))
        summary.created += len(new)
    return result


@transaction.atomic
def load_current_places(*, province_codes: list[str] | None = None) -> LoadSummary:
    """Load (or update) today's provinces and communes from the `vietnam-provinces` package.

    Keyed by official code; re-running updates names and kinds and never duplicates.
    """
    import vietnam_provinces
    from vietnam_provinces import Province, Ward

    source = f"vietnam-provinces {vietnam_provinces.__version__}"
    corrections = json.loads(
        (files("tocds.places") / "data" / "name_corrections.json").read_text(encoding="utf-8")
    )["names"]
    summary = LoadSummary()
    wanted = {c.zfill(2) for c in province_codes} if province_codes else None
    existing = {
        p.code: p for p in Place.objects.current().filter(level__in=[Level.PROVINCE, Level.COMMUNE])
    }
    province_rows = [
        (
            f"{int(province.code):02d}",
            {
                "name": province.name,
                "level": Level.PROVINCE,
                "kind": _DIVISION_KINDS[province.division_type.value],
                "parent_id": None,
                "path": f"/{int(province.code):02d}/",
                "valid_from": REFORM_DATE,
                "source": source,
            },
        )
        for province in sorted(Province.iter_all(), key=lambda p: int(p.code))
        if wanted is None or f"{int(province.code):02d}" in wanted
    ]
    provinces = _sync(existing, province_rows, summary)
    commune_rows = []
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        parent = provinces.get(f"{int(ward.province_code):02d}")
        if parent is None:
            continue
        code = f"{int(ward.code):05d}"
        commune_rows.append(
            (
                code,
                {
                    "name": corrections.get(code, ward.name),
                    "level": Level.COMMUNE,
                    "kind": _DIVISION_KINDS[ward.division_type.value],
                    "parent_id": parent.pk,
                    "path": f"{parent.path}{code}/",
                    "valid_from": REFORM_DATE,
                    "source": source,
                },
            )
        )
    _sync(existing, commune_rows, summary)
    return summary


def historic_data(province_code: str) -> dict[str, Any] | None:
    resource = files("tocds.places") / "data" / "historic" / f"{province_code}.json"
    if not resource.is_file():
        return None
    return json.loads(resource.read_text(encoding="utf-8"))


_HISTORIC_KINDS = {
    "thành phố": Kind.THANH_PHO,
    "huyện": Kind.HUYEN,
    "thị xã": Kind.THI_XA,
    "phường": Kind.PHUONG,
    "thị trấn": Kind.THI_TRAN,
    "xã": Kind.XA,
}


@transaction.atomic
def load_historic_places(*, province_code: str) -> LoadSummary:
    """Load the pre-2025 districts and communes of a province, linked to their successors.

    Historic units hang under today's province (so a province-wide scope covers them) with a
    `valid_to` date; each old commune links to the current commune(s) it merged into.
    """
    data = historic_data(province_code)
    if data is None:
        raise LookupError(province_code)
    province = Place.objects.current().get(code=data["province_code"], level=Level.PROVINCE)
    valid_to = date.fromisoformat(data["valid_to"])
    effective_on = date.fromisoformat(data["successors_valid_from"])
    legal_basis = data["provenance"]["legal_basis"]
    source = data["provenance"]["lineage"]
    current = {
        p.code: p for p in Place.objects.current().filter(level=Level.COMMUNE, parent=province)
    }
    existing = {p.code: p for p in Place.objects.filter(tree.within(province), valid_to=valid_to)}
    summary = LoadSummary()
    districts = _sync(
        existing,
        [
            (
                d["code"],
                {
                    "name": d["name"],
                    "level": Level.DISTRICT,
                    "kind": _HISTORIC_KINDS[d["kind"]],
                    "parent_id": province.pk,
                    "path": f"{province.path}{d['code']}/",
                    "valid_to": valid_to,
                    "source": source,
                },
            )
            for d in data["districts"]
        ],
        summary,
    )
    communes = _sync(
        existing,
        [
            (
                c["code"],
                {
                    "name": c["name"],
                    "level": Level.COMMUNE,
                    "kind": _HISTORIC_KINDS[c["kind"]],
                    "parent_id": districts[d["code"]].pk,
                    "path": f"{districts[d['code']].path}{c['code']}/",
                    "valid_to": valid_to,
                    "source": source,
                },
            )
            for d in data["districts"]
            for c in d["communes"]
        ],
        summary,
    )
    links = set(
        Succession.objects.filter(predecessor__in=communes.values()).values_list(
            "predecessor_id", "successor_id"
        )
    )
    new_links = [
        Succession(
            predecessor=communes[c["code"]],
            successor=current[successor_code],
            legal_basis=legal_basis,
            effective_on=effective_on,
        )
        for d in data["districts"]
        for c in d["communes"]
        for successor_code in c["successors"]
        if (communes[c["code"]].pk, current[successor_code].pk) not in links
    ]
    Succession.objects.bulk_create(new_links)
    summary.successions = len(new_links)
    return summary


# Hamlets ----------------------------------------------------------------------------------


def _require_hamlet(actor, hamlet: Place) -> None:
    if hamlet.level != Level.HAMLET or not hamlet.is_current:
        raise ValidationError(_("Only a current hamlet can be changed here."))
    require_perm_at(actor, Perm.MANAGE_PLACES, place=hamlet)


def _check_hamlet_name(commune: Place, name: str, *, exclude: Place | None = None) -> str:
    name = clean_name(name)
    if not name:
        raise ValidationError({"name": _("Enter the hamlet's name.")})
    clash = Place.objects.current().filter(
        parent=commune, level=Level.HAMLET, search_name=fold(name)
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError({"name": _("Another hamlet of this commune has this name.")})
    return name


@transaction.atomic
def add_hamlet(*, actor, commune: Place, name: str, kind: str, valid_from: date | None = None):
    """One new hamlet (e.g. founded by a provincial decision), without an Excel file."""
    if commune.level != Level.COMMUNE or not commune.is_current:
        raise ValidationError(_("Hamlets belong to a current commune."))
    require_perm_at(actor, Perm.MANAGE_PLACES, place=commune)
    name = _check_hamlet_name(commune, name)
    hamlet = create_hamlet(commune=commune, name=name, kind=kind, source=_("entered by hand"))
    if valid_from is not None:
        hamlet.valid_from = valid_from
        hamlet.save(update_fields=["valid_from"])
    return hamlet


@transaction.atomic
def update_hamlet(*, actor, hamlet: Place, name: str, kind: str) -> Place:
    """Rename a hamlet or change its kind (the unit stays the same; history keeps the old name)."""
    _require_hamlet(actor, hamlet)
    name = _check_hamlet_name(hamlet.parent, name, exclude=hamlet)
    hamlet.name = name
    hamlet.kind = kind
    stamp(hamlet, actor=actor, reason="edited")
    hamlet.save()
    return hamlet


@transaction.atomic
def close_hamlet(
    *,
    actor,
    hamlet: Place,
    closed_on: date,
    successor: Place | None = None,
    legal_basis: str = "",
) -> Place:
    """End a hamlet's validity (merged, renamed into another, dissolved).

    With a successor, a successor link is recorded and the hamlet's active team moves to the
    successor (which must not have one). Without a successor, the hamlet must have no active team.
    """
    from tocds.teams.models import Team  # teams build on places, not the other way round

    _require_hamlet(actor, hamlet)
    if successor is not None:
        if successor.pk == hamlet.pk or successor.level != Level.HAMLET:
            raise ValidationError({"successor": _("Choose another hamlet.")})
        if not successor.is_current or successor.parent_id != hamlet.parent_id:
            raise ValidationError({"successor": _("Choose a current hamlet of the same commune.")})
    if hamlet.valid_from and closed_on < hamlet.valid_from:
        raise ValidationError({"closed_on": _("The date is before the hamlet existed.")})
    team = Team.objects.active().filter(place=hamlet).first()
    if team is not None:
        if successor is None:
            raise ValidationError(
                _("The hamlet has an active team: choose a successor hamlet, or dissolve the team.")
            )
        if Team.objects.active().filter(place=successor).exists():
            raise ValidationError(
                {"successor": _("The successor hamlet already has an active team.")}
            )
        team.place = successor
        stamp(team, actor=actor, reason="hamlet merged")
        team.save(update_fields=["place"])
    hamlet.valid_to = closed_on
    stamp(hamlet, actor=actor, reason="closed")
    hamlet.save(update_fields=["valid_to"])
    if successor is not None:
        Succession.objects.create(
            predecessor=hamlet,
            successor=successor,
            legal_basis=legal_basis[:200],
            effective_on=closed_on,
        )
    return hamlet


# Hamlet import -------------------------------------------------------------------------------

HAMLET_COLUMNS = (
    Column("commune_code", gettext_lazy("Commune code"), width=12, required=True),
    Column("name", gettext_lazy("Hamlet name"), width=36, required=True),
    Column(
        "kind",
        gettext_lazy("Hamlet kind"),
        width=16,
        required=True,
        choices=[k.label for k in HAMLET_KINDS],
    ),
)
_HAMLET_KIND_BY_LABEL = {fold(k.label): k for k in HAMLET_KINDS}


def _next_hamlet_number(commune: Place) -> int:
    prefix = f"{commune.code}-"
    numbers = [
        int(code[len(prefix) :])
        for code in Place.objects.filter(parent=commune, code__startswith=prefix).values_list(
            "code", flat=True
        )
        if code[len(prefix) :].isdigit()
    ]
    return max(numbers, default=0) + 1


def create_hamlet(
    *, commune: Place, name: str, kind: str, is_sample: bool = False, source: str = ""
) -> Place:
    """Create a hamlet with the commune's next code; callers check rights and names."""
    number = _next_hamlet_number(commune)
    code = f"{commune.code}-{number:03d}"
    return Place.objects.create(
        code=code,
        name=name,
        level=Level.HAMLET,
        kind=kind,
        parent=commune,
        commune=commune,
        path=f"{commune.path}{code}/",
        is_sample=is_sample,
        source=source,
    )


def import_hamlets(*, actor, upload) -> ImportResult:
    """Import hamlets from Excel: every row valid → all created; any row bad → nothing."""
    rows, result = open_rows(upload, HAMLET_COLUMNS)
    if not result.ok:
        return result
    codes = {row.text("commune_code").zfill(5) for row in rows if row.text("commune_code")}
    communes = {
        p.code: p
        for p in places_in_scope(actor, Perm.MANAGE_PLACES).filter(
            level=Level.COMMUNE, code__in=codes
        )
    }
    taken = {
        (commune_id, search_name)
        for commune_id, search_name in Place.objects.current()
        .filter(level=Level.HAMLET, parent__in=communes.values())
        .values_list("parent_id", "search_name")
    }
    seen: dict[tuple[int, str], int] = {}
    valid: list[tuple[Place, str, str]] = []
    for row in rows:
        code = row.text("commune_code")
        name = clean_name(row.text("name"))
        commune = communes.get(code.zfill(5)) if code else None
        kind = _HAMLET_KIND_BY_LABEL.get(fold(row.text("kind")))
        row_errors = []
        if commune is None:
            row_errors.append(
                _("unknown commune code “%s” (or not in your area)") % code
                if code
                else _("commune code is empty")
            )
        if not name:
            row_errors.append(_("hamlet name is empty"))
        elif too_long := check_length(name, Place._meta.get_field("name")):
            row_errors.append(too_long)
        if kind is None:
            row_errors.append(
                _("unknown kind “%(kind)s” (use one of: %(choices)s)")
                % {
                    "kind": row.text("kind"),
                    "choices": ", ".join(k.label for k in HAMLET_KINDS),
                }
            )
        if commune is not None and name:
            key = (commune.pk, fold(name))
            if key in taken:
                row_errors.append(
                    _("“%(name)s” already exists in %(commune)s")
                    % {"name": name, "commune": commune.name}
                )
            elif key in seen:
                row_errors.append(
                    _("“%(name)s” is repeated (row %(row)d)") % {"name": name, "row": seen[key]}
                )
            else:
                seen[key] = row.number
        if row_errors:
            result.errors.extend(RowError(row.number, e) for e in row_errors)
        else:
            valid.append((commune, name, kind))
    if result.errors:
        return result
    source = _("Excel import by %(user)s") % {"user": actor.get_username()}
    with transaction.atomic():
        for commune, name, kind in valid:
            create_hamlet(commune=commune, name=name, kind=kind, source=source[:200])
            result.created += 1
    return result
