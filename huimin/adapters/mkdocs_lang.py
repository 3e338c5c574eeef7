"""Material's interface texts (``lang.t("search")``), each worked out once per build.

Material's ``partials/languages/*.html`` build their whole table of some 60 texts in a Jinja
dict for every lookup, through two macros, and a page looks up some twenty: at 2,000 pages
0.75 CPU-seconds. The theme's ``partials/language.html``
(``templates/theme/partials/language.html``) makes its ``t`` the lookup of a
:class:`LangMemo` instead, which calls Material's own macros the first time a key is asked
and keeps the answer: the pages are byte for byte what Material writes
(tests/adapters/test_mkdocs_lang.py). Material's texts depend only on the key and the
theme's language, which is one per build.
"""

from __future__ import annotations

from collections.abc import Callable


class LangMemo:
    def __init__(self) -> None:
        self._texts: dict[str, object] = {}
        self._lookup: Callable[[str], object] | None = None

    def lookup(self, lang, fallback) -> Callable[[str], object]:
        """``t(key)``: Material's ``lang.t(key) or fallback.t(key) or key``, each key worked
        out once (``lang``, ``fallback``: the language files' template modules)."""
        if self._lookup is None:
            texts = self._texts

            def t(key: str):
                try:
                    return texts[key]
                except KeyError:
                    text = texts[key] = lang.t(key) or fallback.t(key) or key
                    return text

            self._lookup = t
        return self._lookup


def use_lang_memo(env):
    """``env`` with a new memo of the theme's texts as ``hm_lang``."""
    env.globals["hm_lang"] = LangMemo()
    return env
