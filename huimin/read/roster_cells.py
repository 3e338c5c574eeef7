"""Cells of a roster: as text, with invisible characters and control characters found,
echoed safely in messages, and the few values that need parsing (家庭人口, ID-card numbers)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

_WHOLE = re.compile(r"\d+(?:\.0*)?")
DIGITS_17 = re.compile(r"[0-9]{17}")
_ID_CARD = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# characters that show nothing (category Cf, fillers, variation selectors): removed from every cell
INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0001-\U000e007f]"
)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # tab, LF, CR are whitespace
ODD = re.compile(f"{INVISIBLE.pattern}|{CONTROL.pattern}")
ESCAPED = re.compile(f"{CONTROL.pattern}|{INVISIBLE.pattern}|[\t\n\r\u2028\u2029]")


def echo(value: str, limit: int = 50) -> str:
    """A value as a message may echo it: control and invisible characters as ``<U+001B>``
    (never raw to a terminal or a report), cut after ``limit`` characters."""
    if len(value) > limit:
        value = value[:limit] + "…"
    return ESCAPED.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)


def number_identity(number: str) -> str:
    """What makes two 户编号 the same household: NFKC (full-width digits are digits), no invisible characters."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", number))


def cell_text(value: object) -> str:
    """A cell as trimmed text; Excel numbers as people wrote them (3.0 → 3, 3.6e8 → 360000000)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def looks_like_id_card(text: str) -> bool:
    """An 18-digit number with a birth date (1900–2099) and a valid check digit."""
    for m in _ID_CARD.finditer(text):
        digits = m.group()
        year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
        if not (1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31):
            continue
        total = sum(int(d) * w for d, w in zip(digits, _ID_WEIGHTS))
        if "10X98765432"[total % 11] == digits[-1].upper():
            return True
    return False


def whole_number(value: object, text: str) -> int | None:
    """家庭人口 as a whole number, from an Excel number or from text such as "3" or "3.0";
    any number of more than 9 digits comes back as 10**9 (no int() of a huge string)."""
    if value.__class__ is int:
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return (int(value) if abs(value) < 1e9 else 10**9) if value.is_integer() else None
    if not _WHOLE.fullmatch(text):
        return None
    digits = text.split(".")[0]
    return int(digits) if len(digits) <= 9 else 10**9
