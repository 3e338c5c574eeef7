"""Every link to a PDF of the built site says how big it is: "（PDF，24 页，1.3 MB）".

A villager on a weak network decides whether to open a file by its size. The PDFs (the
handbook, each month's brief, PDFs the editors put into ``content/``) exist only once the
site is built, so this runs over the built HTML, after the PDFs are in place, and touches
only pages that link to a PDF.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

from huimin.print.typst_engine import pdf_page_count

_LINK = re.compile(r'(<a\b[^>]*?\bhref="(?P<href>[^"#?:]+\.pdf)"[^>]*>)(?P<text>.*?)(</a>)', re.S | re.I)
_NOTE_CLASS = "hm-pdf-note"


def size_text(size: int) -> str:
    """1,234,567 → "1.2 MB"; 35,000 → "35 KB"."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} KB"


def pdf_note(pdf: Path) -> str:
    data = pdf.read_bytes()
    pages = pdf_page_count(data)
    return f"（PDF，{pages} 页，{size_text(len(data))}）" if pages else f"（PDF，{size_text(len(data))}）"


def annotate_pdf_links(site: Path) -> int:
    """Add the size note to each link to a PDF of ``site``; the number of links annotated."""
    site = site.resolve()
    notes: dict[Path, str] = {}
    count = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if ".pdf" not in text:
            continue

        def note(m: re.Match) -> str:
            nonlocal count
            if _NOTE_CLASS in m.group("text"):
                return m.group(0)
            href = unquote(html.unescape(m.group("href")))
            target = (site / href.lstrip("/")) if href.startswith("/") else (page.parent / href)
            target = target.resolve()
            if not target.is_relative_to(site) or not target.is_file():
                return m.group(0)
            if target not in notes:
                notes[target] = pdf_note(target)
            count += 1
            return f'{m.group(1)}{m.group("text")}<span class="{_NOTE_CLASS}">{notes[target]}</span>{m.group(4)}'

        new = _LINK.sub(note, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return count
