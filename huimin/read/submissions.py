"""Reading county submissions (``content/submissions/YYYY-MM/*.md``) and "宜春经验" write-ups
(``content/experience/*.md``) into :mod:`huimin.model.submission`."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from pathlib import Path

from pydantic import ValidationError

from huimin.model.errors import Problem
from huimin.model.fields import identifier, show_hidden
from huimin.model.settings import Settings
from huimin.model.submission import Experience, ExperienceMeta, Submission, SubmissionMeta
from huimin.read.filememo import memo_by_file
from huimin.read.frontmatter import read_markdown, shift
from huimin.read.images import body_images, body_links
from huimin.read.messages import field_label, problems_from
from huimin.read.mistakes import EXPERIENCE_HEADINGS, SUBMISSION_HEADINGS, month_problem, placeholder_problems
from huimin.read.yamlguard import FRONT_MATTER, KB
from huimin.read.yamlio import locate_value

SUBMISSIONS_DIR = "content/submissions"
EXPERIENCE_DIR = "content/experience"
_MONTH_DIR = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _known_units(settings: Settings) -> list[str]:
    return list(settings.units) + list(settings.other_units)


def _unit(meta, settings: Settings, doc, shown: str, label: str):
    """(front matter with the unit as huimin.yml spells it, None), or (None, the problem).

    Unit names are compared as identifiers (full-width and invisible characters do not
    count): 袁州区 with a zero-width space after it is 袁州区, and counts for it."""
    known = {identifier(u): u for u in _known_units(settings)}
    unit = known.get(identifier(meta.unit))
    if unit is not None:
        return meta.model_copy(update={"unit": unit}), None
    return None, _unknown_unit(meta.unit, settings, doc, shown, doc.offset, label)


def _unknown_unit(unit: str, settings: Settings, doc, shown: str, offset: int, label: str) -> Problem:
    line, col = locate_value(doc.located(), ("unit",))
    return Problem(
        shown, line + offset, col, label,
        f"未知单位“{show_hidden(unit)}”，应为 huimin.yml 中设置的县市区或“三区”之一：{'、'.join(_known_units(settings))}",
    )


def _read(path: Path, shown: str, model, settings: Settings):
    """(document, validated front matter, problems) of one Markdown file."""
    return _read_file(path, shown, model, settings.limits.front_matter_kb)


@memo_by_file
def _read_file(path: Path, shown: str, model, front_matter_kb: int):
    limits = replace(FRONT_MATTER, max_bytes=front_matter_kb * KB)
    doc, problems = read_markdown(path, shown, partial(field_label, model), limits)
    if problems:
        return None, None, problems
    try:
        return doc, model.model_validate(dict(doc.data)), []
    except ValidationError as exc:
        return doc, None, shift(problems_from(exc, model, doc.located(), shown), doc.offset)


def _body_line(doc) -> int:
    """The body's first line in the file: after the second ---."""
    return doc.offset + doc.yaml_text.count("\n") + 2


def _images(path: Path, shown: str, doc) -> tuple[tuple, list[Problem]]:
    """The body's checked images (huimin.read.images)."""
    images, problems = body_images(path, shown, doc.body, _body_line(doc))
    return tuple(images), problems


def load_submissions(root: Path, settings: Settings) -> tuple[list[Submission], list[Problem]]:
    base = root / SUBMISSIONS_DIR
    items: list[Submission] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return items, problems
    for path in sorted(base.rglob("*.md")):
        shown = path.relative_to(root).as_posix()
        rel = path.relative_to(base)
        folder = rel.parts[0] if len(rel.parts) == 2 else None
        if folder is None or not _MONTH_DIR.match(folder):
            problems.append(Problem(
                shown, 0, 0, "文件夹",
                "报送文件应放在 content/submissions/YYYY-MM/ 月份文件夹中（如 content/submissions/2023-05/）",
            ))
            continue
        doc, meta, found = _read(path, shown, SubmissionMeta, settings)
        if found:
            problems += found
            continue
        meta, unit_problem = _unit(meta, settings, doc, shown, "unit（报送单位）")
        found = [unit_problem]
        if meta is not None and meta.month != folder:
            line, col = locate_value(doc.located(), ("month",))
            found.append(Problem(
                shown, line + doc.offset, col, "month（所属月份）",
                f"月份 {meta.month} 与所在文件夹 {folder} 不一致：文件夹表示计入哪个月，请改成一致",
            ))
        if meta is not None:  # an untouched skeleton, a date outside the month
            found += [*placeholder_problems(doc, meta, shown, SUBMISSION_HEADINGS), month_problem(doc, meta, shown, folder)]
        images, image_problems = _images(path, shown, doc)
        found = [p for p in found if p] + image_problems
        if found:
            problems += found
            continue
        public = meta.public if meta.public is not None else settings.public_by_kind.of(meta.kind)
        items.append(Submission(meta, doc.body, f"submissions/{rel.as_posix()}", shown, images, public,
                                body_links(doc.body, _body_line(doc))))
    return items, problems


def load_experiences(root: Path, settings: Settings) -> tuple[list[Experience], list[Problem]]:
    base = root / EXPERIENCE_DIR
    items: list[Experience] = []
    problems: list[Problem] = []
    if not base.is_dir():
        return items, problems
    for path in sorted(base.rglob("*.md")):
        shown = path.relative_to(root).as_posix()
        if path.name == "index.md":
            continue
        doc, meta, found = _read(path, shown, ExperienceMeta, settings)
        if found:
            problems += found
            continue
        meta, unit_problem = _unit(meta, settings, doc, shown, "unit（单位）")
        images, image_problems = _images(path, shown, doc)
        found = [unit_problem] if unit_problem else placeholder_problems(doc, meta, shown, EXPERIENCE_HEADINGS)
        if found or image_problems:
            problems += found + image_problems
            continue
        rel = path.relative_to(base).as_posix()
        items.append(Experience(meta, doc.body, f"experience/{rel}", shown, images,
                                body_links(doc.body, _body_line(doc))))
    return items, problems
