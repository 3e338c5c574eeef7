"""The same submission sent twice: same unit, same month, and the same title or nearly the same body
(items marked ``valid: false`` are not compared: they do not count).

Titles and bodies are compared after normalization (NFKC, so full-width and half-width
are the same; only letters and digits kept, so spacing, punctuation and Markdown marks do
not count). Bodies are "nearly the same" when difflib's ratio (2 × matched characters /
both lengths) is at least :data:`BODY_SIMILARITY`. Measured on the 69 sample submissions:
two different items score at most 0.30 (0.11 within one unit and month); a resend with
typos fixed scores above 0.98, one with a paragraph added (a quarter more text) 0.89.
0.85 catches a revised resend with up to about a third more text and leaves a wide gap
to different items. Bodies shorter than :data:`BODY_MIN_CHARS` (a line such as 见附件) say
nothing about being the same item: only their titles are compared.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from pathlib import Path

from huimin.model.errors import Problem
from huimin.read.mistakes import body_line, locate_in_file

BODY_SIMILARITY = 0.85
BODY_MIN_CHARS = 50
COMPARED_CHARS = 20_000  # of each body: bounded time for very long bodies
MEMO_GROUPS = 4096  # unit-months whose comparison is kept


_NOT_WORD = re.compile(r"[\W_]+")


def normalized(text: str) -> str:
    """Letters and digits only (NFKC, lower case): spacing, punctuation and Markdown marks do not count."""
    text = _NOT_WORD.sub("", text)  # first: full-width punctuation would make NFKC change almost every text
    if not unicodedata.is_normalized("NFKC", text):  # a quick check
        text = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))
    return text.lower()


def body_similarity(a: str, b: str, counts: tuple[Counter, Counter] | None = None) -> float:
    """difflib's ratio of two normalized bodies (0 when a body is too short to compare, or when
    a cheap upper bound — lengths, then character counts — shows it cannot reach the threshold).
    ``counts``: the bodies' character counts, when the caller has them already."""
    la, lb = len(a), len(b)
    if min(la, lb) < BODY_MIN_CHARS or 2 * min(la, lb) / (la + lb) < BODY_SIMILARITY:
        return 0.0
    ca, cb = counts or (Counter(a), Counter(b))
    if 2 * sum(min(n, cb[ch]) for ch, n in ca.items() if ch in cb) / (la + lb) < BODY_SIMILARITY:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def duplicate_problems(root: Path, submissions: list) -> list[Problem]:
    """One problem per later copy (in file order), naming the first file it repeats."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for s in sorted(submissions, key=lambda s: s.path):
        if s.meta.valid:  # valid: false is the editor's word that it does not count (listed only)
            groups[(s.meta.unit, s.meta.month)].append(s)
    found = []
    for (unit, month), items in groups.items():
        if len(items) < 2:
            continue
        for j, i, reason in _repeats(tuple((s.meta.title, s.body) for s in items)):
            found.append(_problem(root, items[j], items[i], unit, month, reason))
    return found


_seen: OrderedDict = OrderedDict()  # (title, body) of a group's items → its repeats (huimin serve reads again after each save)


def _repeats(texts: tuple[tuple[str, str], ...]) -> list[tuple[int, int, str]]:
    """(later, first, reason) for each item of a group that repeats an earlier one."""
    if texts in _seen:
        _seen.move_to_end(texts)
        return _seen[texts]
    keys = [(normalized(title), normalized(body)[:COMPARED_CHARS]) for title, body in texts]
    counts = [Counter(body) for _, body in keys]
    out = []
    for j in range(1, len(texts)):
        for i in range(j):
            reason = _same(keys[i], keys[j], (counts[i], counts[j]))
            if reason:
                out.append((j, i, reason))
                break
    _seen[texts] = out
    if len(_seen) > MEMO_GROUPS:
        _seen.popitem(last=False)
    return out


def _same(a: tuple[str, str], b: tuple[str, str], counts: tuple[Counter, Counter]) -> str | None:
    if a[0] and a[0] == b[0]:
        return "标题相同"
    ratio = body_similarity(a[1], b[1], counts)
    if ratio >= BODY_SIMILARITY:
        return f"正文几乎相同（相似度 {int(ratio * 100)}%，达到 {int(BODY_SIMILARITY * 100)}% 即视为同一篇）"
    return None


def _problem(root: Path, later, first, unit: str, month: str, reason: str) -> Problem:
    if reason == "标题相同":
        line, col = locate_in_file(root / later.path, later.path, ("title",))
        where = (line, col, "title（标题）")
    else:
        where = (_body_line(root, later), 1, "正文")
    return Problem(later.path, *where,
                   f"与 {first.path} 重复：同一单位（{unit}）、同一月份（{month}），{reason}；"
                   f"同一篇信息只算一次，请删去其中一个文件，或在其中一个写 valid: false（列出但不计数）；"
                   f"确是两篇不同的信息时，请改写标题和正文")


def _body_line(root: Path, item) -> int:
    from huimin.read.frontmatter import read_markdown

    doc, problems = read_markdown(root / item.path, item.path)
    return body_line(doc) if doc is not None and not problems else 0
