"""The editor's words for a change of a policy entry (pure)."""

from __future__ import annotations

from datetime import date

from huimin.model.history import Revision
from huimin.rules.history import describe, policy_changes

BASE = {"title": "学前教育幼儿资助", "category": "教育保障", "department": "市教体局", "summary": "补助",
        "targets": ["脱贫户", "监测对象"], "standard": "每生每年1000元", "effective_from": "2023-01-01",
        "eligibility": {"household_types": ["脱贫户"]}, "on_card": True}


def lines(new: dict, old: dict = BASE, day: date = date(2024, 3, 1)) -> list[str]:
    change = describe("edu-aid", old, new, "c", day)
    return list(change.lines) if change else []


def test_short_values_quoted_long_ones_named():
    assert lines({**BASE, "targets": ["脱贫户"], "on_card": False, "contact": "0795-1234567"}) == [
        "政策对象：由“脱贫户、监测对象”改为“脱贫户”",
        "咨询电话：填写为“0795-1234567”",
        "印上明白卡：由“是”改为“否”",
    ]
    assert lines({**BASE, "summary": "补" * 41, "procedure": "1. 申请", "body": None}, {**BASE, "body": "详情"}) == [
        "内容概述 已修改", "办理流程 已填写", "政策详情 已删去",
    ]
    assert lines({**BASE, "conditions": "第一行\n第二行"}) == ["享受条件 已填写"]


def test_a_standard_is_quoted_up_to_150_characters():
    """补助标准 is what a family reads the history for: a real one (52 characters) is quoted."""
    old = {**BASE, "standard": "寄宿生小学每生每年1000元、初中每生每年1250元；非寄宿生小学每生每年500元、初中每生每年625元"}
    new = {**BASE, "standard": "寄宿生小学每生每年1250元、初中每生每年1500元；非寄宿生小学每生每年625元、初中每生每年750元"}
    assert lines(new, old) == [f"补助标准：由“{old['standard']}”改为“{new['standard']}”"]
    assert lines({**BASE, "standard": "元" * 151}) == ["补助标准 已修改"]
    assert lines({**BASE, "summary": "补" * 41}) == ["内容概述 已修改"]  # other texts: 40 characters


def test_period_and_expiry():
    assert lines({**BASE, "effective_until": "2025-12-31"}) == [
        "有效期：由“2023-01-01 至 长期”改为“2023-01-01 至 2025-12-31”"]
    assert lines({**BASE, "effective_until": "2024-02-29"}) == [
        "失效：有效期由“2023-01-01 至 长期”改为“2023-01-01 至 2024-02-29”"]
    expired = {**BASE, "effective_until": "2024-01-31"}
    assert lines({**BASE, "effective_until": "2024-02-29"}, expired) == [  # already expired: a period change
        "有效期：由“2023-01-01 至 2024-01-31”改为“2023-01-01 至 2024-02-29”"]
    assert describe("x", BASE, {**BASE, "effective_until": "2024-02-29"}, "c", date(2024, 3, 1)).kind == "失效"


def test_eligibility_unknown_fields_and_hostile_text():
    assert lines({**BASE, "eligibility": {"household_types": ["脱贫户"], "member_tags": ["学前儿童"]},
                  "standrad": "拼错的字段", "title": "新\x1b[31m标题\u200b"}) == [
        "政策名称：由“学前教育幼儿资助”改为“新<U+001B>[31m标题<U+200B>”",
        "享受范围（成员情况）：填写为“学前儿童”",
        "standrad：填写为“拼错的字段”",
    ]


def test_nothing_shown_changed():
    assert describe("edu-aid", BASE, {**BASE, "contact": ""}, "c", date(2024, 1, 1)) is None
    assert describe("edu-aid", BASE, dict(BASE), "c", date(2024, 1, 1)) is None


def test_per_policy_limit_newest_first_and_feed_order():
    revisions = [Revision("c0", date(2020, 1, 1), {"a": BASE, "b": BASE})]
    revisions += [Revision(f"c{n}", date(2020, 1, 1 + n), {"a": {**BASE, "standard": f"{n}元"}}) for n in range(1, 30)]
    revisions.append(Revision("", None, {"b": None}))
    history = policy_changes({}, revisions, date(2024, 1, 1), per_policy=10, recent=5)
    a = history.by_policy["a"]
    assert len(a) == 10 and history.left_out["a"] == 20
    assert a[0].lines == ("补助标准：由“28元”改为“29元”",) and a[0].day == date(2020, 1, 30)
    assert history.by_policy["b"][0].day is None and history.by_policy["b"][0].kind == "删除"
    assert history.last_updated("b") == date(2020, 1, 1)  # the uncommitted change has no date
    assert [c.commit for c in history.recent] == ["c29", "c28", "c27", "c26", "c25"]  # committed only
