"""Font choices for print: licensed 公文 fonts first, free Noto/AR PL fonts as fallback.

Typst takes a list of family names and uses the first one it finds, glyph by glyph, so a
bureau that owns 仿宋_GB2312 or 方正小标宋 names it first and every other machine still
prints with the free fonts from Debian (fonts-noto-cjk, fonts-arphic-ukai).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huimin.model.settings import DEFAULT_FONTS

# Folders searched for fonts, in this order; missing ones are skipped. System fonts are
# otherwise ignored so that the same data gives the same PDF on every machine.
SYSTEM_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)
PROJECT_FONT_DIR = "fonts"  # licensed fonts dropped into the project folder


def font_families(configured: Any = None) -> dict[str, list[str]]:
    """The font lists: the configured ones (a dict or a settings model) over the defaults.

    A configured list replaces the default list of that role, but the free fallback font
    of the role is kept at the end so that nothing prints as empty boxes.
    """
    if configured is None:
        chosen: dict[str, Any] = {}
    elif hasattr(configured, "model_dump"):
        chosen = configured.model_dump()
    else:
        chosen = dict(configured)
    fonts = {}
    for role, default in DEFAULT_FONTS.items():
        names = [str(n) for n in (chosen.get(role) or [])] or list(default)
        fallback = default[-1]
        if fallback not in names:
            names.append(fallback)
        fonts[role] = names
    return fonts


def font_dirs(root: Path | None = None) -> list[str]:
    """Existing font folders: the project's ``fonts/`` first, then the usual system ones."""
    candidates = [root / PROJECT_FONT_DIR] if root is not None else []
    candidates += [Path(p).expanduser() for p in SYSTEM_FONT_DIRS]
    return [str(p) for p in candidates if p.is_dir()]
