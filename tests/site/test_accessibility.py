"""Accessibility of the public site for villagers (issue 10, parts 4 and 5).

The repository's sample project is built once for this module (as of 2026-11-01), served on
127.0.0.1 and driven with headless Chromium:

- axe-core (vendored in the PyPI package ``axe-playwright-python``) finds no WCAG 2.0/2.1/2.2
  A and AA violation on any page type at 360 px (phone) and 1280 px (desktop), nor in 长者模式;
- no page scrolls sideways at 320 px; main text, tables and search results are at least 16 px;
- on a phone the closed menu drawer holds no Tab stop and the skip link reads 跳到正文;
- the 长者模式 switch enlarges text at least 1.25×, is remembered across pages, and gives the
  header buttons and the main navigation tap targets of at least 60 px.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import BROWSER_TESTS, CHROMIUM, CHROMIUM_ARGS
from tests.counting_server import serve

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# One page of every type in the sample site (as of 2026-11-01).
PAGES = {
    "首页": "",
    "政策（有效）": "policies/edu-preschool-aid/",
    "政策（已失效）": "policies/edu-college-entry-award-2021/",
    "政策（未生效）": "policies/job-stable-work-bonus-2027/",
    "政策目录": "policies/",
    "分类索引": "policies/category/",
    "分类页": "policies/category/jiao-yu-bao-zhang/",
    "拼音索引": "policies/pinyin/",
    "二十条措施": "measures/",
    "每月汇编目录": "compilations/",
    "每月汇编": "compilations/2026-09/",
    "报送（月）": "submissions/2026-08/",
    "报送（单位）": "submissions/units/feng-cheng-shi/",
    "报送（单篇）": "submissions/2026-08/feng-cheng-shi-jiu-ye-bang-fu-che-jian/",
    "宜春经验与积分榜": "experience/",
    "宜春经验（按措施）": "experience/measures/",
    "宜春经验（案例）": "experience/tong-gu-xian-dian-zhang-zhi/",
    "关于本站": "about/",
    "404": "404.html",
}

pytestmark = BROWSER_TESTS


@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    """The repository's sample project, built once per run (tests/conftest.py)."""
    site_dir = sample_site
    for path in PAGES.values():
        assert (site_dir / (path or "index.html")).exists() or (site_dir / path / "index.html").exists(), path
    return site_dir


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    axe_package = pytest.importorskip("axe_playwright_python", reason="需要 axe-playwright-python（pip install -e '.[test]'）")
    return (Path(axe_package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@contextmanager
def _page(browser, base: str, width: int, elder: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    if elder:
        context.add_init_script("try { localStorage.setItem('hm-elder', '1') } catch (e) {}")

    def only_local(route):  # the site must work offline: nothing from outside
        url = route.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


def _goto(page, base: str, path: str) -> None:
    page.goto(base + path)
    page.wait_for_load_state("load")


def _axe(page, axe_source: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def _describe(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{where}：{v['id']}（{v['impact']}，{len(v['nodes'])} 处）{v['help']} —— {v['helpUrl']}")
        for node in v["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}：{summary[:300]}")
            lines.append(f"      {node['html'][:200]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ……另有 {len(v['nodes']) - 8} 处")
    return lines


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_no_wcag_violation(browser, base, axe_source, width):
    problems: list[str] = []
    with _page(browser, base, width) as page:
        for name, path in PAGES.items():
            _goto(page, base, path)
            problems += _describe(f"{name} /{path}（{width} px）", _axe(page, axe_source))
    assert not problems, "axe-core 发现的无障碍问题（WCAG 2.2 A/AA）：\n" + "\n".join(problems)


def test_axe_finds_no_violation_in_elder_mode(browser, base, axe_source):
    problems: list[str] = []
    for width in (360, 1280):
        with _page(browser, base, width, elder=True) as page:
            for name in ("首页", "政策（已失效）", "每月汇编", "宜春经验与积分榜"):
                _goto(page, base, PAGES[name])
                assert page.evaluate("() => document.documentElement.classList.contains('hm-elder')")
                problems += _describe(f"长者模式 {name}（{width} px）", _axe(page, axe_source))
    assert not problems, "axe-core 发现的无障碍问题（长者模式）：\n" + "\n".join(problems)


def test_axe_finds_no_violation_in_the_open_search(browser, base, axe_source):
    """The search overlay with grouped results and the 部分匹配 marker, normal and 长者模式."""
    problems: list[str] = []
    for width in (360, 1280):
        for elder in (False, True):
            with _page(browser, base, width, elder=elder) as page:
                _goto(page, base, "")
                if width < 1000:
                    page.locator("label.md-header__button[for=__search]").click()
                else:
                    page.locator("input.md-search__input").click()
                for query in ("看病", "最低生活保章"):
                    box = page.locator("input.md-search__input")
                    box.fill("")
                    box.press_sequentially(query)
                    page.wait_for_function(
                        "q => document.querySelector('.md-search-result__meta').dataset.hmQuery === q", arg=query)
                    where = f"搜索“{query}”（{width} px{'，长者模式' if elder else ''}）"
                    problems += _describe(where, _axe(page, axe_source))
    assert not problems, "axe-core 发现的无障碍问题（搜索）：\n" + "\n".join(problems)


def test_no_sideways_scrolling_at_320px(browser, base):
    wide = []
    for elder in (False, True):
        with _page(browser, base, 320, elder=elder) as page:
            for name, path in PAGES.items():
                _goto(page, base, path)
                sizes = page.evaluate(
                    "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
                )
                if max(sizes[:2]) > sizes[2]:
                    wide.append(f"{'长者模式 ' if elder else ''}{name} /{path}：页面宽 {max(sizes[:2])} px，屏幕宽 {sizes[2]} px")
    assert not wide, "320 px 宽的手机上页面需要左右滚动：\n" + "\n".join(wide)


SMALL_TEXT = """(selector) => {
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) small.push(`${el.tagName.toLowerCase()}.${el.className}「${el.textContent.trim().slice(0, 20)}」${size}px`);
  }
  return small;
}"""
MAIN_TEXT = (
    ".md-content article p, .md-content article li, .md-content article td, .md-content article th, "
    ".md-content article .hm-sub, .md-content article .hm-badge, .md-content article .admonition-title"
)


def test_text_is_at_least_16px_on_a_phone(browser, base):
    small = []
    with _page(browser, base, 360) as page:
        for name, path in PAGES.items():
            _goto(page, base, path)
            small += [f"{name}：{s}" for s in page.evaluate(SMALL_TEXT, MAIN_TEXT)]
        # Search results: open the search on a phone and type like an input method does.
        _goto(page, base, "")
        page.locator("label.md-header__button[for=__search]").click()
        box = page.locator("input.md-search__input")
        box.press_sequentially("资助")
        page.wait_for_selector(".md-search-result__item")
        small += [
            f"搜索结果：{s}"
            for s in page.evaluate(SMALL_TEXT, ".md-search-result__item h1, .md-search-result__item p, "
                                               ".hm-search-group h2, .md-search-result__meta")
        ]
    assert not small, "手机上小于 16 px 的正文、表格或搜索结果：\n" + "\n".join(small)


def test_wide_tables_become_stacked_rows_on_a_phone(browser, base):
    with _page(browser, base, 360) as page:
        _goto(page, base, PAGES["每月汇编"])
        table = page.locator("table[data-hm-stack]").last
        cells = table.locator("tbody tr").first.locator("td")
        labels = [cells.nth(i).get_attribute("data-label") for i in range(cells.count())]
        assert labels == ["单位", "有效篇数", "经验成效类", "问题调研类", "不计数", "完成情况"]
        last = cells.last.bounding_box()
        assert last is not None and last["x"] + last["width"] <= 360, "最后一列在手机屏幕之外"
        assert "完成情况" in page.evaluate(
            "(td) => getComputedStyle(td, '::before').content", cells.last.element_handle()
        )
    with _page(browser, base, 1280) as page:
        _goto(page, base, PAGES["每月汇编"])
        assert page.locator("table[data-hm-stack] thead").last.is_visible()  # a real table on a desktop


def test_skip_link_and_closed_drawer_on_a_phone(browser, base):
    with _page(browser, base, 360) as page:
        for name in ("首页", "政策（有效）", "每月汇编"):
            _goto(page, base, PAGES[name])
            page.keyboard.press("Tab")
            first = page.evaluate(
                "() => [document.activeElement.classList.contains('md-skip'), document.activeElement.textContent.trim()]"
            )
            assert first == [True, "跳到正文"], f"{name}：第一个 Tab 停在 {first}"
            stops = []
            for _ in range(9):
                page.keyboard.press("Tab")
                stops.append(page.evaluate(
                    "() => { const a = document.activeElement;"
                    " return [!!a.closest('.md-sidebar--primary'), a.tagName + ' ' + (a.getAttribute('aria-label') || a.textContent.trim()).slice(0, 20)]; }"
                ))
            in_drawer = [label for inside, label in stops if inside]
            assert not in_drawer, f"{name}：关着的菜单里有 Tab 停留点：{in_drawer}"
            named = [label for _, label in stops]
            assert any("打开菜单" in s for s in named) and any("长者模式" in s for s in named), named


def test_icon_buttons_have_names(browser, base):
    with _page(browser, base, 360) as page:
        _goto(page, base, "")
        assert page.get_by_role("button", name="打开菜单").is_visible()
        assert page.get_by_role("button", name="搜索").is_visible()
        page.get_by_role("button", name="打开菜单").focus()
        page.keyboard.press("Enter")  # the menu opens from the keyboard
        page.wait_for_function("() => document.getElementById('__drawer').checked")
        assert page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
        page.locator("label.md-overlay").click(position={"x": 340, "y": 400})  # close it again
        page.wait_for_function("() => !document.getElementById('__drawer').checked")
        page.get_by_role("button", name="打开菜单").focus()
        page.keyboard.press(" ")
        page.wait_for_function("() => document.getElementById('__drawer').checked")


def _font_size(page, selector: str) -> float:
    return page.evaluate("(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector)


def test_elder_mode_switch(browser, base):
    with _page(browser, base, 360) as page:
        _goto(page, base, PAGES["政策（有效）"])
        toggle = page.get_by_role("button", name="长者模式")
        assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
        normal = {s: _font_size(page, s) for s in (".md-content article p", ".md-content article td")}
        toggle.click()
        assert toggle.get_attribute("aria-pressed") == "true"
        for selector, size in normal.items():
            assert _font_size(page, selector) >= 1.25 * size - 0.01, (selector, size, _font_size(page, selector))
        # Remembered on the next page, applied before the first paint (by the inline head script).
        page.locator(".md-content article a[href*='category/']").first.click()
        page.wait_for_load_state("load")
        assert "/policies/category/" in page.url
        assert page.evaluate("() => document.documentElement.classList.contains('hm-elder')")
        assert page.get_by_role("button", name="长者模式").get_attribute("aria-pressed") == "true"
        # Tap targets: header buttons and (in the opened drawer) the main navigation.
        for name in ("打开菜单", "搜索", "长者模式"):
            box = page.get_by_role("button", name=name).bounding_box()
            assert box and box["height"] >= 60 and box["width"] >= 60, (name, box)
        page.get_by_role("button", name="打开菜单").click()
        page.wait_for_timeout(400)
        links = page.locator(".md-sidebar--primary .md-nav__link:visible")
        heights = [links.nth(i).bounding_box()["height"] for i in range(links.count())]
        assert heights and min(heights) >= 60, heights
        # Switching off is remembered too.
        page.keyboard.press("Escape")
        _goto(page, base, "")
        page.get_by_role("button", name="长者模式").click()
        _goto(page, base, "about/")
        assert not page.evaluate("() => document.documentElement.classList.contains('hm-elder')")

    with _page(browser, base, 1280, elder=True) as page:
        _goto(page, base, PAGES["每月汇编"])
        box = page.get_by_role("button", name="长者模式").bounding_box()
        assert box and box["height"] >= 60, box
        links = page.locator(".md-sidebar--primary .md-nav__link:visible")
        heights = [links.nth(i).bounding_box()["height"] for i in range(links.count())]
        assert heights and min(heights) >= 60, heights
        lines = page.evaluate(
            "() => { const p = document.querySelector('.md-content article p'); const s = getComputedStyle(p);"
            " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }"
        )
        assert lines >= 1.5
