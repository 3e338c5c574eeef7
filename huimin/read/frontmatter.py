"""Markdown files with YAML front matter, read with line numbers kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huimin.model.errors import Problem
from huimin.model.fields import BRACKETS_MAX, bracket_problem
from huimin.read.yamlguard import FRONT_MATTER, MARKDOWN_MAX_BYTES, Label, Limits, check_yaml, too_big
from huimin.read.yamlio import load_yaml_fast, load_yaml_text, read_utf8


@dataclass
class MarkdownDoc:
    data: Any  # the front matter as plain data
    body: str
    offset: int  # lines before the YAML block (the opening ---), to add to YAML positions
    yaml_text: str = ""
    _located: Any = None

    def located(self) -> Any:
        """The front matter read again with positions (ruamel), to place a problem."""
        if self._located is None:
            self._located, _ = load_yaml_text(self.yaml_text, "")
        return self._located


def read_markdown(
    path: Path, shown: str, label: Label | None = None, limits: Limits = FRONT_MATTER,
) -> tuple[MarkdownDoc | None, list[Problem]]:
    """The front matter and body of a Markdown file, or every reason it was refused.

    ``label`` names a field from its path in the front matter (for located messages).
    """
    text, problem = read_utf8(path, shown, MARKDOWN_MAX_BYTES)
    if problem:
        return None, [problem]
    doc, problem = _split(text, shown, limits.max_bytes)
    if problem is None:
        problem = _brackets(text, doc.body, shown)
    if problem:
        return None, [problem]
    refused = check_yaml(doc.yaml_text, shown, limits, label)
    if refused:
        return None, shift(refused, doc.offset)
    fast, data = load_yaml_fast(doc.yaml_text)
    problem = None
    if not fast:
        data, problem = load_yaml_text(doc.yaml_text, shown)
    if problem:
        return None, [Problem(shown, problem.line + 1, problem.column, problem.field, problem.message)]
    if not isinstance(data, dict):
        return None, [Problem(shown, 2, 1, "front matter", "信息块应为“字段: 值”形式的映射")]
    doc.data = data
    return doc, []


def _split(text: str, shown: str, max_bytes: int) -> tuple[MarkdownDoc | None, Problem | None]:
    """The front matter's YAML text and the body, not yet parsed."""
    lines = [line for line in re.split(r"(?<=\n)", text) if line]  # only \n ends a line, as in YAML
    if not lines or lines[0].strip() != "---":
        return None, Problem(shown, 1, 1, "front matter", "文件应以“---”开头的信息块（front matter）开始")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, Problem(shown, 1, 1, "front matter", "信息块没有结束：缺少第二个“---”行")
    yaml_text = "".join(lines[1:end])
    size = len(yaml_text.encode("utf-8"))
    if size > max_bytes:
        message = too_big(size, max_bytes).replace("文件太大", "信息块太大")
        return None, Problem(shown, 2, 1, "front matter", f"{message}（正文请写在第二个“---”之后）")
    return MarkdownDoc(None, "".join(lines[end + 1:]), 1, yaml_text), None


def _brackets(text: str, body: str, shown: str) -> Problem | None:
    """Too many "[" in the body (Markdown would take minutes): at the first one over the limit."""
    message = bracket_problem(body)
    if message is None:
        return None
    at = len(text) - len(body)
    for _ in range(BRACKETS_MAX + 1):
        at = text.index("[", at) + 1
    at -= 1
    line = text.count("\n", 0, at) + 1
    return Problem(shown, line, at - (text.rfind("\n", 0, at) + 1) + 1, "正文", message)


def shift(problems: list[Problem], lines: int) -> list[Problem]:
    """Problems located in the YAML block, moved to file line numbers."""
    return [Problem(p.path, p.line + lines if p.line else 0, p.column, p.field, p.message) for p in problems]
