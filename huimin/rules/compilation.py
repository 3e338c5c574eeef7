"""The monthly compilation (每月汇编) of county submissions, spread as "宜春声音"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from huimin.model.settings import Settings
from huimin.model.submission import KINDS, Submission
from huimin.rules.quota import UnitMonth, quota_rows


@dataclass(frozen=True)
class Compilation:
    month: str
    issue: int  # 第N期, counted per year
    date: date  # the day the last item was received
    groups: dict[str, dict[str, list[Submission]]]  # kind -> unit -> items (valid only)
    excluded: list[Submission]  # judged not 有效: listed in the quota, not compiled
    quota: list[UnitMonth]
    withheld: dict[str, int] = field(default_factory=dict)  # kind -> valid items left out as not public (site version)

    @property
    def year(self) -> int:
        return int(self.month[:4])

    @property
    def items(self) -> list[Submission]:
        return [s for by_unit in self.groups.values() for items in by_unit.values() for s in items]


def compilations(submissions: list[Submission], settings: Settings, public_only: bool = False) -> list[Compilation]:
    """One compilation per month with submissions, oldest first.

    ``public_only``: the site's version, without the items that are not public (their
    count is in ``withheld``); the quota counts every item either way (they were sent)."""
    units = list(settings.units) + list(settings.other_units)
    by_month: dict[str, list[Submission]] = defaultdict(list)
    for s in submissions:
        by_month[s.meta.month].append(s)
    out: list[Compilation] = []
    issue_in_year: dict[str, int] = defaultdict(int)
    for month in sorted(by_month):
        sent = by_month[month]
        mine = [s for s in sent if s.public or not public_only]
        issue_in_year[month[:4]] += 1
        compiled: dict[tuple[str, str], list[Submission]] = defaultdict(list)
        for s in mine:
            if s.meta.valid:
                compiled[(s.meta.kind, s.meta.unit)].append(s)
        groups: dict[str, dict[str, list[Submission]]] = {}
        for kind in KINDS:
            by_unit: dict[str, list[Submission]] = {}
            for unit in units:
                items = sorted(compiled.get((kind, unit), ()), key=lambda s: (s.meta.date, s.src_uri))
                if items:
                    by_unit[unit] = items
            groups[kind] = by_unit
        out.append(Compilation(
            month=month,
            issue=issue_in_year[month[:4]],
            date=max(s.meta.date for s in sent),
            groups=groups,
            excluded=[s for s in mine if not s.meta.valid],
            quota=quota_rows(sent, settings),
            withheld={k: sum(1 for s in sent if s.meta.valid and s.meta.kind == k and not s.public) for k in KINDS}
            if public_only else {},
        ))
    return out
