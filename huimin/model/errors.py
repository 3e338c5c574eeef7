"""User errors as values with a location, and the one exception that carries them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Never printed as they are: C0/C1 control characters but tab and newline (terminal
# escapes), lone surrogates (unprintable) and bidirectional overrides (reorder the line).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def escape_text(text: str) -> str:
    """``text`` safe to show on a terminal: every unsafe character as ``<U+001B>``."""
    return _UNSAFE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can.

    ``line`` and ``column`` are 1-based; 0 means unknown.
    """

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        parts = [x for x in (where, self.field) if x]
        return escape_text(": ".join([*parts, self.message]))


class HuiminError(Exception):
    """The one exception type for errors the user can fix; shown without a traceback."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", 0, 0, "", problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str, root: Path | None = None) -> str:
    """Path as the user should read it: relative to the project root when possible."""
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return p.as_posix()
