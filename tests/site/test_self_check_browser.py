"""政策自查 (/zi-cha/) in a real browser: for every household of a generated roster, the
page lists exactly the policies its 政策明白卡 would (same set, same order).

The sample project is built as of 2026-11-01. The roster has every 户类型 × 监测类型 with
no member tags, each tag alone, every pair of tags, all but one, and all of them. Each
household is set in the page's real form (controls changed, ``input``/``change`` events
dispatched as a tap does) and the shown list is read back from the DOM.
"""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

from huimin.model.policy import MONITOR_TYPES
from huimin.read.project import load_project
from huimin.read.roster import read_roster
from huimin.rules.eligibility import EligibilityIndex
from tests.browser import BROWSER_TESTS, CHROMIUM, CHROMIUM_ARGS
from tests.conftest import SAMPLE_AS_OF
from tests.counting_server import serve

AS_OF = date.fromisoformat(SAMPLE_AS_OF)

pytestmark = BROWSER_TESTS

# Sets one household in the form through the controls and their events; returns the ids
# shown in each result list (visible items only) and the announced count.
SET_AND_READ = """
(households) => {
  const form = document.getElementById("hm-zc-form");
  const fire = (el) => {
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.dispatchEvent(new Event("change", {bubbles: true}));
  };
  const set = (el, on) => { if (el.checked !== on) { el.checked = on; fire(el); } };
  const shown = (id) => {
    const box = document.getElementById(id + "-box");
    if (box.hidden || !box.checkVisibility()) return [];
    return [...document.querySelectorAll("#" + id + " > li")]
      .filter((li) => li.checkVisibility()).map((li) => li.dataset.hmPolicy);
  };
  return households.map(([kind, monitor, tags]) => {
    form.querySelectorAll('input[name="hm-zc-kind"]').forEach((r) => set(r, r.value === kind));
    form.querySelectorAll('input[name="hm-zc-monitor"]').forEach((r) => set(r, r.value === monitor));
    form.querySelectorAll('input[name="hm-zc-tag"]').forEach((b) => set(b, tags.includes(b.value)));
    return {
      specific: shown("hm-zc-specific"),
      common: shown("hm-zc-common"),
      count: document.getElementById("hm-zc-count").textContent,
      monitorShown: !document.getElementById("hm-zc-monitor").hidden,
    };
  });
}
"""


