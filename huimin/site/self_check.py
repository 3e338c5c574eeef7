"""政策自查 (/zi-cha/): a family ticks its situation and sees the policies it can get.

One source of truth: the rules are the cards' (:mod:`huimin.rules.eligibility`), exported
at build time by :meth:`EligibilityIndex.rules` into the page as JSON, and evaluated by
``templates/pages/self_check.js`` (inlined in the page, as is its style sheet) with the
same predicate and the card's order. Only the card policies of the build's as-of day
are on the page. The page order for a household: the policies specific to its situation
(:func:`is_specific`), then those every such household gets, each group in card order.

Without JavaScript the page lists every card policy grouped by who gets it. Nothing a
family ticks leaves the browser: there is no form submission and no request after load.
"""

from __future__ import annotations

import json
from datetime import date

from markupsafe import escape

from huimin.model.policy import HOUSEHOLD_TYPES, MONITOR_TYPES, Policy
from huimin.read.templates import TEMPLATES_DIR
from huimin.rules.eligibility import EligibilityIndex
from huimin.rules.self_check_preset import preset_codes
from huimin.rules.slugs import pinyin_key
from huimin.site.render import Page, render
from huimin.site.sanitize import contact_parts, inline_markdown_html

FOLDER = "zi-cha"
TITLE = "政策自查"
MONITORED = "监测对象"

# 成员情况 (the policies' eligibility.member_tags) in a family's own words, in the order the
# form shows them. A tag not listed here is shown as itself, after these, by pinyin.
TAG_WORDS: dict[str, str] = {
    "学前儿童": "有上幼儿园的孩子",
    "义务教育学生": "有上小学或初中的孩子",
    "高中学生": "有上高中的孩子",
    "中职学生": "有上中专、技校的学生",
    "高职学生": "有上高职、大专的学生",
    "大学生": "有上大学或刚考上大学的学生",
    "老年人": "有老人",
    "残疾人": "有残疾的家人",
    "重度残疾人": "有重度残疾（一、二级）的家人",
    "大病患者": "有得了大病的家人",
    "慢性病患者": "有长期看病吃药的慢性病人",
    "无劳动能力": "有干不了活、没有劳动能力的家人",
    "劳动力": "有能干活的劳动力",
    "务工人员": "有外出打工的家人",
    "种养殖户": "家里种地或搞养殖",
    "危房户": "住房是危房",
    "搬迁户": "是易地扶贫搬迁户",
    "低保对象": "有享受低保的家人",
    "特困人员": "有特困供养的家人",
}


def tag_words(tag: str) -> str:
    """A member tag in plain words (the tag itself when it has none)."""
    return TAG_WORDS.get(tag, tag)


def tag_order(tags) -> list[str]:
    """Tags in the form's order: those with plain words first, the rest by pinyin."""
    known = list(TAG_WORDS)
    return sorted(tags, key=lambda t: (0, known.index(t), "", t) if t in TAG_WORDS else (1, 0, pinyin_key(t), t))


def is_specific(rule: dict, household_type: str) -> bool:
    """A matching policy is specific to a household's situation when its member tags or
    (for a 监测对象) its monitor types or risk state picked the household; otherwise every
    household of that 户类型 gets it ("每户都能享受"). The 政策明白卡 splits the same way
    (huimin/print/cards.py, CardContext.split)."""
    return bool(rule["member_tags"]) or (household_type == MONITORED and (
        bool(rule["monitor_types"]) or rule.get("monitor_risk", "不限") != "不限"))


def who_text(rule: dict) -> str:
    """Who gets the policy, in words ("" when every household does)."""
    kinds, monitors, tags = rule["household_types"], rule["monitor_types"], rule["member_tags"]
    parts = []
    risk = rule.get("monitor_risk", "不限")
    pre = f"风险{risk}的" if risk != "不限" else ""  # rule 6: about 监测对象 only
    monitored = f"{pre}{'、'.join(monitors)}（监测对象）" if monitors else f"{pre}监测对象"
    if "脱贫户" in kinds and MONITORED in kinds:
        if monitors or pre:
            parts.append(f"脱贫户，以及{monitored}")
    elif "脱贫户" in kinds:
        parts.append("脱贫户")
    else:
        parts.append(monitored)
    if tags:
        parts.append("；".join(tag_words(t) for t in tag_order(tags)) + (
            "（有一项即可）" if len(tags) > 1 else ""))
    return "；并且".join(parts) if len(parts) == 2 else "".join(parts)


def _phones(contact: str | None) -> tuple[list[tuple[str, str]], bool]:
    """(shown number, tel) for each phone number; and whether other text is around them."""
    if not contact:
        return [], False
    parts = contact_parts(contact)
    phones = [(shown, tel) for shown, tel in parts if tel]
    other = any(not tel and shown.strip(" 、，,；;/") for shown, tel in parts)
    return phones, other


def _item(policy: Policy, rule: dict) -> dict:
    phones, other_text = _phones(policy.contact)
    return {
        "id": policy.id,
        "title": escape(policy.title),
        "href": f"../policies/{policy.id}/",
        "standard": inline_markdown_html(policy.standard, for_markdown=False),
        "department": escape(policy.department),
        "contact": escape(policy.contact) if policy.contact and (other_text or not phones) else "",
        "phones": [{"shown": escape(shown), "tel": tel} for shown, tel in phones],
        "who": escape(who_text(rule)),
    }


def rules_json(rules: list[dict]) -> str:
    """The rules for the page's script, safe inside ``<script type="application/json">``."""
    text = json.dumps({"monitored": MONITORED, "rules": rules, "presets": preset_codes()},
                      ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def self_check_pages(policies: list[Policy], as_of: date) -> list[Page]:
    index = EligibilityIndex(policies, as_of)
    rules = index.rules()
    by_id = {p.id: p for p in index.policies}
    items = [_item(by_id[r["id"]], r) for r in rules]
    groups = {"每户都能享受": [], "只限部分户类型": [], "家里有特定情况的": []}
    for item, rule in zip(items, rules):
        if rule["member_tags"]:
            groups["家里有特定情况的"].append(item)
        elif rule["monitor_types"] or len(rule["household_types"]) < 2 or rule["monitor_risk"] != "不限":
            groups["只限部分户类型"].append(item)
        else:
            groups["每户都能享受"].append(item)
    html = render(
        "pages/self_check.html.j2",
        as_of=as_of.isoformat(),
        count=len(items),
        groups={name: members for name, members in groups.items() if members},
        household_types=HOUSEHOLD_TYPES,
        monitor_types=MONITOR_TYPES,
        tags=[{"tag": t, "words": tag_words(t)} for t in tag_order(index.tags)],
        data=rules_json(rules),
        script=_inline("self_check.js"),
        style=_inline("self_check.css"),
    )
    return [Page(f"{FOLDER}/index.md", render("pages/self_check.md.j2", title=TITLE), (), TITLE, html=html)]


def _inline(name: str) -> str:
    """A script or style sheet from templates/pages/, to put in the page itself: a few KB,
    and no request at all after the page has loaded."""
    text = (TEMPLATES_DIR / "pages" / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"templates/pages/{name} must not contain '</' (it is inlined in the page)")
    return text
