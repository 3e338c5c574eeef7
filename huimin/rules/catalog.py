"""Cross-policy listings: facets (category, department, target, validity) and A–Z.

Pure data, collected once after every policy is read; the page generator renders it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from huimin.model.policy import VALIDITIES, Policy
from huimin.rules.slugs import SlugRegistry, pinyin_initial, pinyin_key

VALIDITY_SLUGS = {"有效": "you-xiao", "未生效": "wei-sheng-xiao", "已失效": "yi-shi-xiao"}


@dataclass(frozen=True)
class Facet:
    """One way to browse: ``key`` is the URL part, ``label`` the Chinese name."""

    key: str
    label: str
    values: dict[str, list[Policy]]  # value -> policies (pinyin order)
    slugs: dict[str, str]  # value -> URL slug


@dataclass(frozen=True)
class Catalog:
    policies: list[Policy]  # pinyin order
    as_of: date
    facets: dict[str, Facet]
    validity: dict[str, str]  # policy id -> 有效 / 未生效 / 已失效

    def current(self, policies: list[Policy]) -> list[Policy]:
        """The default listing: everything not 已失效."""
        return [p for p in policies if self.validity[p.id] != "已失效"]

    def expired(self, policies: list[Policy]) -> list[Policy]:
        return [p for p in policies if self.validity[p.id] == "已失效"]

    def by_initial(self) -> dict[str, list[Policy]]:
        groups: dict[str, list[Policy]] = defaultdict(list)
        for p in self.policies:
            groups[pinyin_initial(p.title)].append(p)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0])))


def build_catalog(
    policies: list[Policy], as_of: date, usual_categories: tuple[str, ...] = (),
    target_order: tuple[str, ...] = (),
) -> Catalog:
    """Collect the facets. Categories come in ``usual_categories`` order, 政策对象 groups
    (:attr:`Policy.target_groups`) in the vocabulary's ``target_order`` (脱贫户 and 监测对象
    first, not pinyin); anything else after them by pinyin."""
    ordered = sorted(policies, key=lambda p: (pinyin_key(p.title), p.id))
    validity = {p.id: p.validity(as_of) for p in ordered}

    def facet(key: str, label: str, values_of, order=None) -> Facet:
        groups: dict[str, list[Policy]] = defaultdict(list)
        for p in ordered:
            for v in values_of(p):
                if p not in groups[v]:
                    groups[v].append(p)
        names = sorted(groups, key=order or pinyin_key)
        slug = SlugRegistry()
        return Facet(key, label, {n: groups[n] for n in names}, {n: slug(n) for n in names})

    def listed_first(names: tuple[str, ...]):
        def order(name: str) -> tuple:
            return (names.index(name) if name in names else len(names), pinyin_key(name))
        return order

    facets = {
        "category": facet("category", "主题分类", lambda p: [p.category], listed_first(usual_categories)),
        "department": facet("department", "主管部门", lambda p: [p.department]),
        "target": facet("target", "政策对象", lambda p: p.target_groups, listed_first(target_order)),
    }
    groups = {v: [p for p in ordered if validity[p.id] == v] for v in VALIDITIES}
    facets["validity"] = Facet(
        "validity", "有效性", {v: ps for v, ps in groups.items() if ps},
        {v: VALIDITY_SLUGS[v] for v in VALIDITIES if groups[v]},
    )
    return Catalog(ordered, as_of, facets, validity)
