"""Read the colours a PDF paints with, from its content streams (pypdf), for the print tests.

Every page's content stream is walked with the Form XObjects it draws (the cards and
checklists place parts typeset earlier as XObjects), keeping the fill colour through q/Q.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

INK = (0.0, 0.0, 0.0, 1.0)  # pure K
COLOUR_OPS = {"k", "K", "rg", "RG", "g", "G", "cs", "CS", "sc", "SC", "scn", "SCN"}
FOREIGN_OPS = COLOUR_OPS - {"k", "K"}  # RGB, DeviceGray and colour spaces (ICC grey / RGB)
TEXT_SHOW = {"Tj", "TJ", "'", '"'}


@dataclass
class Colours:
    ops: Counter = field(default_factory=Counter)         # colour operators by name
    text_fills: Counter = field(default_factory=Counter)  # fill colour (k operands) of every text shown
    image_spaces: set = field(default_factory=set)        # colour spaces of image XObjects

    @property
    def foreign(self) -> set[str]:
        return set(self.ops) & FOREIGN_OPS


def colours_of(pdf: Path, pages: range | None = None) -> Colours:
    reader = PdfReader(str(pdf))
    found = Colours()
    seen: set = set()
    for i, page in enumerate(reader.pages):
        if pages is None or i in pages:
            _walk(page.get_contents(), page.get("/Resources"), reader, found, (None,), seen)
    return found


def _walk(contents, resources, reader, found: Colours, fill: tuple, seen: set) -> None:
    if contents is None:
        return
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject", {})
    stack = []
    current = fill
    for operands, op in ContentStream(contents, reader).operations:
        op = op.decode("latin-1")
        if op in COLOUR_OPS:
            found.ops[op] += 1
            if op == "k":
                current = tuple(round(float(x), 2) for x in operands)  # Typst stores 8 bits a channel
            elif op in ("rg", "g", "sc", "scn"):
                current = (op, *operands)
        elif op == "q":
            stack.append(current)
        elif op == "Q" and stack:
            current = stack.pop()
        elif op in TEXT_SHOW:
            found.text_fills[current] += 1
        elif op == "Do":
            xobject = xobjects[operands[0]].get_object()
            if xobject.get("/Subtype") == "/Image":
                found.image_spaces.add(str(xobject.get("/ColorSpace")))
            elif xobject.get("/Subtype") == "/Form":
                key = (id(xobject), current)
                if key not in seen:  # a part placed on many pages is read once per fill colour
                    seen.add(key)
                    _walk(xobject, xobject.get("/Resources", resources), reader, found, current, seen)
