"""The site's search index: character bigrams in shards, fetched by the browser piece by piece.

``index_site(site_dir, synonyms)`` runs after the pages are written (engine-neutral: it
reads only the built HTML). A page is indexed when the theme marked it::

    <meta name="hm-search" content="policy">            type: policy | case | submission | page
    <meta name="hm-search-summary" content="…">         optional: the result's summary
    <!--hm-search-body--> … <!--/hm-search-body-->      the text that is searched

(``templates/theme/main.html`` writes them from the page's front matter ``hm_search``;
listings say ``hm_search: none`` and get none of them.) It writes into ``site_dir/search/``::

    manifest.json   shard count, type ranges, synonyms (fetched when a search starts)
    t/<n>.json      term → postings, one file per hash bucket of the term
    m/<n>.json      [url, title, type, summary] of META_CHUNK documents

Terms are the overlapping bigrams of every run of Chinese characters (and each character
of a title, for one-character queries), and lower-cased runs of letters/digits. A page
that contains a query word contains all of the word's bigrams: the search never misses
it, and neither the build nor the browser needs a dictionary or a segmenter. Documents
are numbered by type (policies first), so the client ranks by type from a document's
number alone. Postings are ``[doc - previous doc, weight, ...]``; the weight counts
occurrences (capped), plus a bonus when the title holds the term.

The tokenizer and the hash (FNV-1a over UTF-16 code units) are mirrored in the browser
client ``templates/theme/search/hm-search.js``.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import operator
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from huimin.site.site_files import Write, new_file

TYPE_ORDER = ("policy", "case", "submission", "page")  # ranking groups, best first
META_CHUNK = 32  # documents per metadata file
TARGET_SHARD_BYTES = 12_000  # aim for shards of about this size (raw JSON)
MAX_TF = 15  # occurrences counted per document
TITLE_BONUS = 16  # added to the weight when the title holds the term
SUMMARY_CHARS = 90
INDEX_DIR = "search"

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(f"[{CJK}]+|[a-z0-9]+")
# Full-width punctuation (，（）：；！ …) that NFKC turns into ASCII punctuation: a separator
# either way. A page's text is full of it, which makes NFKC normalize the whole text slowly
# (0.5 s at 2,000 pages); made spaces first, most texts are already normal and pass as they are.
_WIDE_PUNCT = re.compile("[" + re.escape("".join(
    ch for ch in map(chr, [*range(0x3000, 0x3040), *range(0xFE10, 0xFE70), *range(0xFF01, 0xFF66)])
    if unicodedata.normalize("NFKC", ch) != ch
    and not any(c.isalnum() or unicodedata.combining(c) for c in unicodedata.normalize("NFKC", ch)))) + "]")

_TYPE = re.compile(r'<meta name="hm-search" content="([a-z]+)"')
_SUMMARY = re.compile(r'<meta name="hm-search-summary" content="([^"]*)"')
_BODY = re.compile(r"<!--hm-search-body-->(.*?)<!--/hm-search-body-->", re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DROP = re.compile(r'<a class="headerlink"[^>]*>.*?</a>|<(script|style|template)\b.*?</\1>'
                   r"|<!--hm-search-skip-->.*?<!--/hm-search-skip-->", re.S)  # e.g. a policy's old values
_BLOCK = re.compile(r"</?(p|div|li|tr|td|th|h\d|br|table|ul|ol|section|details|summary|blockquote)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class SearchPage:
    url: str  # site-relative, "" for the home page
    title: str
    type: str
    text: str
    summary: str = ""
    counts: dict | None = None  # the terms of title + text and how often, when known already (a memo)
    title_set: frozenset | None = None  # title_terms(title), when known already


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[str]:
    """Runs of Chinese characters and runs of letters/digits; everything else separates."""
    return RUN.findall(normalize(_WIDE_PUNCT.sub(" ", text)))


def terms(text: str) -> list[str]:
    """The index terms of ``text`` in order (bigrams; a lone character stays a unigram)."""
    out: list[str] = []
    for run in runs(text):
        if run[0] < "\u3400" or len(run) == 1:  # letters/digits, or a lone character: the whole run
            out.append(run)
        else:
            out += map(operator.add, run[:-1], run[1:])
    return out


def title_terms(title: str) -> set[str]:
    found = set(terms(title))
    found.update(ch for run in runs(title) if run[0] >= "\u3400" for ch in run)
    return found


def bucket(term: str, shards: int) -> int:
    """FNV-1a (32 bit) over the UTF-16 code units of ``term``, modulo ``shards``."""
    h = 0x811C9DC5
    units = term.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, one line per block."""
    fragment = _BLOCK.sub("\n", _DROP.sub("", fragment))
    text = html.unescape(_TAG.sub("", fragment))
    return re.sub(r"[ \t\r\f\v\u200b]*\n\s*", "\n", text).strip()


