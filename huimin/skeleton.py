"""``huimin new``: valid skeletons for editors, in the right folder with a pinyin file name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from huimin.model.errors import HuiminError
from huimin.model.settings import Settings
from huimin.model.submission import KINDS
from huimin.read.submissions import EXPERIENCE_DIR, SUBMISSIONS_DIR
from huimin.rules.slugs import slugify

SUBMISSION = """\
---
title: {unit}（请填写标题）
unit: {unit}
month: {month}
kind: {kind}
date: {today}
summary: 请用一到两句话概括（不超过 200 个字），用于简报摘要。
author: {unit}乡村振兴局
---
## 主要做法

（正文，Markdown 格式）

## 取得成效

"""

EXPERIENCE = """\
---
title: {unit}（请填写标题）
unit: {unit}
date: {today}
summary: 请用一到两句话概括（不超过 200 个字）。
measures: []
recognitions: []
# recognitions 示例：
#   - level: 省级        # 国家级 | 省级 | 市级 | 中央主流媒体 | 省主流媒体
#     what: 在全省会议上交流发言
#     date: {today}
---
## 背景

## 做法

## 成效

"""


def _check_unit(unit: str, settings: Settings) -> None:
    known = list(settings.units) + list(settings.other_units)
    if unit not in known:
        raise HuiminError(f"--unit: 未知单位“{unit}”，应为：{'、'.join(known)}")


def _free_path(folder: Path, stem: str) -> Path:
    path, n = folder / f"{stem}.md", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}.md", n + 1
    return path


def new_submission(root: Path, settings: Settings, unit: str, kind: str, month: str | None,
                   today: date | None = None) -> Path:
    _check_unit(unit, settings)
    if kind not in KINDS:
        raise HuiminError(f"--kind: 应为 {'、'.join(KINDS)} 之一，实际为“{kind}”")
    today = today or date.today()
    month = month or today.strftime("%Y-%m")
    folder = root / SUBMISSIONS_DIR / month
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_path(folder, f"{slugify(unit)}-{slugify(kind[:2])}-{today.strftime('%m%d')}")
    path.write_text(SUBMISSION.format(unit=unit, month=month, kind=kind, today=today.isoformat()), encoding="utf-8")
    return path


def new_experience(root: Path, settings: Settings, unit: str, today: date | None = None) -> Path:
    _check_unit(unit, settings)
    today = today or date.today()
    folder = root / EXPERIENCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_path(folder, f"{slugify(unit)}-{today.isoformat()}")
    path.write_text(EXPERIENCE.format(unit=unit, today=today.isoformat()), encoding="utf-8")
    return path
