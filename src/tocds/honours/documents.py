"""Word documents of honours in the Decree 30 layout, built from `reports.decree30` like the
results reports: a unit's submission (tờ trình) with its list, the Department's submission of
what it selected, the achievement report of one nominee prefilled with tocds' figures, and the
Chairman's draft decision with its annex list. Vietnamese whatever the interface language: an
administrative document is written in Vietnamese."""

from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from tocds.honours.models import Nomination, NomineeKind, Round
from tocds.honours.record import Record
from tocds.reports import decree30 as d30

VI = {
    "province_parent": "ỦY BAN NHÂN DÂN {province}",
    "committee": "ỦY BAN NHÂN DÂN",
    "department": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "submission": "TỜ TRÌNH",
    "submission_summary": "Về việc đề nghị khen thưởng {theme}",
    "to_department": "Kính gửi: Sở Khoa học và Công nghệ {province}.",
    "to_chairman": "Kính gửi: Chủ tịch Ủy ban nhân dân {province} (qua Sở Nội vụ).",
    "unit_intro": (
        "Thực hiện Chỉ thị số 2521 về đẩy mạnh hoạt động của Tổ chuyển đổi số cộng đồng và "
        "Kế hoạch xét khen thưởng {theme}, căn cứ thành tích đạt được từ ngày {start} đến "
        "ngày {end}, {unit} đề nghị khen thưởng {count} tập thể, cá nhân có thành tích xuất "
        "sắc, cụ thể như sau:"
    ),
    "department_intro": (
        "Trên cơ sở hồ sơ đề nghị của các đơn vị và kết quả xét chọn trong phạm vi chỉ tiêu "
        "khen thưởng của đợt {theme}, Sở Khoa học và Công nghệ đề nghị Chủ tịch Ủy ban nhân "
        "dân tỉnh xem xét, tặng thưởng cho {count} tập thể, cá nhân theo danh sách sau:"
    ),
    "closing": "{unit} kính đề nghị xem xét, quyết định./.",
    "list_headers": ("STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức đề nghị"),
    "collectives": "Tập thể",
    "individuals": "Cá nhân",
    "as_above": "- Như trên;",
    "home_affairs": "- Sở Nội vụ;",
    "archive": "- Lưu: VT.",
    "on_behalf": "TM. ỦY BAN NHÂN DÂN",
    "chairman": "CHỦ TỊCH",
    "director": "GIÁM ĐỐC",
    "report": "BÁO CÁO THÀNH TÍCH",
    "report_summary_collective": "Đề nghị tặng {form} cho {nominee}",
    "report_summary_individual": "Đề nghị tặng {form} cho ông (bà) {nominee}",
    "report_sections": (
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐỀ NGHỊ",
    ),
    "report_identity_collective": "Tên tập thể: {nominee}. Địa bàn: {place}.",
    "report_identity_individual": "Họ và tên: {nominee}. Chức vụ, đơn vị công tác: {position}.",
    "report_figures": (
        "Kết quả hoạt động ghi nhận trên hệ thống tocds từ ngày {start} đến ngày {end}:"
    ),
    "report_figure": "- {label}: {value}.",
    "report_models": "Mô hình, sáng kiến, cách làm hay đã chủ trì hoặc tham gia:",
    "report_model": "- {name} ({place}, {status}).",
    "report_standing": "- {movement}: xếp thứ {rank}/{total}, {score} điểm{frozen}.",
    "report_standings": "Kết quả phong trào thi đua:",
    "report_frozen": " (kết quả chốt khi kết thúc phong trào)",
    "report_none": "Chưa có số liệu ghi nhận trong kỳ.",
    "report_proposal": "Đề nghị tặng {form} ({round}).",
    "report_signer_unit": "XÁC NHẬN CỦA {unit}",
    "report_signer": "NGƯỜI BÁO CÁO",
    "decision": "QUYẾT ĐỊNH",
    "decision_summary": "Về việc tặng {forms}",
    "decision_authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN {province}",
    "decision_bases": (
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định "
        "chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
        "Theo đề nghị của Giám đốc Sở Nội vụ.",
    ),
    "decides": "QUYẾT ĐỊNH:",
    "article_1": (
        "Điều 1. Tặng {forms} cho {count} tập thể, cá nhân (có danh sách kèm theo) đã có thành "
        "tích xuất sắc trong {theme}."
    ),
    "article_2": "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    "article_3": (
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Khoa "
        "học và Công nghệ, Thủ trưởng các cơ quan, đơn vị liên quan và các tập thể, cá nhân "
        "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    ),
    "article_3_recipients": "- Như Điều 3;",
    "annex": "DANH SÁCH",
    "annex_title": "Tập thể, cá nhân được tặng {form}",
    "annex_ref": "(Kèm theo Quyết định số {number} ngày {day} của Chủ tịch Ủy ban nhân dân tỉnh)",
    "draft": "DỰ THẢO",
}

LEFT, CENTER = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER

