"""A static server for a built site that sends what nginx (README, 部署) would, and counts it.

HTTP/1.1 keep-alive; a file with a ``.gz`` beside it is sent as that (``gzip_static``), other
text files are gzipped on the fly (``gzip on``), everything else as it is. Every response is
logged as (path, bytes sent including headers), so tests and the bench measure what a phone
downloads.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")
TYPES = {".js": "text/javascript", ".json": "application/json", ".woff2": "font/woff2"}


class Log:
    def __init__(self) -> None:
        self.entries: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def add(self, path: str, sent: int) -> None:
        with self._lock:
            self.entries.append((path, sent))

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()

    def total(self) -> int:
        with self._lock:
            return sum(n for _, n in self.entries)

    def paths(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.entries]


def _handler(root: Path, log: Log):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - signature of the base class
            pass

        def do_GET(self):  # noqa: N802 - name fixed by the base class
            url = unquote(urlparse(self.path).path)
            target = (root / url.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(root) or not target.is_file():
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                log.add(url, 0)
                return
            packed = target.with_name(target.name + ".gz")
            if packed.is_file():
                body, encoding = packed.read_bytes(), "gzip"
            elif target.suffix in TEXT:
                body, encoding = gzip.compress(target.read_bytes(), 6), "gzip"
            else:
                body, encoding = target.read_bytes(), None
            ctype = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self.send_response(200)
            self.send_header("Content-Type", ctype + ("; charset=utf-8" if target.suffix in TEXT else ""))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            head = sum(len(b) for b in self._headers_buffer) + 2
            self.end_headers()
            self.wfile.write(body)
            log.add(url, head + len(body))

    return Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a browser that drops a connection is fine
        pass


@contextmanager
def serve(site: Path):
    """``with serve(site) as (base_url, log):`` a counting server on a free local port."""
    log = Log()
    server = _Server(("127.0.0.1", 0), _handler(Path(site).resolve(), log))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
