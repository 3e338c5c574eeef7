"""Which policies go on a household's card (政策明白卡).

A policy is on a household's card iff all of these hold:

1. ``on_card`` is true;
2. ``policy.validity(as_of) == "有效"``: not 未生效, not 已失效 (both ends inclusive, so a
   policy whose ``effective_until`` is the day itself is still on the card);
3. the household's 户类型 is in ``eligibility.household_types``;
4. ``eligibility.monitor_types``, when set, restricts 监测对象 households only: a 监测对象
   matches when its 监测类型 is listed. 脱贫户 are matched by ``household_types`` alone, with
   one safeguard: when ``household_types`` was not written in the policy list (the default,
   both types), a policy that names monitor types is for those 监测对象 only, so a 脱贫户 does
   not get it. ``household_types: [脱贫户, 监测对象]`` written out together with
   ``monitor_types: [突发严重困难户]`` means "every 脱贫户, and 突发严重困难户 among 监测对象";
5. ``eligibility.member_tags``, when set: at least one of the household's 成员情况 is listed;
6. ``eligibility.monitor_risk`` (未消除 | 已消除 | 不限, default 不限), like ``monitor_types``,
   restricts 监测对象 households only: 未消除 is for those whose 风险是否消除 is not 是,
   已消除 for those whose risk is eliminated (the card says 风险已消除). Rule 4's safeguard
   applies too: without ``household_types`` written, such a policy is for 监测对象 only.

Order on the card: category in the usual order (:data:`huimin.model.policy.USUAL_CATEGORIES`),
other categories after them by pinyin; within a category by title pinyin, then id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from huimin.model.policy import HOUSEHOLD_TYPES, MONITOR_TYPES, USUAL_CATEGORIES, Policy
from huimin.rules.slugs import pinyin_key

_CATEGORY_RANK = {name: i for i, name in enumerate(USUAL_CATEGORIES)}


class CardHousehold(Protocol):
    """What eligibility needs from a household (:class:`huimin.read.roster.Household` has it)."""

    household_type: str
    monitor_type: str | None
    member_tags: tuple[str, ...]
    risk_cleared: bool


def policy_order(policy: Policy) -> tuple:
    """Sort key: usual categories first in their order, then others by pinyin; then title pinyin."""
    rank = _CATEGORY_RANK.get(policy.category)
    category = (0, rank, "") if rank is not None else (1, 0, pinyin_key(policy.category))
    return (*category, pinyin_key(policy.title), policy.id)


def on_card_today(policy: Policy, as_of: date) -> bool:
    """Rules 1 and 2: the policy may be printed on cards at all."""
    return policy.on_card and policy.validity(as_of) == "有效"


@dataclass(frozen=True, slots=True)
class _Rule:
    policy: Policy
    household_types: frozenset[str]
    monitor_types: frozenset[str] | None
    member_tags: frozenset[str] | None
    risk: str = "不限"

    @classmethod
    def of(cls, policy: Policy) -> _Rule:
        e = policy.eligibility
        types = frozenset(e.household_types)
        if (e.monitor_types or e.monitor_risk != "不限") and "household_types" not in e.model_fields_set:
            types = frozenset({"监测对象"})  # rule 4's safeguard (and rule 6's)
        return cls(
            policy, types,
            frozenset(e.monitor_types) if e.monitor_types else None,
            frozenset(e.member_tags) if e.member_tags else None,
            e.monitor_risk,
        )

    def matches_type(self, household_type: str, monitor_type: str | None, risk_cleared: bool = False) -> bool:
        if household_type not in self.household_types:
            return False
        if household_type == "监测对象":
            if self.risk != "不限" and (self.risk == "已消除") != risk_cleared:
                return False
            if self.monitor_types is not None:
                return monitor_type in self.monitor_types
        return True


class EligibilityIndex:
    """The card policies for ``as_of``, prepared once; :meth:`for_household` is then cheap.

    Households with the same 户类型, 监测类型 and set of 成员情况 share one cached answer.
    """

    def __init__(self, policies: Iterable[Policy], as_of: date):
        self.as_of = as_of
        chosen = sorted((p for p in policies if on_card_today(p, as_of)), key=policy_order)
        self._rules = [_Rule.of(p) for p in chosen]
        self._by_type: dict[tuple[str, str | None, bool], list[_Rule]] = {}
        self._cache: dict[tuple[str, str | None, bool, frozenset[str]], tuple[Policy, ...]] = {}

    @property
    def policies(self) -> list[Policy]:
        """Every policy that can appear on some card, in card order."""
        return [r.policy for r in self._rules]

    @property
    def tags(self) -> frozenset[str]:
        """Every 成员情况 some card policy asks for (a roster tag outside it never matters)."""
        return frozenset().union(*(r.member_tags or () for r in self._rules))

    def rules(self) -> list[dict[str, object]]:
        """Every card policy's rule as plain data, in card order: rules 1 and 2 and rule 4's
        safeguard already applied, so a reader (the site's 政策自查 page, in the browser)
        needs only rules 3 to 5. Lists are sorted; a missing restriction is None."""
        return [
            {
                "id": r.policy.id,
                "household_types": [t for t in HOUSEHOLD_TYPES if t in r.household_types],
                "monitor_types": [t for t in MONITOR_TYPES if t in r.monitor_types] if r.monitor_types else None,
                "member_tags": sorted(r.member_tags, key=lambda t: (pinyin_key(t), t)) if r.member_tags else None,
                "monitor_risk": r.risk,
            }
            for r in self._rules
        ]

    def for_household(self, household: CardHousehold) -> list[Policy]:
        """The policies on this household's card, in card order."""
        kind, monitor = household.household_type, household.monitor_type
        cleared = bool(getattr(household, "risk_cleared", False))
        key = (kind, monitor, cleared, frozenset(household.member_tags))
        found = self._cache.get(key)
        if found is None:
            rules = self._by_type.get(key[:3])
            if rules is None:
                rules = self._by_type[key[:3]] = [r for r in self._rules if r.matches_type(kind, monitor, cleared)]
            tags = key[3]
            found = self._cache[key] = tuple(
                r.policy for r in rules if r.member_tags is None or not r.member_tags.isdisjoint(tags)
            )
        return list(found)


def eligible_policies(household: CardHousehold, policies: Iterable[Policy], as_of: date) -> list[Policy]:
    """The policies on one household's card; for many households build one :class:`EligibilityIndex`."""
    return EligibilityIndex(policies, as_of).for_household(household)
