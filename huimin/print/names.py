"""Where each PDF of a print package goes: folder and file names from 县市区, 乡镇 and 村.

Names come from a roster, so they are untrusted. Every name is safe on Windows, macOS and
Linux and stays inside the package:

- ``<>:"/\\|?*`` and control characters become ``_``; invisible characters are dropped;
  leading and trailing dots and spaces are dropped (so ``..``, ``../../x``, ``/etc``,
  ``C:\\x`` are plain names inside the package);
- Windows' reserved names (CON, PRN, AUX, NUL, COM1–9, LPT1–9, also with an extension or
  trailing spaces, in any case) and names starting with ``= + - @`` (a formula in
  manifest.csv) get a leading ``_``;
- a name longer than 60 characters or 180 bytes is cut and ends in ``~`` and 8 hex digits
  of its hash, so a file name stays under 100 characters and 255 bytes;
- names are unique in their folder, compared as Windows and macOS compare them (case and
  Unicode form ignored), over every file a village makes: a village called ``东村-排查表``
  does not overwrite the checklist of ``东村`` but becomes ``东村-排查表_2``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

from huimin.model.household import Household
from huimin.output.guard import PACKAGE_MARKER
from huimin.print.cover import COVER
from huimin.print.parts import Document
from huimin.print.report import MANIFEST, REPORT, number_key
from huimin.read.roster_cells import INVISIBLE

MAX_HOUSEHOLDS = 400   # households per PDF: a larger village is printed in parts
CHECKLIST = "-排查表"  # a village's checklist: <村>-排查表.pdf
STEM_CHARS = 60
STEM_BYTES = 180
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u2028\u2029]')
_EDGES = re.compile(r"^[\s.]+|[\s.]+$")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"} | {
    f"{device}{n}" for device in ("COM", "LPT") for n in [*"0123456789", "¹", "²", "³"]
}
_TOP = (MANIFEST, REPORT, PACKAGE_MARKER, COVER)  # the package's own files, next to the 县市区 folders


def safe_name(name: str) -> str:
    """A file or folder name that every system accepts, from a 县市区, 乡镇 or 村 name."""
    text = _UNSAFE.sub("_", INVISIBLE.sub("", unicodedata.normalize("NFC", name)))
    text = _EDGES.sub("", text)
    if not text:
        return "_"
    if text[0] in "=+-@" or text.split(".")[0].rstrip().upper() in _RESERVED:
        text = "_" + text
    if len(text) > STEM_CHARS or len(text.encode("utf-8", "replace")) > STEM_BYTES:
        cut = text[:STEM_CHARS]
        while len(cut.encode("utf-8", "replace")) > STEM_BYTES:
            cut = cut[:-1]
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        text = f"{_EDGES.sub('', cut)}~{digest}"
    return text


def name_key(name: str) -> str:
    """Two names a Windows or macOS folder cannot hold side by side have the same key."""
    return unicodedata.normalize("NFKC", name).casefold()


class _Folder:
    """The names taken in one folder of the package."""

    def __init__(self, taken: tuple[str, ...] = ()):
        self.keys = {name_key(n) for n in taken}
        self.names: dict[object, str] = {}  # what a subfolder stands for -> its name

    def free(self, stem: str, names) -> str:
        """``stem``, or ``stem_2``, ``stem_3`` … the first whose every ``names(stem)`` is free; taken now."""
        candidate, n = stem, 2
        while any(name_key(x) in self.keys for x in names(candidate)):
            candidate, n = f"{stem}_{n}", n + 1
        self.keys.update(name_key(x) for x in names(candidate))
        return candidate

    def sub(self, what: object, name: str) -> str:
        if what not in self.names:
            self.names[what] = self.free(safe_name(name), lambda stem: (stem,))
        return self.names[what]


def documents(households: list[Household], max_households: int = MAX_HOUSEHOLDS) -> list[Document]:
    """One document per village (villages sorted, households in 户编号 order), or per part
    of a village with more than ``max_households`` households. ``file`` is the cards PDF."""
    villages: dict[tuple[str, str, str], list[Household]] = defaultdict(list)
    for h in households:
        villages[(h.unit, h.township, h.village)].append(h)
    top = _Folder(_TOP)
    units: dict[str, _Folder] = defaultdict(_Folder)
    towns: dict[tuple[str, str], _Folder] = defaultdict(_Folder)
    docs = []
    for (unit, township, village) in sorted(villages):
        members = sorted(villages.pop((unit, township, village)), key=lambda h: number_key(h.number))
        unit_folder = top.sub(unit, unit)
        folder = f"{unit_folder}/{units[unit].sub(township, township)}"
        parts = [members[i:i + max_households] for i in range(0, len(members), max_households)]
        suffixes = [f"（第{i}册）" for i in range(1, len(parts) + 1)] if len(parts) > 1 else [""]

        def files(stem: str, suffixes=suffixes) -> list[str]:
            return [f"{stem}{kind}{s}.pdf" for s in suffixes for kind in ("", CHECKLIST)]

        stem = towns[(unit, township)].free(safe_name(village), files)
        for i, (part, suffix) in enumerate(zip(parts, suffixes), 1):
            label = f"第{i}册，共{len(parts)}册" if len(parts) > 1 else None
            docs.append(Document(f"{folder}/{stem}{suffix}.pdf", f"{folder}/{stem}{CHECKLIST}{suffix}.pdf", part, label))
    return docs
