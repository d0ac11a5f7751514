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
# (Money words are not here: an amount is flagged by `AMOUNT` below.)
UNIT_WORDS = (
    "người", "hộ", "tổ", "xã", "thôn",
    "phút", "giây", "giờ", "ngày", "tháng", "năm", "tuổi", "lần", "km", "m", "kg", "gb", "mb",
    "kb", "trang", "câu", "bài", "chữ", "ký", "số", "điểm", "%", "bước", "cuộc", "dịch", "thủ",
    "tài", "trường", "lớp", "học", "mẫu", "mã",
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
    if re.fullmatch(r"(19|20)\d\d", token):  # a year
        return True
    if after in ",":  # "1,5" decimals are short; a comma list of numbers is not a hotline
        return digits < 3
    if QUANTITY.match(token) and not token.startswith(("1800", "1900")):
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


# Figures that change with the law or the facts, so prose cites them through the facts table:
# an amount of money, a legal reference, a date, a deadline or a daily limit (issue 14 §2).
_NUM = r"\d+(?:[.,]\d+)*"
FIGURES = (
    (
        "an amount",
        re.compile(
            rf"(?<![\w.,/]){_NUM}(?:\s*(?:đến|-|–)\s*{_NUM})?\s*"
            r"(?:(?:trăm|nghìn|ngàn|triệu|tỷ)\s*)?(?:đồng|đ|vnd|usd|nghìn|ngàn|triệu|tỷ|k)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "a legal reference",
        re.compile(
            r"(?<![\w/])\d+/(?:\d{4}/)?[A-ZĐ][\wĐđ&]*(?:-[\wĐđ&]+)*"
            r"|\b(?:Nghị định|Nghị quyết|Quyết định|Thông tư|Công văn|Chỉ thị|Kế hoạch|Bộ luật"
            r"|Luật|Điều|NĐ|QĐ|TT|CV|KH|NQ)\s+(?:số\s+)?\d+"
            r"|\b(?:Bộ luật|Luật)(?:\s+[^\W\d_]+){1,10}?\s+(?:năm\s+)?(?:19|20)\d\d\b"
        ),
    ),
    (
        "a date",
        re.compile(
            r"(?<![\w/])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\w/])|\btháng\s+\d{1,2}/\d{4}\b",
            re.IGNORECASE,
        ),
    ),
    ("a deadline", re.compile(r"\b\d+\s+ngày\s+làm\s+việc\b", re.IGNORECASE)),
    (
        "a daily limit",
        re.compile(r"\b\d+\s+(?:phút|giờ)\s+(?:một|mỗi|/)\s*ngày\b", re.IGNORECASE),
    ),
)


def raw_figures(text: str) -> list[tuple[str, str]]:
    """(what, token) for each amount, legal reference, date, deadline or daily limit written
    outside a `{fact:…}` placeholder."""
    plain = PLACEHOLDER.sub(" ", text or "")
    return [(what, m.group(0)) for what, pattern in FIGURES for m in pattern.finditer(plain)]


def check_texts(texts: Iterable[tuple[str, str]], facts: Mapping[str, bool]) -> list[Problem]:
    """`texts`: (where, text) pairs; `facts`: key → confirmed. Problems: a raw hotline or web
    address, a raw amount, legal reference, date, deadline or daily limit, a placeholder naming
    no fact, a placeholder naming an unconfirmed fact."""
    problems: list[Problem] = []
    for where, text in texts:
        for token in raw_contacts(text):
            problems.append(
                Problem(
                    where,
                    f"writes {token!r} directly: put it in the facts table and write {{fact:key}}",
                )
            )
        for what, token in raw_figures(text):
            problems.append(
                Problem(
                    where,
                    f"writes {what} {token!r} directly: "
                    "put it in the facts table and write {fact:key}",
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


# --- The facts table tells the truth about itself (issue 14 §2) ---------------------------

# How good a fact's source is (`source_kind` in facts.toml): an official body's own page or
# document, mainstream press reporting it, a third-party copy of an official text, or a
# secondary source (blog, commercial or law-firm page: the brief's "V-secondary").
PRIMARY_SOURCE_KINDS = ("official", "press", "mirror")
SOURCE_KINDS = (*PRIMARY_SOURCE_KINDS, "secondary", "none")
SECONDARY_NOTE = re.compile(r"secondary|thứ cấp", re.IGNORECASE)


def check_facts(facts: Iterable[tuple[str, Mapping]]) -> list[Problem]:
    """A confirmed fact has a primary source (kind and address) and the date someone checked
    it; a fact whose note says its source is secondary is not confirmed."""
    problems: list[Problem] = []
    for where, fact in facts:
        kind = fact.get("source_kind", "")
        if kind not in SOURCE_KINDS:
            problems.append(Problem(where, f"source_kind must be one of {', '.join(SOURCE_KINDS)}"))
        if not fact.get("verified"):
            continue
        if kind not in PRIMARY_SOURCE_KINDS or not fact.get("source_url"):
            problems.append(Problem(where, "is confirmed without a primary source (kind and URL)"))
        if SECONDARY_NOTE.search(fact.get("note", "")):
            problems.append(
                Problem(where, "is confirmed but its note says the source is secondary")
            )
        if not fact.get("checked_on"):
            problems.append(Problem(where, "is confirmed without checked_on"))
    return problems


# --- Foreign words explained on first use (issue 14 §3) -----------------------------------

# Words a learner may not know. The first time one appears in a skill (lessons in order of
# level then `order`; in a lesson: summary, steps, what can go wrong, scam warnings, tips —
# the title is a label and does not count), it is followed by its explanation in brackets:
# "link (đường dẫn)" — or it is the bracket after its explanation: "đường dẫn (link)". Case
# matters only for PIN ("pin" is a battery).
FOREIGN_WORDS = {
    "link": re.compile(r"\blink\b", re.IGNORECASE),
    "livestream": re.compile(r"\blivestream\b", re.IGNORECASE),
    "wifi": re.compile(r"\bwi-?fi\b", re.IGNORECASE),
    "PIN": re.compile(r"\bPIN\b"),
    "OTP": re.compile(r"\bOTP\b"),
    "QR": re.compile(r"\bQR\b"),
    "CVV": re.compile(r"\bCVV\b"),
    "online": re.compile(r"\bonline\b", re.IGNORECASE),
    "shipper": re.compile(r"\bshipper\b", re.IGNORECASE),
    "sàn": re.compile(r"\bsàn\b", re.IGNORECASE),
}

LEVEL_ORDER = {"cb1": 0, "cb2": 1, "tc": 2}


def _reading_order(lesson: Mapping) -> list[str]:
    texts = [lesson.get("summary", "")]
    texts += [step.get("text", "") for step in lesson.get("step", []) or []]
    for field in ("can_go_wrong", "scam_warnings", "teach_tips"):
        texts += list(lesson.get(field, []) or [])
    return texts


def check_foreign_words(lessons: Iterable[tuple[str, Mapping]]) -> list[Problem]:
    """The first use of each listed word in a skill carries its explanation in brackets."""
    by_skill: dict[str, list[tuple[str, Mapping]]] = {}
    for where, lesson in lessons:
        by_skill.setdefault(lesson.get("skill", ""), []).append((where, lesson))
    problems: list[Problem] = []
    for skill_lessons in by_skill.values():
        skill_lessons.sort(
            key=lambda wl: (LEVEL_ORDER.get(wl[1].get("level"), 9), int(wl[1].get("order", 0)))
        )
        for word, pattern in FOREIGN_WORDS.items():
            first = _first_use(skill_lessons, pattern)
            if first is not None:
                where, text, match = first
                after = text[match.end() :].lstrip(" ”’\"'")
                before = text[: match.start()].rstrip()
                explained = after.startswith("(") or (
                    before.endswith("(") and after.startswith(")")
                )
                if not explained:
                    problems.append(
                        Problem(
                            where,
                            f"uses “{word}” first in its skill without explaining it: "
                            f"write “{match.group(0)} (…)”",
                        )
                    )
    return problems


def _first_use(skill_lessons, pattern):
    for where, lesson in skill_lessons:
        for text in _reading_order(lesson):
            match = pattern.search(PLACEHOLDER.sub(" ", text or ""))
            if match:
                return where, PLACEHOLDER.sub(" ", text), match
    return None


# --- Quizzes that test doing (issue 14 §4) ------------------------------------------------

# Over a skill's questions: the share whose right choice is the strictly longest choice, the
# share where it is the strictly shortest (avoiding one tell must not create the other), and
# (over questions with three choices or more) the share of right answers at the most used
# position. Measured in `quiz_measures`, refused above these thresholds. With three choices,
# chance is about a third for each, so 40% leaves room for a dozen honest questions.
MAX_LONGEST_SHARE = 40
MAX_SHORTEST_SHARE = 40
MAX_POSITION_SHARE = 50
MIN_MEASURED = 6  # a skill with fewer questions (a test tree) is too small to measure


def _normal(text: str) -> str:
    text = PLACEHOLDER.sub(lambda m: m.group(1), text or "").lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _shown(text: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text or "")


@dataclass(frozen=True)
class QuizMeasures:
    questions: int
    longest_right: int  # right choice strictly the longest
    shortest_right: int  # right choice strictly the shortest
    positioned: int  # questions with three choices or more
    top_position: int  # right answers at the position holding most of them

    @property
    def longest_share(self) -> float:
        return 100 * self.longest_right / self.questions if self.questions else 0.0

    @property
    def shortest_share(self) -> float:
        return 100 * self.shortest_right / self.questions if self.questions else 0.0

    @property
    def position_share(self) -> float:
        return 100 * self.top_position / self.positioned if self.positioned else 0.0


def quiz_measures(questions: Iterable[Mapping], values: Mapping[str, str]) -> QuizMeasures:
    """`values`: fact key → value, so a choice is measured as the learner sees it."""
    count = longest = shortest = positioned = 0
    positions: dict[int, int] = {}
    for q in questions:
        choices = [len(_shown(c, values)) for c in q.get("choices", [])]
        answer = q.get("answer")
        if not isinstance(answer, int) or not 0 <= answer < len(choices):
            continue
        count += 1
        others = [n for i, n in enumerate(choices) if i != answer]
        if all(choices[answer] > n for n in others):
            longest += 1
        if all(choices[answer] < n for n in others):
            shortest += 1
        if len(choices) >= 3:
            positioned += 1
            positions[answer] = positions.get(answer, 0) + 1
    return QuizMeasures(count, longest, shortest, positioned, max(positions.values(), default=0))


def check_questions(
    questions: Iterable[tuple[str, Mapping]],
    values: Mapping[str, str],
    skill_of_task: Mapping[str, str],
) -> list[Problem]:
    """No two questions alike (same prompt or same set of choices, normalised); per skill, the
    right answer is not a tell (length, position)."""
    problems: list[Problem] = []
    prompts: dict[str, str] = {}
    choice_sets: dict[frozenset, str] = {}
    by_skill: dict[str, list[Mapping]] = {}
    for where, q in questions:
        prompt = _normal(q.get("prompt", ""))
        if prompt in prompts:
            problems.append(Problem(where, f"has the same prompt as {prompts[prompt]}"))
        prompts.setdefault(prompt, where)
        choices = frozenset(_normal(c) for c in q.get("choices", []))
        if choices in choice_sets:
            problems.append(Problem(where, f"has the same choices as {choice_sets[choices]}"))
        choice_sets.setdefault(choices, where)
        by_skill.setdefault(skill_of_task.get(q.get("task", ""), ""), []).append(q)
    for skill, skill_questions in sorted(by_skill.items()):
        m = quiz_measures(skill_questions, values)
        if m.questions < MIN_MEASURED:
            continue
        if m.longest_share > MAX_LONGEST_SHARE:
            problems.append(
                Problem(
                    f"questions of {skill}",
                    f"the right choice is the longest in {m.longest_right} of {m.questions} "
                    f"questions (more than {MAX_LONGEST_SHARE}%)",
                )
            )
        if m.shortest_share > MAX_SHORTEST_SHARE:
            problems.append(
                Problem(
                    f"questions of {skill}",
                    f"the right choice is the shortest in {m.shortest_right} of {m.questions} "
                    f"questions (more than {MAX_SHORTEST_SHARE}%)",
                )
            )
        if m.position_share > MAX_POSITION_SHARE:
            problems.append(
                Problem(
                    f"questions of {skill}",
                    f"{m.top_position} of {m.positioned} right answers are at the same position "
                    f"(more than {MAX_POSITION_SHARE}%)",
                )
            )
    return problems
