"""Which policies a household's card lists: the rules as a table, then the order."""

from __future__ import annotations

from datetime import date

import pytest

from huimin.model.household import Household
from huimin.model.policy import Policy
from huimin.rules.eligibility import EligibilityIndex, eligible_policies, policy_order

AS_OF = date(2024, 6, 1)


def policy(id: str = "p", **extra) -> Policy:
    data = {
        "id": id, "title": "测试政策", "category": "教育保障", "department": "市教体局",
        "summary": "概述", "targets": ["脱贫户"], "standard": "每人每年100元",
    }
    data.update(extra)
    return Policy.model_validate(data)


def household(kind: str = "脱贫户", monitor: str | None = None, tags: tuple[str, ...] = ()) -> Household:
    return Household("001", "袁州区", "西村镇", "新村", "张三", kind, monitor, 3, tags, None, None, 2)


TUOPIN = household()
SUDDEN = household("监测对象", "突发严重困难户")
EDGE = household("监测对象", "边缘易致贫户")

CASES = [
    # id, policy fields, household, on the card?
    ("default-both-types-tuopinhu", {}, TUOPIN, True),
    ("default-both-types-monitored", {}, EDGE, True),
    ("type-match", {"eligibility": {"household_types": ["脱贫户"]}}, TUOPIN, True),
    ("type-mismatch", {"eligibility": {"household_types": ["监测对象"]}}, TUOPIN, False),
    ("type-mismatch-monitored", {"eligibility": {"household_types": ["脱贫户"]}}, SUDDEN, False),
    ("monitor-type-match",
     {"eligibility": {"household_types": ["监测对象"], "monitor_types": ["突发严重困难户"]}}, SUDDEN, True),
    ("monitor-type-mismatch",
     {"eligibility": {"household_types": ["监测对象"], "monitor_types": ["突发严重困难户"]}}, EDGE, False),
    ("monitor-types-only-written-match", {"eligibility": {"monitor_types": ["突发严重困难户"]}}, SUDDEN, True),
    ("monitor-types-only-written-mismatch", {"eligibility": {"monitor_types": ["突发严重困难户"]}}, EDGE, False),
    # a 脱贫户 and a policy restricted to monitor types: the two ways it can be written
    ("tuopinhu-vs-monitor-types-default-household-types",
     {"eligibility": {"monitor_types": ["突发严重困难户"]}}, TUOPIN, False),
    ("tuopinhu-vs-monitor-types-explicit-both",
     {"eligibility": {"household_types": ["脱贫户", "监测对象"], "monitor_types": ["突发严重困难户"]}}, TUOPIN, True),
    ("explicit-both-still-restricts-monitored",
     {"eligibility": {"household_types": ["脱贫户", "监测对象"], "monitor_types": ["突发严重困难户"]}}, EDGE, False),
    ("tuopinhu-vs-monitor-types-explicit-monitored-only",
     {"eligibility": {"household_types": ["监测对象"], "monitor_types": ["突发严重困难户"]}}, TUOPIN, False),
    ("member-tag-one-of",
     {"eligibility": {"member_tags": ["学前儿童", "义务教育学生"]}}, household(tags=("慢性病患者", "义务教育学生")), True),
    ("member-tag-none-matching",
     {"eligibility": {"member_tags": ["学前儿童", "义务教育学生"]}}, household(tags=("慢性病患者",)), False),
    ("member-tag-household-has-none", {"eligibility": {"member_tags": ["学前儿童"]}}, TUOPIN, False),
    ("member-tags-and-type-both-needed",
     {"eligibility": {"household_types": ["监测对象"], "member_tags": ["学前儿童"]}}, household(tags=("学前儿童",)), False),
    ("on-card-false", {"on_card": False}, TUOPIN, False),
    ("expired", {"effective_until": "2024-05-31"}, TUOPIN, False),
    ("not-yet-effective", {"effective_from": "2024-06-02"}, TUOPIN, False),
    ("until-is-today-still-valid", {"effective_until": "2024-06-01"}, TUOPIN, True),
    ("from-is-today-valid", {"effective_from": "2024-06-01"}, TUOPIN, True),
    ("within-dates", {"effective_from": "2023-01-01", "effective_until": "2025-12-31"}, TUOPIN, True),
]


