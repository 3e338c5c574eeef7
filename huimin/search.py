"""Chinese search segmentation: jieba with our domain dictionary.

The site's index splits Chinese text into words; the query box does not, so what a
person types must be a word of the index. ``cut_for_search`` indexes a long word and
its parts (防返贫监测 → 防返贫监测, 返贫, 监测), so both 返贫 and 防返贫监测 are found.
"""

from __future__ import annotations

from pathlib import Path

import jieba

USER_DICT = Path(__file__).parent / "data" / "jieba_userdict.txt"
_loaded = False


def load_dictionary() -> None:
    global _loaded
    if not _loaded:
        jieba.setLogLevel(60)
        jieba.load_userdict(str(USER_DICT))
        _loaded = True


class SearchSegmenter:
    """Quacks like the ``jieba`` module for code that calls ``jieba.cut``."""

    def __init__(self) -> None:
        load_dictionary()

    @staticmethod
    def cut(text, *args, **kwargs):
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return jieba.cut_for_search(text)

    def __getattr__(self, name):
        return getattr(jieba, name)


def segment(text: str) -> list[str]:
    load_dictionary()
    return [w for w in jieba.cut_for_search(text) if w.strip()]
