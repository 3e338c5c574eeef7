"""The parser of the official text of the 二十条措施 (or a document laid out like it).

The official document is plain text laid out like the seed: part headings ``一、…``,
measure paragraphs ``（一）标题。正文……（责任单位：…）``. :func:`parse_measures` turns it
into a :class:`~huimin.model.measures.MeasureDocument`; the editors then keep
``content/_data/measures.yml`` and rewrite each ``summary`` in their own words.
"""

from __future__ import annotations

import re
from pathlib import Path

from huimin.model.errors import HuiminError, Problem
from huimin.model.measures import (
    FACT_MAX,
    MAX_MEASURES,
    MAX_PARTS,
    PLACEHOLDER_MAX,
    Measure,
    MeasureDocument,
    Part,
    cn_to_int,
    int_to_cn,
)

# --------------------------------------------------------------------------- units

_UNITS_RE = re.compile(r"[（(]\s*责任单位\s*[:：](?P<units>.*)[）)]\s*[。.]?\s*$")
_UNIT_SEPARATORS = "、，,；;/"
_OPEN, _CLOSE = "“（(《「‘", "”）)》」’"
# An organ named without a place belongs to the unit before it: 各县市区党委、政府.
_BARE_ORGAN = re.compile(r"(?:党委|政府|人大|政协|纪委|监委|党工委|管委会)等?")
_BARE_PLACE = re.compile(r"[\u4e00-\u9fff]{1,5}[县区市]")
_PLACE_AND_ORGAN = re.compile(r"([\u4e00-\u9fff]{1,5}?[县区市])(.+)")


def _split_top(text: str, separators: str) -> list[tuple[str, str]]:
    """Split on separators outside quotes and brackets: [(item, separator before it)]."""
    items, depth, current, before = [], 0, [], ""
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        if ch in separators and depth == 0:
            items.append(("".join(current).strip(), before))
            current, before = [], ch
        else:
            current.append(ch)
    items.append(("".join(current).strip(), before))
    return [(item, sep) for item, sep in items if item]


def split_units(text: str) -> list[str]:
    """``市委办、市政府办,各县市区党委、政府,“三区”党工委等`` → three units and one more.

    Keeps ``各县市区党委、政府`` whole, shares a common suffix among listed places
    (``袁州区、铜鼓县党委和政府`` → ``袁州区党委和政府``, ``铜鼓县党委和政府``) and drops
    the closing ``等`` ("and others"), which names no unit.
    """
    units: list[str] = []
    for item, sep in _split_top(text, _UNIT_SEPARATORS):
        if units and sep == "、" and _BARE_ORGAN.fullmatch(item):
            units[-1] += "、" + item
        else:
            units.append(item)
    units = [u[:-1] if u.endswith("等") and len(u) > 1 else u for u in units]
    shared: list[str] = []
    pending: list[str] = []  # bare place names waiting for the suffix that follows them
    for unit in units:
        if _BARE_PLACE.fullmatch(unit):
            pending.append(unit)
            continue
        match = _PLACE_AND_ORGAN.fullmatch(unit)
        if pending and match:
            shared.extend(place + match.group(2) for place in pending)
        else:
            shared.extend(pending)
        pending = []
        shared.append(unit)
    shared.extend(pending)
    return list(dict.fromkeys(shared))


# --------------------------------------------------------------------------- facts

_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十半]+)"
_FACT_START = re.compile(
    r"每(?:[一二两三四五六七八九十\d]+个?)?(?:半年|年度?|季度|季|个?月|周|星期|天|日)"
    rf"|{_NUM}个?(?:工作日|自然日|日|天|周|个月|月|年)以?内"
    rf"|为期{_NUM}个?(?:年|个月|月|周|天|日|工作日)"
    r"|\d{1,2}月(?:\d{1,2}日)?底?前|\d{4}年(?:\d{1,2}月)?底?前"
)
_COUNT = re.compile(rf"(?:不少于|不低于|至少|不超过|最多)?{_NUM}(?:次|篇|遍|轮|回)")
_CLAUSE_END = "，,。；;：:！!？?"


