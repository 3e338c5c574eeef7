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


HIDDEN_OPEN, HIDDEN_CLOSE = '<span class="hm-sub-words" hidden>', "</span>"


def words(text: str) -> list[str]:
    """Accurate segmentation; each long word followed by its dictionary sub-words.

    The sub-words go into a hidden element: the index finds 返贫 inside 防返贫监测, and
    a result preview still reads 防返贫监测 once.
    """
    load_dictionary()
    out: list[str] = []
    for word in jieba.cut(text):
        out.append(word)
        parts = _sub_words(word)
        if parts:
            out.append(HIDDEN_OPEN + "\u200b".join(parts) + HIDDEN_CLOSE)
    return out


def _sub_words(word: str) -> list[str]:
    found: list[str] = []
    freq = jieba.dt.FREQ
    for size in (2, 3):
        if len(word) <= size:
            continue
        for i in range(len(word) - size + 1):
            part = word[i : i + size]
            if freq.get(part) and part not in found:
                found.append(part)
    return found


class SearchSegmenter:
    """Quacks like the ``jieba`` module for code that calls ``jieba.cut``."""

    def __init__(self) -> None:
        load_dictionary()

    @staticmethod
    def cut(text, *args, **kwargs):
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return words(text)

    def __getattr__(self, name):
        return getattr(jieba, name)
