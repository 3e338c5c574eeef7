"""Reading ``huimin.yml`` (next to ``mkdocs.yml``) into :class:`huimin.model.settings.Settings`."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from pydantic import ValidationError

from huimin.model.errors import Problem
from huimin.model.settings import Settings
from huimin.read.messages import field_label, problems_from
from huimin.read.yamlguard import SETTINGS
from huimin.read.yamlio import load_yaml_checked

SETTINGS_FILE = "huimin.yml"


def load_settings(root: Path) -> tuple[Settings, list[Problem]]:
    """Settings from ``root/huimin.yml``, or the defaults when there is no such file."""
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings(), []
    data, problems = load_yaml_checked(path, SETTINGS_FILE, SETTINGS, partial(field_label, Settings))
    if problems:
        return Settings(), problems
    if data is None:
        return Settings(), []
    if not isinstance(data, dict):
        return Settings(), [Problem(SETTINGS_FILE, 1, 1, "", "文件内容应为“字段: 值”形式的映射")]
    try:
        return Settings.model_validate(dict(data)), []
    except ValidationError as exc:
        return Settings(), problems_from(exc, Settings, data, SETTINGS_FILE)
