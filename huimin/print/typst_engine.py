"""Compile a Typst template with JSON data into a PDF file, atomically.

The data goes to the template as one JSON string in ``sys.inputs.data``; the template
reads it with ``json(bytes(sys.inputs.data))`` and inserts every value as text. User text
is never pasted into Typst markup, so a title such as ``#panic("x")`` prints as written.
Packages (``@preview/...``) are not used: compiling works offline.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path

from huimin.model.errors import HuiminError, display_path

# PDF/UA-1, not PDF/A: Typst 0.15 writes no PDF/X, and its PDF/A (1b to 4f) refuses the
# DeviceCMYK colours the print shop needs (pure K text, a CMYK accent) because it cannot
# embed a CMYK output intent. PDF/UA-1 keeps what we relied on PDF/A for: every font
# embedded, a title and tags, and an error for a character no font can show.
PDF_STANDARD = "ua-1"
# Files the print templates import (templates/print/): staged and hashed with them.
SHARED = ("colors.typ", "qr.typ")
_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)")
_NPAGES = re.compile(rb"<xmpTPg:NPages>(\d+)</xmpTPg:NPages>")


@dataclass(frozen=True)
class PdfResult:
    pages: int
    bytes: int
    seconds: float
    warnings: tuple[str, ...] = ()


def compile_pdf(
    template: Path,
    data: dict,
    out: Path,
    *,
    font_dirs: list[str],
    pdf_standard: str | None = PDF_STANDARD,
    root: Path | None = None,
    cache_dir: Path | None = None,
    day: date | None = None,
    culprit: Callable[[str], str | None] | None = None,
    keep_compiler: bool = False,
) -> PdfResult:
    """Compile ``template`` with ``data`` into ``out``; a failure leaves ``out`` untouched.

    ``keep_compiler``: this process keeps Typst's compiler for the template, root and fonts,
    and the next call with the same ones reuses it (its fonts and what it laid out before:
    a monthly brief typesets in 0.23 s instead of 0.31 s).

    The PDF's dates are ``day`` at 00:00 UTC (``SOURCE_DATE_EPOCH`` wins when set), so the
    same data gives the same bytes. Typst's root is ``root`` or the template's folder, never
    more. ``culprit`` turns a Typst error into the data item that caused it (a policy's file
    and line), when it can tell.

    With ``cache_dir``, a PDF already typeset from the same template, data, fonts and
    Typst version is reused instead of typeset again (past months' briefs, an unchanged
    handbook).
    """
    try:
        import typst
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise HuiminError("没有安装 typst，无法生成 PDF：请运行 pip install typst") from exc
    if not template.is_file():
        raise HuiminError(f"{display_path(template)}: 找不到排版模板")
    started = time.perf_counter()
    payload = json.dumps(data, ensure_ascii=False)
    stamp = pdf_timestamp(day)
    cached = None
    if cache_dir is not None:
        key = hashlib.sha256("\0".join([
            getattr(typst, "__version__", ""), template.read_text(encoding="utf-8"), payload, *_shared_texts(template),
            json.dumps(font_dirs), str(pdf_standard), str(stamp),
        ]).encode("utf-8")).hexdigest()
        cached = cache_dir / f"{key}.pdf"
        notes = cached.with_suffix(".json")
        if cached.is_file() and notes.is_file():
            pdf = cached.read_bytes()
            write_atomically(out, pdf)
            return PdfResult(pdf_page_count(pdf), len(pdf), time.perf_counter() - started,
                             tuple(json.loads(notes.read_text(encoding="utf-8"))))
    try:
        options = {"sys_inputs": {"data": payload}, "pdf_standards": [pdf_standard] if pdf_standard else [],
                   "timestamp": stamp}
        where = {"root": str(root or template.parent), "font_paths": font_dirs, "ignore_system_fonts": True}
        if keep_compiler:
            key = json.dumps([str(template), where])
            if key not in _KEPT:
                _KEPT[key] = typst.Compiler(str(template), **where)
            pdf, warnings = _KEPT[key].compile_with_warnings(**options)
        else:
            pdf, warnings = typst.compile_with_warnings(str(template), **where, **options)
    except typst.TypstError as exc:
        hints = "；".join(getattr(exc, "hints", None) or [])
        detail = f"{exc.message}（{hints}）" if hints else exc.message
        where = culprit(exc.message) if culprit else None
        raise HuiminError(f"{where or display_path(template)}: 排版失败：{detail}") from exc
    write_atomically(out, pdf)
    if cached is not None:
        try:
            write_atomically(cached, pdf)
            write_atomically(notes, json.dumps([w.message for w in warnings], ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # the cache is optional: a full or read-only disk only costs the next build time
    return PdfResult(
        pages=pdf_page_count(pdf),
        bytes=len(pdf),
        seconds=time.perf_counter() - started,
        warnings=tuple(w.message for w in warnings),
    )


def _shared_texts(template: Path) -> list[str]:
    return [(template.parent / name).read_text(encoding="utf-8") for name in SHARED
            if (template.parent / name).is_file()]


_QUOTED = re.compile(r'the text `"(.*?)"` could not be displayed')
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}")
PDF_STRING_MAX = 32767  # Typst: "a PDF string is longer than 32767 characters"


def culprit_finder(items: list[tuple[str | Callable[[], str], list[str]]]) -> Callable[[str], str | None]:
    """For a Typst error, the ``where`` of the first item whose text caused it: the text
    Typst could not display, or a text too long for a PDF string. ``where`` may be a function,
    called only then (a policy's line number reads its file again)."""

    def find(message: str) -> str | None:
        quoted = _QUOTED.search(message)
        text = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), quoted[1]) if quoted else None
        too_long = str(PDF_STRING_MAX) in message
        for where, texts in items:
            if any((text and text in t) or (too_long and len(t) > PDF_STRING_MAX) for t in texts):
                return where() if callable(where) else where
        return None

    return find


