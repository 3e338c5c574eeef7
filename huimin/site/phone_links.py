"""Every phone number a page shows can be tapped: it becomes a ``tel:`` link.

Policy contacts are links already (:func:`huimin.site.sanitize.contact_html`); this pass
covers the rest of the built pages' text: a hotline named in a standard or a summary
("拨打12317"), a number in a county's report or a hand-written page. It runs over the built
HTML (engine-neutral) and changes only text outside links, code, scripts, styles, form
controls and the page head.

What counts as a phone number, so that amounts, years and document numbers never do:
- a landline with its area code: ``0795-3999999``, ``(0795)3999999``, ``0795 3999999``;
- a mobile number: 11 digits starting 13–19;
- a national service hotline from :data:`HOTLINES` (12317 扶贫/乡村振兴监督举报, 12345 …).
Digits touching other digits, Latin letters or a decimal point are never taken, nor a
number followed by a unit (元, 人, 年, 号…) or preceded by 第/共/约: that is an amount or a
count, whatever its digits.
- nor the old value in a policy's 修订记录 (咨询电话：由“0795-3266751”改为“…”): a villager tapping
  it would call the number that no longer answers.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from huimin.site.site_files import Write, new_file

HOTLINES = ("12317", "12345", "12348", "12320", "12333", "12366", "12315", "12369", "12388", "12339", "12338",
            "12351", "12358", "12365", "12380", "95598")
_DIGIT = "[0-9０-９]"  # ASCII or full-width (typed in Chinese input methods), never other scripts' digits
_UNITS = "元万亿块角分人户个位名年月日号时次份余多米亩吨斤克升台套件辆头只条册页期届"  # an amount, a count, a date
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.\-/:#第共约])(?<!由“)"
    r"(?:(?:\(|（)0D{2,3}(?:\)|）)\s?D{7,8}|0D{2,3}[-\s]?D{7,8}|1[3-9]D{9}|".replace("D", _DIGIT)
    + "|".join(HOTLINES) + r")"
    rf"(?![A-Za-z0-9_.\-/%‰{_UNITS}])"
)
_SKIP = {"a", "code", "pre", "script", "style", "textarea", "button", "select", "option", "head", "title", "svg"}
_SKIPPED = re.compile(r"<(a|script|style|svg|code|pre)\b.*?</\1>|<[^>]*>", re.S | re.I)  # never linked in
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
_BODY = re.compile(r"<body\b[^>]*>", re.I)
CACHE_DIR = ".huimin-cache/phones"  # pages with their phone numbers linked, by the hash of the page
VERBATIM = "<!--hm-verbatim-->"  # a page that must stay exactly as made (the 公众号 preview): left alone


def link_phones(html: str) -> tuple[str, int]:
    """``html`` with each phone number in its visible text made a ``tel:`` link; and how many."""
    if not _may_have_number(html):
        return html, 0
    body = _BODY.search(html)
    start = body.end() if body else 0
    if not _may_have_number(_SKIPPED.sub("", html[start:])):  # e.g. only in its links (the contacts)
        return html, 0
    if not _NUMBER.search(html, start):  # a number in a text part is a match in the whole page too
        return html, 0
    out = [html[:start]]
    skipping: list[str] = []
    count = 0
    pos = start
    for tag in _TAG.finditer(html, start):
        text = html[pos:tag.start()]
        if text and not skipping:
            text, n = _NUMBER.subn(_link, text)
            count += n
        out.append(text)
        out.append(tag.group(0))
        name = tag.group(2).lower()
        if name in _SKIP and not tag.group(3):
            if tag.group(1):
                if name in skipping:
                    del skipping[len(skipping) - 1 - skipping[::-1].index(name):]
            else:
                skipping.append(name)
        pos = tag.end()
    tail = html[pos:]
    if not skipping:
        tail, n = _NUMBER.subn(_link, tail)
        count += n
    out.append(tail)
    return "".join(out), count


_ASCII_DIGITS = bytes(ord("0") if chr(b).isdigit() else ord("x") for b in range(128)) + b"x" * 128
_FULL_WIDTH_DIGIT = re.compile(b"\xef\xbc[\x90-\x99]")  # U+FF10-FF19 in UTF-8


def _may_have_number(html: str) -> bool:
    """Whether ``html`` has five digits in a row or a full-width digit, which every phone
    number has: 20 times faster than looking for numbers, and most pages have none."""
    data = html.encode("utf-8", "surrogatepass")
    return b"00000" in data.translate(_ASCII_DIGITS) or _FULL_WIDTH_DIGIT.search(data) is not None


def _link(m: re.Match) -> str:
    shown = m.group(0)
    digits = "".join(str(unicodedata.digit(ch)) for ch in shown if ch.isdigit())  # full-width too: tel: takes ASCII
    return f'<a class="hm-tel" href="tel:{digits}">{shown}</a>'


def link_phones_in_site(site: Path, memo=None, done: frozenset[str] | set[str] = frozenset(),
                        write: Write = new_file) -> int:
    """Apply :func:`link_phones` to every page of the built ``site`` but those of ``done``
    (absolute paths: written with their numbers linked); the numbers linked.

    ``memo`` (``get(key)``/``put(key, value)``, kept between builds by the caller) keeps
    the result by the hash of the page and of this module's code: an unchanged page is not
    scanned again, and a changed rule never serves an old result."""
    total = 0
    code = code_digest()
    for page in Path(os.path.abspath(site)).rglob("*.html"):
        if str(page) in done:
            continue
        new, n = linked_page(page.read_text(encoding="utf-8"), memo, code)
        if n:
            write(page, new.encode("utf-8"))  # a new file: never the page rewritten in place
            total += n
    return total


def linked_page(text: str, memo=None, code: bytes = b"") -> tuple[str | None, int]:
    """:func:`link_phones` of a whole page (as read with ``read_text``), remembered in ``memo``
    with ``code`` (:func:`code_digest`); (None, 0) when nothing changes. Also used ahead, by a
    process that renders pages."""
    if not any(ch.isdigit() for ch in text) or VERBATIM in text:
        return None, 0
    if memo is None:
        new, n = link_phones(text)
        return (new, n) if n else (None, 0)
    key = hashlib.sha256(code + text.encode("utf-8", "surrogatepass")).hexdigest()
    found = memo.get(key)
    if found is None:
        found = list(link_phones(text))
        memo.put(key, [found[0] if found[1] else None, found[1]])
    new, n = found
    return (new, n) if new is not None and n else (None, 0)


def code_digest() -> bytes:
    """The hash of these rules: a result kept by other rules is never served."""
    return hashlib.sha256(Path(__file__).read_bytes()).digest()
