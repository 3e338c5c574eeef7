"""Chinese search segmentation: jieba with our domain dictionary.

The site's index splits Chinese text into words; the query box does not, so what a
person types must be a word of the index. ``cut_for_search`` indexes a long word and
its parts (防返贫监测 → 防返贫监测, 返贫, 监测), so both 返贫 and 防返贫监测 are found.
"""

from __future__ import annotations

import re
from concurrent.futures import Future
from pathlib import Path

import jieba

USER_DICT = Path(__file__).resolve().parents[1] / "data" / "jieba_userdict.txt"
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


def segment_batch(texts: list[str]) -> list[str]:
    """Each text segmented, words joined by U+200B (what a search index stores)."""
    return ["\u200b".join(words(t)) for t in texts]


_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


class DeferredSegmenter(SearchSegmenter):
    """Segments in a worker process while the caller goes on.

    ``cut`` returns a placeholder (one private-use token) at once and queues the text; a
    worker process segments the queue in batches, so the slow part of a Chinese search
    index runs on the second core while the site is being rendered on the first. Then
    :meth:`resolve` swaps every placeholder in a string for the segmented text: the result
    is exactly what :class:`SearchSegmenter` gives inline. A text seen twice is segmented
    once. If no worker can be started, the queue is segmented here, in :meth:`resolve`.
    """

    BATCH_CHARS = 100_000

    def __init__(self, workers: int = 1) -> None:
        self._workers = workers
        self._pool = None
        self._ids: dict[str, int] = {}
        self._batch: list[str] = []
        self._batch_chars = 0
        self._pending: list[tuple[int, list[str], Future | None]] = []  # first id, texts, future
        self._done: dict[int, str] = {}

    def cut(self, text, *args, **kwargs):
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        n = self._ids.get(text)
        if n is None:
            n = self._ids[text] = len(self._ids)
            self._batch.append(text)
            self._batch_chars += len(text)
            if self._batch_chars >= self.BATCH_CHARS:
                self._submit()
        return [f"\ue000{n}\ue001"]

    def _submit(self) -> None:
        if not self._batch:
            return
        first = len(self._ids) - len(self._batch)
        future = self._pool.submit(segment_batch, self._batch) if self._start_pool() else None
        self._pending.append((first, self._batch, future))
        self._batch, self._batch_chars = [], 0

    def _start_pool(self) -> bool:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:  # spawn: the parent may already run other threads (PDFs)
                self._pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=load_dictionary)
            except (OSError, ValueError):  # pragma: no cover - depends on the machine
                self._pool = False
        return bool(self._pool)

    def resolve(self, value: str) -> str:
        """``value`` with every placeholder replaced by its segmented text."""
        if "\ue000" not in value:
            return value
        self._collect()
        # .get: a private-use character typed by an author is left as it is
        return _PLACEHOLDER.sub(lambda m: self._done.get(int(m.group(1)), m.group(0)), value)

    def _collect(self) -> None:
        self._submit()
        for first, texts, future in self._pending:
            results = None
            if future is not None:
                try:
                    results = future.result()
                except Exception:  # a worker died: segment here instead  # noqa: BLE001
                    results = None
            if results is None:
                results = segment_batch(texts)
            self._done.update(zip(range(first, first + len(texts)), results))
        self._pending = []

    def close(self) -> None:
        """Stop the worker (waited for, so its CPU time and memory count as this process's)."""
        if self._pool:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
