"""The content check: lessons and questions never write a hotline, short code or web address
themselves — they cite the facts table with `{fact:key}`, and only confirmed facts.

Used by the test over `content/` (every commit), by `load_learning_content` (refuses a tree
with problems) and when a lesson version is submitted or published in the product.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tocds.learning.facts import PLACEHOLDER

# A number written with digits, possibly grouped by dots or single spaces (1800.6838, 0912 345 678).
NUMBER = re.compile(r"(?<![\w])\+?\d+(?:[. ]\d+)*")
# Thousands grouped the Vietnamese way: 1.431, 10.000.000 — quantities, not hotlines.
QUANTITY = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
# Words after a number that make it a quantity, a time or a measure.
UNIT_WORDS = (
    "đồng", "đ", "triệu", "tỷ", "nghìn", "ngàn", "trăm", "người", "hộ", "tổ", "xã", "thôn",
    "phút", "giây", "giờ", "ngày", "tháng", "năm", "tuổi", "lần", "km", "m", "kg", "gb", "mb",
    "kb", "trang", "câu", "bài", "chữ", "ký", "số", "điểm", "%", "bước", "cuộc", "dịch", "thủ",
    "tài", "trường", "lớp", "học", "mẫu", "mã", "vnd", "usd",
)  # fmt: skip
DOMAIN = re.compile(
    r"(?<![\w@.-])(?:https?://|www\.)\S+|(?<![\w@.-])(?:[a-z0-9-]+\.)+"
    r"(?:vn|com|net|org|gov|edu|info|io|app|me|asia|biz|int)(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _is_allowed_number(text: str, match: re.Match) -> bool:
    token = match.group(0)
    digits = sum(ch.isdigit() for ch in token)
    if digits < 3:
        return True
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end()] if match.end() < len(text) else " "
    if before in "/-" or after in "/-":  # dates 1/7/2024, document numbers 2345/QĐ-NHNN
        return True
    if after in ",":  # "1,5" decimals are short; a comma list of numbers is not a hotline
        return digits < 3
    if QUANTITY.match(token) and not token.startswith(("1800", "1900")):
        return True
    if re.fullmatch(r"(19|20)\d\d", token):  # a year
        return True
    rest = text[match.end() :].lstrip().lower()
    word = re.match(r"[\w%]+", rest)
    return bool(word and word.group(0) in UNIT_WORDS)


def raw_contacts(text: str) -> list[str]:
    """Hotline-like numbers and web addresses written outside a `{fact:…}` placeholder."""
    plain = PLACEHOLDER.sub(" ", text or "")
    found = [m.group(0) for m in NUMBER.finditer(plain) if not _is_allowed_number(plain, m)]
    found += [m.group(0) for m in DOMAIN.finditer(plain)]
    return found


def check_texts(texts: Iterable[tuple[str, str]], facts: Mapping[str, bool]) -> list[Problem]:
    """`texts`: (where, text) pairs; `facts`: key → confirmed. Problems: a raw hotline or web
    address, a placeholder naming no fact, a placeholder naming an unconfirmed fact."""
    problems: list[Problem] = []
    for where, text in texts:
        for token in raw_contacts(text):
            problems.append(
                Problem(
                    where,
                    f"writes {token!r} directly: put it in the facts table and write {{fact:key}}",
                )
            )
        for key in sorted(set(PLACEHOLDER.findall(text or ""))):
            if key not in facts:
                problems.append(
                    Problem(where, f"cites {{fact:{key}}}, which is not in the facts table")
                )
            elif not facts[key]:
                problems.append(Problem(where, f"cites {{fact:{key}}}, which is not confirmed yet"))
    return problems


def lesson_texts(where: str, data: Mapping) -> list[tuple[str, str]]:
    """The texts of a lesson (a TOML table or a version's fields and steps)."""
    texts = [(where, data.get("title", "")), (where, data.get("summary", ""))]
    for field in ("can_go_wrong", "scam_warnings", "teach_tips"):
        texts += [(f"{where} {field}", t) for t in data.get(field, []) or []]
    for n, step in enumerate(data.get("step", []) or [], start=1):
        texts += [
            (f"{where} step {n}", step.get("text", "")),
            (f"{where} step {n}", step.get("alt", "")),
        ]
    return texts


def question_texts(where: str, data: Mapping) -> list[tuple[str, str]]:
    texts = [(where, data.get("prompt", "")), (where, data.get("explanation", ""))]
    texts += [(f"{where} choice {n}", c) for n, c in enumerate(data.get("choices", []), 1)]
    return texts


SVG_FORBIDDEN = re.compile(
    r"<script|\bon\w+\s*=|<image|<foreignObject|(?:href|src)\s*=\s*[\"'](?!#)|url\((?!#)",
    re.IGNORECASE,
)


def check_svg(name: str, svg: str, *, max_bytes: int = 4096) -> list[Problem]:
    problems = []
    if "<svg" not in svg or "viewBox" not in svg:
        problems.append(Problem(name, "is not an SVG with a viewBox"))
    if SVG_FORBIDDEN.search(svg):
        problems.append(
            Problem(
                name, "has a script, an event handler, an embedded image or an external reference"
            )
        )
    if len(svg.encode()) > max_bytes:
        problems.append(Problem(name, f"is larger than {max_bytes} bytes"))
    return problems
