"""Pages rendered on a second core: a forked copy of the build fills the page cache.

MkDocs renders pages one after another in one process. A cold build of 2,000 pages spends
most of its time there, on a machine with a second core left to the PDF worker alone.
So, twice during a build:

- once the navigation is known (``on_nav``), a forked copy of this process renders the
  pages' Markdown into the page cache (:mod:`huimin.adapters.mkdocs_cache`), from the last
  page down, while this process renders them from the first page up;
- once every page's Markdown is rendered (``on_env``), another forked copy puts the pages
  into the theme's template, the same way, writes them into the site, and does ahead what
  the build does to each written page: its search terms, its phone numbers linked, its
  ``.gz``.

The two meet where they meet (:class:`huimin.output.both_ends.BothEnds`): a copy that
shares its core with the PDF worker does fewer pages. When MkDocs reaches the first page
the copy has taken, this process waits for the copy and then restores the rest from the
cache, exactly as in a build where nothing changed (without writing again the pages the
copy wrote). Besides those pages, the copy writes nothing but cache entries; it says
nothing (its messages are kept with the entries and said by this process) and leaves with
``os._exit``; if it fails, this process finds no entries and renders and writes the pages
itself. The site is byte for byte the same.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from huimin.output.both_ends import BothEnds
from huimin.output.content_cache import ContentCache
from huimin.output.file_store import FileStore
from huimin.output.precompress import CACHE_DIR as GZ_CACHE
from huimin.output.precompress import LEVEL, MIN_BYTES, compressed, write_gz
from huimin.print.workers import die_with_parent
from huimin.site.phone_links import CACHE_DIR as PHONES_CACHE
from huimin.site.phone_links import code_digest, linked_page
from huimin.site.search_index import page_key, remember, site_url

MIN_PAGES = 200  # a smaller site is rendered in one process: forking would cost more than it saves


class Helper:
    """A forked process rendering pages into the cache from the last one down; call
    :meth:`wait_for` with each page before making it."""

    def __init__(self, pid: int, order: dict[str, int], ends: BothEnds) -> None:
        self.pid = pid
        self.order = order  # src_uri → place in the list the two share
        self.ends = ends
        self.done = False
        self.ok = False
        self.undo: Callable[[], None] | None = None  # what to put back once the copy is over
        self.paths: dict[str, str] = {}  # src_uri → the file the copy writes for it (abs_dest_path)
        self.known_file: str | None = None  # where the copy leaves the search terms of the pages it wrote
        self._made: set[str] | None = None

    def wait_for(self, uri: str) -> None:
        """Take the page, or (the copy has taken it) wait for the copy: it is in the cache then."""
        if self.done:
            return
        index = self.order.get(uri)
        if index is not None and not self.ends.take_front(index):
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
        if self.ok:
            self.met = self.ends.met_at()
        self.ends.close()
        return self.ok

    def taken(self) -> list[str]:
        """The pages the copy made (src_uri), once it is over; none if it failed."""
        if not (self.done and self.ok):
            return []
        return [uri for uri, n in self.order.items() if n >= self.met]

    def made(self, path: str) -> bool:
        """Whether the copy wrote the page file ``path`` (known once it is over and did all its work)."""
        return path in self.made_paths()

    def made_paths(self) -> set[str]:
        """The page files the copy wrote (abs_dest_path); none until it is over."""
        if not self.done:
            return set()
        if self._made is None:
            self._made = {self.paths[uri] for uri in self.taken() if uri in self.paths}
        return self._made

    def known(self) -> dict[str, tuple]:
        """The search terms of the pages the copy wrote (AfterBuild.known), once it is over; the
        file they came in is removed."""
        if self.known_file is None or not self.done:
            return {}
        path, self.known_file = Path(self.known_file), None
        try:
            found = json.loads(path.read_bytes()) if self.ok else {}
        except (OSError, ValueError):
            found = {}
        path.unlink(missing_ok=True)
        return {url: tuple(entry) for url, entry in found.items()} if isinstance(found, dict) else {}

    def stop(self) -> None:
        """End the process now if it still runs (the build failed), and put back what was changed for it."""
        if self.undo is not None:
            self.undo()
            self.undo = None
        if not self.done:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.join()
        if self.known_file is not None:
            Path(self.known_file).unlink(missing_ok=True)


def fork_helper(docs: Sequence, do: Callable[[object], None], finish: Callable[[], None]) -> Helper | None:
    """In a forked copy of this process, ``do`` each of ``docs`` (MkDocs files) from the last
    one down until this process, going up, meets it; then ``finish``. None where there is no fork."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return None
    ends = BothEnds(len(docs))
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return Helper(pid, {f.src_uri: n for n, f in enumerate(docs)}, ends)
    code = 1
    try:  # the copy: never returns
        die_with_parent(parent)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        while (index := ends.take_back()) is not None:
            do(docs[index])
        finish()
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

    def render(file) -> None:
        if file.page is None:  # not in the nav: MkDocs makes its page in the same way
            Page(None, file, config)
        _populate_page(file.page, config, files)

    return fork_helper(docs, render, cache.store.hand_over)


