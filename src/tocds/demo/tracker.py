"""The directive tracker's demo (issue 17 §1): directive 2521 with its 17 clauses and their
indicators, the current month and the five before it (the figures over time), targets for the
campaign clause in the demo communes set from their own figures so that the communes stand in
several states (one done, one lagging, the others in progress or not started), a few
statuses and figures entered by hand by the offices responsible, and the reports of the last
month's period in several states (accepted, submitted, returned, a draft, not started)."""

from datetime import timedelta

from django.utils import timezone

from tocds.places.models import Place
from tocds.reports import formulas
from tocds.tracker import reporting, services
from tocds.tracker.loader import load_directive_2521
from tocds.tracker.models import (
    ClauseStatus,
    Directive,
    HandFigure,
    Period,
    PeriodKind,
    PeriodReport,
    Target,
)

MONTHS_BACK = 5

# (clause, user, status, note): statuses the responsible offices set where no target is set.
HAND_STATUSES = [
    (
        "D1.1",
        "demo-dost",
        "in_progress",
        "Đã ban hành bộ tài liệu 05 kỹ năng số; đang biên soạn bản tiếng Tày, Nùng.",
    ),
    ("D1.3", "demo-dost", "in_progress", "Đã cử đầu mối; lớp tập huấn cấp tỉnh đang triển khai."),
    ("D5.2", "demo-youth", "in_progress", "Phát động phong trào “Thanh niên tiên phong số”."),
    ("D7.2", "demo-province", "not_started", "Chờ doanh nghiệp đề xuất chính sách ưu đãi giá."),
]


def _periods(province: Place, actor) -> list[Period]:
    """The current month and the months before it, oldest first."""
    today = _today()
    day = today
    found = []
    for _n in range(MONTHS_BACK + 1):
        starts_on, _ends_on = services.period_bounds(PeriodKind.MONTH, day)
        period = Period.objects.filter(
            province=province, kind=PeriodKind.MONTH, starts_on=starts_on
        ).first() or services.create_period(
            actor=actor,
            province=province,
            kind=PeriodKind.MONTH,
            within=day,
            due_on=_due(starts_on),
        )
        found.append(period)
        day = starts_on - timedelta(days=1)
    return found[::-1]


def _today():
    return timezone.localdate()


def _due(starts_on):
    """The 5th of the next month, when monthly reports are due."""
    _first, last = services.period_bounds(PeriodKind.MONTH, starts_on)
    return last + timedelta(days=5)


def load_tracker(*, province: Place, communes: list[Place], users: dict) -> Directive:
    """Idempotent: the directive is updated in place; targets, statuses and figures already
    there are kept."""
    directive = load_directive_2521(province)
    actor = users["demo-province"]
    periods = _periods(province, actor)
    month = periods[-1]
    d43 = directive.clauses.get(code="D4.3")
    households = d43.indicators.get(code="ho-duoc-den")
    if not Target.objects.filter(period=month).exists():
        for number, commune in enumerate(communes):
            figure = formulas.evaluate(
                households.formula,
                formulas.FigureContext.over(commune, month.starts_on, month.ends_on),
            )
            # Commune A: reached; commune B: far behind; the others a little ahead of them.
            target = figure if number == 0 else figure * 10 + 50 if number == 1 else figure + 5
            services.set_target(
                actor=actor,
                indicator=households,
                place=commune,
                period=month,
                value=max(target, 1),
            )
        d14 = directive.clauses.get(code="D1.4").indicators.get(code="ho-duoc-den")
        total = formulas.evaluate(
            d14.formula, formulas.FigureContext.over(province, month.starts_on, month.ends_on)
        )
        services.set_target(
            actor=actor, indicator=d14, place=province, period=month, value=total + 20
        )
    for code, username, status, note in HAND_STATUSES:
        clause = directive.clauses.get(code=code)
        if not ClauseStatus.objects.filter(clause=clause, period=month, place=province).exists():
            services.set_status(
                actor=users[username],
                clause=clause,
                place=province,
                period=month,
                status=status,
                note=note,
            )
    # Commune B reports that its training lags (D4.1 has no target: its own status stands),
    # so the overview lists a lagging commune from the first day of the month.
    if len(communes) > 1:
        d41 = directive.clauses.get(code="D4.1")
        if not ClauseStatus.objects.filter(clause=d41, period=month, place=communes[1]).exists():
            services.set_status(
                actor=users["demo-commune-b"],
                clause=d41,
                place=communes[1],
                period=month,
                status="late",
                note="Chưa mở được lớp bồi dưỡng cho thành viên Tổ trong tháng; dự kiến tuần sau.",
            )
    news = directive.clauses.get(code="D4.5").indicators.get()
    for value, commune in zip((12, 4), communes[:2], strict=False):
        for period in periods[-2:]:
            if not HandFigure.objects.filter(indicator=news, place=commune, period=period).exists():
                services.enter_figure(
                    actor=actor,
                    indicator=news,
                    place=commune,
                    period=period,
                    value=value,
                    note="Đài truyền thanh xã, trang thông tin điện tử",
                )
    load_period_reports(periods[-2], communes, users)
    return directive


# The last month's reports: commune → the moves made (a commune with no entry has not started).
REPORT_PATHS = [
    ["submit", "accept"],
    ["submit"],
    ["submit", "return"],
    [],
]


def load_period_reports(period: Period, communes: list[Place], users: dict) -> None:
    if PeriodReport.objects.filter(period=period).exists():
        return
    officers = {0: users["demo-commune-a"], 1: users["demo-commune-b"]}
    province = users["demo-province"]
    for number, (commune, moves) in enumerate(zip(communes, REPORT_PATHS, strict=False)):
        writer = officers.get(number, province)
        report = reporting.start_report(actor=writer, period=period, commune=commune)
        reporting.save_report(
            actor=writer,
            report=report,
            fields={
                "direction": "UBND xã đã ban hành kế hoạch và giao nhiệm vụ cho các Tổ CĐS.",
                "results": "Các Tổ CĐS đã đến từng hộ, hướng dẫn người dân sử dụng dịch vụ số.",
                "signer_title": "CHỦ TỊCH",
            },
            values={},
        )
        for action in moves:
            actor = province if action in ("accept", "return") else writer
            comment = "Đề nghị bổ sung số liệu truyền thông." if action == "return" else ""
            report = reporting.transition(
                actor=actor, report=report, action=action, comment=comment
            )
