"""Charts of campaign progress as SVG text, drawn on the server by pygal.

Each function takes plain figures and returns a standalone SVG document (str), so pages,
exports and reports use the same drawing. The SVG carries its own <style> (pygal's), so pages
show it as an <img> from its own URL (`progress:chart`), served with a CSP made for an image:
inside an <img> nothing in the SVG can run, and the page's strict `style-src 'self'` is kept.
No script is loaded from anywhere (`js=[]`).
"""

from collections.abc import Sequence
from datetime import date

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pygal.style import Style

from tocds.core.numbers import number, percent

WIDTH, HEIGHT = 720, 320
NAMES = ("days", "services", "ranking")

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1f24",
    foreground_strong="#1b1f24",
    foreground_subtle="#d0d5db",
    colors=("#0b5cab", "#1d6b2f", "#8a4b00", "#a4161a"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    value_font_size=11,
    title_font_size=15,
    legend_font_size=12,
)


def _config(**options) -> dict:
    return {
        "style": STYLE,
        "js": [],
        "width": WIDTH,
        "height": HEIGHT,
        "show_legend": False,
        "print_values": False,
        "disable_xml_declaration": False,
        "no_data_text": _("No visits yet"),
        # Printed values and axis labels in the active language's format (1.500).
        "value_formatter": _count,
        **options,
    }


def _count(value: float | None) -> str:
    return "" if value is None else number(value)


def _share(value: float | None) -> str:
    return "" if value is None else percent(value)


def _render(chart) -> str:
    return chart.render(is_unicode=True)


def visits_per_day(days: Sequence[tuple[date, int, int]], title: str = "") -> str:
    """Households visited and people guided per day."""
    chart = pygal.Bar(
        **_config(
            title=title or _("Households visited per day"),
            show_legend=True,
            legend_at_bottom=True,
            x_label_rotation=0 if len(days) <= 12 else 45,
        )
    )
    chart.x_labels = [date_format(day, "d/m") for day, _v, _p in days]
    chart.add(_("Households"), [visits for _d, visits, _p in days])
    chart.add(_("People"), [people for _d, _v, people in days])
    return _render(chart)


def people_per_group(rows: Sequence[tuple[str, int]], title: str) -> str:
    """People guided per service or per skill, largest first."""
    rows = sorted(rows, key=lambda row: -row[1])
    chart = pygal.HorizontalBar(
        **_config(title=title, height=max(HEIGHT, 60 + 28 * len(rows)), print_values=True)
    )
    chart.x_labels = [label for label, _n in rows]
    chart.add(_("People"), [n for _label, n in rows])
    return _render(chart)


def ranking(rows: Sequence[tuple[str, float]], title: str = "") -> str:
    """Communes ranked by share of their households target (%), best first."""
    chart = pygal.HorizontalBar(
        **_config(
            title=title or _("Communes by share of their households target (%)"),
            height=max(HEIGHT, 60 + 18 * len(rows)),
            print_values=len(rows) <= 40,
            range=(0, max([100.0, *(share for _label, share in rows)])),
            value_formatter=_share,
        )
    )
    chart.x_labels = [label for label, _share in rows]
    chart.add("%", [share for _label, share in rows])
    return _render(chart)


def dashboard_chart(name: str, dash) -> str:
    """The SVG text of one chart of a `tocds.progress.rows.Dashboard`, by name."""
    if name == "days":
        return visits_per_day(dash.days)
    if name == "services":
        if dash.filters.narrows_services or not dash.skills:
            rows = [(s.name, s.people) for s in dash.services]
            return people_per_group(rows, _("People guided per service"))
        rows = [(label, people) for label, _households, people in dash.skills]
        return people_per_group(rows, _("People guided per skill"))
    if name == "ranking":
        return ranking(dash.ranking)
    raise ValueError(name)
