"""Where the Jinja2 page, theme and print templates are read from: the project's ``templates/``."""

from __future__ import annotations

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
