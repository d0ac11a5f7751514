"""A clause's figures over time as SVG, drawn on the server by pygal with the dashboards' style
(`tocds.progress.charts`): one indicator's figure per period, and its target where one is set."""

import pygal
from django.utils.translation import gettext as _

from tocds.core.numbers import number
from tocds.progress.charts import HEIGHT, STYLE, WIDTH


def _count(value: float | None) -> str:
    return "" if value is None else number(value)


def indicator_over_time(
    title: str, labels: list[str], values: list[int | None], targets: list[int | None]
) -> str:
    chart = pygal.Bar(
        style=STYLE,
        js=[],
        width=WIDTH,
        height=HEIGHT,
        title=title,
        show_legend=any(t is not None for t in targets),
        legend_at_bottom=True,
        print_values=False,
        disable_xml_declaration=False,
        no_data_text=_("No figures yet"),
        value_formatter=_count,
        x_label_rotation=0 if len(labels) <= 6 else 45,
    )
    chart.x_labels = labels
    chart.add(_("Figure"), values)
    if any(t is not None for t in targets):
        chart.add(_("Target"), targets)
    return chart.render(is_unicode=True)
