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
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from huimin.model.errors import HuiminError, display_path

PDF_STANDARD = "a-2b"  # PDF/A-2b: fonts embedded, fit for archiving and the print shop
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
) -> PdfResult:
    """Compile ``template`` with ``data`` into ``out``; a failure leaves ``out`` untouched.

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
    cached = None
    if cache_dir is not None:
        key = hashlib.sha256("\0".join([
            getattr(typst, "__version__", ""), template.read_text(encoding="utf-8"), payload,
            json.dumps(font_dirs), str(pdf_standard),
        ]).encode("utf-8")).hexdigest()
        cached = cache_dir / f"{key}.pdf"
        notes = cached.with_suffix(".json")
        if cached.is_file() and notes.is_file():
            pdf = cached.read_bytes()
            write_atomically(out, pdf)
            return PdfResult(pdf_page_count(pdf), len(pdf), time.perf_counter() - started,
                             tuple(json.loads(notes.read_text(encoding="utf-8"))))
    try:
        pdf, warnings = typst.compile_with_warnings(
            str(template),
            root=str(root or template.parent),
            font_paths=font_dirs,
            ignore_system_fonts=True,
            sys_inputs={"data": payload},
            pdf_standards=[pdf_standard] if pdf_standard else [],
            timestamp=_timestamp(),
        )
    except typst.TypstError as exc:
        hints = "；".join(getattr(exc, "hints", None) or [])
        detail = f"{exc.message}（{hints}）" if hints else exc.message
        raise HuiminError(f"{display_path(template)}: 排版失败：{detail}") from exc
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


def _timestamp() -> int | None:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


# ---------------------------------------------------------------- many documents, one process
#
# The print package typesets thousands of documents: each process keeps one compiler per
# template, so fonts are loaded once. Root "/": the documents place parts typeset earlier
# in the run, which live in a temporary folder (huimin/print/parts.py).

_COMPILERS: dict[str, object] = {}
_FONT_DIRS: list[str] = []


def use_fonts(font_dirs: list[str]) -> None:
    """The font folders of this process's compilers (call before typeset / measure)."""
    _FONT_DIRS[:] = font_dirs
    _COMPILERS.clear()


def _compiler(template: Path):
    import typst

    key = str(template)
    if key not in _COMPILERS:
        _COMPILERS[key] = typst.Compiler(key, root="/", font_paths=_FONT_DIRS, ignore_system_fonts=True)
    return _COMPILERS[key]


def typeset(template: Path, data: dict, tagged: bool = False) -> bytes:
    """PDF bytes of ``template`` with ``data`` (no PDF/A; tags only if asked); HuiminError on a Typst error."""
    import typst

    try:
        return _compiler(template).compile(
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            pdf_standards=[], pdf_tags=tagged, timestamp=_timestamp(),
        )
    except typst.TypstError as exc:
        raise HuiminError(f"{display_path(template)}: 排版失败：{exc.message}") from exc


def measure(template: Path, data: dict, label: str = "sizes") -> dict:
    """The value of the ``<label>`` metadata that ``template`` lays out with ``data``."""
    import typst

    try:
        found = typst.query(str(template), f"<{label}>", field="value", one=True, root="/",
                            font_paths=_FONT_DIRS, ignore_system_fonts=True,
                            sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
    except typst.TypstError as exc:
        raise HuiminError(f"{display_path(template)}: 排版失败：{exc.message}") from exc
    return json.loads(found)
