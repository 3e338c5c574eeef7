"""Mutations shaped like hostile or careless input, as hypothesis strategies.

``mutated(seed)`` starts from a real file of the repository and applies one to five edits
that an attacker or a clerk pasting from Word would make: characters inserted, deleted or
replaced (control characters, lone surrogates written as ``"\\ud800"``, look-alikes, BOMs,
private-use and invisible characters), very long strings, deep nesting, YAML anchors, aliases
and tags, values swapped for another type, duplicated or shuffled lines; then, sometimes, a
change of bytes (BOM, CRLF, truncation in the middle of a character, another encoding).
"""

from __future__ import annotations

import re
import signal
from contextlib import contextmanager

from hypothesis import strategies as st

# Single characters and short pieces a hostile or pasted file contains.
PIECES = [
    "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u200e", "\u202e", "\u2028", "\ufeff", "\ue000",
    "\U000f0000", "\ud800", "\udfff", "\\ud800", '"\\ud800"', '"\\udfff x"', "\t", "\r", "\n", "\r\n",
    "ｅｄｕ－ａｉｄ", "１００１", "ඥ", "𠀀", "🙂", "\u0301", "Ａ", "：", "－", "—", "、", "，",
    "&a ", "*a", "<<: *a", "!!binary ", "!!python/object/apply:os.system ", "!foo ", "!!set ", "!!omap ",
    "!!timestamp ", "!!int ", "!!float ", "!!str ", "!!map ", "? ", "%YAML 1.1\n", "---\n", "...\n",
    "{", "}", "[", "]", "'", '"', "|", ">", "#", "- ", ": ", "@", "`", "%", "\\", "=1+1", "+SUM(A1)",
    "-2+3", "@cmd", "../../etc/passwd", "/etc/passwd", "C:\\x", "CON", "aux.txt", "<script>alert(1)</script>",
    "[x](javascript:alert(1))", "{: onclick=alert(1) }", '<div markdown="1">', "$(rm -rf /)",
]
# Values that replace a scalar: other types, out of range, look-alike, hostile.
VALUES = [
    "true", "false", "yes", '"true"', "null", "~", "", "0", "-1", "3.0", "1e999", "-.inf", ".nan", "0x1F", "0o17",
    "99999999999999999999", "1_000", "2024-02-30", "2024-13-01", "0000-00-00", "9999-12-31", "2024-06-01T10:00:00",
    "[]", "{}", "[1, 2]", "{a: b}", "[true]", "'3'", '"\\ud800"', '"a\\x1bb"', "!!binary aGVsbG8=",
    "!!python/name:os.system", "&x 1", "*x", "ｅｄｕ－ａｉｄ", "edu\u200baid", "=HYPERLINK(\"x\")", "CON",
    "../../x", "|\n  block", ">-\n  folded", "'''", "字" * 300, "a" * 70, "<U+001B>",
]
KEYS = ["id", "title", "policies", "targets", "on_card", "unit", "month", "valid", "measures", "recognitions",
        "parts", "units", "limits", "ｉｄ", "tit1e", "Title", "<<", "? [a]", "null", "1", "true", "id\u200b"]


@st.composite
def _edit(draw, text: str) -> str:
    n = len(text)
    pos = draw(st.integers(0, n))
    kind = draw(st.sampled_from([
        "insert", "insert", "delete", "replace", "duplicate", "long", "nest", "value", "value", "key",
        "line", "line", "bomb", "anchor", "text",
    ]))
    if kind == "insert":
        return text[:pos] + draw(st.sampled_from(PIECES)) + text[pos:]
    if kind == "text":
        return text[:pos] + draw(st.text(max_size=20)) + text[pos:]
    if kind == "delete":
        return text[:pos] + text[pos + draw(st.integers(1, 200)):]
    if kind == "replace":
        return text[:pos] + draw(st.sampled_from(PIECES)) + text[pos + draw(st.integers(1, 10)):]
    if kind == "duplicate":
        piece = text[pos:pos + draw(st.integers(1, 300))]
        return text[:pos] + piece * draw(st.sampled_from([2, 10, 1000])) + text[pos:]
    if kind == "long":
        char = draw(st.sampled_from("字aඥ\x1b 🙂"))
        return text[:pos] + char * draw(st.sampled_from([65, 201, 20_001, 300_000])) + text[pos:]
    if kind == "nest":
        depth = draw(st.sampled_from([19, 21, 100, 5000, 100_000]))
        style = draw(st.sampled_from(["[" * depth + "]" * depth, "{a: " * depth + "}" * depth, "[" * depth,
                                      "\n" + "".join("  " * i + "- \n" for i in range(min(depth, 300)))]))
        return text[:pos] + style + text[pos:]
    if kind in ("value", "key"):
        spots = [m for m in re.finditer(r"(?m)^(\s*-?\s*)([^\s:#][^:\n]*):[ \t]*(.*)$", text)]
        if not spots:
            return text
        m = draw(st.sampled_from(spots))
        if kind == "value":
            return text[:m.start(3)] + draw(st.sampled_from(VALUES)) + text[m.end(3):]
        return text[:m.start(2)] + draw(st.sampled_from(KEYS)) + text[m.end(2):]
    if kind == "line":
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "dup", "swap", "indent", "dedent"]))
        if how == "drop":
            del lines[i]
        elif how == "dup":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "indent":
            lines[i] = "  " + lines[i]
        else:
            lines[i] = lines[i].lstrip()
        return "\n".join(lines)
    if kind == "bomb":
        bomb = "\nlol0: &l0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"lol{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n"
            for i in range(1, 10))
        return text[:pos] + bomb + text[pos:]
    # anchor: a value given an anchor and used again elsewhere
    return text[:pos] + " &a x\nother: *a\n" + text[pos:]


@st.composite
def _encode(draw, text: str) -> bytes:
    how = draw(st.sampled_from(["utf-8"] * 6 + ["bom", "crlf", "cr", "truncate", "gb18030", "utf-16", "bytes"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    if how == "cr":
        return text.replace("\n", "\r").encode("utf-8", "surrogatepass")
    if how == "gb18030":
        return text.encode("gb18030", "replace")
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes the bytes of one (invalid UTF-8)
    if how == "truncate":
        return data[:draw(st.integers(0, len(data)))]
    if how == "bytes":
        pos = draw(st.integers(0, len(data)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xe5\xad", b"\x00\x00", b"\xed\xa0\x80"]))
        return data[:pos] + bad + data[pos:]
    return data


@st.composite
def mutated_text(draw, seeds: list[str]) -> str:
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 5))):
        text = draw(_edit(text))
    return text


@st.composite
def mutated(draw, seeds: list[str]) -> bytes:
    """A seed file after one to five hostile edits, as the bytes written to disk."""
    return draw(_encode(draw(mutated_text(seeds))))


class Hang(Exception):
    """A case ran past its time limit (the reader hangs or is far too slow)."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`Hang` in the main thread when the block runs longer than ``seconds``."""

    def expire(signum, frame):
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0
