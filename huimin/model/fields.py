"""Reusable field types shared by every input model (text, dates, strict models)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Strict, StringConstraints
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class StrictModel(BaseModel):
    """Input models forbid unknown keys: a typo must never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _text(value: Any) -> Any:
    # Numbers written bare in YAML (a phone number such as 12317) are text to us.
    if isinstance(value, bool):
        return value  # rejected by the str validator with a clear message
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("huimin_date", "bad date", {"shown": _shown(value)})


def _iso_month(value: Any) -> Any:
    if isinstance(value, str):
        m = _ISO_MONTH.match(value.strip())
        if m and 1 <= int(m.group(2)) <= 12:
            return value.strip()
    raise PydanticCustomError("huimin_month", "bad month", {"shown": _shown(value)})


def _shown(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


TEXT_MAX = 20_000
TITLE_MAX = 200
ID_MAX = 64
BRACKETS_MAX = 1000  # "[" in one text: Python-Markdown pairs each with a scan of the rest (quadratic)


def bracket_problem(text: str) -> str | None:
    """Why ``text`` has too many "[" to render as Markdown in bounded time (5,000 unclosed
    ones take 8 s; 1,000 take 0.3 s), or None."""
    count = text.count("[")
    if count <= BRACKETS_MAX:
        return None
    return (f"方括号“[”过多：不能超过 {BRACKETS_MAX} 个，现有 {count} 个（每个链接 [文字](网址) 用一个）："
            "请删去多余的方括号")


def _few_brackets(value: str) -> str:
    problem = bracket_problem(value)
    if problem:
        raise PydanticCustomError("huimin_brackets", problem)
    return value


Text = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=TEXT_MAX),
                 AfterValidator(_few_brackets)]
"""Required text: numbers are accepted as text, surrounding blanks removed, never empty."""

OptText = Annotated[str, BeforeValidator(_text), StringConstraints(max_length=TEXT_MAX), AfterValidator(_few_brackets)]
"""Optional text (may be empty)."""

Title = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1, max_length=TITLE_MAX)]
"""A title: required text of at most TITLE_MAX characters (it is set in large type in print)."""

StrictBool = Annotated[bool, Strict()]
"""Only ``true`` or ``false``: ``"yes"``, ``"true"`` (quoted) and 1 are refused."""

StrictInt = Annotated[int, Strict()]
"""Only a whole number: ``"3"``, ``3.0`` and ``true`` are refused."""

# ---------------------------------------------------------------- identifiers

_HIDDEN_NAMES = {
    0x00AD: "软连字符", 0x200B: "零宽空格", 0x200C: "零宽不连字", 0x200D: "零宽连字",
    0x200E: "从左到右标记", 0x200F: "从右到左标记", 0x2060: "零宽不换行", 0xFEFF: "零宽不换行空格",
}
_FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}


def is_hidden(char: str) -> bool:
    """A character that shows as nothing: zero-width spaces and joiners, direction marks…"""
    return unicodedata.category(char) == "Cf" or char in _FILLERS


def hidden_name(char: str) -> str:
    """``U+200B（零宽空格）``."""
    return f"U+{ord(char):04X}（{_HIDDEN_NAMES.get(ord(char), '看不见的格式字符')}）"


def show_hidden(text: str) -> str:
    """``text`` with every invisible character written out as ``<U+200B>``."""
    return "".join(f"<U+{ord(c):04X}>" if is_hidden(c) else c for c in text)


def identifier(text: str) -> str:
    """How identifiers (unit names, policy targets) are compared: NFKC (full-width letters
    and digits as half-width), invisible characters removed, blanks trimmed."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not is_hidden(c)).strip()


def _plain_id(value: Any) -> Any:
    # An id that only looks right: refused with what is wrong, never silently fixed.
    if not isinstance(value, str):
        return value
    if len(value) > ID_MAX:
        raise PydanticCustomError(
            "huimin_id_long", "编号太长：不能超过 {max} 个字符，现有 {n} 个", {"max": ID_MAX, "n": len(value)},
        )
    hidden = next((c for c in value if is_hidden(c)), None)
    if hidden is not None:
        raise PydanticCustomError(
            "huimin_id_hidden", "编号“{shown}”含有看不见的字符 {char}，请删去",
            {"shown": show_hidden(value), "char": hidden_name(hidden)},
        )
    normal = unicodedata.normalize("NFKC", value)
    if normal != value:
        raise PydanticCustomError(
            "huimin_id_wide", "编号“{value}”含有全角字符，请改用半角（英文输入法）：{normal}",
            {"value": value, "normal": normal},
        )
    return value


def Identifier(pattern: str) -> Any:  # noqa: N802 - a type factory
    """A plain identifier matching ``pattern``: half-width, visible, at most ID_MAX characters."""
    return Annotated[str, Strict(), BeforeValidator(_plain_id), StringConstraints(pattern=pattern)]

IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar date written YYYY-MM-DD."""

IsoMonth = Annotated[str, BeforeValidator(_iso_month)]
"""A month written YYYY-MM."""
