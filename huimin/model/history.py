"""The policy lists' history as data: revisions of policy entries, and the changes shown on the site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

Entry = dict  # a policy's fields as JSON values (dates as YYYY-MM-DD), its file's defaults applied


@dataclass(frozen=True)
class Revision:
    """One commit that changed some policy: ``changes`` maps an id to its new entry (None: gone)."""

    commit: str  # "" for the uncommitted working tree
    day: date | None  # the committer's date; None for the working tree
    changes: dict[str, Entry | None]


@dataclass(frozen=True)
class Change:
    """What one revision did to one policy, in an editor's words."""

    policy: str  # the policy's id
    title: str  # its title after the change (before it, when removed)
    commit: str  # "" for the uncommitted working tree
    day: date | None
    kind: str  # 新增 | 删除 | 失效 | 修改
    lines: tuple[str, ...]  # e.g. 补助标准：由“每生每年1000元”改为“每生每年1500元”
