"""argparse in Chinese: its own texts (用法, 选项, its error messages) from one table.

argparse looks its texts up through the module's ``_`` and ``ngettext`` when a parser is
made, formats its help or parses; :class:`ChineseParser` swaps in this table for exactly
those calls, so no other user of argparse in the process is affected.
"""

from __future__ import annotations

import argparse
import re
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


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts are Chinese (help, usage, errors)."""

    def __init__(self, *args, **kwargs):
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
            return super().format_usage()

    def format_help(self) -> str:
        with chinese():
            text = super().format_help()
        return _HEADING.sub(r"\1：", text)  # argparse ends a section heading with an ASCII colon


_HEADING = re.compile(r"^(\S[^\n]*):$", re.MULTILINE)
