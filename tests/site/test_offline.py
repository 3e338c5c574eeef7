"""The built site works on a network without Internet: it never points outside itself.

Every .html/.css/.js/.json/.xml file of the sample site is scanned for URLs of other
hosts. Our own output (pages, huimin.css, search index, sitemap) must have none, except
XML namespace names. Material's vendored scripts and styles (byte-identical to the files
the installed mkdocs-material ships) may only mention the inert URLs listed below:
license texts and comments, and loaders that stay dormant on this site (checked here).
The browser test additionally records that no request leaves 127.0.0.1 at run time.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
import yaml

from tests.conftest import REPO

SCANNED = (".html", ".css", ".js", ".json", ".xml")
MATERIAL_ASSETS = Path(material.__file__).parent / "templates" / "assets"

# Namespace names are identifiers, never fetched: W3C ones (SVG, XLink, XHTML, Atom…)
# anywhere, and any URL that is the value of an XML namespace declaration.
W3C_NAMESPACES = "http://www.w3.org/"
XMLNS = re.compile(r"""\bxmlns(?::[\w-]+)?\s*=\s*\\?["']$""")

# Hosts named in Material's vendored files, never contacted by this site.
VENDORED_INERT = {
    "www.mozilla.org": "MPL license header of lunr-languages",
    "github.com": "source comments and license headers",
    "snowball.tartarus.org": "license header of the snowball stemmers",
    "tartarus.org": "license header of the Porter stemmer",
    "code.google.com": "license header of lunr-languages",
    "lunrjs.com": "license header of lunr",
    "bit.ly": "links inside lunr error messages",
    "chasen.org": "license header of TinySegmenter",
    "clipboardjs.com": "license header of clipboard.js",
    "fontawesome.com": "license comment of the bundled icons",
    "developer.mozilla.org": "source comments",
    "people.mozilla.org": "source comments",
    "wiki.ecmascript.org": "source comments",
    "wiki.commonjs.org": "source comments",
    "underscorejs.org": "source comments",
    "narwhaljs.org": "source comments",
    "msdn.microsoft.com": "source comments",
    "en.wikipedia.org": "source comments",
    "docs.python.org": "source comments",
    # Dormant loaders (conditions checked in test_dormant_loaders_stay_dormant):
    "unpkg.com": "mermaid.js only for ```mermaid diagrams; ResizeObserver polyfill only in pre-2020 browsers",
    "api.github.com": "repository facts only when mkdocs.yml sets repo_url",
    "${e}": "GitLab repository facts (host taken from repo_url) only when mkdocs.yml sets repo_url",
}

# Absolute URLs anywhere; scheme-relative ones where a browser would fetch them.
ABSOLUTE = re.compile(
    r"""(?i)\b(?:https?|ftp|wss?):(?:\\?/){2}((?:\$\{[^}]*\}|[^/\s"'<>()\\`,;{}])+)[^\s"'<>\\`]*"""
)
RELATIVE_HOST = re.compile(
    r"""(?i)(?:\b(?:src|href|action|poster|srcset|data|content)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])"""
    r"""(//[^/\s"'<>)]+[^\s"'<>)]*)"""
)


def vendored(path: Path, site: Path) -> bool:
    """A file Material copied into the site unchanged."""
    rel = path.relative_to(site)
    if rel.parts[0] != "assets":
        return False
    original = MATERIAL_ASSETS.joinpath(*rel.parts[1:])
    return original.is_file() and _digest(original) == _digest(path)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def site_url() -> str | None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return config.get("site_url")


def outside_urls(site: Path) -> list[str]:
    """``file: url`` for every URL to another host that is not explicitly allowed."""
    own = site_url()
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in SCANNED or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        is_vendored = vendored(path, site)
        rel = path.relative_to(site).as_posix()
        for m in ABSOLUTE.finditer(text):
            url, host = m.group(0), m.group(1).lower()
            if url.startswith(W3C_NAMESPACES) and not url.endswith((".js", ".css")):
                continue
            if XMLNS.search(text[max(0, m.start() - 40):m.start()]):
                continue
            if own and url.startswith(own.rstrip("/")):
                continue
            if host in ("127.0.0.1", "localhost"):
                found.append(f"{rel}: {url}（本机地址不能写进网站）")
                continue
            if is_vendored and host in VENDORED_INERT:
                continue
            found.append(f"{rel}: {url}")
        if path.suffix in (".html", ".css", ".xml"):
            for m in RELATIVE_HOST.finditer(text):
                found.append(f"{rel}: {m.group(1)}")
    return found


def test_theme_font_is_off():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False, "mkdocs.yml 的 theme.font 应为 false（不从 Google Fonts 下载字体）"
    assert "repo_url" not in config
    assert all(not str(js).startswith(("http:", "https:", "//")) for js in config.get("extra_javascript", []))
    assert all(not str(css).startswith(("http:", "https:", "//")) for css in config.get("extra_css", []))


def test_sample_site_has_no_outside_urls(sample_site):
    site = sample_site
    scanned = [p for p in site.rglob("*") if p.suffix in SCANNED]
    assert len([p for p in scanned if p.suffix == ".html"]) > 100
    assert any(vendored(p, site) for p in scanned), "没有认出 Material 自带的文件，检查 MATERIAL_ASSETS"

    bad = outside_urls(site)
    assert bad == [], "网站引用了外部地址：\n" + "\n".join(bad)

    tags = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        for pattern in (
            r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>",
            r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>",
            r"<(?:img|iframe|source|video|audio|embed|object)\b[^>]*\b(?:src|data)=[\"']?(?:https?:)?//[^>]*>",
            r"fonts\.(?:googleapis|gstatic)\.com",
            r"<link\b[^>]*\brel=[\"']?(?:preconnect|dns-prefetch)[^>]*>",
        ):
            tags += [f"{rel}: {m.group(0)}" for m in re.finditer(pattern, html, re.I)]
    assert tags == [], "页面加载外部资源：\n" + "\n".join(tags)

    # The conditions under which Material's dormant loaders would wake up.
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any('class="mermaid"' in html for html in pages), "有 mermaid 图会从 unpkg.com 加载 mermaid.js"
    assert not any('class="md-source"' in html for html in pages), "设置了 repo_url 会访问 api.github.com"


def test_scanner_catches_outside_urls(tmp_path):
    """The scanner itself: it must flag what a careless template or page could add."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto">'
        '<script src="//cdn.example.com/x.js"></script>'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<a href="http://www.gov.cn/">中国政府网</a>',
        encoding="utf-8",
    )
    (site / "feed.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        '<link href="http://www.sitemaps.org/x.xsl"/></urlset></feed>', encoding="utf-8")
    (site / "b.css").write_text("@import url(//fonts.example.org/a.css); a{}", encoding="utf-8")
    (site / "c.json").write_text('{"u": "https:\\/\\/evil.example\\/x"}', encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets/x.js").write_text('fetch("https://unpkg.com/x.js")', encoding="utf-8")  # not Material's
    bad = outside_urls(site)
    assert [b.split(":", 1)[0] for b in bad] == [
        "a/index.html", "a/index.html", "a/index.html", "assets/x.js", "b.css", "c.json", "feed.xml",
    ], bad
    assert "feed.xml: http://www.sitemaps.org/x.xsl" in bad
    assert "a/index.html: https://fonts.googleapis.com/css?family=Noto" in bad
    assert "a/index.html: //cdn.example.com/x.js" in bad
    assert "a/index.html: http://www.gov.cn/" in bad
