"""Member tags (成员情况) out of roster cells: the 成员情况 column's words, each of which must be
in the vocabulary (huimin.yml ``member_tags``), and the values of the national export's
person columns (在校生状况, 健康状况 …), each of which must be in huimin.yml's
``roster_tags`` mapping. A cell may hold several values (``长期慢性病；患有大病``); an
unknown one is an error naming the closest allowed values, never silently no tag.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from huimin.model.household import split_tags
from huimin.model.member_tags import VALUE_SEPARATORS, TagMap
from huimin.read.roster_cells import echo

CLOSEST = 3
TAGS_WHERE = "可用的成员情况见 huimin.yml 的 member_tags（没有设置时见 README 中的默认成员情况）"
VALUES_WHERE = "可填的值见 huimin.yml 的 roster_tags（没有设置时见 README 中的成员情况对应表）"


def closest(value: str, allowed: Iterable[str]) -> str:
    """``，最接近的是：甲、乙`` (or nothing when none is close)."""
    close = difflib.get_close_matches(value[:50], list(allowed), n=CLOSEST, cutoff=0.5)
    return f"，最接近的是：{'、'.join(close)}" if close else ""


def written_tags(text: str, vocabulary: frozenset[str], ordered: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The 成员情况 column: (tags, messages for the words outside the vocabulary)."""
    tags = split_tags(text)
    wrong = [f"未知的成员情况“{echo(t)}”{closest(t, ordered)}；{TAGS_WHERE}" for t in tags if t not in vocabulary]
    return tags, wrong


def mapped_tags(text: str, column: str, mapping: TagMap) -> tuple[tuple[str, ...], list[str]]:
    """A national person column: (tags, messages for the values the mapping does not know)."""
    tags: list[str] = []
    wrong: list[str] = []
    parts = [p.strip() for p in VALUE_SEPARATORS.split(text)]
    for part in parts:
        if not part:
            continue
        found = mapping.tags(part)
        if found is None:
            where = f"“{echo(text)}”中的" if part != text else ""
            wrong.append(f"{where}“{echo(part)}”不在{column}的成员情况对应表中{closest(part, mapping.shown())}；{VALUES_WHERE}")
        else:
            tags.extend(found)
    return tuple(dict.fromkeys(tags)), wrong
