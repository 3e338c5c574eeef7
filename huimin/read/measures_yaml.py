"""``content/_data/measures.yml``: reading, validating, writing, and ``import-measures``."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from huimin.model.errors import Problem, display_path
from huimin.model.measures import MeasureDocument
from huimin.read.measures_text import parse_measures, read_text
from huimin.read.messages import field_label, problems_from
from huimin.read.yamlguard import DATA
from huimin.read.yamlio import load_yaml_checked, locate_value

DEFAULT_OUT = "content/_data/measures.yml"
DUMP_HEADER = (
    "二十条措施（由 huimin import-measures 从原文生成，可以手工修改）。\n"
    "summary（要点）导入时只是原文首句的占位，请逐条改写为自己的话；再次导入会保留已改写的要点。"
)


# --------------------------------------------------------------------------- YAML

def load_measures(path: Path, shown: str) -> tuple[MeasureDocument | None, list[Problem]]:
    """``content/_data/measures.yml`` validated; (None, problems) when anything is wrong."""
    data, problems = load_yaml_checked(path, shown, DATA, lambda loc: field_label(MeasureDocument, loc))
    if problems:
        return None, problems
    if data is None:
        return None, [Problem(shown, 1, 1, "", "文件为空，至少应有 title: 和 parts: 两项")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, 1, "", "文件内容应为“字段: 值”形式的映射（title、parts）")]
    try:
        doc = MeasureDocument.model_validate(dict(data))
    except ValidationError as exc:
        return None, problems_from(exc, MeasureDocument, data, shown)
    problems = _duplicates(doc, data, shown)
    return (None, problems) if problems else (doc, [])


def _duplicates(doc: MeasureDocument, data: Any, shown: str) -> list[Problem]:
    """Anchors and measure numbers must be unique in the whole document."""
    problems: list[Problem] = []
    anchors: dict[str, str] = {}
    numbers: dict[int, str] = {}

    def check(seen: dict, key: Any, loc: tuple, label: str, what: str) -> None:
        line, col = locate_value(data, loc)
        if key in seen:
            problems.append(Problem(shown, line, col, label, f"{what}“{key}”重复：第 {seen[key]} 行已使用，必须唯一"))
        else:
            seen[key] = str(line)

    for i, part in enumerate(doc.parts):
        check(anchors, part.anchor, ("parts", i, "anchor"), "parts.anchor（锚点）", "锚点")
        for j, measure in enumerate(part.measures):
            loc = ("parts", i, "measures", j)
            check(anchors, measure.anchor, loc + ("anchor",), "parts.measures.anchor（锚点）", "锚点")
            check(numbers, measure.number, loc + ("number",), "parts.measures.number（措施序号）", "措施序号")
    return problems


def dump_measures(doc: MeasureDocument) -> str:
    """The document as block-style YAML with readable Chinese, in the model's key order."""
    root = CommentedMap()
    root.yaml_set_start_comment(DUMP_HEADER)
    root["title"] = doc.title
    if doc.issuer is not None:
        root["issuer"] = doc.issuer
    if doc.year is not None:
        root["year"] = doc.year
    root["parts"] = parts = CommentedSeq()
    for part in doc.parts:
        p = CommentedMap(number=part.number, title=part.title, anchor=part.anchor)
        p["measures"] = measures = CommentedSeq()
        for m in part.measures:
            measures.append(CommentedMap(
                number=m.number, anchor=m.anchor, title=m.title,
                units=list(m.units), facts=list(m.facts), summary=m.summary,
            ))
        parts.append(p)
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


# --------------------------------------------------------------------------- import

def import_measures(src: Path, out: Path) -> MeasureDocument:
    """Parse ``src`` and write ``out`` atomically.

    Summaries the editors already rewrote in ``out`` (same anchor and title), and the
    issuer and year, are kept: importing again never loses their work.
    """
    src, out = Path(src), Path(out)
    shown = src.as_posix()
    doc = parse_measures(read_text(src, shown), shown)
    if out.exists():
        old, _ = load_measures(out, out.as_posix())
        if old is not None:
            doc = _keep_edits(doc, old)
    _write_atomically(out, dump_measures(doc))
    return doc


def is_measures_file(path: Path) -> bool:
    """A valid measures document (as ``import-measures`` writes it): safe to import over."""
    doc, _ = load_measures(path, Path(path).as_posix())
    return doc is not None


def _keep_edits(new: MeasureDocument, old: MeasureDocument) -> MeasureDocument:
    kept = {(m.anchor, m.title): m.summary for m in old.all_measures()}
    parts = [
        part.model_copy(update={"measures": [
            m.model_copy(update={"summary": kept.get((m.anchor, m.title), m.summary)}) for m in part.measures
        ]})
        for part in new.parts
    ]
    return new.model_copy(update={
        "parts": parts,
        "issuer": new.issuer if new.issuer is not None else old.issuer,
        "year": new.year if new.year is not None else old.year,
    })


def _write_atomically(out: Path, text: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, out.stat().st_mode & 0o777 if out.exists() else 0o666 & ~_umask())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def summary_line(doc: MeasureDocument, out: Path | str = DEFAULT_OUT) -> str:
    """``已导入 3 个部分、20 条措施、27 个责任单位 → content/_data/measures.yml``."""
    shown = display_path(out, Path.cwd()) if isinstance(out, Path) else out
    return (
        f"已导入 {len(doc.parts)} 个部分、{len(doc.all_measures())} 条措施、"
        f"{len(doc.by_unit())} 个责任单位 → {shown}"
    )
