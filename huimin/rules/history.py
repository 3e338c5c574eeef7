"""What each revision of the policy lists changed, in an editor's words (pure).

Policies are matched across revisions by id: a changed id reads as 删除 of the old one and
新增 of the new one. Fields are named by their Chinese labels (the model's titles); short
values are quoted (补助标准：由“…”改为“…”), long texts and Markdown only named (办理流程 已修改).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from huimin.model.errors import escape_text
from huimin.model.fields import show_hidden
from huimin.model.history import Change, Entry, Revision
from huimin.model.policy import Eligibility, Policy

PER_POLICY = 50  # changes listed on a policy's page, newest first
RECENT = 100  # changes in the feed and on the changes page
SHORT = 40  # characters: a value up to this long (one line) is quoted, a longer one only named
# 补助标准 is what a family reads the history for: quoted up to this long (a typical one is 50-120 characters)
SHORT_BY_FIELD = {"standard": 150}
ALWAYS_NAMED = {"procedure", "body"}  # Markdown: only ever "已修改"
PERIOD = ("effective_from", "effective_until")

_LABELS = {name: f.title or name for name, f in Policy.model_fields.items()}
_SUB_LABELS = {name: f.title or name for name, f in Eligibility.model_fields.items()}
_ORDER = [name for name in Policy.model_fields if name != "id"]


@dataclass
class PolicyHistory:
    by_policy: dict[str, list[Change]] = field(default_factory=dict)  # newest first, at most PER_POLICY
    left_out: dict[str, int] = field(default_factory=dict)  # older changes not listed, per policy
    recent: list[Change] = field(default_factory=list)  # committed changes of every policy, newest first

    def last_updated(self, policy_id: str) -> date | None:
        """The date of the policy's latest committed change."""
        return next((c.day for c in self.by_policy.get(policy_id, []) if c.day is not None), None)


def policy_changes(base: dict[str, Entry], revisions: Iterable[Revision], today: date,
                   per_policy: int = PER_POLICY, recent: int = RECENT) -> PolicyHistory:
    """Walk the revisions from ``base``; ``today`` dates the uncommitted revision (for 失效)."""
    state = dict(base)
    every: list[Change] = []
    for rev in revisions:
        for pid in sorted(rev.changes):
            new = rev.changes[pid]
            change = describe(pid, state.get(pid), new, rev.commit, rev.day, today)
            if new is None:
                state.pop(pid, None)
            else:
                state[pid] = new
            if change is not None:
                every.append(change)
    history = PolicyHistory()
    for change in reversed(every):
        listed = history.by_policy.setdefault(change.policy, [])
        if len(listed) < per_policy:
            listed.append(change)
        else:
            history.left_out[change.policy] = history.left_out.get(change.policy, 0) + 1
    history.recent = [c for c in reversed(every) if c.day is not None][:recent]
    return history


def describe(pid: str, old: Entry | None, new: Entry | None, commit: str = "", day: date | None = None,
             today: date | None = None) -> Change | None:
    """One policy's change in one revision, or None when nothing shown changed."""
    title = _shown(str((new or old or {}).get("title") or pid))
    if old is None and new is None:
        return None
    if old is None:
        return Change(pid, title, commit, day, "新增", ("新增",))
    if new is None:
        return Change(pid, title, commit, day, "删除", ("删除",))
    lines: list[str] = []
    keys = _ORDER + sorted((set(old) | set(new)) - set(_ORDER))
    for key in keys:
        if key in PERIOD:
            if key == PERIOD[0] and any(old.get(k) != new.get(k) for k in PERIOD):
                lines.append(_period_line(old, new, day or today))
        elif key == "eligibility" and isinstance(old.get(key), dict) and isinstance(new.get(key), dict):
            for sub in list(_SUB_LABELS) + sorted((set(old[key]) | set(new[key])) - set(_SUB_LABELS)):
                line = field_line(f"享受范围（{_SUB_LABELS.get(sub, sub)}）", old[key].get(sub), new[key].get(sub))
                if line:
                    lines.append(line)
        elif key != "id":
            line = field_line(_LABELS.get(key, key), old.get(key), new.get(key), key in ALWAYS_NAMED,
                              SHORT_BY_FIELD.get(key, SHORT))
            if line:
                lines.append(line)
    if not lines:
        return None
    kind = "失效" if lines and any(line.startswith("失效") for line in lines) else "修改"
    return Change(pid, title, commit, day, kind, tuple(lines))


def field_line(label: str, old, new, named: bool = False, short: int = SHORT) -> str | None:
    """``补助标准：由“A”改为“B”``, ``享受条件：填写为“C”``, ``办理流程 已修改``…, or None if equal."""
    if old == new or (_empty(old) and _empty(new)):
        return None
    before, after = _text(old), _text(new)
    if before == after:
        return None
    long = named or any(len(v) > short or "\n" in v for v in (before, after))
    if _empty(old):
        return f"{label} 已填写" if long else f"{label}：填写为“{after}”"
    if _empty(new):
        return f"{label} 已删去" if long else f"{label}：删去“{before}”"
    return f"{label} 已修改" if long else f"{label}：由“{before}”改为“{after}”"


def _period_line(old: Entry, new: Entry, day: date | None) -> str:
    before, after = _period(old), _period(new)
    if _ended(new, day) and not _ended(old, day):
        return f"失效：有效期由“{before}”改为“{after}”"
    return f"有效期：由“{before}”改为“{after}”"


def _ended(entry: Entry, day: date | None) -> bool:
    until = entry.get("effective_until")
    return isinstance(until, str) and day is not None and until < day.isoformat()


def _period(entry: Entry) -> str:
    start, until = entry.get("effective_from"), entry.get("effective_until")
    return f"{_text(start) if not _empty(start) else '不限'} 至 {_text(until) if not _empty(until) else '长期'}"


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{_SUB_LABELS.get(k, k)}：{_text(v)}" for k, v in value.items())
    return _shown("" if value is None else str(value).strip())


def _shown(text: str) -> str:
    """Text from an old revision (never validated): invisible and control characters written out."""
    return escape_text(show_hidden(text))