def page_from_html(url: str, raw: str) -> SearchPage | None:
    """The search data of one built page, or None when the theme did not mark it."""
    kind, body = _TYPE.search(raw), _BODY.search(raw)
    if kind is None or body is None:
        return None
    h1 = _H1.search(body.group(1)) or _TITLE.search(raw)
    title = plain_text(h1.group(1)) if h1 else url
    summary = _SUMMARY.search(raw)
    type_ = kind.group(1) if kind.group(1) in TYPE_ORDER else "page"
    return SearchPage(url, title, type_, plain_text(body.group(1)), html.unescape(summary.group(1)) if summary else "")


def read_site(site_dir: Path) -> list[SearchPage]:
    """Every marked page of a built site, in URL order."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        page = page_from_html(site_url(path.relative_to(site_dir).as_posix()), path.read_text(encoding="utf-8"))
        if page is not None:
            pages.append(page)
    return pages


def site_url(rel: str) -> str:
    """The address of a built file (``policies/a/index.html`` → ``policies/a/``)."""
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def _file_of(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def page_key(url: str, raw: bytes) -> str:
    """The key of a page's search terms in a memo: the hash of its address and bytes."""
    return hashlib.sha256(url.encode("utf-8") + b"\0" + raw).hexdigest()


def remember(url: str, raw: bytes, memo) -> tuple[str, dict]:
    """The search terms of the page ``raw`` at ``url``, from ``memo`` or worked out and put
    there; with the key they are kept by (a page written by another process can be indexed
    ahead, :mod:`huimin.adapters.mkdocs_parallel`)."""
    key = page_key(url, raw)
    found = memo.get(key)
    if found is None:
        found = _terms_of(url, raw)
        memo.put(key, found)
    return key, found


def _terms_of(url: str, raw: bytes) -> dict:
    page = page_from_html(url, raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))  # as read_text
    return {"page": None} if page is None else {
        "page": [page.title, page.type, summary_of(page)],
        "counts": Counter(terms(page.title + "\n" + page.text)), "title": sorted(title_terms(page.title))}


def _search_page(url: str, found: dict) -> SearchPage | None:
    if found["page"] is None:
        return None
    title, type_, summary = found["page"]
    return SearchPage(url, title, type_, "", summary, found["counts"], frozenset(found["title"]))


def index_site(site_dir: Path, synonyms: Mapping[str, Sequence[str]] | None = None, memo=None,
               known: Mapping[str, tuple[str, dict | None]] | None = None, write: Write = new_file) -> dict:
    """Index the built site in ``site_dir`` into ``site_dir/search/``; return counts.

    ``memo`` (``get(key)``/``put(key, value)``/``keep(key)``, e.g. a cache kept by the engine
    adapter) keeps each page's terms by the hash of its HTML (:func:`page_key`): an unchanged
    page is not read again; when no page changed, the index files are those kept from the
    build before. ``known``: address → (key, terms or None) of the pages whose key the caller
    worked out as it wrote them (:func:`remember`): those files are not read. ``write``
    writes each index file (huimin.site.site_files)."""
    if memo is None:
        return build_index(read_site(site_dir), site_dir / INDEX_DIR, synonyms, write=write)
    known = known or {}
    entries: list[tuple[str, bytes | None, str, dict | None]] = []  # address, bytes read, key, terms
    for path in sorted(site_dir.rglob("*.html")):
        url = site_url(path.relative_to(site_dir).as_posix())
        if url in known:
            entries.append((url, None, *known[url]))
        else:
            raw = path.read_bytes()
            entries.append((url, raw, page_key(url, raw), None))
    keys = [key for _, _, key, _ in entries]
    whole = "index\0" + hashlib.sha256(_json([keys, synonyms or {}]).encode("utf-8")).hexdigest()
    out_dir = site_dir / INDEX_DIR
    found = memo.get(whole)
    if found is not None:
        for key in keys:  # the pages' terms stay kept for the next build
            memo.keep(key)
        for name in ("t", "m"):  # as build_index: its earlier files replaced
            shutil.rmtree(out_dir / name, ignore_errors=True)
            (out_dir / name).mkdir(parents=True)
        for name, text in found["files"].items():
            write(out_dir / name, text.encode("utf-8"))
        return found["counts"]
    pages = []
    for url, raw, key, terms_ in entries:
        if terms_ is None:
            terms_ = memo.get(key)
        if terms_ is None:
            terms_ = _terms_of(url, raw if raw is not None else (site_dir / _file_of(url)).read_bytes())
            memo.put(key, terms_)
        page = _search_page(url, terms_)
        if page is not None:
            pages.append(page)
    counts = build_index(pages, out_dir, synonyms, write=write)
    written = [out_dir / "manifest.json", *sorted((out_dir / "t").glob("*.json")), *sorted((out_dir / "m").glob("*.json"))]
    files = {p.relative_to(out_dir).as_posix(): p.read_text(encoding="utf-8") for p in written}
    memo.put(whole, {"files": files, "counts": counts})
    return counts


