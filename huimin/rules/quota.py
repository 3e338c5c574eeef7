"""The monthly quota of measure (十七): every 县市区 sends at least N valid items a month."""

from __future__ import annotations

from dataclasses import dataclass

from huimin.model.settings import Settings
from huimin.model.submission import KINDS, Submission


@dataclass(frozen=True)
class UnitMonth:
    unit: str
    quota: int | None  # None for the "三区", which have no quota
    valid: int
    by_kind: dict[str, int]  # valid items per kind
    invalid: int  # items judged not 有效 (valid: false), listed but not counted

    @property
    def met(self) -> bool | None:
        return None if self.quota is None else self.valid >= self.quota

    @property
    def short(self) -> int:
        return 0 if self.quota is None else max(0, self.quota - self.valid)


def month_quota(submissions: list[Submission], settings: Settings, month: str) -> list[UnitMonth]:
    """One row per unit for ``month``: units short of quota first, then the rest, then the 三区."""
    return quota_rows([s for s in submissions if s.meta.month == month], settings)


def quota_rows(in_month: list[Submission], settings: Settings) -> list[UnitMonth]:
    """:func:`month_quota` of the submissions of one month."""
    units = list(settings.units) + list(settings.other_units)
    by_unit: dict[str, list[Submission]] = {u: [] for u in units}
    for s in in_month:
        if s.meta.unit in by_unit:
            by_unit[s.meta.unit].append(s)
    rows = []
    for unit in units:
        mine = by_unit[unit]
        valid = [s for s in mine if s.meta.valid]
        rows.append(UnitMonth(
            unit=unit,
            quota=settings.monthly_quota if unit in settings.units else None,
            valid=len(valid),
            by_kind={k: sum(1 for s in valid if s.meta.kind == k) for k in KINDS},
            invalid=len(mine) - len(valid),
        ))
    order = {u: i for i, u in enumerate(units)}
    return sorted(rows, key=lambda r: (r.quota is None, r.met is not False, -r.short, order[r.unit]))


def months(submissions: list[Submission]) -> list[str]:
    return sorted({s.meta.month for s in submissions})
