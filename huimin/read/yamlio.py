"""Read YAML keeping line and column of every key and value.

Timestamps are not converted by the parser: dates stay text and are checked by the
models, so that ``2023-13-01`` gets our own message instead of a parser crash.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from huimin.model.errors import Problem
from huimin.read.yamlguard import CORE_PATTERNS, DATA, Label, Limits, check_yaml, too_big


class _Constructor(RoundTripConstructor):
    pass


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda constructor, node: str(constructor.construct_scalar(node)),
)

_YAML_HINTS = {
    "could not find expected ':'": "缺少冒号“:”，或上一行的引号没有闭合",
    "mapping values are not allowed here": "此处不能出现冒号“:”（含冒号的文字请加引号）",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "found a tab character": "不能用制表符（Tab）缩进，请改用空格",
    "expected <block end>, but found": "缩进不一致，请检查本行与上一行的对齐",
    "did not find expected key": "缩进不一致或缺少“- ”，请检查本行与上一行的对齐",
    "did not find expected '-' indicator": "列表项缺少“- ”或缩进不一致",
    "found undefined alias": "引用了未定义的锚点（*）",
    "found duplicate key": "同一层出现了重复的字段",
    "while scanning a quoted scalar": "引号没有闭合",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    "expected ',' or ']'": "方括号列表没有闭合，或缺少逗号",
    "expected ',' or '}'": "花括号没有闭合，或缺少逗号",
    "found unknown escape character": "双引号中“\\”后面的转义不认识：文字中的反斜杠请写成两个，或改用单引号",
    "expected escape sequence": "双引号中“\\”后面的转义不完整：文字中的反斜杠请写成两个，或改用单引号",
    "found character that cannot start any token": "此处的字符不能作为值的开头（以 @、` 等开头的文字请加引号）",
    "expected a single document": "一个文件只能有一部分内容（不能用“---”分成几部分）",
    "expected '<document start>'": "一个文件只能有一部分内容（不能用“---”分成几部分）",
}


def _yaml():
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def decode_utf8(data: bytes, shown: str) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (a BOM is accepted); otherwise a Problem naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            shown, line, col, "文件编码",
            "文件不是 UTF-8 编码，请在编辑器中“另存为”UTF-8 编码后再提交",
        )
    return text.removeprefix("\ufeff"), None


def load_yaml_text(text: str, shown: str) -> tuple[Any, Problem | None]:
    """Parse YAML text; return (data, None) or (None, Problem)."""
    try:
        return _yaml().load(text), None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        col = mark.column + 1 if mark else 0
        raw = " ".join(x for x in (exc.context, exc.problem) if x)
        hint = next((v for k, v in _YAML_HINTS.items() if k in raw), None)
        if "found duplicate key" in raw or "duplicate key" in raw:
            hint = _YAML_HINTS["found duplicate key"]
        msg = f"YAML 语法错误：{hint}" if hint else "YAML 语法错误，请检查缩进、冒号和引号"
        return None, Problem(shown, line, col, "YAML", msg)  # the parser's own words are English
    except YAMLError:  # pragma: no cover - unmarked parser errors are rare
        return None, Problem(shown, 0, 0, "YAML", "YAML 语法错误，请检查缩进、冒号和引号")
    except RecursionError:  # pragma: no cover - check_yaml refuses deep nesting first
        return None, Problem(shown, 0, 0, "YAML", "嵌套太深，请检查缩进和括号")


_READ_ERRORS = {  # the system's own words are English
    errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.ENOENT: "文件不存在",
    errno.EISDIR: "这是一个文件夹", errno.ELOOP: "符号链接循环", errno.EIO: "磁盘读取错误",
}


def read_utf8(path: Path, shown: str, max_bytes: int | None = None) -> tuple[str | None, Problem | None]:
    """The text of a UTF-8 file; otherwise a Problem (unreadable, too big, or not UTF-8 with its line).

    With ``max_bytes`` no more than that (and one byte) is ever read into memory.
    """
    try:
        with path.open("rb") as fh:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
            if max_bytes is not None and len(data) > max_bytes:
                size = max(len(data), path.stat().st_size)
                return None, Problem(shown, 0, 0, "", too_big(size, max_bytes))
    except OSError as exc:
        return None, Problem(shown, 0, 0, "", f"无法读取文件（{_READ_ERRORS.get(exc.errno, '系统错误')}）")
    return decode_utf8(data, shown)


def load_yaml_file(path: Path, shown: str) -> tuple[Any, Problem | None]:
    """A small YAML data file as ruamel data, or the first reason it was refused."""
    data, problems = load_yaml_checked(path, shown, DATA)
    return data, problems[0] if problems else None


def load_yaml_checked(path: Path, shown: str, limits: Limits, label: Label | None = None) -> tuple[Any, list[Problem]]:
    """A YAML file as ruamel data (with positions), or every reason it was refused."""
    text, problem = read_utf8(path, shown, limits.max_bytes)
    if problem:
        return None, [problem]
    refused = check_yaml(text, shown, limits, label)
    if refused:
        return None, refused
    data, problem = load_yaml_text(text, shown)
    return data, [problem] if problem else []


def locate(data: Any, loc: tuple) -> tuple[int, int]:
    """1-based (line, column) of the value at ``loc`` inside ruamel data.

    Walks as deep as the data goes; a missing key points at its parent mapping.
    """
    line, col = 1, 1
    node = data
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            kl, kc = node.lc.key(part)
            line, col = kl + 1, kc + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            il, ic = node.lc.item(part)
            line, col = il + 1, ic + 1
            node = node[part]
        else:
            if isinstance(node, (CommentedMap, CommentedSeq)) and line == 1 and col == 1:
                line, col = node.lc.line + 1, node.lc.col + 1
            break
    return line, col


def locate_value(data: Any, loc: tuple) -> tuple[int, int]:
    """Like :func:`locate` but points at the value rather than its key, when there is one."""
    if not loc:
        return locate(data, loc)
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return locate(data, loc)
    last = loc[-1]
    if isinstance(parent, CommentedMap) and last in parent:
        vl, vc = parent.lc.value(last)
        return vl + 1, vc + 1
    return locate(data, loc)


# ---------------------------------------------------------------- fast path
# ruamel keeps positions but parses slowly (≈3 ms a front matter); libyaml is ~20× faster.
# Valid files are read with libyaml under YAML 1.2 core-schema rules (as ruamel reads
# them: ``yes`` is text, ``010`` is 10, dates stay text); a file with any problem is read
# again with ruamel to locate it.

import re as _re  # noqa: E402

import yaml as _libyaml  # noqa: E402


class _FastLoader(_libyaml.CSafeLoader if hasattr(_libyaml, "CSafeLoader") else _libyaml.SafeLoader):
    pass


_FastLoader.yaml_implicit_resolvers = {}
for _tag, _first in (
    ("bool", "tTfF"), ("null", ["~", "n", "N", ""]), ("int", list("-+0123456789")), ("float", list("-+0123456789.")),
):
    _FastLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", _re.compile(CORE_PATTERNS[_tag]), list(_first))


def _int_12(loader, node):
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    return int(value, 0) if value.startswith("0x") else int(value)


def _no_duplicates(loader, node):
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    keys = [k for k, _ in pairs]
    if len(set(map(repr, keys))) != len(keys):
        raise _libyaml.YAMLError("duplicate key")
    return dict(pairs)


_FastLoader.add_constructor("tag:yaml.org,2002:int", _int_12)
_FastLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_FastLoader.add_constructor("tag:yaml.org,2002:map", _no_duplicates)


def load_yaml_fast(text: str) -> tuple[bool, Any]:
    """(True, data) when libyaml reads ``text`` cleanly; (False, None) otherwise."""
    try:
        return True, _libyaml.load(text, Loader=_FastLoader)
    except (_libyaml.YAMLError, ValueError, TypeError):
        return False, None
