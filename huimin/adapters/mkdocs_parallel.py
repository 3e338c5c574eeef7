"""Pages rendered on a second core: a forked copy of the build fills the page cache.

MkDocs renders pages one after another in one process. A cold build of 2,000 pages spends
most of its time there, on a machine with a second core left to the PDF worker alone.
So, twice during a build:

- once the navigation is known (``on_nav``), a forked copy of this process renders the
  Markdown of the later pages into the page cache (:mod:`huimin.adapters.mkdocs_cache`)
  while this process renders the earlier ones;
- once every page's Markdown is rendered (``on_env``), another forked copy puts the later
  pages into the theme's template, the same way, and does ahead what the build does to
  each written page: its search terms, its phone numbers linked, its ``.gz``.

When MkDocs reaches the first of the later pages, this process waits for the copy and
then restores those pages from the cache, exactly as in a build where nothing changed.
The copy writes nothing but cache entries, says nothing (its messages are kept with the
entries and said by this process) and leaves with ``os._exit``; if it fails, this process
finds no entries and renders the pages itself. The site is byte for byte the same.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from huimin.output.content_cache import ContentCache
from huimin.output.precompress import CACHE_DIR as GZ_CACHE
from huimin.output.precompress import LEVEL, MIN_BYTES, compressed
from huimin.print.workers import die_with_parent
from huimin.site.phone_links import CACHE_DIR as PHONES_CACHE
from huimin.site.phone_links import code_digest, linked_page
from huimin.site.search_index import remember, site_url

MIN_PAGES = 200  # a smaller site is rendered in one process: forking would cost more than it saves
# What a page costs besides its size, in characters of it (measured on the bench corpus): a
# Markdown converter is set up for every page; the theme writes the whole navigation into each.
MARKDOWN_COST = 2_000
TEMPLATE_COST = 20_000


class Helper:
    """A forked process rendering ``uris`` into the cache; :meth:`wait_for` before using them."""

    def __init__(self, pid: int, uris: set[str]) -> None:
        self.pid = pid
        self.uris = uris
        self.done = False

    def wait_for(self, uri: str) -> None:
        if not self.done and uri in self.uris:
            self.join()

    def join(self) -> bool:
        """Wait for the process; whether it did all its work."""
        if self.done:
            return self.ok
        self.done = True
        try:
            _, status = os.waitpid(self.pid, 0)
            self.ok = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:
            self.ok = False
        return self.ok

    def stop(self) -> None:
        """End the process now (the build failed)."""
        if not self.done:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.join()


def later_half(items: Sequence, weight: Callable[[object], int]) -> int:
    """The index from which ``items`` weigh about half of their total (at least one item each side)."""
    total = sum(weight(i) for i in items)
    seen = 0
    for n, item in enumerate(items):
        if seen >= total / 2:
            return max(1, n)
        seen += weight(item)
    return max(1, len(items) - 1)


def fork_helper(uris: set[str], work: Callable[[], None]) -> Helper | None:
    """Run ``work`` in a forked copy of this process; None where there is no fork."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return None
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return Helper(pid, uris)
    code = 1
    try:  # the copy: never returns
        die_with_parent(parent)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        work()
        code = 0
    except BaseException:  # noqa: BLE001 - this process then renders the pages itself
        code = 1
    finally:
        os._exit(code)


# ---------------------------------------------------------------- the two steps


def _pages(files):
    from mkdocs.structure.files import InclusionLevel

    return list(files.documentation_pages(inclusion=InclusionLevel.is_included))  # as mkdocs build


def render_markdown(cache, config, files) -> Helper | None:
    """Fork a copy that renders the later pages' Markdown into ``cache`` (a PageCache)."""
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page

    docs = _pages(files)
    if len(docs) < MIN_PAGES:
        return None
    later = docs[later_half(docs, lambda f: MARKDOWN_COST + _source_size(f)):]

    def work() -> None:
        for file in later:
            if file.page is None:  # not in the nav: MkDocs makes its page in the same way
                Page(None, file, config)
            _populate_page(file.page, config, files)
        cache.store.flush()

    return fork_helper({f.src_uri for f in later}, work)


def render_templates(cache, config, files, nav, env, after: AfterBuild) -> Helper | None:
    """Fork a copy that puts the later pages into the theme's template in ``cache`` and does
    ``after`` to them (the plugin's ``on_post_page``)."""
    from mkdocs import utils
    from mkdocs.commands.build import _build_page

    docs = _pages(files)
    if len(docs) < MIN_PAGES or any(f.page is None for f in docs):
        return None
    later = docs[later_half(docs, lambda f: TEMPLATE_COST + len(f.page.content or "")):]

    def work() -> None:
        utils.write_file = lambda content, path: None  # this copy writes no page
        for file in later:
            _build_page(file.page, config, docs, nav, env)
        cache.store.flush()
        after.flush()

    helper = fork_helper({f.src_uri for f in later}, work)
    if helper is not None:
        after.skip = helper.uris
    return helper


class AfterBuild:
    """What the build does to each page once the site is written (its search terms, its phone
    numbers linked, its .gz), done as the page is made, in the process that makes it, into
    the caches those steps then read: they only look pages up."""

    def __init__(self, memo, root: Path, site_dir: str, restored: set[str] | None = None) -> None:
        self.search = memo
        self.restored = restored if restored is not None else set()  # unchanged pages: done by an earlier build
        self.phones = ContentCache.open(root / PHONES_CACHE)
        self.gz = ContentCache.open(root / GZ_CACHE)
        self.code = code_digest()
        self.site = os.path.abspath(site_dir)
        self.skip: set[str] = set()  # pages a forked copy does

    def page(self, output: str, page) -> None:
        if page.file.src_uri in self.skip or page.file.src_uri in self.restored or not output.strip():
            return
        content = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        remember(site_url(os.path.relpath(page.file.abs_dest_path, self.site).replace(os.sep, "/")),
                 content, self.search)
        text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
        new, n = linked_page(text, self.phones, self.code)
        final = new.encode("utf-8") if n else content
        if len(final) >= MIN_BYTES and self.gz is not None:
            compressed(final, LEVEL, self.gz)

    def flush(self) -> None:
        for c in (self.phones, self.gz):
            if c is not None:
                c.flush()

    def close(self) -> None:
        for c in (self.phones, self.gz):
            if c is not None:
                c.close()


def _source_size(file) -> int:
    if file.generated_by:
        return len(file.content_bytes)
    try:
        return os.path.getsize(file.abs_src_path)
    except OSError:
        return 0
