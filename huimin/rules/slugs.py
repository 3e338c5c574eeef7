"""Readable, stable URL parts: pinyin for Chinese, lowercase ASCII otherwise."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def slugify(text: str, separator: str = "-") -> str:
    """``教育保障`` → ``jiao-yu-bao-zhang``; ``12317热线`` → ``12317-re-xian``."""
    text = unicodedata.normalize("NFKC", text).lower()
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: [chars])
    words = [_NON_SLUG.sub(separator, s).strip(separator) for s in syllables]
    return separator.join(w for w in words if w) or "x"


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc extension (``toc.slugify``)."""
    return slugify(value, separator)


@lru_cache(maxsize=65536)
def pinyin_initial(text: str) -> str:
    """The A–Z letter a title sorts under (``#`` for anything else)."""
    text = unicodedata.normalize("NFKC", text).strip()
    for syllable in lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: list(chars)):
        for ch in syllable:
            if ch.isascii() and ch.isalpha():
                return ch.upper()
            if ch.isascii() and ch.isdigit():
                return "#"
    return "#"


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> str:
    """Sort key: titles in pinyin order, as a Chinese reader expects."""
    return " ".join(lazy_pinyin(unicodedata.normalize("NFKC", text), style=Style.TONE3))


class SlugRegistry:
    """Hands out unique slugs: a second ``jiao-yu`` becomes ``jiao-yu-2``, stably by order."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}
        self._used: set[str] = set()

    def __call__(self, name: str) -> str:
        if name in self._by_name:
            return self._by_name[name]
        base = slugify(name)
        slug, n = base, 2
        while slug in self._used:
            slug, n = f"{base}-{n}", n + 1
        self._by_name[name] = slug
        self._used.add(slug)
        return slug
