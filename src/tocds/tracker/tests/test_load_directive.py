"""Directives are data: another one is loaded from a JSON file with no code, idempotently,
and a wrong formula refuses the whole file."""

import json

import pytest
from django.core.management import CommandError, call_command

from tocds.tracker.loader import data_of_2521
from tocds.tracker.models import Clause, ClauseIndicator, Directive

pytestmark = pytest.mark.django_db

LETTER = {
    "number": "3240/BTTTT-CĐSQG",
    "title": "Hướng dẫn hoạt động của Tổ công nghệ số cộng đồng",
    "issued_on": "2023-08-14",
    "issuer": "Bộ Thông tin và Truyền thông",
    "agencies": {"science_agency": "Sở Khoa học và Công nghệ"},
    "clauses": [
        {
            "code": "H1",
            "title": "Thành lập Tổ",
            "text": "Thành lập Tổ công nghệ số cộng đồng ở tất cả các thôn, tổ dân phố.",
            "responsible": "",
            "cooperating": ["science_agency"],
            "falls_to_communes": True,
            "indicators": [
                {"code": "to", "name": "Số Tổ hoạt động", "unit": "tổ", "formula": "teams_hamlet"}
            ],
        }
    ],
}


def write(tmp_path, data) -> str:
    path = tmp_path / "directive.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_directive_is_loaded_from_a_json_file_and_again_unchanged(world, tmp_path):
    path = write(tmp_path, LETTER)
    call_command("load_directive", path, "--province", world.province.code, stdout=None)
    directive = Directive.objects.get(number="3240/BTTTT-CĐSQG")
    clause = Clause.objects.get(directive=directive, code="H1")
    assert clause.falls_to_communes
    assert ClauseIndicator.objects.get(clause=clause).formula == "teams_hamlet"
    history = Clause.history.count()
    call_command("load_directive", path, "--province", world.province.code, stdout=None)
    assert Clause.history.count() == history


def test_a_wrong_formula_refuses_the_whole_file(world, tmp_path):
    broken = json.loads(json.dumps(LETTER))
    broken["clauses"][0]["indicators"][0]["formula"] = "no_such_figure"
    with pytest.raises(CommandError):
        call_command("load_directive", write(tmp_path, broken), "--province", world.province.code)
    assert not Directive.objects.filter(number="3240/BTTTT-CĐSQG").exists()


def test_2521_takes_the_same_shape(world):
    data = data_of_2521()
    assert data["number"] == "2521/UBND-VX"
    assert len(data["clauses"]) == 17
    assert all(clause["code"].startswith("D") for clause in data["clauses"])
