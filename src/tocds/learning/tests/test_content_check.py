"""The content check: hotlines, web addresses, amounts, dates and legal references only through
confirmed facts; facts with primary sources; foreign words explained; honest quizzes.

`test_real_content_cites_only_confirmed_facts` runs over the repository's content folder;
the other tests prove the checker catches what it must on bad samples and lets years, counts
and quantities pass."""

import shutil
from pathlib import Path

import pytest

from tocds.learning.content import DEFAULT_PATH
from tocds.learning.content_check import check_svg, quiz_measures, raw_contacts, raw_figures
from tocds.learning.content_tree import check_tree, read_tree
from tocds.learning.tests.conftest import FIXTURE


@pytest.mark.skipif(not DEFAULT_PATH.is_dir(), reason="src/tocds/learning/content/ not written yet")
def test_real_content_cites_only_confirmed_facts():
    problems = check_tree(read_tree(DEFAULT_PATH))
    assert [str(p) for p in problems] == []


def test_fixture_tree_passes():
    assert check_tree(read_tree(FIXTURE)) == []


def test_checker_flags_raw_hotlines_addresses_unknown_and_unconfirmed_facts(tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(FIXTURE, tree)
    shutil.copy(Path(__file__).parent / "bad_lesson.toml", tree / "lessons/public_services/")
    messages = [str(p) for p in check_tree(read_tree(tree))]
    flagged = " ".join(messages)
    assert "'dichvucong.gov.vn'" in flagged
    assert "'1800.6838'" in flagged
    assert "'https://example.com/huong-dan'" in flagged
    assert "'113'" in flagged
    assert "{fact:khong_co}, which is not in the facts table" in flagged
    assert "{fact:report_scam_sms}, which is not confirmed yet" in flagged
    assert all("dvc-xau" in m or "02-" not in m for m in messages)
    # Amounts, dates and legal references are facts too (issue 14 §2): cited, never written.
    assert "writes an amount '10.000 đồng'" in flagged
    assert "writes a date '1/7/2024'" in flagged
    assert "writes a legal reference 'Quyết định 2345'" in flagged
    # A year, a count and "6 chữ số" are not facts to cite.
    for fine in ("2025", "6"):
        assert f"'{fine}'" not in flagged


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Phí 50.000 đồng", [("an amount", "50.000 đồng")]),
        (
            "Mất 3,45 tỷ đồng, lần khác 5 triệu",
            [("an amount", "3,45 tỷ đồng"), ("an amount", "5 triệu")],
        ),
        ("Đòi 10 đến 20 nghìn đồng", [("an amount", "10 đến 20 nghìn đồng")]),
        ("Theo Nghị định 13/2023", [("a legal reference", "Nghị định 13")]),
        ("Luật số 91/2025/QH15", [("a legal reference", "Luật số 91")]),
        ("theo 2345/QĐ-NHNN", [("a legal reference", "2345/QĐ-NHNN")]),
        (
            "Luật Bảo vệ dữ liệu cá nhân 2025 có hiệu lực",
            [("a legal reference", "Luật Bảo vệ dữ liệu cá nhân 2025")],
        ),
        ("Từ ngày 1/7/2024", [("a date", "1/7/2024")]),
        ("Cảnh báo từ tháng 8/2025", [("a date", "tháng 8/2025")]),
        ("Tối đa 3 ngày làm việc", [("a deadline", "3 ngày làm việc")]),
        ("Mỗi trò không quá 60 phút một ngày", [("a daily limit", "60 phút một ngày")]),
        ("Từ {fact:date_two_tier}, phí {fact:case_fake_fee}", []),
        ("Mật khẩu ít nhất 8 ký tự; năm 2025; 97 sản phẩm; Luật cấm quảng cáo sai", []),
    ],
)
def test_raw_figures(text, found):
    assert raw_figures(text) == found


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


BAD_FACTS = """
[[fact]]
key = "blog_fact"
kind = "web"
label = "Trang chỉ thấy trên blog"
value = "vi du"
source = "S59"
source_url = "https://example.org/blog"
source_kind = "secondary"
checked_on = 2026-12-02
verified = true
note = "Chỉ thấy ở nguồn thứ cấp (V-secondary)."

[[fact]]
key = "no_source"
kind = "institution"
label = "Cơ quan không có nguồn"
value = "Cơ quan"
source = ""
source_url = ""
source_kind = "none"
verified = true
"""

