"""The 二十条措施: model, parser of the official text, YAML reading and writing.

The official document is plain text laid out like the seed: part headings ``一、…``,
measure paragraphs ``（一）标题。正文……（责任单位：…）``. :func:`parse_measures` turns it
into a :class:`MeasureDocument`; the editors then keep ``content/_data/measures.yml`` and
rewrite each ``summary`` in their own words.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError
from pydantic_core import PydanticCustomError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .errors import HuiminError, Problem, display_path
from .fields import OptText, StrictModel, Text
from .messages import problems_from
from .yamlio import load_yaml_file, locate_value

MAX_PARTS = 3
MAX_MEASURES = 20
SUMMARY_MAX = 120
PLACEHOLDER_MAX = 60
FACT_MAX = 30
DEFAULT_OUT = "content/_data/measures.yml"
DUMP_HEADER = (
    "二十条措施（由 huimin import-measures 从原文生成，可以手工修改）。\n"
    "summary（要点）导入时只是原文首句的占位，请逐条改写为自己的话；再次导入会保留已改写的要点。"
)


# --------------------------------------------------------------------------- model


def _range(lo: int, hi: int):
    def check(value: int) -> int:
        if not lo <= value <= hi:
            raise PydanticCustomError(
                "huimin_range", "应为 {lo} 到 {hi} 之间的整数，实际为 {value}",
                {"lo": lo, "hi": hi, "value": value},
            )
        return value

    return AfterValidator(check)


def _anchor(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise PydanticCustomError(
            "huimin_anchor",
            "锚点“{value}”不合格：只能用小写英文字母、数字和连字符“-”（如 measure-15）",
            {"value": value},
        )
    return value


Anchor = Annotated[Text, AfterValidator(_anchor)]


class Measure(StrictModel):
    """One of the twenty measures."""

    number: Annotated[int, _range(1, MAX_MEASURES)] = Field(
        title="措施序号", description=f"措施序号 1–{MAX_MEASURES}，即原文的（一）至（二十）",
    )
    anchor: Anchor = Field(
        title="锚点", description="页面内的稳定锚点，如 measure-15；链接 measures/#measure-15 依赖它，不要改动",
    )
    title: Text = Field(title="措施标题", description="原文编号后、第一个句号前的短标题，如 强化政策宣传落实")
    units: list[Text] = Field(
        min_length=1, title="责任单位", description="责任单位，每项一个单位，如 市乡村振兴局、各县市区党委、政府",
    )
    facts: list[Text] = Field(
        default=[], title="时限与频次", description="原文中的时限和频次，如 10个工作日内完成识别纳入、每季度不少于1次",
    )
    summary: Annotated[Text, Field(max_length=SUMMARY_MAX)] = Field(
        title="要点",
        description=f"本站用自己的话写的一两句要点（不超过 {SUMMARY_MAX} 个字），不照抄原文",
    )


class Part(StrictModel):
    """One of the parts (一、二、三、) grouping the measures."""

    number: Annotated[int, _range(1, MAX_PARTS)] = Field(title="部分序号", description=f"部分序号 1–{MAX_PARTS}")
    title: Text = Field(title="部分标题", description="部分标题，如 进一步压紧压实责任")
    anchor: Anchor = Field(title="锚点", description="页面内的稳定锚点，如 part-1")
    measures: list[Measure] = Field(min_length=1, title="措施", description="本部分的措施")


class MeasureDocument(StrictModel):
    """The whole document: its title and parts."""

    title: Text = Field(title="文件标题", description="文件标题")
    issuer: OptText | None = Field(default=None, title="印发机关", description="印发机关")
    year: Annotated[int, _range(2000, 2100)] | None = Field(default=None, title="年份", description="印发年份")
    parts: list[Part] = Field(min_length=1, title="部分", description="文件的各个部分")

    def all_measures(self) -> list[Measure]:
        """Every measure, in document order."""
        return [m for part in self.parts for m in part.measures]

    def by_unit(self) -> dict[str, list[Measure]]:
        """Each responsible unit (in order of first mention) with the measures it owns."""
        owners: dict[str, list[Measure]] = {}
        for measure in self.all_measures():
            for unit in measure.units:
                owners.setdefault(unit, []).append(measure)
        return owners


# --------------------------------------------------------------------------- numerals

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(text: str) -> int | None:
    """``十五`` → 15 (1–99); None when it is not a Chinese numeral."""
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if text.count("十") != 1:
        return None
    tens, _, ones = text.partition("十")
    if tens and tens not in _CN_DIGITS or ones and ones not in _CN_DIGITS or len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def int_to_cn(n: int) -> str:
    """15 → ``十五`` (1–99)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


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