STATUS_VI = {
    "proposed": "đề xuất",
    "deployed": "đang triển khai",
    "replicated": "đã nhân rộng",
    "stopped": "đã dừng",
}


def _dates(round: Round) -> dict[str, str]:
    return {
        "start": round.period_from.strftime("%d/%m/%Y"),
        "end": round.period_to.strftime("%d/%m/%Y"),
    }


def _position(nomination: Nomination) -> str:
    if nomination.kind == NomineeKind.COLLECTIVE:
        place = nomination.team.place if nomination.team_id else nomination.organisation.place
        return place.name
    if nomination.person_id:
        membership = nomination.person.memberships.filter(left_on__isnull=True).first()
        team = membership.team.name if membership else ""
        return f"Thành viên {team}".strip()
    return ", ".join(x for x in (nomination.position, nomination.workplace) if x)


def _list_table(document, nominations: Sequence[Nomination]) -> None:
    """The list: collectives first, then individuals, numbered within each."""
    table = document.add_table(rows=1, cols=len(VI["list_headers"]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    d30.widths(table, (1.2, 6.0, 5.8, 3.5))
    for cell, text in zip(table.rows[0].cells, VI["list_headers"], strict=True):
        d30.para(d30.clear(cell), text, 12, bold=True)
    for kind, label in (
        (NomineeKind.COLLECTIVE, "collectives"),
        (NomineeKind.INDIVIDUAL, "individuals"),
    ):
        group = [n for n in nominations if n.kind == kind]
        if not group:
            continue
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        d30.para(d30.clear(merged), VI[label], 12, bold=True, align=LEFT)
        for index, nomination in enumerate(group, start=1):
            cells = table.add_row().cells
            texts = (
                str(index),
                nomination.nominee,
                _position(nomination),
                nomination.form.short_name,
            )
            for cell, text in zip(cells, texts, strict=True):
                d30.para(d30.clear(cell), text, 12, align=LEFT if cell is not cells[0] else CENTER)
    d30.widths(table, (1.2, 6.0, 5.8, 3.5))


def _draft_mark(document) -> None:
    d30.para(document, VI["draft"], 12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


def unit_submission_docx(
    round: Round, unit_name: str, unit_place, nominations: Sequence[Nomination]
) -> bytes:
    """A proposing unit's submission to the Department with the list of its nominations."""
    document = Document()
    d30.setup(document)
    province = d30.province_name(round.province)
    if any(n.status in ("draft", "returned") for n in nominations):
        _draft_mark(document)
    if unit_place.level == "commune":
        lines = [(VI["committee"], True), (unit_place.name.upper(), True)]
        code, signer = "TTr-UBND", (VI["on_behalf"], VI["chairman"])
    else:
        lines = [(unit_name.upper(), True)]
        code, signer = "TTr", ("", "THỦ TRƯỞNG ĐƠN VỊ")
    d30.header(
        document,
        lines,
        d30.document_number("", code),
        d30.date_line(
            d30.place_short(unit_place.name if unit_place.level == "commune" else province),
            None,
            round.year,
        ),
    )
    d30.title(
        document,
        VI["submission"],
        VI["submission_summary"].format(theme=round.name),
        VI["to_department"].format(province=d30.lower_prefix(province)),
    )
    d30.body(
        document,
        VI["unit_intro"].format(
            theme=round.name, unit=unit_name, count=len(nominations), **_dates(round)
        ),
    )
    _list_table(document, nominations)
    d30.body(document, VI["closing"].format(unit=unit_name))
    d30.signature(document, signer[0], signer[1], "", (VI["as_above"], VI["archive"]))
    return d30.document_bytes(document)


def department_submission_docx(round: Round, nominations: Sequence[Nomination]) -> bytes:
    """The Department's submission to the Chairman, through Home Affairs, of what it selected."""
    document = Document()
    d30.setup(document)
    province = d30.province_name(round.province)
    _draft_mark(document)
    d30.header(
        document,
        [
            (VI["province_parent"].format(province=province.upper()), False),
            (VI["department"], True),
        ],
        d30.document_number("", "TTr-SKHCN"),
        d30.date_line(d30.place_short(province), None, round.year),
    )
    d30.title(
        document,
        VI["submission"],
        VI["submission_summary"].format(theme=round.name),
        VI["to_chairman"].format(province=d30.lower_prefix(province)),
    )
    d30.body(document, VI["department_intro"].format(theme=round.name, count=len(nominations)))
    _list_table(document, nominations)
    d30.body(document, VI["closing"].format(unit="Sở Khoa học và Công nghệ"))
    d30.signature(
        document, "", VI["director"], "", (VI["as_above"], VI["home_affairs"], VI["archive"])
    )
    return d30.document_bytes(document)


def achievement_report_docx(nomination: Nomination, record: Record) -> bytes:
    """Báo cáo thành tích of one nominee, prefilled with the figures tocds holds for the
    round's period, its models and its movement rankings, beside the unit's own summary."""
    round = nomination.round
    document = Document()
    d30.setup(document)
    if nomination.status in ("draft", "returned"):
        _draft_mark(document)
    d30.header(
        document,
        [(nomination.unit_name.upper(), True)],
        d30.document_number("", "BC"),
        d30.date_line(d30.place_short(nomination.unit_place.name), None, round.year),
    )
    summary_key = (
        "report_summary_collective"
        if nomination.kind == NomineeKind.COLLECTIVE
        else "report_summary_individual"
    )
    d30.para(document, VI["report"], 14, bold=True, before=18)
    summary = VI[summary_key].format(form=nomination.form.name, nominee=nomination.nominee)
    d30.para(document, summary, 14, bold=True)
    d30.rule(document, d30.rule_indent(d30.TEXT_CM, summary, 14, caps=False, part=0.4))
    d30.heading(document, VI["report_sections"][0])
    if nomination.kind == NomineeKind.COLLECTIVE:
        identity = VI["report_identity_collective"].format(
            nominee=nomination.nominee, place=_position(nomination)
        )
    else:
        identity = VI["report_identity_individual"].format(
            nominee=nomination.nominee, position=_position(nomination) or "…"
        )
    d30.body(document, identity)
    d30.heading(document, VI["report_sections"][1])
    if nomination.achievements.strip():
        d30.body(document, nomination.achievements)
    d30.body(document, VI["report_figures"].format(**_dates(round)))
    lines = [
        VI["report_figure"].format(label=f.label, value=d30.number_vi(f.value))
        for f in record.figures
    ]
    d30.body(document, "\n".join(lines) or VI["report_none"])
    if record.initiatives:
        d30.body(document, VI["report_models"])
        d30.body(
            document,
            "\n".join(
                VI["report_model"].format(
                    name=i.name, place=i.place.name, status=STATUS_VI.get(i.status, i.status)
                )
                for i in record.initiatives
            ),
        )
    if record.standings:
        d30.body(document, VI["report_standings"])
        d30.body(
            document,
            "\n".join(
                VI["report_standing"].format(
                    movement=s.movement.name,
                    rank=s.rank,
                    total=s.out_of,
                    score=d30.number_vi(round_score(s.score)),
                    frozen=VI["report_frozen"] if s.frozen else "",
                )
                for s in record.standings
            ),
        )
    d30.heading(document, VI["report_sections"][2])
    d30.body(document, VI["report_proposal"].format(form=nomination.form.name, round=round.name))
    d30.signature(
        document,
        VI["report_signer_unit"].format(unit=nomination.unit_name.upper()),
        "",
        "",
        (),
    )
    return d30.document_bytes(document)


def round_score(score) -> int:
    return round(float(score))


def decision_docx(round: Round, nominations: Sequence[Nomination]) -> bytes:
    """The Chairman's draft decision: bases, articles, and the annex list of each form. A
    decision already recorded prints its number and date."""
    document = Document()
    d30.setup(document)
    province = d30.province_name(round.province)
    decided = [n for n in nominations if n.decision_number]
    number = decided[0].decision_number if decided else ""
    day = decided[0].decision_date if decided else None
    if not decided:
        _draft_mark(document)
    d30.header(
        document,
        [(VI["province_parent"].format(province=province.upper()), True)],
        d30.document_number(number, "QĐ-UBND"),
        d30.date_line(d30.place_short(province), day, round.year),
    )
    forms = []
    for nomination in nominations:
        if nomination.form.name not in forms:
            forms.append(nomination.form.name)
    joined = ", ".join(forms) or "…"
    d30.para(document, VI["decision"], 14, bold=True, before=18)
    summary = VI["decision_summary"].format(forms=joined)
    d30.para(document, summary, 14, bold=True)
    d30.rule(document, d30.rule_indent(d30.TEXT_CM, summary, 14, caps=False, part=0.4))
    d30.para(
        document,
        VI["decision_authority"].format(province=d30.place_short(province).upper()),
        14,
        bold=True,
        before=12,
        after=6,
    )
    for basis in VI["decision_bases"]:
        paragraph = d30.para(
            document, basis, 14, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3
        )
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    d30.para(document, VI["decides"], 14, bold=True, before=6, after=6)
    d30.body(
        document, VI["article_1"].format(forms=joined, count=len(nominations), theme=round.name)
    )
    d30.body(document, VI["article_2"])
    d30.body(document, VI["article_3"])
    d30.signature(document, "", VI["chairman"], "", (VI["article_3_recipients"], VI["archive"]))
    written = d30.date_line("", day).lstrip(", ") if day else "   /   /    "
    for form in forms:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        restart = OxmlElement("w:pgNumType")
        restart.set(qn("w:start"), "1")  # Decree 30: each annex numbers its own pages
        section._sectPr.append(restart)
        d30.para(document, VI["annex"], 14, bold=True)
        d30.para(document, VI["annex_title"].format(form=form), 14, bold=True)
        d30.para(
            document,
            VI["annex_ref"].format(number=d30.document_number(number, "QĐ-UBND"), day=written),
            14,
            italic=True,
            after=6,
        )
        _list_table(document, [n for n in nominations if n.form.name == form])
    return d30.document_bytes(document)
