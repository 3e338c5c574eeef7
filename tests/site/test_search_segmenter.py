"""Search segmentation in a worker process gives exactly what inline segmentation gives."""

from __future__ import annotations

import re

from huimin.site.search import HIDDEN_OPEN, DeferredSegmenter, SearchSegmenter

TEXTS = [
    "防返贫监测对象由乡镇审核",
    "脱贫户和监测对象可以申请小额信贷",
    "防返贫监测对象由乡镇审核",  # seen twice: segmented once
    "雨露计划资助职业教育学生",
]


def material_segment(jieba, data: str) -> str:
    """What Material's search plugin does with a section's text (``_segment_chinese``)."""
    def replace(match):
        return "\u200b" + "\u200b".join(jieba.cut(match.group(0).encode("utf-8"))) + "\u200b"
    return re.sub(r"[\u4e00-\u9fff]+", replace, data).strip("\u200b")


def test_deferred_equals_inline_and_dedups():
    inline = [material_segment(SearchSegmenter(), t) for t in TEXTS]
    deferred = DeferredSegmenter()
    try:
        held = [material_segment(deferred, t) for t in TEXTS]
        assert all("\ue000" in h for h in held)  # placeholders until resolved
        assert held[0] == held[2]
        assert [deferred.resolve(h) for h in held] == inline
    finally:
        deferred.close()
    assert HIDDEN_OPEN in inline[0] and "返贫" in inline[0]  # the sub-words are there


def test_small_batches_and_no_worker_give_the_same(monkeypatch):
    inline = [material_segment(SearchSegmenter(), t) for t in TEXTS]
    deferred = DeferredSegmenter()
    monkeypatch.setattr(deferred, "BATCH_CHARS", 5)  # one batch per text
    monkeypatch.setattr(deferred, "_start_pool", lambda: False)  # no worker process
    held = [material_segment(deferred, t) for t in TEXTS]
    assert [deferred.resolve(h) for h in held] == inline
    assert deferred.resolve("no placeholder") == "no placeholder"
