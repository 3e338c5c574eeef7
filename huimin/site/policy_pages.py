"""The policy pages of the site: one per policy, the browsable indexes and the A–Z list."""

from __future__ import annotations

from markupsafe import Markup

from huimin.model.policy import HOUSEHOLD_TYPES, USUAL_CATEGORIES, Policy
from huimin.rules.catalog import build_catalog
from huimin.site.render import Page, render
from huimin.site.sanitize import contact_html

SECTION = "政策清单"
SELF_CHECK = "zi-cha/"  # the 政策自查 page, from the site root

# 成员情况 (member_tags) that do not read well after “家里有”.
TAG_WORDS = {
    "危房户": "住房是危房",
    "搬迁户": "是易地扶贫搬迁户",
    "种养殖户": "从事种植养殖",
    "无劳动能力": "有丧失劳动能力的成员",
}


def policy_pages(policies: list[Policy], as_of, settings, handbook: bool = False, history=None) -> list[Page]:
    """``handbook``: the build makes the handbook PDF, so the policy index links to it.
    ``history`` (:class:`huimin.rules.history.PolicyHistory`): 最后更新 and 修订记录 on each page."""
    catalog = build_catalog(policies, as_of, USUAL_CATEGORIES, settings.target_order())
    site = {"city": settings.city, "bureau": settings.bureau, "title": settings.site_title,
            "hotline": settings.hotline}
    group_of = settings.target_group_of()
    pages = [
        Page("policies/index.md", render("pages/policy_index.md.j2", catalog=catalog, site=site, handbook=handbook,
                                       changes=history is not None),
             (SECTION,), "政策清单"),
        Page("policies/pinyin.md", render("pages/policy_pinyin.md.j2", catalog=catalog),
             (SECTION,), "拼音索引"),
    ]
    for key, facet in catalog.facets.items():
        # The category index opens the 按主题分类 section (navigation.indexes) instead of
        # standing beside it under the same name.
        pages.append(Page(
            f"policies/{key}/index.md",
            render("pages/policy_facets.md.j2", catalog=catalog, facet=facet),
            (SECTION, f"按{facet.label}") if key == "category" else (SECTION,), f"按{facet.label}",
        ))
        for value, members in facet.values.items():
            # Category pages carry their policies in the navigation; the other facets
            # are reached from their index pages (one nav entry per policy, never two).
            in_nav = key == "category"
            pages.append(Page(
                f"policies/{key}/{facet.slugs[value]}/index.md",
                render("pages/policy_facet.md.j2", catalog=catalog, facet=facet, value=value,
                       policies=members),
                (SECTION, f"按{facet.label}", value) if in_nav else (SECTION,), value, nav=in_nav,
            ))
    target_slugs = catalog.facets["target"].slugs
    for policy in catalog.policies:
        pages.append(Page(
            f"policies/{policy.id}.md",
            render("pages/policy.md.j2", p=policy, catalog=catalog, site=site,
                   validity=catalog.validity[policy.id], facets=catalog.facets,
                   target_links=[(t, target_slugs.get(group_of.get(t, t)) or target_slugs[t])
                                 for t in dict.fromkeys(policy.targets)],
                   who=eligibility_words(policy), call=call_html(policy.contact or ""),
                   hotline_call=call_html(settings.hotline), self_check=f"../../{SELF_CHECK}",
                   changes=history.by_policy.get(policy.id, []) if history else [],
                   left_out=history.left_out.get(policy.id, 0) if history else 0,
                   last_updated=history.last_updated(policy.id) if history else None),
            (SECTION, "按主题分类", policy.category), policy.title,
        ))
    return pages


def eligibility_words(policy: Policy) -> list[tuple[str, str]]:
    """The card conditions (``eligibility``) in plain words: (label, sentence) pairs;
    nothing for the default (every 脱贫户 and 监测对象, whatever their members)."""
    rule = policy.eligibility
    words: list[tuple[str, str]] = []
    households = list(rule.household_types)
    if (rule.monitor_types or rule.monitor_risk != "不限") and "household_types" not in rule.model_fields_set:
        households = ["监测对象"]  # see huimin.rules.eligibility, rules 4 and 6
    if rule.monitor_types or tuple(households) != HOUSEHOLD_TYPES:
        parts = [
            f"监测对象中的{'、'.join(rule.monitor_types)}" if kind == "监测对象" and rule.monitor_types else kind
            for kind in households
        ]
        words.append(("户类型", "限" + "，以及".join(parts)))
    if rule.monitor_risk != "不限":
        words.append(("风险状况", f"限风险{rule.monitor_risk}的监测对象"))
    if rule.member_tags:
        has = [t for t in rule.member_tags if t not in TAG_WORDS]
        other = [TAG_WORDS[t] for t in rule.member_tags if t in TAG_WORDS]
        phrases = [f"家里有{_either(has)}"] if has else []
        phrases += other
        words.append(("家庭情况", _either(phrases, "，或") + ("（符合一项即可）" if len(rule.member_tags) > 1 else "")))
    return words


def _either(items: list[str], last: str = "或") -> str:
    """甲、乙或丙."""
    return items[0] if len(items) == 1 else "、".join(items[:-1]) + last + items[-1]


def call_html(contact: str) -> Markup:
    """咨询电话 with every phone number a large call button: the sanitizing rule of
    :func:`huimin.site.sanitize.contact_html` (only its own ``tel:`` links are HTML; all
    other text is escaped), with a class on those links."""
    return Markup(contact_html(contact).replace('<a href="tel:', '<a class="hm-call" href="tel:'))
