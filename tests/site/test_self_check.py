"""政策自查 (/zi-cha/) without a browser: the exported rules, the page's form and lists.

The browser test (test_self_check_browser.py) checks that the page's script evaluates
these rules exactly as the cards do.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date
from types import SimpleNamespace

import pytest

from huimin.model.household import Household
from huimin.model.policy import MONITOR_TYPES, Eligibility, Policy
from huimin.read.project import read_project
from huimin.rules.eligibility import EligibilityIndex, eligible_policies, policy_order
from huimin.site.nav import build_nav, site_pages
from huimin.site.self_check import TAG_WORDS, is_specific, self_check_pages, tag_words, who_text
from tests.conftest import REPO

AS_OF = date(2024, 6, 1)


def policy(pid: str, category: str = "兜底保障", title: str | None = None, **fields) -> Policy:
    fields = {"standard": "每人每月100元", **fields}
    eligibility = fields.pop("eligibility", {})
    return Policy(
        id=pid, title=title or pid, category=category, department="市民政局", summary="概述",
        targets=["脱贫户"], eligibility=Eligibility(**eligibility), **fields,
    )


POLICIES = [
    policy("common", "其他", "人人有份", contact="0795-3226437"),
    policy("poor-only", eligibility={"household_types": ["脱贫户"]}),
    policy("sudden-only", eligibility={"monitor_types": ["突发严重困难户"]}),  # rule 4's safeguard
    policy("sudden-and-poor", eligibility={"household_types": ["脱贫户", "监测对象"],
                                           "monitor_types": ["突发严重困难户"]}),
    policy("kids", "教育保障", "幼儿资助", eligibility={"member_tags": ["学前儿童", "义务教育学生"]}),
    policy("odd-tag", eligibility={"member_tags": ["</script><b>"]}),
    policy("off-card", on_card=False),
    policy("expired", effective_until=date(2024, 5, 31)),
    policy("not-yet", effective_from=date(2024, 6, 2)),
    policy("last-day", "住房安全", effective_until=AS_OF, contact="市住建局"),
]


def rules_by_id(policies=POLICIES):
    return {r["id"]: r for r in EligibilityIndex(policies, AS_OF).rules()}


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="hm-zc-data">(.*?)</script>', html, re.DOTALL)
    return json.loads(found.group(1))


# ------------------------------------------------------------------ exported rules


def test_rules_are_the_card_policies_in_card_order():
    rules = EligibilityIndex(POLICIES, AS_OF).rules()
    card = sorted((p for p in POLICIES if p.id not in {"off-card", "expired", "not-yet"}), key=policy_order)
    assert [r["id"] for r in rules] == [p.id for p in card]
    assert rules[0]["id"] == "kids"  # 教育保障 comes first, whatever the file order


def test_rules_are_normalized():
    rules = rules_by_id()
    assert rules["common"] == {"id": "common", "household_types": ["脱贫户", "监测对象"],
                               "monitor_types": None, "member_tags": None, "monitor_risk": "不限"}
    assert rules["poor-only"]["household_types"] == ["脱贫户"]
    # Monitor types without written household types: for those 监测对象 only.
    assert rules["sudden-only"]["household_types"] == ["监测对象"]
    assert rules["sudden-only"]["monitor_types"] == ["突发严重困难户"]
    # Written out together: every 脱贫户, and 突发严重困难户 among 监测对象.
    assert rules["sudden-and-poor"]["household_types"] == ["脱贫户", "监测对象"]
    assert rules["kids"]["member_tags"] == ["学前儿童", "义务教育学生"]  # by pinyin: xue < yi


def sample_policies():
    """The sample project's policies as of AS_OF (its later submissions fail check as of 2024:
    only the policy lists must be clean here)."""
    project = read_project(REPO, AS_OF)
    assert [str(p) for p in project.problems if p.path.startswith("policy_lists")] == []
    return project


def test_rules_predicate_is_the_cards(tmp_path):
    """The page script's predicate, written in Python over the exported rules, gives every
    card of the sample project's households (all 户类型 × 监测类型 × tag pairs)."""
    project = sample_policies()
    index = EligibilityIndex(project.policies, AS_OF)
    rules = index.rules()
    tags = sorted(index.tags)
    kinds = [("脱贫户", None), *(("监测对象", m) for m in MONITOR_TYPES), ("监测对象", None)]
    subsets = [(), *itertools.combinations(tags, 1), *itertools.combinations(tags, 2), tuple(tags)]
    for (kind, monitor), chosen, cleared in itertools.product(kinds, subsets, (False, True)):
        home = SimpleNamespace(household_type=kind, monitor_type=monitor, member_tags=chosen, risk_cleared=cleared)
        shown_cleared = cleared and kind == "监测对象"  # the box is only there for 监测对象
        assert [r["id"] for r in rules if _script_predicate(r, kind, monitor, set(chosen), shown_cleared)] == \
            [p.id for p in index.for_household(home)]


def _script_predicate(rule: dict, kind: str, monitor: str | None, tags: set[str], cleared: bool = False) -> bool:
    """templates/pages/self_check.js ``matches``, line by line."""
    if kind not in rule["household_types"]:
        return False
    if rule["monitor_types"] and kind == "监测对象" and monitor not in rule["monitor_types"]:
        return False
    if kind == "监测对象" and rule["monitor_risk"] != "不限" and (rule["monitor_risk"] == "已消除") != cleared:
        return False
    if rule["member_tags"] and not any(t in tags for t in rule["member_tags"]):  # noqa: SIM103 (as in the script)
        return False
    return True


