"""The content check: hotlines and web addresses only through confirmed facts.

`test_real_content_cites_only_confirmed_facts` runs over the repository's content folder;
the other tests prove the checker catches what it must on a bad fixture and lets amounts,
dates, years and document numbers pass."""

import shutil
from pathlib import Path

import pytest

from tocds.learning.content import DEFAULT_PATH, check_tree, read_tree
from tocds.learning.content_check import check_svg, raw_contacts
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
    for fine in ("10.000", "1/7/2024", "2345", "2025"):
        assert f"'{fine}'" not in flagged


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
