"""The status of a clause for a period and place, and the figures it is derived from.

The rule (docs/tracker.md):

1. The clause's indicators that have a target for the period and place decide, when there is
   at least one: every one at or above its target → completed; else, the share achieved (the
   mean over those indicators of figure ÷ target, each capped at 1) is compared with the share
   of the period elapsed: the period over, or — once `GRACE` of the period has passed — the
   share achieved below `PACE` × the share elapsed → lagging; nothing achieved yet → not
   started; otherwise in progress.
2. Without a target, the status the responsible agency set (with its note) stands.
3. Without either, the figures say whether anything happened: some figure above zero → in
   progress, else not started.

Figures come from the indicators' formulas (`tocds.reports.formulas`, a place over the
period) or, for an indicator entered by hand, from its `HandFigure` (none entered: no figure).
"""

from dataclasses import dataclass
from datetime import date

from tocds.places.models import Place
from tocds.reports import formulas
from tocds.tracker.models import (
    Clause,
    ClauseIndicator,
    ClauseStatus,
    HandFigure,
    Period,
    Status,
    Target,
)

# Lagging: less than this share of the pace the elapsed days ask for …
PACE = 0.8
# … once this share of the period has passed (nobody lags on the first days).
GRACE = 0.25


class Source:
    FIGURES = "figures"  # derived from the targets
    HAND = "hand"  # set by the responsible agency
    ACTIVITY = "activity"  # no target, no status set: whether anything happened


@dataclass(frozen=True)
class Figure:
    indicator: ClauseIndicator
    value: int | None  # None: a figure entered by hand, not entered yet
    target: int | None

    @property
    def share(self) -> float | None:
        if not self.target:
            return None
        return min((self.value or 0) / self.target, 1.0)


@dataclass(frozen=True)
class Assessment:
    clause: Clause
    place: Place
    period: Period
    figures: list[Figure]
    status: str
    source: str
    hand: ClauseStatus | None

    @property
    def label(self):
        return Status(self.status).label


def elapsed_share(period: Period, today: date) -> float:
    if today < period.starts_on:
        return 0.0
    days = (period.ends_on - period.starts_on).days + 1
    return min(((today - period.starts_on).days + 1) / days, 1.0)


def derive(
    figures: list[Figure], *, period: Period, today: date, hand: ClauseStatus | None
) -> tuple[str, str]:
    """(status, source) by the module's rule."""
    targeted = [f for f in figures if f.target]
    if targeted:
        if all((f.value or 0) >= f.target for f in targeted):
            return Status.DONE, Source.FIGURES
        achieved = sum(f.share for f in targeted) / len(targeted)
        elapsed = elapsed_share(period, today)
        if today > period.ends_on or (elapsed >= GRACE and achieved < PACE * elapsed):
            return Status.LATE, Source.FIGURES
        if achieved == 0:
            return Status.NOT_STARTED, Source.FIGURES
        return Status.IN_PROGRESS, Source.FIGURES
    if hand is not None:
        return hand.status, Source.HAND
    if any(f.value for f in figures):
        return Status.IN_PROGRESS, Source.ACTIVITY
    return Status.NOT_STARTED, Source.ACTIVITY


class Assessor:
    """Assesses clauses for one period, reading each place's figures once (a cache of
    formula contexts) and the targets, hand figures and statuses of the period in one query
    each."""

    def __init__(self, period: Period, today: date) -> None:
        self.period = period
        self.today = today
        self._contexts: dict[int, formulas.FigureContext] = {}
        self.targets = {
            (t.indicator_id, t.place_id): t.value for t in Target.objects.filter(period=period)
        }
        self.hand_figures = {
            (f.indicator_id, f.place_id): f for f in HandFigure.objects.filter(period=period)
        }
        self.statuses = {
            (s.clause_id, s.place_id): s
            for s in ClauseStatus.objects.filter(period=period).select_related("set_by")
        }

    def context(self, place: Place) -> formulas.FigureContext:
        if place.pk not in self._contexts:
            self._contexts[place.pk] = formulas.FigureContext.over(
                place, self.period.starts_on, self.period.ends_on
            )
        return self._contexts[place.pk]

    def value(self, indicator: ClauseIndicator, place: Place) -> int | None:
        if indicator.is_manual:
            found = self.hand_figures.get((indicator.pk, place.pk))
            return None if found is None else found.value
        return formulas.evaluate(indicator.formula, self.context(place))

    def assess(self, clause: Clause, place: Place) -> Assessment:
        figures = [
            Figure(
                indicator=indicator,
                value=self.value(indicator, place),
                target=self.targets.get((indicator.pk, place.pk)),
            )
            for indicator in clause.indicators.all()
        ]
        hand = self.statuses.get((clause.pk, place.pk))
        status, source = derive(figures, period=self.period, today=self.today, hand=hand)
        return Assessment(clause, place, self.period, figures, status, source, hand)

    def places_with_entries(self) -> set[int]:
        """Places with a target or a status set in the period (where lagging can be known)."""
        return {place for _i, place in self.targets} | {place for _c, place in self.statuses}