def test_specific_and_who():
    rules = rules_by_id()
    assert not is_specific(rules["common"], "脱贫户")
    assert not is_specific(rules["poor-only"], "脱贫户")
    assert is_specific(rules["kids"], "脱贫户")
    assert is_specific(rules["sudden-and-poor"], "监测对象")
    assert not is_specific(rules["sudden-and-poor"], "脱贫户")  # every 脱贫户 gets it
    assert who_text(rules["common"]) == ""
    assert who_text(rules["poor-only"]) == "脱贫户"
    assert who_text(rules["sudden-only"]) == "突发严重困难户（监测对象）"
    assert who_text(rules["sudden-and-poor"]) == "脱贫户，以及突发严重困难户（监测对象）"
    assert who_text(rules["kids"]) == "有上幼儿园的孩子；有上小学或初中的孩子（有一项即可）"


def test_tag_words_cover_the_sample_and_fall_back():
    project = sample_policies()
    assert EligibilityIndex(project.policies, AS_OF).tags <= set(TAG_WORDS)
    assert tag_words("新的情况") == "新的情况"


# ------------------------------------------------------------------ the page


@pytest.fixture
def pages():
    return {p.src_uri: p for p in self_check_pages(POLICIES, AS_OF)}


def test_page_files(pages):
    assert sorted(pages) == ["zi-cha/index.md"]
    page = pages["zi-cha/index.md"]
    assert page.title == "政策自查" and page.section == () and page.nav
    assert "hm_search: none" in page.text  # a listing: kept out of the search index
    # Script and style are in the page: nothing to fetch after it has loaded.
    assert "<script src" not in page.html and "<link" not in page.html
    script = re.findall(r"<script>(.*?)</script>", page.html, re.DOTALL)[0]
    assert "function matches(rule, kind, monitor, tags, cleared)" in script
    for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "http:", "https:", ".submit(", "localStorage"):
        assert forbidden not in script


def test_page_data_is_the_exported_rules(pages):
    html = pages["zi-cha/index.md"].html
    data = page_data(html)
    assert data["rules"] == EligibilityIndex(POLICIES, AS_OF).rules()
    assert data["monitored"] == "监测对象"
    assert "</script><b>" not in html  # the odd tag cannot close the data script
    # Every card policy once, in the no-JavaScript list; nothing else.
    listed = re.findall(r'data-hm-policy="([^"]+)"', html)
    assert sorted(listed) == sorted(data["rules"][i]["id"] for i in range(len(data["rules"])))


def test_page_form_is_accessible(pages):
    html = pages["zi-cha/index.md"].html
    assert html.count("<fieldset") == 3 and html.count("<legend>") == 3
    assert 'role="status" aria-live="polite"' in html
    # Every control sits inside its label; tags in plain words, the official tag small.
    inputs = re.findall(r"<input [^>]*>", html)
    assert len(inputs) == 2 + 3 + 1 + 3  # 户类型, 监测类型, 风险已经消除, the sample tags of POLICIES
    assert len(re.findall(r'<label class="hm-zc-choice"><input ', html)) == len(inputs)
    assert '有上幼儿园的孩子<small class="hm-zc-tag">学前儿童</small>' in html
    assert "&lt;/script&gt;&lt;b&gt;</span>" in html  # no words for it: the tag itself
    assert "<form" in html and "action=" not in html and "method=" not in html


def test_page_items(pages):
    html = pages["zi-cha/index.md"].html
    item = re.search(r'<li class="hm-zc-item" data-hm-policy="common">(.*?)</li>', html, re.DOTALL).group(1)
    assert '<a href="../policies/common/">人人有份</a>' in item
    assert "<dd>每人每月100元</dd>" in item and "<dd>市民政局</dd>" in item
    assert 'href="tel:07953226437"' in item and "拨打 0795-3226437" in item
    # A contact without a phone number: shown as text, no call button.
    item = re.search(r'data-hm-policy="last-day">(.*?)</li>', html, re.DOTALL).group(1)
    assert "tel:" not in item and "<dd>市住建局</dd>" in item
    # Grouped by who gets them, for a browser without JavaScript.
    assert re.findall(r"<h2>([^<]+)</h2>", html) == ["每户都能享受", "只限部分户类型", "家里有特定情况的"]


def test_standard_markdown_is_html_without_escapes():
    p = policy("bold", standard="每人**500**元 [详见](https://example.org/a_b) #1 <b>x</b>")
    html = self_check_pages([p], AS_OF)[0].html
    cell = re.search(r"<dd>每人.*?</dd>", html).group(0)
    assert "<strong>500</strong>" in cell and "#1 &lt;b&gt;x&lt;/b&gt;" in cell
    assert 'href="https://example.org/a_b"' in cell and "\\" not in cell


def test_page_in_nav_near_the_top():
    project = sample_policies()
    generated = site_pages(project)
    nav = build_nav(generated, ["index.md"])
    assert nav[:2] == [{"首页": "index.md"}, {"政策自查": "zi-cha/index.md"}]


def test_household_model_matches_protocol():
    home = Household("1", "袁州区", "镇", "村", "户主", "脱贫户", None, 3, ("学前儿童",))
    assert [p.id for p in eligible_policies(home, POLICIES, AS_OF)] == \
        [r["id"] for r in EligibilityIndex(POLICIES, AS_OF).rules() if _script_predicate(r, "脱贫户", None, {"学前儿童"})]
