"""Every link to a PDF of the built site says how big it is: "（PDF，24 页，1.3 MB）".

A villager on a weak network decides whether to open a file by its size. The PDFs (the
handbook, each month's brief, PDFs the editors put into ``content/``) exist only once the
site is built, so this runs over the built HTML, after the PDFs are in place, and touches
only pages that link to a PDF.

A link to a PDF of the site that is not there (the handbook of a project without a valid
policy, a misspelt file name) becomes plain text, and the build says where it was: a
visitor meets no broken download, the editor learns which page to fix.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from huimin.print.typst_engine import pdf_page_count
from huimin.site.nav import HANDBOOK_URI
from huimin.site.site_files import Write, new_file

_LINK = re.compile(r'(<a\b[^>]*?\bhref="(?P<href>[^"#?:]+\.pdf)"[^>]*>)(?P<text>.*?)(</a>)', re.S | re.I)
_NOTE_CLASS = "hm-pdf-note"
_MISSING_CLASS = "hm-pdf-missing"
MISSING_MESSAGE = "链接的 PDF“{href}”在网站中不存在，已改为文字（不是链接）：{hint}"
NO_HANDBOOK = "没有统计日期有效的政策，本次没有生成政策读本"
NO_FILE = "请检查文件名，或把这个 PDF 放进 content/ 中"


@dataclass
class PdfLinks:
    annotated: int = 0                                  # links given their size note
    missing: list[str] = field(default_factory=list)    # links to absent PDFs, made text: where and why
    changed: list[Path] = field(default_factory=list)   # the pages written again


def size_text(size: int) -> str:
    """1,234,567 → "1.2 MB"; 35,000 → "35 KB"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def pdf_note(pdf: Path) -> str:
    data = pdf.read_bytes()
    pages = pdf_page_count(data)
    return f"（PDF，{pages} 页，{size_text(len(data))}）" if pages else f"（PDF，{size_text(len(data))}）"


def annotate_pdf_links(site: Path, docs: Path | None = None, write: Write = new_file) -> PdfLinks:
    """Add the size note to each link to a PDF of ``site``; a link to a PDF of the site that
    does not exist becomes its text. ``docs``: the Markdown sources (content/), to name the
    page such a link came from."""
    site = site.resolve()
    notes: dict[Path, str] = {}
    result = PdfLinks()
    for page in site.rglob("*.html"):
        data = page.read_bytes()
        if b".pdf" not in data:  # most pages: not decoded
            continue
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text

        def note(m: re.Match, page: Path = page) -> str:
            if _NOTE_CLASS in m.group("text"):
                return m.group(0)
            href = unquote(html.unescape(m.group("href")))
            target = (site / href.lstrip("/")) if href.startswith("/") else (page.parent / href)
            target = target.resolve()
            if not target.is_relative_to(site):
                return m.group(0)
            if not target.is_file():
                uri = target.relative_to(site).as_posix()
                hint = NO_HANDBOOK if uri == HANDBOOK_URI else NO_FILE
                result.missing.append(f"{_source(page, site, docs, target.name)}: "
                                      + MISSING_MESSAGE.format(href=uri, hint=hint))
                return f'<span class="{_MISSING_CLASS}">{m.group("text")}</span>'
            if target not in notes:
                notes[target] = pdf_note(target)
            result.annotated += 1
            return f'{m.group(1)}{m.group("text")}<span class="{_NOTE_CLASS}">{notes[target]}</span>{m.group(4)}'

        new = _LINK.sub(note, text)
        if new != text:
            write(page, new.encode("utf-8"))  # a new file: never the page rewritten in place
            result.changed.append(page)
    return result


def _source(page: Path, site: Path, docs: Path | None, name: str) -> str:
    """Where a built page's link came from: ``content/index.md:49:25`` when its Markdown
    source is found (the first line naming ``name``), else the page in the site."""
    rel = page.relative_to(site)
    stem = rel.parent if rel.name == "index.html" else rel.with_suffix("")
    if docs is not None:
        for source in ((docs / stem / "index.md"), (docs / f"{stem}.md") if stem.parts else None):
            if source is not None and source.is_file():
                shown = f"{docs.name}/{source.relative_to(docs).as_posix()}"
                for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                    if name in line:  # column: where the link's address starts
                        at = line.index(name)
                        start = max(line.rfind("(", 0, at), line.rfind('"', 0, at)) + 1 or at
                        return f"{shown}:{number}:{start + 1}"
                return shown
    return f"网站页面 {rel.as_posix()}"
