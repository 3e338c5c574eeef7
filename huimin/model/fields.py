"""Reusable field types shared by every input model (text, dates, strict models)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints
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


Text = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1)]
"""Required text: numbers are accepted as text, surrounding blanks removed, never empty."""

OptText = Annotated[str, BeforeValidator(_text)]
"""Optional text (may be empty)."""

IsoDate = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar date written YYYY-MM-DD."""

IsoMonth = Annotated[str, BeforeValidator(_iso_month)]
"""A month written YYYY-MM."""
