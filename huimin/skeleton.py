"""``huimin new``: valid skeletons for editors, in the right folder with a pinyin file name."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from huimin.model.errors import HuiminError
from huimin.model.settings import Settings
from huimin.model.submission import KINDS
from huimin.read.mistakes import (
    BODY_PLACEHOLDER,
    EXPERIENCE_HEADINGS,
    SUBMISSION_HEADINGS,
    SUMMARY_PLACEHOLDER,
    TITLE_PLACEHOLDER,
)
from huimin.read.submissions import EXPERIENCE_DIR, SUBMISSIONS_DIR
from huimin.rules.slugs import slugify

SUBMISSION = """\
---
title: {unit}{title}
unit: {unit}
month: {month}
kind: {kind}
date: {today}
summary: {summary}，用于简报摘要。
author: {unit}乡村振兴局
---
## {h1}

{body}

## {h2}

"""

EXPERIENCE = """\
---
title: {unit}{title}
unit: {unit}
date: {today}
summary: {summary}。
measures: []
recognitions: []
# recognitions 示例：
#   - level: 省级        # 国家级 | 省级 | 市级 | 中央主流媒体 | 省主流媒体
#     what: 在全省会议上交流发言
#     date: {today}
---
## {h1}

## {h2}

## {h3}

"""


def _check_unit(unit: str, settings: Settings) -> None:
    known = list(settings.units) + list(settings.other_units)
    if unit not in known:
        raise HuiminError(f"--unit: 未知单位“{unit}”，应为：{'、'.join(known)}")


def submission_folder(root: Path, settings: Settings, unit: str, kind: str, month: str | None,
                      today: date | None = None) -> tuple[str, Path, date]:
    """Check --unit and --kind; the month (default: today's), its submissions folder and today."""
    _check_unit(unit, settings)
    if kind not in KINDS:
        raise HuiminError(f"--kind: 应为 {'、'.join(KINDS)} 之一，实际为“{kind}”")
    today = today or date.today()
    month = month or today.strftime("%Y-%m")
    return month, root / SUBMISSIONS_DIR / month, today


def _free_path(folder: Path, stem: str) -> Path:
    path, n = folder / f"{stem}.md", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}.md", n + 1
    return path


def new_submission(root: Path, settings: Settings, unit: str, kind: str, month: str | None,
                   today: date | None = None) -> Path:
    month, folder, today = submission_folder(root, settings, unit, kind, month, today)
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_path(folder, f"{slugify(unit)}-{slugify(kind[:2])}-{today.strftime('%m%d')}")
    text = SUBMISSION.format(unit=unit, month=month, kind=kind, today=_day_in(month, today).isoformat(),
                             title=TITLE_PLACEHOLDER, summary=SUMMARY_PLACEHOLDER, body=BODY_PLACEHOLDER,
                             h1=SUBMISSION_HEADINGS[0], h2=SUBMISSION_HEADINGS[1])
    path.write_text(text, encoding="utf-8")
    return path


def _day_in(month: str, today: date) -> date:
    """The receipt date to suggest: today, or the last day of an earlier month (a date must
    fall within the month the item counts for), or the first day of a later one."""
    if today.strftime("%Y-%m") == month:
        return today
    year, mon = int(month[:4]), int(month[5:])
    first = date(year, mon, 1)
    if first > today:
        return first
    return date(year + mon // 12, mon % 12 + 1, 1) - timedelta(days=1)


def new_experience(root: Path, settings: Settings, unit: str, today: date | None = None) -> Path:
    _check_unit(unit, settings)
    today = today or date.today()
    folder = root / EXPERIENCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_path(folder, f"{slugify(unit)}-{today.isoformat()}")
    path.write_text(EXPERIENCE.format(
        unit=unit, today=today.isoformat(), title=TITLE_PLACEHOLDER, summary=SUMMARY_PLACEHOLDER,
        h1=EXPERIENCE_HEADINGS[0], h2=EXPERIENCE_HEADINGS[1], h3=EXPERIENCE_HEADINGS[2]), encoding="utf-8")
    return path
