"""argparse in Chinese: its own texts (用法, 选项, its error messages) from one table.

argparse looks its texts up through the module's ``_`` and ``ngettext`` when a parser is
made, formats its help or parses; :class:`ChineseParser` swaps in this table for exactly
those calls, so no other user of argparse in the process is affected.

argparse lines its help up by counting characters; a Chinese character takes two columns
of a terminal, so :class:`WideHelpFormatter` counts columns instead.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from contextlib import contextmanager

TEXTS = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "“%(value)s”不是可选的值（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "值无效：%(value)r",
    "expected one argument": "后面应有一个值",
    "expected at most one argument": "后面最多只能有一个值",
    "expected at least one argument": "后面至少应有一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "必须给出 %s 之一",
    "unexpected option string: %s": "不认识的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "不认识的命令 %(parser_name)r（可用：%(choices)s）",
}
PLURALS = {"expected %s argument": "后面应有 %s 个值"}


@contextmanager
def chinese():
    gettext, ngettext = argparse._, argparse.ngettext
    argparse._ = lambda text: TEXTS.get(text, text) if isinstance(text, str) else gettext(text)
    argparse.ngettext = lambda one, many, n: PLURALS.get(one) or ngettext(one, many, n)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = gettext, ngettext


def width(text: str) -> int:
    """Terminal columns of ``text``: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` columns: broken at a space, or between two
    characters where one is wide (Chinese has no spaces); a closing mark stays on its line."""
    words = re.findall(r"[^\s\u2E80-\uFFEF]+[，。；：、）」』”’]*|[\u2E80-\uFFEF][，。；：、）」』”’]*|\s+", " ".join(text.split()))
    lines, line = [], ""
    for word in words:
        if line and not line.isspace() and width(line.rstrip() + word.rstrip()) > columns:
            lines.append(line.rstrip())
            line = "" if word.isspace() else word
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


class WideHelpFormatter(argparse.HelpFormatter):
    """argparse's help, lined up and wrapped by terminal columns."""

    def add_argument(self, action):
        if action.help is not argparse.SUPPRESS:
            invocations = [self._format_action_invocation(action)]
            for sub in self._iter_indented_subactions(action):
                invocations.append(self._format_action_invocation(sub))
            longest = max(width(i) for i in invocations) + self._current_indent
            self._action_max_length = max(self._action_max_length, longest)
            self._add_item(self._format_action, [action])

    def _format_action(self, action):
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent = " " * self._current_indent
        if not action.help:
            parts = [f"{indent}{header}\n"]
        elif width(header) <= action_width:
            parts = [f"{indent}{header}{' ' * (action_width - width(header))}  "]
        else:
            parts = [f"{indent}{header}\n", " " * help_position]
        if action.help and action.help.strip():
            lines = wrap(self._expand_help(action), help_width)
            parts.append(f"{lines[0]}\n")
            parts += [f"{' ' * help_position}{line}\n" for line in lines[1:]]
        for sub in self._iter_indented_subactions(action):
            parts.append(self._format_action(sub))
        return self._join_parts(parts)

    def _format_usage(self, usage, actions, groups, prefix):
        text = super()._format_usage(usage, actions, groups, prefix)
        lines = text.rstrip("\n").splitlines()
        if max((width(line) for line in lines), default=0) > self._width:  # wrapped by characters: again, narrower
            saved = self._width
            self._width -= max(width(line) - len(line) for line in lines)
            try:
                text = super()._format_usage(usage, actions, groups, prefix)
            finally:
                self._width = saved
        return text

    def _split_lines(self, text, width_):
        return wrap(text, width_)

    def _fill_text(self, text, width_, indent):
        return "\n".join(indent + line for line in wrap(text, width_ - len(indent)))


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts are Chinese (help, usage, errors), its help lined
    up by terminal columns."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", WideHelpFormatter)
        with chinese():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_known_args(args, namespace)

    def _check_value(self, action, value):  # argparse lists the choices as Python reprs: 'A4', 'A5'
        if action.choices is not None and value not in action.choices:
            raise argparse.ArgumentError(
                action, f"“{value}”不是可选的值（可选：{'、'.join(str(c) for c in action.choices)}）")

    def format_usage(self) -> str:
        with chinese():
            return _usage_lined_up(super().format_usage())

    def format_help(self) -> str:
        with chinese():
            text = _usage_lined_up(super().format_help())
        return _HEADING.sub(r"\1：", text)  # argparse ends a section heading with an ASCII colon


def _usage_lined_up(text: str) -> str:
    """The usage's later lines indented by the columns of "用法：" (argparse counts its characters)."""
    prefix = TEXTS["usage: "]
    if not text.startswith(prefix):
        return text
    extra = " " * (width(prefix) - len(prefix))
    head, sep, rest = text.partition("\n\n")
    lines = head.split("\n")
    return "\n".join(lines[:1] + [extra + line if line.startswith(" ") else line for line in lines[1:]]) + sep + rest


_HEADING = re.compile(r"^(\S[^\n]*):$", re.MULTILINE)