def render_templates(cache, config, files, nav, env, after: AfterBuild) -> Helper | None:
    """Fork a copy that puts the later pages into the theme's template in ``cache``, writes
    them into the site and does ``after`` to them (the plugin's ``on_post_page``). Until
    :meth:`Helper.stop`, this process does not write the pages again that the copy wrote."""
    from mkdocs import utils
    from mkdocs.commands.build import _build_page

    docs = _pages(files)
    if len(docs) < MIN_PAGES or any(f.page is None for f in docs):
        return None

    fd, known_file = tempfile.mkstemp(prefix=".search-terms-", suffix=".json", dir=cache.store.folder)
    os.close(fd)

    def finish() -> None:
        cache.store.hand_over()
        after.hand_over()
        # the search terms of its pages, for the index: one file (0.1 s) rather than read back
        # page by page from the cache (1 s at 2,000 pages)
        Path(known_file).write_text(json.dumps(after.known, ensure_ascii=False), encoding="utf-8")

    helper = fork_helper(docs, lambda file: _build_page(file.page, config, docs, nav, env), finish)
    if helper is None:
        Path(known_file).unlink(missing_ok=True)
        return None
    helper.known_file = known_file
    helper.paths = {f.src_uri: f.abs_dest_path for f in docs}
    write_file = utils.write_file

    def write_unless_made(content: bytes, path: str) -> None:
        if not helper.made(path):
            write_file(content, path)

    def undo() -> None:
        utils.write_file = write_file

    utils.write_file, helper.undo = write_unless_made, undo
    after.made_elsewhere = helper.made
    return helper


class AfterBuild:
    """What the build does to each page once the site is written, done as the page is
    written, in the process that writes it (so on both cores): its phone numbers linked (the
    page is written so), its ``.gz`` written beside it, its search terms kept for the search
    index. The build's later steps leave these pages (:attr:`finished`) alone, but for those
    they change again (links to PDFs)."""

    def __init__(self, memo, root: Path, site_dir: str, restored: set[str] | None = None,
                 store: FileStore | None = None) -> None:
        self.search = memo
        self.store = store  # the site's files as links to kept bytes (huimin.output.file_store)
        self.restored = restored if restored is not None else set()  # unchanged pages: terms kept by an earlier build
        self.phones = ContentCache.open(root / PHONES_CACHE)
        self.gz = ContentCache.open(root / GZ_CACHE)
        self.code = code_digest()
        self.site = os.path.abspath(site_dir)
        self.finished: set[str] = set()  # page files written phone-linked, their .gz beside them
        self.known: dict[str, tuple] = {}  # address → search terms' key and terms (None: kept), for index_site
        self.made_elsewhere: Callable[[str], bool] = lambda path: False  # a forked copy wrote it

    def page(self, output: str, page) -> str:
        """The page to write: ``output`` with its phone numbers linked."""
        path = page.file.abs_dest_path
        if not output.strip() or self.made_elsewhere(path):
            return output
        content = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
        new, n = linked_page(text, self.phones, self.code)
        final = new.encode("utf-8") if n else content
        url = site_url(os.path.relpath(path, self.site).replace(os.sep, "/"))
        if page.file.src_uri in self.restored:  # its terms were kept by an earlier build
            self.known[url] = (page_key(url, final), None)
        else:
            self.known[url] = remember(url, final, self.search)
        if len(final) >= MIN_BYTES:
            write_gz(Path(path), final, compressed(final, LEVEL, self.gz), self.store)
        self.finished.add(os.path.abspath(path))
        return new if n else output

    def hand_over(self) -> None:
        """The entries used here are kept by the prune at the end of the build (huimin.build,
        with caches of its own): in the forked copy, and in the build itself before :meth:`close`."""
        for c in (self.phones, self.gz):
            if c is not None:
                c.hand_over()

    def close(self) -> None:
        self.hand_over()
        for c in (self.phones, self.gz):
            if c is not None:
                c.close()



def known_by(helper: Helper | None) -> dict[str, tuple]:
    """The search terms of the pages a forked copy wrote (none without one)."""
    return helper.known() if helper is not None else {}


def use_file_store(store: FileStore | None, previous: Callable | None = None) -> Callable | None:
    """MkDocs writes its pages through ``store`` (as links to kept bytes); with ``store`` None,
    through ``previous`` (what an earlier call returned) again. Returns the writer replaced."""
    from mkdocs import utils

    replaced = utils.write_file
    if store is not None:
        utils.write_file = lambda content, path: store.write(path, content)
    elif previous is not None:
        utils.write_file = previous
    return replaced if store is not None else None
