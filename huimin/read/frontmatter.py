"""Markdown files with YAML front matter, read with line numbers kept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huimin.model.errors import Problem
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


def read_markdown(path: Path, shown: str) -> tuple[MarkdownDoc | None, Problem | None]:
    text, problem = read_utf8(path, shown)
    if problem:
        return None, problem
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, Problem(shown, 1, 1, "front matter", "文件应以“---”开头的信息块（front matter）开始")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, Problem(shown, 1, 1, "front matter", "信息块没有结束：缺少第二个“---”行")
    yaml_text = "".join(lines[1:end])
    fast, data = load_yaml_fast(yaml_text)
    problem = None
    if not fast:
        data, problem = load_yaml_text(yaml_text, shown)
    if problem:
        return None, Problem(shown, problem.line + 1, problem.column, problem.field, problem.message)
    if not isinstance(data, dict):
        return None, Problem(shown, 2, 1, "front matter", "信息块应为“字段: 值”形式的映射")
    return MarkdownDoc(data, "".join(lines[end + 1:]), 1, yaml_text), None


def shift(problems: list[Problem], lines: int) -> list[Problem]:
    """Problems located in the YAML block, moved to file line numbers."""
    return [Problem(p.path, p.line + lines if p.line else 0, p.column, p.field, p.message) for p in problems]
