"""Hostile YAML is refused before it becomes data: size, depth, anchors, tags, characters.

Both YAML libraries build data recursively (thousands of nested brackets end in a
RecursionError) and share aliased nodes, which validation then walks once per reference
(a "billion laughs" bomb of ten aliases per level needs gigabytes). So every file is
first walked as a flat stream of parser events — libyaml's, or ruamel's where libyaml
gives up — which needs no recursion and expands nothing, and is stopped at the first
node beyond a limit. Only a file that passes is built into data.

Characters the parser refuses (control characters) are found in the raw text first, at
their exact line and column; the field they are in is found by walking the text with
them blanked out. Characters that only a double-quoted escape produces (``"\\e"``,
``"\\ud800"``) are found in the parsed values, located at the value.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml as _libyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as _RuamelError

from huimin.model.errors import Problem, escape_text

KB = 1024
MB = 1024 * KB


@dataclass(frozen=True)
class Limits:
    """How much of a YAML text is read at all; anything beyond is refused, located."""

    max_bytes: int  # the file (or front matter) in UTF-8 bytes
    max_depth: int = 20  # lists and mappings inside each other (a policy list needs 5)
    max_items: int = 1000  # entries of one list or mapping (policies of one file)
    max_nodes: int = 60_000  # keys and values of the whole file


POLICY_LIST = Limits(5 * MB)
FRONT_MATTER = Limits(256 * KB, max_items=200, max_nodes=5_000)
SETTINGS = Limits(1 * MB)
DATA = Limits(1 * MB)  # measures.yml and other small data files
MARKDOWN_MAX_BYTES = 10 * MB  # a whole submission or experience, body included
MAX_FINDINGS = 50  # per file: enough to act on, never a flood
LABEL_DEPTH = 6  # a field is named by at most this much of its path (policies.3.eligibility.member_tags.0)

_LOADER = getattr(_libyaml, "CSafeLoader", _libyaml.SafeLoader)
Label = Callable[[tuple], str]

# YAML 1.2 core schema, as both our readers resolve plain scalars.
CORE_PATTERNS: dict[str, str] = {
    "bool": r"^(?:true|True|TRUE|false|False|FALSE)$",
    "null": r"^(?:~|null|Null|NULL|)$",
    "int": r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
    "float": r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
}
_CORE = "tag:yaml.org,2002:"
_TAG_VALUES = {_CORE + name: re.compile(pattern) for name, pattern in CORE_PATTERNS.items()}
_TAGS_OK = {None, "!", _CORE + "str", _CORE + "map", _CORE + "seq", *_TAG_VALUES}

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_OTHER_BAD = "\ud800-\udfff\ue000-\uf8ff\ufffe\uffff\U000f0000-\U0010ffff"
RAW_BAD = re.compile(f"[{_CONTROL}{_OTHER_BAD}]|\r(?!\n)")  # CR only as part of CRLF
VALUE_BAD = re.compile(f"[{_CONTROL}\r{_OTHER_BAD}]")

_C0_NAMES = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
             "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US").split()


def bad_character(char: str) -> str:
    """Why ``char`` may not appear in any text, e.g. ``含有控制字符 U+001B（ESC），请删去``."""
    code = ord(char)
    point = f"U+{code:04X}"
    if code < 0x20:
        return f"含有控制字符 {point}（{_C0_NAMES[code]}），请删去"
    if code == 0x7F:
        return f"含有控制字符 {point}（DEL），请删去"
    if code <= 0x9F:
        return f"含有控制字符 {point}，请删去"
    if 0xD800 <= code <= 0xDFFF:
        return f"含有无效字符 {point}（孤立的代理码位，不是文字），请删去"
    if code in (0xFFFE, 0xFFFF):
        return f"含有无效字符 {point}（非字符），请删去"
    return f"含有私用区字符 {point}（各电脑显示不一，印刷字体中没有），请删去或改用标准汉字"


def check_yaml(text: str, shown: str, limits: Limits, label: Label | None = None) -> list[Problem]:
    """Every reason to refuse ``text`` before building it into data (empty: safe to load)."""
    label = label or _plain_label
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        return [Problem(shown, 0, 0, "", too_big(size, limits.max_bytes))]
    raw = _raw_characters(text)
    if raw:
        blank = RAW_BAD.sub(" ", text)
        walk = _walk(blank, limits, spans=True)
        where = [span[0] for span in walk.spans]
        problems = []
        for line, col, char in raw:
            i = bisect.bisect_right(where, (line, col)) - 1
            inside = i >= 0 and walk.spans[i][1] >= (line, col)
            field = label(walk.spans[i][2][:LABEL_DEPTH]) if inside else ""
            problems.append(Problem(shown, line, col, field, bad_character(char)))
        return problems
    walk = _walk(text, limits)
    return [Problem(shown, line, col, label(loc[:LABEL_DEPTH]), message) for line, col, loc, message in walk.findings]


def too_big(size: int, limit: int) -> str:
    return f"文件太大：不能超过 {_size(limit)}，现有 {_size(size)}"


def _size(n: int) -> str:
    """``5 MB``, ``5.1 MB``, ``256 KB``: rounded up, so a size over a limit never reads as the limit."""
    unit, name = (MB, "MB") if n >= MB else (KB, "KB")
    return f"{math.ceil(n * 10 / unit) / 10:.1f}".removesuffix(".0") + " " + name


def _plain_label(loc: tuple) -> str:
    return ".".join(p for p in loc if isinstance(p, str))


def _raw_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of the characters no YAML file may hold; one per line.
    Linear in the file: after a finding the search goes on at the next line (a line of
    300,000 ESC characters is one finding, not 300,000 counts from the file's start)."""
    found: list[tuple[int, int, str]] = []
    pos, line, line_start = 0, 1, 0
    while len(found) < MAX_FINDINGS:
        m = RAW_BAD.search(text, pos)
        if m is None:
            break
        start = m.start()
        newlines = text.count("\n", pos, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", pos, start) + 1
        found.append((line, start - line_start + 1, m.group()))
        end = text.find("\n", start)
        if end == -1:
            break
        pos, line, line_start = end + 1, line + 1, end + 1
    return found


class _Frame:
    __slots__ = ("is_map", "loc", "count", "key", "in_key")

    def __init__(self, is_map: bool, loc: tuple):
        self.is_map, self.loc, self.count, self.key, self.in_key = is_map, loc, 0, None, True


class _Walker:
    """Follows parser events, keeping the path (keys and indexes) of the current node."""

    def __init__(self, limits: Limits, spans: bool):
        self.limits = limits
        self.stack: list[_Frame] = []
        self.nodes = 0
        self.findings: list[tuple[int, int, tuple, str]] = []
        self.spans: list = [] if spans else None
        self.stop = False

    def _refuse(self, mark, loc: tuple, message: str, fatal: bool = False) -> None:
        self.findings.append((mark.line + 1, mark.column + 1, loc, message))
        self.stop = fatal or len(self.findings) >= MAX_FINDINGS

    def _place(self, event) -> tuple[tuple, bool]:
        """(path of this node, is it a mapping key), counting it in its parent."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if not top.is_map:
            top.count += 1
            return top.loc + (top.count - 1,), False
        if top.in_key:
            top.in_key = False
            top.count += 1
            top.key = getattr(event, "value", None)
            return top.loc + (top.key,), True
        top.in_key = True
        return top.loc + (top.key,), False

    def event(self, event) -> None:
        kind = type(event).__name__
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            self.stack.pop()
            return
        if kind not in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"):
            return
        loc, is_key = self._place(event)
        mark, limits = event.start_mark, self.limits
        self.nodes += 1
        if self.stack and self.stack[-1].count > limits.max_items:
            what = f"字段太多：一层最多 {limits.max_items} 个" if self.stack[-1].is_map else f"列表太长：最多 {limits.max_items} 项"
            return self._refuse(mark, self.stack[-1].loc, f"{what}，请拆分为几个文件", True)
        if self.nodes > limits.max_nodes:
            return self._refuse(mark, loc, f"文件内容太多：最多 {limits.max_nodes} 个字段和值，请拆分为几个文件", True)
        if kind == "AliasEvent":
            return self._refuse(mark, loc, f"不能使用引用“*{escape_text(event.anchor)}”：请把内容直接写出来", True)
        if event.anchor is not None:
            return self._refuse(mark, loc, f"不能使用锚点“&{escape_text(event.anchor)}”：请把内容直接写出来", True)
        tag = event.tag
        if tag not in _TAGS_OK or (tag in _TAG_VALUES and not _TAG_VALUES[tag].match(getattr(event, "value", "?"))):
            shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
            self._refuse(mark, loc, f"不能使用 YAML 标记“{escape_text(shown)}”：请直接写值（文字可加引号）")
        if kind == "ScalarEvent":
            if self.spans is not None:
                end = event.end_mark
                self.spans.append(((mark.line + 1, mark.column + 1), (end.line + 1, end.column + 1), loc))
            bad = VALUE_BAD.search(event.value)
            if bad:
                self._refuse(mark, loc, bad_character(bad.group()))
            return
        if is_key:
            return self._refuse(mark, loc, "字段名应为文字，不能是列表或映射", True)
        if len(self.stack) >= limits.max_depth:
            return self._refuse(mark, loc, f"嵌套太深：列表和映射最多套 {limits.max_depth} 层，请检查缩进和括号", True)
        self.stack.append(_Frame(kind == "MappingStartEvent", loc))


def _walk(text: str, limits: Limits, spans: bool = False) -> _Walker:
    """The walk of ``text`` by libyaml, or by ruamel when libyaml refuses the text.

    A text that neither parser reads is not refused here: its syntax error is reported
    by the loader, which stops at the same place (below any limit).
    """
    for events in (lambda: _libyaml.parse(text, Loader=_LOADER), lambda: YAML(typ="rt").parse(text)):
        walker = _Walker(limits, spans)
        try:
            for event in events():
                walker.event(event)
                if walker.stop:
                    return walker
            return walker
        except (_libyaml.YAMLError, _RuamelError):
            continue
    return walker
