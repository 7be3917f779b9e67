"""The preview's web server: loopback only, the edition's own files only, and the reload events.

Standard library (http.server), one thread per request. What it serves is a table of names, the
edition's files (edition.Files: index.html, screen.css, diagram/*.svg, data/…), so nothing else on
the disk can be reached by construction: a path is looked up, never joined to a folder. A request
with "..", a backslash or a NUL (also percent-encoded), an absolute URI, or a name not in the table
gets 404; a folder is never listed. A Host header other than the loopback address or localhost is
refused (403), so a web page elsewhere cannot read the report through DNS rebinding.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from .edition import Edition
from .overlay import EVENTS, RELOAD_JS, SCRIPT, page_with_preview

HOST = "127.0.0.1"
KEEPALIVE_S = 15.0  # a comment line this often keeps proxies and the browser from closing the stream
_ALLOWED_HOSTS = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?", re.I)


def safe_name(raw_path: str) -> str | None:
    """The file name a request path asks for ('' for the page), or None when it can only be an
    attempt to leave the edition: '..' or '.' segments, backslashes, NUL, '//' (also encoded)."""
    if not raw_path.startswith("/") or raw_path.startswith("//"):
        return None
    path = urlsplit(raw_path).path
    decoded = path
    for _ in range(3):  # %252e%252e is %2e%2e once decoded, '..' twice
        decoded = unquote(decoded)
    if "\\" in decoded or "\x00" in decoded or "//" in decoded:
        return None
    segments = decoded.lstrip("/").split("/")
    if any(segment in ("..", ".") for segment in segments):
        return None
    return "/".join(segments)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, edition: Edition, port: int) -> None:
        self.edition = edition
        self.stopping = threading.Event()
        super().__init__((HOST, port), PreviewHandler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def stop(self) -> None:
        """End the event streams (their threads see `stopping`), then stop serving."""
        self.stopping.set()
        with self.edition.changed:
            self.edition.changed.notify_all()
        self.shutdown()
        self.server_close()


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "forhandsvisning"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal shows saves and mistakes, not every request

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        if not _ALLOWED_HOSTS.fullmatch(self.headers.get("Host", "")):
            return self._send(403, b"Bara 127.0.0.1 eller localhost.\n", "text/plain; charset=utf-8", head)
        name = safe_name(self.path)
        if name is None:
            return self._not_found(head)
        if "/" + name == EVENTS and not head:
            return self._events()
        if "/" + name == SCRIPT:
            return self._send(200, RELOAD_JS.encode(), "text/javascript; charset=utf-8", head)
        edition = self.server.edition
        if name in ("", "index.html"):
            version = edition.version  # first: a page newer than its version only reloads once more
            page = page_with_preview(edition.page, version, edition.problem)
            return self._send(200, page.encode("utf-8"), "text/html; charset=utf-8", head)
        served = edition.files.get(name)
        if served is None:
            return self._not_found(head)
        try:
            body = served.read()
        except OSError:  # removed since the page was made (a stage is rewriting it)
            return self._not_found(head)
        self._send(200, body, served.content_type, head)

    def _not_found(self, head: bool) -> None:
        self._send(404, b"Finns inte i rapporten.\n", "text/plain; charset=utf-8", head)

    def _send(self, status: int, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: 'reload' as soon as the page differs from the version the tab shows."""
        query = parse_qs(urlsplit(self.path).query)
        try:
            seen = int(query.get("version", ["-1"])[0])
        except ValueError:
            seen = -1
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        edition, stopping = self.server.edition, self.server.stopping
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not stopping.is_set():
                current = edition.wait_for_change(seen, KEEPALIVE_S)
                if stopping.is_set():
                    break
                if current != seen:
                    self.wfile.write(f"event: reload\ndata: {current}\n\n".encode())
                    self.wfile.flush()
                    seen = current
                else:
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded
        self.close_connection = True