def _clause(text: str, start: int) -> str:
    """From ``start`` to the end of its clause (a closing bracket or quote also ends it)."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return text[start:i]
            depth -= 1
        elif ch in _CLAUSE_END and depth == 0:
            return text[start:i]
    return text[start:]


def extract_facts(text: str) -> list[str]:
    """Deadlines and frequencies: ``10个工作日内完成识别纳入``, ``每季度组织一次``, ``每月…不少于2篇``."""
    facts: list[str] = []
    covered = 0
    for match in _FACT_START.finditer(text):
        if match.start() < covered:
            continue
        clause = _clause(text, match.start())
        covered = match.start() + len(clause)
        anchor = match.end() - match.start()
        count = _COUNT.search(clause, anchor)
        if count:
            middle = clause[anchor:count.start()]
            clause = clause[:anchor] + ("…" if len(middle) > 8 else middle) + count.group()
        if len(clause) > FACT_MAX:
            clause = clause[: FACT_MAX - 1] + "…"
        facts.append(clause)
    return list(dict.fromkeys(facts))


# --------------------------------------------------------------------------- parser

_PART_RE = re.compile(r"([一二三四五六七八九十]+)、\s*(.*)")
_MEASURE_RE = re.compile(r"[（(]([一二三四五六七八九十]+)[）)]\s*(.*)")
_BLANKS = " \t\u3000\ufeff"
_YEAR_RE = re.compile(r"(20\d\d)年")


_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")


def full_width(text: str) -> str:
    """Half-width punctuation next to Chinese becomes full-width: ``县(市、区),`` → ``县（市、区），``."""
    out = []
    for i, ch in enumerate(text):
        if ch in _HALF_TO_FULL:
            near = text[i - 1 : i] + text[i + 1 : i + 2]
            if any(_CJK.match(c) for c in near):
                ch = _HALF_TO_FULL[ch]
        out.append(ch)
    return "".join(out)


def _measure_label(n: int) -> str:
    return f"（{int_to_cn(n)}）"


class _Parser:
    """One pass over the lines; problems are collected, not raised one by one."""

    def __init__(self, shown: str):
        self.shown = shown
        self.problems: list[Problem] = []
        self.preamble: list[str] = []
        self.parts: list[dict] = []
        self.measure: dict | None = None  # the measure being read
        self.next_part = 1
        self.next_measure = 1
        self.orphan_reported = False

    def problem(self, line: int, col: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.shown, line, col, field, message))

    def feed(self, line: int, raw: str) -> None:
        text = raw.strip(_BLANKS)
        if not text:
            return
        col = len(raw) - len(raw.lstrip(_BLANKS)) + 1
        if m := _PART_RE.fullmatch(text):
            if (number := cn_to_int(m.group(1))) is not None:
                self.close_measure()
                self.start_part(line, col, number, m.group(1), m.group(2))
                return
        if m := _MEASURE_RE.fullmatch(text):
            if (number := cn_to_int(m.group(1))) is not None:
                self.close_measure()
                self.start_measure(line, col, number, m.group(1), m.group(2))
                return
        if self.measure is not None and not self.measure["closed"]:
            self.measure["text"] += text
            self.measure["closed"] = bool(_UNITS_RE.search(self.measure["text"]))
        elif not self.parts:
            self.preamble.append(full_width(text))
        # Anything else (a part's introduction, 附件 after the last measure) is not ours.

    def start_part(self, line: int, col: int, number: int, cn: str, title: str) -> None:
        if number != self.next_part:
            self.problem(line, col, "部分", f"部分编号不连续：应为“{int_to_cn(self.next_part)}、”，实际为“{cn}、”")
        elif number > MAX_PARTS:
            self.problem(line, col, "部分", f"部分编号“{cn}、”超出范围：最多 {MAX_PARTS} 个部分")
        self.next_part = number + 1
        title = full_width(title.split("。")[0].strip(_BLANKS))
        if not title:
            self.problem(line, col, "部分", f"部分“{cn}、”缺少标题")
        self.parts.append({"number": number, "cn": cn, "title": title, "line": line, "col": col, "measures": []})

    def start_measure(self, line: int, col: int, number: int, cn: str, text: str) -> None:
        label = f"（{cn}）"
        if number != self.next_measure:
            self.problem(line, col, "措施", f"措施编号不连续：应为“{_measure_label(self.next_measure)}”，实际为“{label}”")
        elif number > MAX_MEASURES:
            self.problem(line, col, "措施", f"措施编号“{label}”超出范围：最多 {MAX_MEASURES} 条措施")
        self.next_measure = number + 1
        if not self.parts and not self.orphan_reported:
            self.orphan_reported = True
            self.problem(line, col, "措施", f"措施{label}前面没有部分标题（部分标题如“一、进一步压紧压实责任”）")
        self.measure = {
            "number": number, "label": label, "line": line, "col": col, "text": text,
            "closed": bool(_UNITS_RE.search(text)),
        }

    def close_measure(self) -> None:
        measure, self.measure = self.measure, None
        if measure is None:
            return
        built = self.build_measure(measure)
        if built is not None and self.parts:
            self.parts[-1]["measures"].append(built)

    def build_measure(self, m: dict) -> Measure | None:
        line, col, label, text = m["line"], m["col"], m["label"], m["text"]
        found = _UNITS_RE.search(text)
        if not found:
            self.problem(line, col, "责任单位", f"措施{label}缺少责任单位：段落应以“（责任单位：…）”结尾")
            return None
        if m["number"] > MAX_MEASURES:
            return None  # already reported
        units = [full_width(u) for u in split_units(found.group("units"))]
        body = full_width(text[: found.start()].strip(_BLANKS))
        title, stop, rest = body.partition("。")
        title = title.strip(_BLANKS)
        ok = True
        if not units:
            self.problem(line, col, "责任单位", f"措施{label}的责任单位为空")
            ok = False
        if not title or not stop:
            self.problem(line, col, "标题", f"措施{label}缺少标题：标题写在编号之后，以句号“。”结束")
            ok = False
        if not ok:
            return None
        return Measure(
            number=m["number"], anchor=f"measure-{m['number']}", title=title, units=units,
            facts=extract_facts(rest), summary=placeholder_summary(rest) or title,
        )

    def finish(self) -> MeasureDocument:
        self.close_measure()
        if not self.parts and not self.problems:
            self.problem(1, 1, "", "没有找到措施：部分标题应以“一、”开头，措施应以“(一)”或“（一）”开头")
        for part in self.parts:
            if not part["measures"] and not self.problems_after(part["line"]):
                self.problem(
                    part["line"], part["col"], "部分",
                    f"部分“{part['cn']}、{part['title']}”下没有措施（措施段落应以“(一)”或“（一）”开头）",
                )
        if self.problems:
            raise HuiminError(sorted(self.problems))
        return MeasureDocument(
            title=_document_title(self.preamble) or Path(self.shown).stem,
            year=_document_year(self.preamble),
            parts=[
                Part(number=p["number"], title=p["title"], anchor=f"part-{p['number']}", measures=p["measures"])
                for p in self.parts
            ],
        )

    def problems_after(self, line: int) -> bool:
        # A part whose measures were all rejected already has its problems reported.
        return any(p.line > line for p in self.problems)


def placeholder_summary(rest: str) -> str:
    """The first sentence after the title, at most 60 characters: for editors to rewrite."""
    sentence, stop, _ = rest.strip(_BLANKS).partition("。")
    sentence += stop
    if len(sentence) > PLACEHOLDER_MAX:
        sentence = sentence[: PLACEHOLDER_MAX - 1] + "…"
    return sentence


def _document_title(preamble: list[str]) -> str | None:
    # The title is the preamble line that is not a sentence (no closing punctuation).
    for line in preamble:
        if line[-1] not in "。：:，,；;" and len(line) <= 80:
            return line
    return None


def _document_year(preamble: list[str]) -> int | None:
    for line in preamble:
        if m := _YEAR_RE.search(line):
            return int(m.group(1))
    return None


def parse_measures(text: str, shown: str) -> MeasureDocument:
    """Parse the official text; raise :class:`HuiminError` listing every problem (with lines)."""
    parser = _Parser(shown)
    for number, raw in enumerate(text.splitlines(), start=1):
        parser.feed(number, raw)
    return parser.finish()


def read_text(src: Path, shown: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Windows tools in China write it."""
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise HuiminError([Problem(shown, 0, 0, "", f"无法读取文件（{exc.strerror}）")]) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise HuiminError([Problem(shown, 0, 0, "文件编码", "无法识别文件编码，请另存为 UTF-8 编码后再导入")])
