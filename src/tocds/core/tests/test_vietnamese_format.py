"""Numbers, percents, dates and Excel cells as a person in Cao Bằng reads them: 1.500, 22,1 %,
14:05 02/12/2026 in Vietnamese; 1,500, 22.1 % and 02/12/2026 14:05 in English."""

import io
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from openpyxl import load_workbook

from tocds.core import numbers
from tocds.core.xlsx import COUNT, DATE, DATETIME, SHARE, Column, build_workbook, export_workbook

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["1.500", "1.234.567", "22,1", f"22,1{NBSP}%", f"80{NBSP}%", "—"]),
        ("en", ["1,500", "1,234,567", "22.1", f"22.1{NBSP}%", f"80{NBSP}%", "—"]),
    ],
)
def test_numbers_and_percents_follow_the_language(language, expected):
    with translation.override(language):
        assert [
            numbers.number(1500),
            numbers.number(1234567),
            numbers.number(22.05, 1),  # rounded half up, as a person rounds
            numbers.percent_of(332, 1500),
            numbers.percent(80, 0),
            numbers.percent_of(5, 0),  # no whole: no percent
        ] == expected


def test_template_filters_write_counts_and_percents_one_way():
    template = Template(
        "{% load numbers %}{{ n|num }} · {{ r|num:1 }} · {{ s|percent }} · {{ p|percent_of:w }}"
        " · {{ none|percent }} · {{ year }}"
    )
    context = Context({"n": 1500, "r": 4.25, "s": 66.7, "p": 332, "w": 1500, "year": 2026})
    with translation.override("vi"):
        assert template.render(context) == (
            f"1.500 · 4,3 · 66,7{NBSP}% · 22,1{NBSP}% · — · 2026"  # a year is never grouped
        )
    with translation.override("en"):
        assert template.render(context) == f"1,500 · 4.3 · 66.7{NBSP}% · 22.1{NBSP}% · — · 2026"


def test_humanize_and_floatformat_group_in_vietnamese_too():
    template = Template("{% load humanize %}{{ n|intcomma }} {{ x|floatformat:'1g' }}")
    with translation.override("vi"):
        assert template.render(Context({"n": 1500, "x": 1234.56})) == "1.500 1.234,6"


def test_named_date_formats_are_vietnamese_day_first_time_first():
    when = datetime(2026, 12, 2, 7, 5, tzinfo=UTC)  # 14:05 in Cao Bằng
    template = Template(
        '{{ when|date:"SHORT_DATETIME_FORMAT" }} | {{ when|date:"SHORT_DATE_FORMAT" }}'
        " | {{ day|date }}"
    )
    context = Context({"when": when, "day": date(2026, 12, 2)})
    with translation.override("vi"):
        assert template.render(context) == "14:05 02/12/2026 | 02/12/2026 | 02/12/2026"
    with translation.override("en"):
        assert template.render(context) == "02/12/2026 14:05 | 02/12/2026 | 02/12/2026"


def _read(workbook, sheet=0):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).worksheets[sheet]


def test_exported_numbers_stay_numbers_with_a_thousands_format():
    when = datetime(2026, 12, 2, 7, 5, tzinfo=UTC)
    headers = [
        "Code",
        Column("visits", "Visits", number_format=COUNT),
        Column("share", "%", number_format=SHARE),
        "Rating",
        "Day",
        "Received",
        "Year",
    ]
    sheet = _read(
        export_workbook("T", headers, [["01654", 1500, 22.1, 4.25, date(2026, 12, 2), when, 2026]])
    )
    code, visits, share, rating, day, received, year = next(sheet.iter_rows(min_row=2))
    assert (code.value, visits.value, share.value, rating.value) == ("01654", 1500, 22.1, 4.25)
    assert (visits.number_format, share.number_format, rating.number_format) == (
        "#,##0",
        "0.0",
        "#,##0.0",
    )
    # Dates and times are Excel dates in the province's time, never UTC text.
    assert (day.value.date(), day.number_format) == (date(2026, 12, 2), DATE)
    assert (received.value, received.number_format) == (datetime(2026, 12, 2, 14, 5), DATETIME)
    assert (year.value, year.number_format) == (2026, "General")  # ids and years not grouped


def test_built_workbooks_format_their_columns_and_extra_sheets_alike():
    workbook = build_workbook(
        "Summary",
        [Column("label", "Figure"), Column("value", "Value", number_format=COUNT)],
        [["Households", 1500]],
        extra_sheets=[
            ("By commune", ["Commune", Column("v", "Visits", number_format=COUNT)], [["A", 2500]])
        ],
    )
    first, extra = _read(workbook, 0), _read(workbook, 1)
    assert (first["B2"].value, first["B2"].number_format) == (1500, COUNT)
    assert (extra["B2"].value, extra["B2"].number_format) == (2500, COUNT)