@pytest.mark.parametrize("fields, subject, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(fields, subject, expected):
    p = policy(**fields)
    assert (eligible_policies(subject, [p], AS_OF) == [p]) is expected


def test_order_usual_categories_then_others_by_pinyin_then_title_pinyin():
    policies = [
        policy("a", category="其他", title="12317乡村振兴服务监督热线"),
        policy("b", category="文化帮扶", title="送戏下乡"),
        policy("c", category="健康医疗", title="家庭医生签约服务"),
        policy("d", category="教育保障", title="雨露计划"),
        policy("e", category="教育保障", title="学前教育幼儿资助"),
        policy("f", category="安居工程", title="农房保险"),
        policy("g", category="健康医疗", title="城乡医疗救助"),
    ]
    card = eligible_policies(TUOPIN, policies, AS_OF)
    assert [(p.category, p.title) for p in card] == [
        ("教育保障", "学前教育幼儿资助"),
        ("教育保障", "雨露计划"),
        ("健康医疗", "城乡医疗救助"),
        ("健康医疗", "家庭医生签约服务"),
        ("其他", "12317乡村振兴服务监督热线"),
        ("安居工程", "农房保险"),
        ("文化帮扶", "送戏下乡"),
    ]
    assert card == sorted(policies, key=policy_order)


def test_same_title_falls_back_to_id():
    policies = [policy("z-second"), policy("a-first")]
    assert [p.id for p in eligible_policies(TUOPIN, policies, AS_OF)] == ["a-first", "z-second"]


def test_index_answers_like_the_function_for_every_kind_of_household():
    policies = [policy(f"p{i}", **fields) for i, (_, fields, _, _) in enumerate(CASES)]
    index = EligibilityIndex(policies, AS_OF)
    subjects = [TUOPIN, SUDDEN, EDGE, household(tags=("学前儿童",)), household("监测对象", "边缘易致贫户", ("学前儿童",))]
    for subject in subjects * 2:  # the second round comes from the cache
        assert index.for_household(subject) == eligible_policies(subject, policies, AS_OF)


def test_index_results_are_fresh_lists_and_tags_are_known():
    policies = [policy("a", eligibility={"member_tags": ["学前儿童", "残疾人"]}), policy("b"),
                policy("c", on_card=False, eligibility={"member_tags": ["大学生"]})]
    index = EligibilityIndex(policies, AS_OF)
    first = index.for_household(TUOPIN)
    first.clear()
    assert [p.id for p in index.for_household(TUOPIN)] == ["b"]
    assert [p.id for p in index.policies] == ["a", "b"]
    assert index.tags == {"学前儿童", "残疾人"}  # not 大学生: that policy is not on cards


def test_tag_order_and_repeats_do_not_matter():
    p = policy(eligibility={"member_tags": ["残疾人"]})
    index = EligibilityIndex([p], AS_OF)
    assert index.for_household(household(tags=("老年人", "残疾人"))) == [p]
    assert index.for_household(household(tags=("残疾人", "老年人"))) == [p]


def cleared(monitor: str = "边缘易致贫户") -> Household:
    return Household("001", "袁州区", "西村镇", "新村", "张三", "监测对象", monitor, 3, (), None, None, 2, True)


RISK_CASES = [
    # monitor_risk, household, on the card?
    ("不限", EDGE, True), ("不限", cleared(), True),
    ("未消除", EDGE, True), ("未消除", cleared(), False),
    ("已消除", EDGE, False), ("已消除", cleared(), True),
]


@pytest.mark.parametrize("risk,home,expected", RISK_CASES)
def test_monitor_risk_restricts_monitored_households(risk, home, expected):
    assert bool(eligible_policies(home, [policy(eligibility={"monitor_risk": risk})], AS_OF)) is expected


def test_monitor_risk_and_tuopinhu():
    # like monitor_types: without household_types written, a risk policy is for 监测对象 only …
    assert eligible_policies(TUOPIN, [policy(eligibility={"monitor_risk": "已消除"})], AS_OF) == []
    # … and written out with 脱贫户, every 脱贫户 gets it
    both = policy(eligibility={"household_types": ["脱贫户", "监测对象"], "monitor_risk": "未消除"})
    assert eligible_policies(TUOPIN, [both], AS_OF) == [both]
    assert eligible_policies(cleared(), [both], AS_OF) == []


def test_cleared_and_not_cleared_households_do_not_share_a_cached_answer():
    index = EligibilityIndex([policy("a", eligibility={"monitor_risk": "未消除"}),
                              policy("b", eligibility={"monitor_risk": "已消除"})], AS_OF)
    assert [p.id for p in index.for_household(EDGE)] == ["a"]
    assert [p.id for p in index.for_household(cleared())] == ["b"]