def summary_of(page: SearchPage) -> str:
    if page.summary:
        return page.summary
    body = " ".join(line for line in page.text.split("\n") if line.strip() and line.strip() != page.title)
    return body[:SUMMARY_CHARS] + ("…" if len(body) > SUMMARY_CHARS else "")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_index(pages: Iterable[SearchPage], out_dir: Path, synonyms: Mapping[str, Sequence[str]] | None = None,
                shards: int | None = None, write: Write = new_file) -> dict:
    """Write the index of ``pages`` into ``out_dir`` (its earlier index files replaced)."""
    rank = {t: i for i, t in enumerate(TYPE_ORDER)}
    docs = sorted(pages, key=lambda p: rank.get(p.type, len(TYPE_ORDER)))  # stable within a type
    postings: dict[str, list[int]] = defaultdict(list)  # term → [doc - previous doc, weight, …]
    last: dict[str, int] = {}
    for doc, page in enumerate(docs):
        counts = Counter(page.counts) if page.counts is not None else Counter(terms(page.title + "\n" + page.text))
        in_title = page.title_set if page.title_set is not None else title_terms(page.title)
        for term in in_title.difference(counts):
            counts[term] = 0  # single characters of the title
        for term, n in counts.items():
            weight = (n if n < MAX_TF else MAX_TF) + (TITLE_BONUS if term in in_title else 0)
            postings[term] += (doc - last.get(term, 0), weight)
            last[term] = doc
    encoded = {term: _json(flat) for term, flat in postings.items()}
    if shards is None:
        total = sum(len(t) + len(p) + 6 for t, p in encoded.items())
        shards = 1 << max(4, math.ceil(math.log2(max(1, total / TARGET_SHARD_BYTES))))

    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("t", "m"):
        shutil.rmtree(out_dir / name, ignore_errors=True)
        (out_dir / name).mkdir()
    grouped: dict[int, list[str]] = defaultdict(list)
    for term in sorted(encoded):
        grouped[bucket(term, shards)].append(f"{_json(term)}:{encoded[term]}")
    for n, items in grouped.items():
        write(out_dir / "t" / f"{n}.json", ("{" + ",".join(items) + "}").encode("utf-8"))
    for start in range(0, len(docs), META_CHUNK):
        rows = [[p.url, p.title, p.type, summary_of(p)] for p in docs[start : start + META_CHUNK]]
        write(out_dir / "m" / f"{start // META_CHUNK}.json", _json(rows).encode("utf-8"))

    ranges: list[list] = []
    for doc, page in enumerate(docs):
        if ranges and ranges[-1][0] == page.type:
            ranges[-1][2] = doc + 1
        else:
            ranges.append([page.type, doc, doc + 1])
    manifest = {"version": 1, "docs": len(docs), "shards": shards, "meta_chunk": META_CHUNK, "types": ranges,
                "synonyms": {normalize(k): [normalize(w) for w in v] for k, v in (synonyms or {}).items() if v}}
    write(out_dir / "manifest.json", _json(manifest).encode("utf-8"))
    return {"docs": len(docs), "shards": shards, "terms": len(encoded)}
