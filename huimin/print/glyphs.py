"""Every character that goes to print, checked against the print fonts before anything is typeset.

Typst stops a whole PDF/UA document at the first character none of its fonts can show
("the text … could not be displayed"), naming the template. ``huimin check`` and
``huimin build`` find such characters first and name the file, line and field instead.

A character is covered when a font of one of the print families (``print_fonts``, with the
free fallbacks; :func:`huimin.print.fonts.font_families`) has it: the families Typst is told
to use, as Typst finds them in :func:`huimin.print.fonts.font_dirs`. Their character maps
are read with fontTools once per process.
"""

from __future__ import annotations

import bisect
import struct
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from huimin.model.errors import HuiminError, Problem
from huimin.model.household import Household
from huimin.model.policy import Policy
from huimin.model.settings import Settings
from huimin.model.submission import SubmissionMeta
from huimin.print.blocks import markdown_blocks
from huimin.print.fonts import font_dirs, font_families
from huimin.read.project import Project

# Laid out as space or line breaks: Typst needs no glyph for them. Other control characters
# need one (and no font has it), as do the format characters that show a sign (U+0600…).
_SPACING = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
_SHOWN_FORMAT = ((0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
                 (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1345F))
# Default-ignorable code points that are not format characters (Unicode's DerivedCoreProperties)
_IGNORED_RANGES = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
                   (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0000, 0xE0FFF))
POLICY_FIELDS = ("title", "category", "department", "summary", "targets", "standard", "conditions",
                 "contact", "basis", "procedure", "body")  # what the handbook and the cards print
MARKDOWN_FIELDS = ("procedure", "body")
SUBMISSION_FIELDS = ("title", "unit", "author", "summary")  # and the body: what a brief prints
SETTINGS_FIELDS = ("city", "bureau", "hotline", "site_url")
ADVICE = "请改用常用汉字或删去"


