"""Which policies an editor should look at on the as-of day: expiring soon, expired, not yet in force."""

from __future__ import annotations

from datetime import date

from huimin.model.policy import Policy


def expiring(policies: list[Policy], as_of: date, days: int) -> list[tuple[Policy, int]]:
    """(policy, days left) of every policy in force on ``as_of`` whose last day is at most
    ``days`` days later (0: today is its last day), soonest first."""
    found = []
    for p in policies:
        if p.effective_until is None or p.validity(as_of) != "有效":
            continue
        left = (p.effective_until - as_of).days
        if left <= days:
            found.append((p, left))
    return sorted(found, key=lambda x: (x[1], x[0].source_path, x[0].id))


def not_in_force(policies: list[Policy], as_of: date) -> dict[str, list[Policy]]:
    """已失效 and 未生效 policies on ``as_of``, each list in file order."""
    out: dict[str, list[Policy]] = {"已失效": [], "未生效": []}
    for p in policies:
        state = p.validity(as_of)
        if state in out:
            out[state].append(p)
    return out


def _where(p: Policy) -> str:
    path, line, col = p.source
    return ":".join(str(x) for x in (path, line, col) if x)


def expiry_warnings(policies: list[Policy], as_of: date, days: int) -> list[str]:
    """One line per policy expiring within ``days`` of ``as_of`` (huimin check prints them as 提示)."""
    lines = []
    for p, left in expiring(policies, as_of, days):
        when = "今天是最后一天" if left == 0 else f"还有 {left} 天"
        lines.append(f"{_where(p)}: 政策“{p.title}”将于 {p.effective_until.isoformat()} 后失效（{when}）："
                     f"到期后网站标注“已失效”，不再进入读本和明白卡；如已延续，请修改 effective_until（失效日期）")
    return lines


def not_in_force_lines(policies: list[Policy], as_of: date) -> list[str]:
    """Every 已失效 and 未生效 policy by name, for huimin check's report."""
    lines = []
    groups = not_in_force(policies, as_of)
    for state, why, field in (("已失效", "已过失效日期，网站上标注“已失效”，不进入读本和明白卡", "effective_until"),
                              ("未生效", "尚未到生效日期，网站上标注“尚未生效”，不进入读本和明白卡", "effective_from")):
        if groups[state]:
            lines.append(f"{state} {len(groups[state])} 条（统计日期 {as_of.isoformat()} {why}）：")
            label = "失效日期" if state == "已失效" else "生效日期"
            lines += [f"  {_where(p)}: {p.title}（{label} {getattr(p, field).isoformat()}）" for p in groups[state]]
    return lines
