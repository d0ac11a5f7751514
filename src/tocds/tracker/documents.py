"""Word documents of periodic reporting, laid out on the reports' Decree 30 builder
(`tocds.reports.decree30`) with its fixed wording (`tocds.reports.documents.VI`): a commune's
report for a period, and the province's consolidated report with every commune listed."""

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tocds.reports import decree30 as d30
from tocds.reports.documents import VI as REPORTS_VI
from tocds.reports.models import REPORT_STATUS_VI
from tocds.tracker.models import Period, PeriodReport

VI = {
    **REPORTS_VI,
    "summary": "Kết quả thực hiện Công văn số {number} {period}",
    "summary_province": (
        "Tổng hợp kết quả thực hiện Công văn số {number} {period} của các xã, phường"
    ),
    "closing": "Trên đây là báo cáo kết quả thực hiện {period} của {body}./.",
    "table": ("STT", "Nhiệm vụ", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Kết quả"),
    "annex": "DANH SÁCH CÁC XÃ, PHƯỜNG VÀ TÌNH HÌNH GỬI BÁO CÁO",
    "annex_table": ("STT", "Xã, phường", "Tình trạng báo cáo", "Ngày gửi", "Đúng hạn"),
    "completeness": (
        "{sent}/{expected} xã, phường đã gửi báo cáo ({accepted} báo cáo đã tiếp nhận; "
        "{on_time} gửi đúng hạn{due}). Số liệu dưới đây tổng hợp từ các báo cáo đã gửi."
    ),
    "due": ", hạn gửi {day}",
    "yes": "Có",
    "no": "Không",
}


def _period_vi(period: Period) -> str:
    """The period as a Vietnamese document writes it ("tháng 10/2026", "quý 4/2026" …)."""
    start = period.starts_on
    return {
        "month": f"tháng {start.month}/{start.year}",
        "quarter": f"quý {(start.month - 1) // 3 + 1}/{start.year}",
        "half": f"6 tháng {'đầu' if start.month <= 6 else 'cuối'} năm {start.year}",
        "year": f"năm {start.year}",
    }[period.kind]


def _number(period: Period) -> str:
    directive = period_directive(period)
    return directive.number if directive else ""


def period_directive(period: Period):
    from tocds.tracker.models import Directive

    return Directive.objects.filter(province=period.province, is_active=True).first()


def _table(document, headers, lines, widths) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        d30.para(d30.clear(cell), text, 12, bold=True)
    for texts in lines:
        for index, (cell, text) in enumerate(zip(table.add_row().cells, texts, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index in (1, 2) else WD_ALIGN_PARAGRAPH.CENTER
            d30.para(d30.clear(cell), text, 12, align=align)
    d30.widths(table, widths)


def _figures(document, items) -> None:
    """items: (clause code, indicator name, unit, target or None, value or None)."""
    lines = [
        (
            str(n),
            code,
            name,
            unit,
            d30.number_vi(target) if target else "",
            d30.number_vi(value) if value is not None else "",
        )
        for n, (code, name, unit, target, value) in enumerate(items, start=1)
    ]
    _table(document, VI["table"], lines, (1.0, 1.6, 6.6, 2.2, 2.4, 2.2))


def commune_docx(report: PeriodReport, rows) -> bytes:
    """The commune's report for the period to the provincial People's Committee through the
    Department of Science and Technology; its date is the day it was submitted."""
    document = Document()
    d30.setup(document)
    commune, period = report.place, report.period
    province = period.province
    if report.is_editable:
        d30.para(document, VI["draft"], 12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    d30.header(
        document,
        [(VI["people_committee"], True), (commune.name.upper(), True)],
        d30.document_number(report.number, "BC-UBND"),
        d30.date_line(d30.place_short(commune.name), report.document_date),
    )
    label = _period_vi(period)
    addressee = VI["to_commune"].format(province=d30.lower_prefix(d30.province_name(province)))
    d30.title(
        document,
        VI["kind"],
        VI["summary"].format(number=_number(period), period=label),
        VI["to"].format(addressee=addressee),
    )
    sections = (report.direction, report.results, report.shortcomings, report.proposals)
    for index, (heading, text) in enumerate(zip(VI["sections"], sections, strict=True)):
        d30.heading(document, heading)
        d30.body(document, text)
        if index == 1:
            _figures(
                document,
                [
                    (
                        v.row.indicator.clause.code,
                        v.row.indicator.name,
                        v.row.indicator.unit,
                        v.target,
                        v.value,
                    )
                    for v in rows
                ],
            )
    d30.body(document, VI["closing"].format(period=label, body=commune.name))
    d30.signature(
        document,
        VI["on_behalf"],
        report.signer_title or "CHỦ TỊCH",
        report.signer_name,
        (VI["as_above"], VI["department"], VI["archive"]),
    )
    return d30.document_bytes(document)


def province_docx(period: Period, completeness, totals) -> bytes:
    """The Department's consolidated report of the period to the provincial People's Committee:
    the figures summed over the reports sent, and every commune listed with its report's
    status, date and timeliness."""
    document = Document()
    d30.setup(document)
    province = d30.province_name(period.province)
    label = _period_vi(period)
    d30.header(
        document,
        [
            (VI["province_parent"].format(province=province.upper()), False),
            (VI["province_body"], True),
        ],
        d30.document_number("", "BC-SKHCN"),
        d30.date_line(d30.place_short(province), None),
    )
    d30.title(
        document,
        VI["kind"],
        VI["summary_province"].format(number=_number(period), period=label),
        VI["to"].format(addressee=VI["to_province"].format(province=d30.lower_prefix(province))),
    )
    due = VI["due"].format(day=period.due_on.strftime("%d/%m/%Y")) if period.due_on else ""
    d30.heading(document, VI["sections"][1])
    d30.body(
        document,
        VI["completeness"].format(
            sent=completeness.sent,
            expected=completeness.expected,
            accepted=completeness.accepted,
            on_time=completeness.on_time,
            due=due,
        ),
    )
    _figures(
        document,
        [(i.clause.code, i.name, i.unit, target, value) for i, value, target in totals],
    )
    d30.heading(document, VI["annex"])
    lines = []
    for n, line in enumerate(completeness.lines, start=1):
        report = line.report
        sent = report.first_submitted_at if report else None
        lines.append(
            (
                str(n),
                line.commune.name,
                REPORT_STATUS_VI[line.status],
                sent.strftime("%d/%m/%Y") if sent else "",
                ""
                if report is None or report.on_time is None
                else (VI["yes"] if report.on_time else VI["no"]),
            )
        )
    _table(document, VI["annex_table"], lines, (1.0, 6.0, 3.6, 2.8, 2.6))
    d30.signature(document, "", VI["director"], "", (VI["as_above"], VI["archive_department"]))
    return d30.document_bytes(document)