# Seven questions of one skill: the right choice is always the longest and always first, two
# questions share a prompt, two share their choices, and one is tied to a lesson of another task.
BAD_QUESTIONS = "".join(
    f"""
[[question]]
code = "x-q{n}"
task = "DVC-01"
lesson = "{"dvc-dang-nhap" if n == 6 else "dvc-cai-vneid"}"
prompt = "{"Câu hỏi trùng?" if n in (1, 2) else f"Tình huống số {n}?"}"
choices = [{
        '"Đúng, câu trả lời dài hẳn", "Sai", "Cũng sai"'
        if n in (3, 4)
        else f'"Câu trả lời đúng thứ {n}, dài hơn", "Sai {n}", "Sai nữa {n}"'
    }]
answer = 0
"""
    for n in range(1, 8)
)


def test_a_failing_sample_tree_breaks_every_issue_14_rule(tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(FIXTURE, tree)
    facts = tree / "facts.toml"
    facts.write_text(facts.read_text(encoding="utf-8") + BAD_FACTS, encoding="utf-8")
    _write(tree / "questions/zz-bad.toml", BAD_QUESTIONS)
    _write(
        tree / "lessons/safety/02-link.toml",
        """code = "at-link"
skill = "safety"
task = "AT-01"
level = "cb2"
title = "Link lạ"
summary = "Không bấm link lạ, không nói mã PIN."

[[step]]
text = "Xem livestream (phát video trực tiếp) cho vui."
""",
    )
    messages = [str(p) for p in check_tree(read_tree(tree))]
    flagged = "\n".join(messages)
    assert "is confirmed but its note says the source is secondary" in flagged
    assert "is confirmed without a primary source (kind and URL)" in flagged
    assert "is confirmed without checked_on" in flagged
    assert "uses “link” first in its skill without explaining it" in flagged
    assert "uses “PIN” first in its skill without explaining it" in flagged
    assert "livestream" not in flagged  # explained on first use
    assert "zz-bad.toml #2: has the same prompt as questions/zz-bad.toml #1" in flagged
    assert "zz-bad.toml #4: has the same choices as questions/zz-bad.toml #3" in flagged
    assert "zz-bad.toml #6: lesson dvc-dang-nhap does not teach DVC-01" in flagged
    assert "questions of public_services: the right choice is the longest in" in flagged
    assert "right answers are at the same position (more than 50%)" in flagged


def test_quiz_measures_count_length_and_position_as_the_learner_sees_them():
    questions = [
        {"choices": ["{fact:web}", "ab", "abc"], "answer": 0},  # shown "dichvucong.gov.vn": longest
        {"choices": ["a", "bb", "ccc"], "answer": 0},  # shortest
        {"choices": ["aa", "bb"], "answer": 1},  # neither; two choices: no position
    ]
    m = quiz_measures(questions, {"web": "dichvucong.gov.vn"})
    assert (m.questions, m.longest_right, m.shortest_right) == (3, 1, 1)
    assert (m.positioned, m.top_position) == (2, 2)


@pytest.mark.skipif(not DEFAULT_PATH.is_dir(), reason="src/tocds/learning/content/ not written yet")
def test_every_real_task_has_a_lesson_and_questions_and_each_skill_starts_with_device_basics():
    tree = read_tree(DEFAULT_PATH)
    lessons = {lesson["task"] for _where, lesson in tree.lessons}
    asked = {q["task"] for _where, q in tree.questions}
    tasks = {t["code"] for t in tree.tasks}
    assert tasks - lessons == set()
    assert tasks - asked == set()
    first = min(
        (lesson for _where, lesson in tree.lessons if lesson["skill"] == "public_services"),
        key=lambda lesson: (lesson["level"] != "cb1", lesson["order"]),
    )
    assert first["task"] == "DT-01"  # device basics first for elderly learners (brief §4.2)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Gọi 0912 345 678 ngay", ["0912 345 678"]),
        ("Nhắn 156 hoặc 5656", ["156", "5656"]),
        ("Vào online.gov.vn hoặc www.abc.vn", ["www.abc.vn", "online.gov.vn"]),
        ("Giao dịch trên 10 triệu đồng cần xác thực", []),
        ("Cao Bằng có 1.431 tổ, 12.151 thành viên", []),
        ("Gọi {fact:hotline_consumer} để được giúp", []),
        ("Thông tư 17/2024/TT-NHNN, ngày 10/10", []),
    ],
)
def test_raw_contacts(text, found):
    assert sorted(raw_contacts(text)) == sorted(found)


def test_svg_rules():
    good = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0h10"/></svg>'
    assert check_svg("a.svg", good) == []
    bad = '<svg viewBox="0 0 1 1"><script>alert(1)</script><image href="http://x/y.png"/></svg>'
    assert check_svg("b.svg", bad)
    assert check_svg("c.svg", good.replace("<path", "<path data-x='" + "x" * 5000 + "'"))
