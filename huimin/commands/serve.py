"""``huimin serve``: the live preview.

One process holds the project read and validated. A watcher looks at the source files'
sizes and times every 0.3 s; when one changed it reads the project again and gathers the
site's pages and navigation (no page is rendered then). Each page is rendered when the
browser asks for it (huimin.adapters.mkdocs_preview), so a change shows in a couple of
seconds whatever the size of the site. Pages carry a small script that reloads them when the
project changed. While the input has problems, every address shows the problem list, in the
same words as ``huimin check``, and the preview comes back by itself once the file is fixed.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from huimin.model.errors import HuiminError, Problem, display_path
from huimin.print.glyphs import check_glyphs
from huimin.read.project import load_project
from huimin.site.phone_links import link_phones
from huimin.site.preview_page import STATE_PATH, problems_page, with_reload

POLL_SECONDS = 0.3
DEFAULT_ADDR = "127.0.0.1:8000"
WATCHED = ("content", "templates", "huimin.yml", "mkdocs.yml")


class Preview:
    """The state served: a rendered site, or the problems that keep it from being made."""

    def __init__(self, root: Path, as_of: date | None) -> None:
        self.root, self.as_of = root, as_of
        self.generation = 0
        self.site = None
        self.problems: list[Problem] = []
        self._lock = threading.Lock()

    @property
    def state(self) -> str:
        return str(self.generation)

    def reload(self) -> None:
        from huimin.adapters.mkdocs_preview import PreviewSite

        started = time.perf_counter()
        site, problems = None, []
        try:
            project = load_project(self.root, self.as_of)
            check_glyphs(project)
            site = PreviewSite(project)
        except HuiminError as exc:
            problems = exc.problems
        except Exception as exc:  # noqa: BLE001 - e.g. a template saved half-edited: shown, and the preview goes on
            problems = [unexpected(exc, self.root)]
        with self._lock:
            self.site, self.problems = site, problems
            self.generation += 1
        seconds = time.perf_counter() - started
        if problems:
            for problem in problems:
                print(str(problem), file=sys.stderr)
            print(f"共 {len(problems)} 个问题，浏览器中显示问题清单；修改并保存后自动刷新。", file=sys.stderr, flush=True)
        else:
            print(f"已就绪：{len(site.project.policies)} 条政策（{seconds:.1f} 秒）", file=sys.stderr, flush=True)

    def respond(self, path: str) -> tuple[int, bytes, str]:
        with self._lock:
            site, problems, state = self.site, self.problems, self.state
        if path == STATE_PATH:
            return 200, state.encode(), "text/plain; charset=utf-8"
        if site is None:
            return 200, problems_page(problems, state).encode("utf-8"), "text/html; charset=utf-8"
        try:
            found = site.get(path)
            status = 200
            if found is None:
                status, found = 404, site.get("404.html")
        except Exception as exc:  # noqa: BLE001 - the page says why; the preview goes on
            found = exc.problems if isinstance(exc, HuiminError) else [unexpected(exc, self.root)]
            page = problems_page(found, state, heading="这个页面无法生成")
            return 500, page.encode("utf-8"), "text/html; charset=utf-8"
        body, kind = found
        if kind.startswith("text/html"):
            html, _ = link_phones(body.decode("utf-8"))
            body = with_reload(html, state).encode("utf-8", errors="xmlcharrefreplace")
        return status, body, kind


def unexpected(exc: Exception, root: Path) -> Problem:
    """An error that is not a checked input problem: a template's syntax, most often."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = display_path(exc.filename, root) if exc.filename else (exc.name or "")
        return Problem(where, exc.lineno or 0, 0, "模板", f"模板语法有误：{exc.message}")
    if isinstance(exc, jinja2.TemplateError):
        return Problem("", 0, 0, "模板", f"模板出错：{exc}")
    return Problem("", 0, 0, "预览", f"生成预览时出错：{type(exc).__name__}: {exc}")


def snapshot(root: Path, policy_dir: str) -> dict[str, tuple[int, int]]:
    """Size and modification time of every watched file."""
    seen: dict[str, tuple[int, int]] = {}
    stack = [root / name for name in (*WATCHED, policy_dir)]
    while stack:
        path = stack.pop()
        try:
            if path.is_dir():
                with os.scandir(path) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(Path(entry.path))
                        else:
                            st = entry.stat()
                            seen[entry.path] = (st.st_mtime_ns, st.st_size)
            elif path.exists():
                st = path.stat()
                seen[str(path)] = (st.st_mtime_ns, st.st_size)
        except OSError:  # removed while we looked
            continue
    return seen


def watch(preview: Preview, before: dict, stop: threading.Event) -> None:
    def policy_dir() -> str:
        site = preview.site
        return site.project.settings.policy_dir if site is not None else "policy_lists"

    while not stop.wait(POLL_SECONDS):
        now = snapshot(preview.root, policy_dir())
        if now != before:
            before = now
            print("检测到文件修改，正在更新预览 …", file=sys.stderr, flush=True)
            preview.reload()


def handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self._answer(body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path).lstrip("/")
            if ".." in path.split("/"):
                status, data, kind = 404, b"", "text/plain"
            else:
                status, data, kind = preview.respond(path)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, format, *args) -> None:  # quiet: the terminal shows changes and problems
            pass

    return Handler


def serve(root: Path, as_of: date | None, dev_addr: str | None) -> None:
    host, _, port = (dev_addr or DEFAULT_ADDR).rpartition(":")
    try:
        address = (host or "127.0.0.1", int(port))
    except ValueError:
        raise HuiminError(f"预览地址应写作 IP:端口，例如 {DEFAULT_ADDR}，实际为“{dev_addr}”") from None
    preview = Preview(root, as_of)
    try:
        server = ThreadingHTTPServer(address, handler(preview))
    except OSError as exc:
        raise HuiminError(f"无法在 {address[0]}:{address[1]} 上预览：{exc.strerror}（端口已被占用？可用 --dev-addr 换一个）") \
            from None
    server.daemon_threads = True
    print(f"正在读取项目 …（预览地址 http://{address[0]}:{address[1]}/，按 Ctrl+C 结束）", file=sys.stderr, flush=True)
    before = snapshot(root, "policy_lists")
    preview.reload()
    if preview.site is not None and preview.site.project.settings.policy_dir != "policy_lists":
        before = snapshot(root, preview.site.project.settings.policy_dir)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, before, stop), daemon=True)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        server.server_close()
