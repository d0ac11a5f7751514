"""The rows of a progress table, written in Python: a province table has a hundred rows of
eight cells, and the template engine spends about 15 µs on each variable, tag and filter of
them — more than every query of the page. Every text is escaped here; the numbers are
written by `Line.texts` and core.numbers."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from tocds.core.numbers import grouped, number, thousands_separator
from tocds.progress.rows import Line, Table

register = template.Library()


def _share(value: float | None) -> str:
    """A share in percent (the column's heading says so), one decimal: "22,1"; or a dash."""
    return number(value, 1)


def _count(value: int | None, separator: str | None) -> str:
    return "—" if value is None else grouped(value, separator)


@register.simple_tag
def table_rows(table: Table, total: Line, **labels: str) -> SafeString:
    """`<tr>`s of `table`; `labels` are the column headings (the cards' labels on phones).
    The selected-services column shows when the total has it, as in the heading."""
    with_selected = total.service_people is not None
    first = escape(table.first_column)
    visits, share, people = (escape(labels[k]) for k in ("visits", "share", "people"))
    selected, hamlets = escape(labels["selected"]), escape(labels["hamlets"])
    teams, members = escape(labels["teams"]), escape(labels["members"])
    registered = table.registered
    separator = thousands_separator()
    out = []
    for line in table.lines:
        visits_text, people_text, hamlets_text, teams_text, members_text = line.texts(separator)
        label = escape(line.label)
        if line.url:
            label = f'<a href="{escape(line.url)}">{label}</a>'
        cells = [
            f'<td data-label="{first}">{label}</td>',
            f'<td data-label="{visits}" class="num">{visits_text}</td>',
        ]
        if registered:
            cells.append(
                f'<td data-label="{share}" class="num">{_share(line.households_share)}</td>'
            )
        cells.append(f'<td data-label="{people}" class="num">{people_text}</td>')
        if with_selected and registered:
            service_people = _count(line.service_people, separator)
            cells.append(f'<td data-label="{selected}" class="num">{service_people}</td>')
        if registered:
            cells.append(
                f'<td data-label="{hamlets}" class="num">{hamlets_text}</td>'
                f'<td data-label="{teams}" class="num">{teams_text}</td>'
                f'<td data-label="{members}" class="num">{members_text}</td>'
            )
        out.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("\n".join(out))  # noqa: S308 (every value escaped above)
