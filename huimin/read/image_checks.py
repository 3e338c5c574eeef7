"""Which image files were already found sound (decoded once), kept in the project's
``.huimin-cache/img/checked.json`` by path, size and modification time: ``huimin check``
decodes only new or changed images (a 12-megapixel JPEG takes ~25 ms, a large PNG ~200 ms).
A cache that cannot be read or written is not used."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

CHECKED_FILE = ".huimin-cache/img/checked.json"
CHECKED_MAX = 50_000  # entries kept (old ones dropped first)
_known: dict[Path, dict[str, int]] = {}


@lru_cache(maxsize=256)
def project_root(folder: Path) -> Path | None:
    """The project (the folder with mkdocs.yml) holding ``folder``, or None."""
    for parent in (folder, *folder.parents):
        if (parent / "mkdocs.yml").is_file():
            return parent
    return None


def _key(path: Path) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _entries(root: Path) -> dict[str, int]:
    if root not in _known:
        try:
            data = json.loads((root / CHECKED_FILE).read_text(encoding="utf-8"))
            _known[root] = {k: 1 for k in data if isinstance(k, str)} if isinstance(data, list) else {}
        except (OSError, ValueError):
            _known[root] = {}
    return _known[root]


def checked(path: Path) -> bool:
    """``path`` was found sound as it is now."""
    root, key = project_root(path.parent), _key(path)
    return root is not None and key is not None and key in _entries(root)


def remember(paths: list[Path]) -> None:
    """``paths`` were found sound: remember them (in their projects)."""
    by_root: dict[Path, list[str]] = {}
    for path in paths:
        root, key = project_root(path.parent), _key(path)
        if root is not None and key is not None:
            by_root.setdefault(root, []).append(key)
    for root, keys in by_root.items():
        entries = _entries(root)
        entries.update(dict.fromkeys(keys, 1))
        kept = list(entries)[-CHECKED_MAX:]
        target = root / CHECKED_FILE
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            pass
