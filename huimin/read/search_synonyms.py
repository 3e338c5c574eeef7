"""The search synonym list: huimin's own (``huimin/data/search_synonyms.yml``) and the editors'
additions in ``huimin.yml`` (``search_synonyms``), validated like every other input."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from huimin.model.errors import Problem
from huimin.model.settings import SearchSynonyms, Settings
from huimin.read.messages import problems_from
from huimin.read.yamlio import load_yaml_file

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "data" / "search_synonyms.yml"


def load_synonym_file(path: Path, shown: str) -> tuple[dict[str, list[str]], list[Problem]]:
    """A synonym list file (word: [words, …]); problems are located in it."""
    data, problem = load_yaml_file(path, shown)
    if problem:
        return {}, [problem]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(shown, 1, 1, "", "文件内容应为“词: [政策用语, …]”形式的映射")]
    try:
        return SearchSynonyms.model_validate(dict(data)).root, []
    except ValidationError as exc:
        return {}, problems_from(exc, SearchSynonyms, data, shown)


def search_synonyms(settings: Settings, default: Path = DEFAULT_FILE) -> tuple[dict[str, list[str]], list[Problem]]:
    """huimin's list with the editors' entries over it (an empty list drops a word)."""
    merged, problems = load_synonym_file(default, "huimin/data/search_synonyms.yml")
    merged = {**merged, **settings.search_synonyms}
    return {word: words for word, words in merged.items() if words}, problems