def write_atomically(out: Path, content: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


def pdf_page_count(pdf: bytes) -> int:
    """Number of pages of a PDF written by Typst (its page tree is one flat node)."""
    counts = [int(n) for n in _PAGES.findall(pdf)] or [int(n) for n in _NPAGES.findall(pdf)]
    return max(counts, default=0)


def pdf_timestamp(day: date | None) -> int | None:
    """The date written into a PDF: ``SOURCE_DATE_EPOCH`` when set, else ``day`` at 00:00 UTC.

    A date from the data (the as-of day, the print date) rather than the clock: the same
    input gives the same bytes. None (no day given) lets Typst use the clock.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    if day is None:
        return None
    return int(datetime.combine(day, clock(0), UTC).timestamp())


# ---------------------------------------------------------------- many documents, one process
#
# The print package typesets thousands of documents: each process keeps one compiler per
# template, so fonts are loaded once. The documents place parts typeset earlier in the run:
# the templates are copied into the run's folder of parts (stage_template), and that folder
# is Typst's root, so a path in the data ("/cards-parts.pdf") can reach nothing else.

_COMPILERS: dict[str, object] = {}
_KEPT: dict[str, object] = {}  # compile_pdf(keep_compiler=True)
_FONT_DIRS: list[str] = []
_DAY: list[date | None] = [None]
# An executor (a pool of workers that called use_fonts) to typeset and measure in instead of
# this process: `huimin cards` keeps Typst's fonts and caches (hundreds of MB) out of the
# process that holds the roster (delegate_to).
_DELEGATE: list = [None]


def delegate_to(executor) -> None:
    """Typeset and measure in ``executor`` from now on (None: in this process again)."""
    _DELEGATE[0] = executor


def use_fonts(font_dirs: list[str], day: date | None = None) -> None:
    """The font folders of this process's compilers and the date their PDFs carry (call
    before typeset / measure)."""
    _FONT_DIRS[:] = font_dirs
    _DAY[0] = day
    _COMPILERS.clear()


def stage_template(template: Path, folder: Path) -> Path:
    """A copy of ``template`` (and the files it may import, SHARED) in ``folder``, which
    becomes Typst's root for it."""
    for name in SHARED:
        if (template.parent / name).is_file():
            shutil.copyfile(template.parent / name, Path(folder) / name)
    copy = Path(folder) / template.name
    shutil.copyfile(template, copy)
    return copy


def _compiler(template: Path):
    import typst

    key = str(template)
    if key not in _COMPILERS:
        _COMPILERS[key] = typst.Compiler(key, root=str(template.parent), font_paths=_FONT_DIRS,
                                         ignore_system_fonts=True)
    return _COMPILERS[key]


def typeset(template: Path, data: dict, tagged: bool = False) -> bytes:
    """PDF bytes of ``template`` with ``data`` (no PDF standard; tags only if asked); HuiminError on a Typst error."""
    if _DELEGATE[0] is not None:
        return _DELEGATE[0].submit(typeset, template, data, tagged).result()
    import typst

    try:
        return _compiler(template).compile(
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            pdf_standards=[], pdf_tags=tagged, timestamp=pdf_timestamp(_DAY[0]),
        )
    except typst.TypstError as exc:
        raise HuiminError(f"{display_path(template)}: 排版失败：{exc.message}") from exc


def measure(template: Path, data: dict, label: str = "sizes") -> dict:
    """The value of the ``<label>`` metadata that ``template`` lays out with ``data``."""
    if _DELEGATE[0] is not None:
        return _DELEGATE[0].submit(measure, template, data, label).result()
    import typst

    try:
        found = typst.query(str(template), f"<{label}>", field="value", one=True, root=str(template.parent),
                            font_paths=_FONT_DIRS, ignore_system_fonts=True,
                            sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
    except typst.TypstError as exc:
        raise HuiminError(f"{display_path(template)}: 排版失败：{exc.message}") from exc
    return json.loads(found)