class Coverage:
    """The characters some font of the families has, as sorted code point ranges."""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]
        self._seen: dict[str, bool] = {}
        self._good: set[str] = set()  # characters known to be covered: most texts have only these
        self._good_texts: set[str] = set()  # texts checked before (huimin serve checks after every save)

    def __contains__(self, char: str) -> bool:
        known = self._seen.get(char)
        if known is None:
            code = ord(char)
            i = bisect.bisect_right(self._starts, code) - 1
            if char in _SPACING or _ignorable(char):
                known = True
            elif unicodedata.category(char) == "Cc":
                known = False
            elif i >= 0 and code <= self._ends[i]:
                known = True
            else:  # a precomposed letter is drawn as its base and marks (Typst decomposes it)
                parts = unicodedata.normalize("NFD", char)
                known = parts != char and all(p in self for p in parts)
            self._seen[char] = known
            if known:
                self._good.add(char)
        return known

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` no font has, each once, in order."""
        if text in self._good_texts:
            return []
        if self._good.issuperset(text):
            self._good_texts.add(text)
            return []
        return [c for c in dict.fromkeys(text) if c not in self]


def _ignorable(char: str) -> bool:
    """Never drawn (zero-width spaces and joiners, marks of direction, variation selectors)."""
    code = ord(char)
    if unicodedata.category(char) == "Cf":
        return not any(lo <= code <= hi for lo, hi in _SHOWN_FORMAT)
    return any(lo <= code <= hi for lo, hi in _IGNORED_RANGES)


@lru_cache(maxsize=8)
def coverage(dirs: tuple[str, ...], families: tuple[str, ...]) -> Coverage:
    """What the fonts of ``families`` in ``dirs`` cover (cached: reading the maps takes ~10 ms)."""
    import typst

    wanted = {f.lower() for f in families}
    found = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=list(dirs)).fonts()
    ranges: list[tuple[int, int]] = []
    for info in found:
        if info.family.lower() in wanted and info.path:
            ranges += _font_ranges(info.path, info.index)
    return Coverage(ranges)


@lru_cache(maxsize=64)
def _font_ranges(path: str, index: int) -> tuple[tuple[int, int], ...]:
    """The code point ranges of a font's character map (a CJK font's has ~45,000 entries:
    its format-12 groups are read as they are stored, not expanded into a dictionary)."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(path, fontNumber=index, lazy=True)
        raw = font.reader["cmap"]
        _, count = struct.unpack_from(">HH", raw, 0)
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", raw, 4 + 8 * i)
            if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and struct.unpack_from(">H", raw, offset)[0] == 12:
                groups = struct.unpack_from(">I", raw, offset + 12)[0]
                return tuple((s, e) for s, e, _ in struct.iter_unpack(">III", raw[offset + 16:offset + 16 + 12 * groups]))
        return tuple((c, c) for c in (font.getBestCmap() or {}))
    except Exception:  # noqa: BLE001 - a broken font file covers nothing; Typst skips it too
        return ()


def print_coverage(project: Project) -> Coverage:
    fonts = font_families(getattr(project.settings, "print_fonts", None))
    families = tuple(dict.fromkeys(name for names in fonts.values() for name in names))
    return coverage(tuple(font_dirs(project.root)), families)


# ---------------------------------------------------------------- what goes to print


def glyph_problems(project: Project, submissions: bool = True) -> list[Problem]:
    """A located problem for each character of printed text that no print font has
    (settings, policies and, unless ``submissions`` is false, the monthly submissions)."""
    cover = print_coverage(project)
    problems: list[Problem] = []
    files = _Files(project.root)
    for field, text in _settings_texts(project.settings):
        for char in cover.missing(text):
            problems.append(files.settings_problem(field, char))
    for policy in project.policies:
        for field, text in _policy_texts(policy):
            for char in cover.missing(text):
                problems.append(files.policy_problem(policy, field, char))
    for item in project.submissions if submissions else []:
        for field, text in _submission_texts(item.meta, item.body):
            for char in cover.missing(text):
                problems.append(files.submission_problem(item.path, field, char))
    return list(dict.fromkeys(problems))


def check_glyphs(project: Project, submissions: bool = True) -> None:
    """Raise :class:`HuiminError` listing every character that cannot be printed."""
    problems = glyph_problems(project, submissions)
    if problems:
        raise HuiminError(problems)


HOUSEHOLD_FIELDS = {"number": "户编号", "unit": "县市区", "township": "乡镇", "village": "村", "head": "户主姓名",
                    "household_type": "户类型", "monitor_type": "监测类型", "helper": "帮扶责任人",
                    "helper_phone": "帮扶责任人电话"}


def household_problems(project: Project, households: Iterable[Household], shown: str) -> list[Problem]:
    """A roster's values that the cards cannot print (a rare character in a name), by row."""
    cover = print_coverage(project)
    problems = []
    for h in households:
        for field, label in HOUSEHOLD_FIELDS.items():
            for char in cover.missing(getattr(h, field) or ""):
                problems.append(Problem(shown, h.row, 0, label, f"{shown_char(char)}在打印字体中没有，明白卡印不出来："
                                        "请改用常用字（生僻字可写同音字并在备注中说明）或删去"))
    return problems


def _settings_texts(settings: Settings) -> Iterator[tuple[str, str]]:
    for field in SETTINGS_FIELDS:
        value = getattr(settings, field, None)
        if value:
            yield field, str(value)


def _policy_texts(p: Policy) -> Iterator[tuple[str, str]]:
    for field in POLICY_FIELDS:
        value = getattr(p, field, None)
        if not value:
            continue
        if isinstance(value, (list, tuple)):
            value = "\n".join(str(v) for v in value)
        yield field, _printed(value) if field in MARKDOWN_FIELDS else str(value)


def _submission_texts(meta: SubmissionMeta, body: str) -> Iterator[tuple[str, str]]:
    for field in SUBMISSION_FIELDS:
        value = getattr(meta, field, None)
        if value:
            yield field, str(value)
    if body:
        yield "body", _printed(body)


def _printed(markdown: str) -> str:
    """Markdown as written, plus what its character references print as (``&#3493;``)."""
    if "&" not in markdown:
        return markdown
    texts = []

    def walk(node) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v)

    walk(markdown_blocks(markdown))
    return markdown + "\n" + "\n".join(texts)


# ---------------------------------------------------------------- where it is written


def shown_char(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if unicodedata.category(char)[0] in "CZ":  # control, format, unassigned, separators: never echoed raw
        return f"不可见字符（{code}）"
    return f"字“{char}”（{code}）"


class _Files:
    """The files that problems point into, read once each (only when there is a problem)."""

    def __init__(self, root: Path):
        self.root = root
        self._texts: dict[str, str] = {}
        self._yaml: dict[str, object] = {}

    def text(self, shown: str) -> str:
        if shown not in self._texts:
            try:
                self._texts[shown] = (self.root / shown).read_text(encoding="utf-8")
            except (OSError, UnicodeError):
                self._texts[shown] = ""
        return self._texts[shown]

    def policy_problem(self, p: Policy, field: str, char: str) -> Problem:
        from huimin.read.yamlio import load_yaml_text, locate_value

        shown, line, column = p.source
        text = self.text(shown)
        if shown not in self._yaml:
            self._yaml[shown] = load_yaml_text(text, shown)[0]
        data = self._yaml[shown]
        entries = data.get("policies") if isinstance(data, dict) else None
        index = next((i for i, e in enumerate(entries or []) if isinstance(e, dict) and str(e.get("id")) == p.id), None)
        if index is not None and field in entries[index]:
            start = locate_value(data, ("policies", index, field))
            end = locate_value(data, ("policies", index + 1)) if index + 1 < len(entries) else None
        elif isinstance(data, dict) and field in data:  # the file's default category or department
            start, end = locate_value(data, (field,)), None
        else:
            start, end = (line, column), None
        line, column = _find(text, char, start, end)
        label = f"{field}（{Policy.model_fields[field].title}）"
        return Problem(shown, line, column, label, f"{shown_char(char)}在打印字体中没有，读本和明白卡印不出来：{ADVICE}")

    def submission_problem(self, shown: str, field: str, char: str) -> Problem:
        text = self.text(shown)
        lines = text.split("\n")
        end_of_meta = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        if field == "body":
            start, label = (end_of_meta + 2, 1), "正文"
        else:
            start = _key_line(lines[:end_of_meta], field)
            label = f"{field}（{SubmissionMeta.model_fields[field].title}）"
        line, column = _find(text, char, start, None)
        return Problem(shown, line, column, label, f"{shown_char(char)}在打印字体中没有，每月汇编简报印不出来：{ADVICE}")

    def settings_problem(self, field: str, char: str) -> Problem:
        shown = "huimin.yml"
        text = self.text(shown)
        line, column = _find(text, char, _key_line(text.split("\n"), field), None) if text else (0, 0)
        label = f"{field}（{Settings.model_fields[field].title}）"
        return Problem(shown, line, column, label, f"{shown_char(char)}在打印字体中没有，读本、明白卡和简报印不出来：{ADVICE}")


def _key_line(lines: list[str], key: str) -> tuple[int, int]:
    """(line, 1) of the first line that starts with ``key:``, else (1, 1)."""
    for i, text in enumerate(lines):
        if text.startswith((f"{key}:", f"{key} :")):
            return i + 1, 1
    return 1, 1


def _find(text: str, char: str, start: tuple[int, int], end: tuple[int, int] | None) -> tuple[int, int]:
    """(line, column) of ``char`` at or after ``start`` (before ``end``); else ``start`` itself
    (the character written as an escape, such as "\\u0DA5")."""
    begin = _offset(text, *start)
    stop = _offset(text, *end) if end else len(text)
    at = text.find(char, begin, stop)
    if at < 0:
        return start
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    at = 0
    for _ in range(max(line, 1) - 1):
        nl = text.find("\n", at)
        if nl < 0:
            return len(text)
        at = nl + 1
    return at + max(column, 1) - 1
