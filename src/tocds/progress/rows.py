"""What a progress page shows: the filters it is narrowed to, the lines of its tables (with
their cells as text) and the dashboard that holds them."""

from dataclasses import dataclass, field
from datetime import date

from tocds.campaigns.models import Campaign
from tocds.core.numbers import part_of, thousands_separator
from tocds.progress.areas import Area
from tocds.visits import figures


@dataclass(frozen=True)
class Filters:
    """What the dashboard is narrowed to. Days apply to every figure; skill and service narrow
    the service figures (the place figures count households whatever they were guided in)."""

    day_from: date | None = None
    day_to: date | None = None
    skill: str = ""
    service_id: int | None = None

    @property
    def narrows_services(self) -> bool:
        return bool(self.skill or self.service_id)

    def service_ids(self, campaign: Campaign) -> set[int] | None:
        if not self.narrows_services:
            return None
        services = campaign.services.all()
        if self.skill:
            services = services.filter(skill=self.skill)
        if self.service_id:
            services = services.filter(pk=self.service_id)
        return set(services.values_list("pk", flat=True))

    def days(self) -> dict:
        return {"day_from": self.day_from, "day_to": self.day_to}


@dataclass
class Line:
    """One row of a progress table (or the total of the area)."""

    label: str
    url: str = ""
    visits: int = 0
    people: int = 0
    households_target: int | None = None
    people_target: int | None = None
    hamlets_reached: int | None = None
    hamlets_total: int | None = None
    teams_active: int = 0
    teams_registered: int | None = None
    members_active: int = 0
    members_registered: int | None = None
    service_people: int | None = None  # people guided in the selected services

    @staticmethod
    def _share(part: int | None, whole: int | None) -> float | None:
        if part is None or not whole:
            return None
        return round(100 * part / whole, 1)

    @property
    def households_share(self) -> float | None:
        return self._share(self.visits, self.households_target)

    @property
    def people_share(self) -> float | None:
        return self._share(self.people, self.people_target)

    @property
    def hamlet_share(self) -> float | None:
        return self._share(self.hamlets_reached, self.hamlets_total)

    # Cells as text, written in Python: a province table has a hundred rows, and the template
    # tags and filters of eight cells per row cost more than every query of the page.
    def texts(self, separator: str | None) -> tuple[str, str, str, str, str]:
        """Households, people, hamlets, teams and members cells, with the language's
        thousands `separator` (looked up once per table)."""
        hamlets = (
            "—"
            if self.hamlets_total is None
            else part_of(self.hamlets_reached or 0, self.hamlets_total, separator=separator)
        )
        return (
            part_of(self.visits, self.households_target or None, separator=separator),
            part_of(self.people, self.people_target or None, separator=separator),
            hamlets,
            part_of(self.teams_active, self.teams_registered, always=True, separator=separator),
            part_of(self.members_active, self.members_registered, always=True, separator=separator),
        )

    @property
    def visits_text(self) -> str:
        return self.texts(thousands_separator())[0]

    def take(self, totals: figures.Totals) -> "Line":
        self.visits, self.people = totals.visits, totals.people
        self.teams_active, self.members_active = totals.teams, totals.members
        if self.hamlets_total is not None:
            self.hamlets_reached = totals.hamlets
        return self


@dataclass
class ServiceLine:
    name: str
    skill: str
    visits: int
    people: int
    done: int
    follow_up: int


@dataclass
class Table:
    title: str
    first_column: str
    lines: list[Line]
    registered: bool = True  # show targets and registered counts


@dataclass
class Dashboard:
    area: Area
    filters: Filters
    total: Line
    tables: list[Table] = field(default_factory=list)
    days: list[tuple[date, int, int]] = field(default_factory=list)  # day, households, people
    services: list[ServiceLine] = field(default_factory=list)
    skills: list[tuple[str, int, int]] = field(default_factory=list)  # label, households, people
    ranking: list[tuple[str, float]] = field(default_factory=list)  # commune, % of target