# --------------------------------------------------------------------------- YAML

def load_measures(path: Path, shown: str) -> tuple[MeasureDocument | None, list[Problem]]:
    """``content/_data/measures.yml`` validated; (None, problems) when anything is wrong."""
    data, problem = load_yaml_file(path, shown)
    if problem:
        return None, [problem]
    if data is None:
        return None, [Problem(shown, 1, 1, "", "文件为空，至少应有 title: 和 parts: 两项")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, 1, "", "文件内容应为“字段: 值”形式的映射（title、parts）")]
    try:
        doc = MeasureDocument.model_validate(dict(data))
    except ValidationError as exc:
        return None, problems_from(exc, MeasureDocument, data, shown)
    problems = _duplicates(doc, data, shown)
    return (None, problems) if problems else (doc, [])


def _duplicates(doc: MeasureDocument, data: Any, shown: str) -> list[Problem]:
    """Anchors and measure numbers must be unique in the whole document."""
    problems: list[Problem] = []
    anchors: dict[str, str] = {}
    numbers: dict[int, str] = {}

    def check(seen: dict, key: Any, loc: tuple, label: str, what: str) -> None:
        line, col = locate_value(data, loc)
        if key in seen:
            problems.append(Problem(shown, line, col, label, f"{what}“{key}”重复：第 {seen[key]} 行已使用，必须唯一"))
        else:
            seen[key] = str(line)

    for i, part in enumerate(doc.parts):
        check(anchors, part.anchor, ("parts", i, "anchor"), "parts.anchor（锚点）", "锚点")
        for j, measure in enumerate(part.measures):
            loc = ("parts", i, "measures", j)
            check(anchors, measure.anchor, loc + ("anchor",), "parts.measures.anchor（锚点）", "锚点")
            check(numbers, measure.number, loc + ("number",), "parts.measures.number（措施序号）", "措施序号")
    return problems


def dump_measures(doc: MeasureDocument) -> str:
    """The document as block-style YAML with readable Chinese, in the model's key order."""
    root = CommentedMap()
    root.yaml_set_start_comment(DUMP_HEADER)
    root["title"] = doc.title
    if doc.issuer is not None:
        root["issuer"] = doc.issuer
    if doc.year is not None:
        root["year"] = doc.year
    root["parts"] = parts = CommentedSeq()
    for part in doc.parts:
        p = CommentedMap(number=part.number, title=part.title, anchor=part.anchor)
        p["measures"] = measures = CommentedSeq()
        for m in part.measures:
            measures.append(CommentedMap(
                number=m.number, anchor=m.anchor, title=m.title,
                units=list(m.units), facts=list(m.facts), summary=m.summary,
            ))
        parts.append(p)
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


# --------------------------------------------------------------------------- import

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


def import_measures(src: Path, out: Path) -> MeasureDocument:
    """Parse ``src`` and write ``out`` atomically.

    Summaries the editors already rewrote in ``out`` (same anchor and title), and the
    issuer and year, are kept: importing again never loses their work.
    """
    src, out = Path(src), Path(out)
    shown = src.as_posix()
    doc = parse_measures(read_text(src, shown), shown)
    if out.exists():
        old, _ = load_measures(out, out.as_posix())
        if old is not None:
            doc = _keep_edits(doc, old)
    _write_atomically(out, dump_measures(doc))
    return doc


def is_measures_file(path: Path) -> bool:
    """A valid measures document (as ``import-measures`` writes it): safe to import over."""
    doc, _ = load_measures(path, Path(path).as_posix())
    return doc is not None


def _keep_edits(new: MeasureDocument, old: MeasureDocument) -> MeasureDocument:
    kept = {(m.anchor, m.title): m.summary for m in old.all_measures()}
    parts = [
        part.model_copy(update={"measures": [
            m.model_copy(update={"summary": kept.get((m.anchor, m.title), m.summary)}) for m in part.measures
        ]})
        for part in new.parts
    ]
    return new.model_copy(update={
        "parts": parts,
        "issuer": new.issuer if new.issuer is not None else old.issuer,
        "year": new.year if new.year is not None else old.year,
    })


def _write_atomically(out: Path, text: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, out.stat().st_mode & 0o777 if out.exists() else 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def summary_line(doc: MeasureDocument, out: Path | str = DEFAULT_OUT) -> str:
    """``已导入 3 个部分、20 条措施、27 个责任单位 → content/_data/measures.yml``."""
    shown = display_path(out, Path.cwd()) if isinstance(out, Path) else out
    return (
        f"已导入 {len(doc.parts)} 个部分、{len(doc.all_measures())} 条措施、"
        f"{len(doc.by_unit())} 个责任单位 → {shown}"
    )