def axe_violations(page) -> list[str]:
    """axe-core's WCAG violations on the page (none checked when axe is not installed)."""
    try:
        import axe_playwright_python
    except ImportError:
        return []
    from tests.site.test_accessibility import AXE_TAGS

    page.add_script_tag(content=(Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    return [f"{v['id']}: {[n['html'][:120] for n in v['nodes'][:3]]}" for v in found["violations"]]


def write_roster(path, tags: list[str]) -> None:
    kinds = [("脱贫户", ""), *(("监测对象", m) for m in MONITOR_TYPES)]
    n = len(tags)
    subsets = [
        (), *itertools.combinations(tags, 1), *itertools.combinations(tags, 2),
        *itertools.combinations(tags, n - 1), tuple(tags),
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["户编号", "县市区", "乡镇", "村", "户主姓名", "户类型", "监测类型", "家庭人口", "成员情况"])
        for number, ((kind, monitor), chosen) in enumerate(itertools.product(kinds, subsets), 1):
            out.writerow([f"H{number:05d}", "袁州区", "测试镇", "测试村", f"户主{number}", kind, monitor,
                          len(chosen) + 1, "、".join(chosen)])


def expected(index: EligibilityIndex, kind: str, monitor: str | None, tags) -> dict:
    """The card's policies, those specific to the household first (each group in card order)."""
    from types import SimpleNamespace

    home = SimpleNamespace(household_type=kind, monitor_type=monitor, member_tags=tuple(tags))
    card = index.for_household(home)

    def specific(p):
        return bool(p.eligibility.member_tags) or (kind == "监测对象" and (
            bool(p.eligibility.monitor_types) or p.eligibility.monitor_risk != "不限"))

    return {"specific": [p.id for p in card if specific(p)], "common": [p.id for p in card if not specific(p)]}


def test_self_check_matches_the_cards(sample_site, tmp_path):
    from playwright.sync_api import sync_playwright

    site = sample_site
    project = load_project(site.parent / "sample", AS_OF)  # the project it was built from
    index = EligibilityIndex(project.policies, AS_OF)
    tags = sorted(index.tags)
    roster_file = tmp_path / "roster.csv"
    write_roster(roster_file, tags)
    households = read_roster(roster_file, project.settings).require_clean()
    cases = [(h.household_type, h.monitor_type, list(h.member_tags)) for h in households]
    # The page also answers a 监测对象 that has not picked its 监测类型 yet.
    cases += [("监测对象", None, list(c[2])) for c in cases if c[0] == "脱贫户"]
    assert len(households) >= 200 and len({(k, m, tuple(t)) for k, m, t in cases}) == len(cases)

    late_requests: list[str] = []
    with serve(site) as (base, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.goto(base + "zi-cha/")
            page.wait_for_load_state("networkidle")
            page.on("request", lambda request: late_requests.append(request.url))

            # Like a person: tap the labels.
            assert page.locator("#hm-zc-all").is_hidden() and page.locator("#hm-zc-form").is_visible()
            assert page.locator("#hm-zc-count").inner_text() == "请先选择您家是哪类户。"
            assert page.locator("#hm-zc-monitor").is_hidden()
            page.get_by_label("监测对象", exact=True).check()
            assert page.locator("#hm-zc-monitor").is_visible()
            page.get_by_label("突发严重困难户").check()
            page.get_by_label("有上幼儿园的孩子").check()
            page.get_by_label("有老人").check()
            want = expected(index, "监测对象", "突发严重困难户", ["学前儿童", "老年人"])
            got = page.evaluate(SET_AND_READ, [["监测对象", "突发严重困难户", ["学前儿童", "老年人"]]])[0]
            assert (got["specific"], got["common"]) == (want["specific"], want["common"])
            total = len(want["specific"]) + len(want["common"])
            assert page.locator("#hm-zc-count").inner_text() == (
                f"您家可以享受 {total} 项政策：与您家情况有关的 {len(want['specific'])} 项，"
                f"每户都能享受的 {len(want['common'])} 项。")
            assert axe_violations(page) == []  # WCAG 2.2 A/AA, as the other public pages
            # Big tap targets, a page that fits the phone, a call button per policy.
            heights = page.eval_on_selector_all(
                ".hm-zc-choice, a.hm-zc-tel", "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)")
            assert heights and min(heights) >= 48
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.evaluate("document.documentElement.classList.add('hm-elder')")
            heights = page.eval_on_selector_all(
                ".hm-zc-choice, a.hm-zc-tel", "els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().height)")
            assert min(heights) >= 60
            page.evaluate("document.documentElement.classList.remove('hm-elder')")
            page.get_by_role("button", name="全部清空，重新选").click()
            page.wait_for_function("document.getElementById('hm-zc-count').textContent.startsWith('请先')")

            # Every household of the roster, through the form's events.
            results = page.evaluate(SET_AND_READ, cases)
            context.close()

            # Without JavaScript: a note and every card policy, grouped by who gets them.
            context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
            page = context.new_page()
            page.goto(base + "zi-cha/")
            assert page.locator(".hm-zc-nojs").is_visible() and page.locator("#hm-zc-form").is_hidden()
            listed = page.eval_on_selector_all("#hm-zc-all [data-hm-policy]", "els => els.map(e => e.dataset.hmPolicy)")
            context.close()
        finally:
            browser.close()

    mismatches = []
    for (kind, monitor, chosen), got in zip(cases, results):
        want = expected(index, kind, monitor, chosen)
        if (got["specific"], got["common"]) != (want["specific"], want["common"]):
            mismatches.append((kind, monitor, chosen, got, want))
        assert got["monitorShown"] == (kind == "监测对象")
        assert f"{len(want['specific']) + len(want['common'])} 项政策" in got["count"]
    assert not mismatches, mismatches[:3]
    assert late_requests == []  # nothing typed or ticked leaves the browser
    assert sorted(listed) == sorted(p.id for p in index.policies)
