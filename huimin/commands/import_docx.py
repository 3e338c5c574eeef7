"""``huimin import-docx``: Word files from the counties → submissions in the right month folder.

Everything is converted in memory first; only when every file converted and no target
exists is anything written, and a failure while writing removes what this run wrote. An
existing submission is never overwritten: the file name comes from the Word file's name
(in pinyin), so importing the same document twice is refused, not doubled.
"""

from __future__ import annotations

import calendar
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from huimin.model.errors import HuiminError, Problem, display_path
from huimin.model.settings import Settings
from huimin.read.docx import DocxSubmission, read_docx
from huimin.rules.slugs import slugify
from huimin.skeleton import submission_folder

STEM_MAX = 60


@dataclass
class Imported:
    path: Path  # the written Markdown file
    doc: DocxSubmission
    text: str


def docx_files(sources: list[Path]) -> list[Path]:
    """The files given, a folder as its .docx files (not Word's ~$ lock files), in name order."""
    out: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.iterdir() if p.suffix.lower() == ".docx" and not p.name.startswith("~$"))
            if not found:
                raise HuiminError(f"{display_path(source)}: 文件夹中没有 Word 文档（.docx）")
            out += found
        else:
            out.append(source)
    return out


def received(month: str, today: date) -> date:
    """收稿日期: today, moved into ``month`` when the month is another one."""
    year, number = int(month[:4]), int(month[5:])
    first, last = date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    return min(max(today, first), last)


def written_day(doc: DocxSubmission, month: str, today: date) -> date | None:
    """The date under the document's title, if it falls in ``month`` and is not after today."""
    w = doc.written
    return w if w is not None and w.strftime("%Y-%m") == month and w <= today else None


def submission_text(doc: DocxSubmission, unit: str, month: str, kind: str, day: date) -> str:
    fields = [("title", json.dumps(doc.title, ensure_ascii=False)), ("unit", unit), ("month", month), ("kind", kind),
              ("date", day.isoformat()), ("summary", json.dumps(doc.summary, ensure_ascii=False)),
              ("author", json.dumps(doc.byline, ensure_ascii=False) if doc.byline else f"{unit}乡村振兴局")]
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n" + doc.body


def import_docx(root: Path, settings: Settings, sources: list[Path], unit: str, kind: str,
                month: str | None, today: date | None = None) -> list[Imported]:
    month, folder, today = submission_folder(root, settings, unit, kind, month, today)
    day = received(month, today)
    done: list[Imported] = []
    problems: list[Problem] = []
    taken: dict[str, str] = {}  # names this run will write → the .docx they come from
    for path in docx_files(sources):
        shown = display_path(path, Path.cwd())
        stem = slugify(path.stem)[:STEM_MAX].strip("-") or slugify(unit)
        try:
            doc = read_docx(path, shown, stem)
        except HuiminError as exc:
            problems += exc.problems
            continue
        target = folder / f"{stem}.md"
        names = [target.name] + [i.name for i in doc.images]
        clash = [n for n in names if (folder / n).exists() or n.lower() in taken]
        if clash:
            where = display_path(folder / clash[0], root)
            other = taken.get(clash[0].lower())
            reason = f"与本次导入的 {other} 同名" if other else "已存在"
            problems.append(Problem(shown, 0, 0, "", f"{where} {reason}，没有覆盖：要重新导入，请先删除或改名原有的"
                                                     "报送文件和它的图片；两篇不同的文档同名时，请把其中一个 Word 文件改名"))
            continue
        taken.update({n.lower(): shown for n in names})
        done.append(Imported(target, doc, submission_text(doc, unit, month, kind, written_day(doc, month, today) or day)))
    if problems:
        raise HuiminError(problems)
    _write(folder, done)
    return done


def _write(folder: Path, done: list[Imported]) -> None:
    """Images first, each Markdown file last; never over an existing file; all or nothing."""
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for item in done:
            for image in item.doc.images:
                _create(folder / image.name, image.fitted.data, written)
            _create(item.path, item.text.encode("utf-8"), written)
    except BaseException:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        raise


def _create(path: Path, data: bytes, written: list[Path]) -> None:
    with open(path, "xb") as fh:  # "x": refuses a file that appeared meanwhile
        written.append(path)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def report(item: Imported, root: Path, day: date, today: date) -> list[str]:
    """What to tell the editor about one imported file, in Chinese."""
    doc = item.doc
    shown = display_path(item.path, root)
    lines = [f"已导入：{shown}（来自 {doc.source}" + (f"，图片 {len(doc.images)} 张" if doc.images else "") + "）",
             "请检查：",
             f"  标题（取自文档的{doc.title_from}）：{doc.title}",
             f"  摘要（取自标题后的第一段正文，{len(doc.summary)} 个字，简报中用）：{doc.summary}",
             _day_line(doc, item.path.parent.name, day, today)]
    if doc.byline:
        lines.append(f"  作者（取自标题下的署名）：{doc.byline}")
    text = item.text.split("\n")
    for image in doc.images:
        line = next((i + 1 for i, t in enumerate(text) if f"]({image.name})" in t), 0)
        if image.from_caption:
            lines.append(f"  图片说明（第 {line} 行）：{image.name} 的说明取自图片下方的图注“{image.alt}”，请核对")
        elif not image.described:
            lines.append(f"  图片说明（第 {line} 行）：{image.name} 在 Word 中没有“替代文字”，暂写为“{image.alt}”："
                         "请改成图片内容的描述（如“帮扶车间里工人在组装电子元件”）")
    if doc.merged_cells:
        line = next((i + 1 for i, t in enumerate(text) if t.startswith("|")), 0)
        lines.append(f"  表格（第 {line} 行起）：{doc.merged_cells} 个合并的单元格已拆开，请核对")
    lines += [f"  {note}" for note in doc.skipped_images]
    return lines


def _day_line(doc: DocxSubmission, month: str, day: date, today: date) -> str:
    written = written_day(doc, month, today)
    if written is not None:
        day, why = written, "取自标题下的日期"
    else:
        why = "今天" if day == today else "今天不在这个月，已改为这个月内最近的一天"
        if doc.written is not None:
            where = f"不在 {month}" if doc.written.strftime("%Y-%m") != month else "晚于今天"
            why = f"标题下的日期 {doc.written.isoformat()} {where}，" + ("用今天" if day == today else "已改为这个月内最近的一天")
    return f"  收稿日期：{day.isoformat()}（{why}），如不对请改"
