"""How the site's steps write a file of the built site: as a new file, never by rewriting
one in place (a built file may be a second name of bytes kept for later builds,
huimin.output.file_store, which ``huimin build`` passes as ``write``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

Write = Callable[[Path, bytes], None]


def new_file(path: Path, data: bytes) -> None:
    """``data`` as ``path``, a file already there unlinked first."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    path.write_bytes(data)
