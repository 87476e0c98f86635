"""A real HTTP server on 127.0.0.1 serving the static Meetings Plus fixtures (tests/fixtures/meetings_plus).

    with MeetingsPlusServer(tmp_path) as portal:
        crawl(portal.base_url)      # run 1: documents with published_after_run >= 1 are not linked yet
        portal.advance()            # run 2: the page of the next run is served (late minutes)
        portal.variant = True       # the same pages with other markup (variant/)
        portal.log                  # [Request(path, status, bytes, time, user_agent, conditional)]

Documents are PDFs generated per server (their text is their title and path, so each has its own
sha256) or faults: "404", "500_once", "hang", "redirect_offsite", "html" (a login page served as a
PDF), "truncated", "too_large". PDFs answer ETag / Last-Modified and 304 to conditional requests.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.pipelines.sources_fixtures import make_pdf, respond

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings_plus"
Route = Callable[[str], tuple[int, bytes, str]]  # request path with query -> (status, body, content type)


@dataclass(frozen=True)
class Request:
    path: str
    status: int
    bytes: int  # body bytes actually sent
    time: float  # time.monotonic() at arrival
    user_agent: str | None
    conditional: bool


class MeetingsPlusServer:
    def __init__(self, workdir: Path, hang_seconds: float = 1.5, large_bytes: int = 600_000) -> None:
        self.site = json.loads((FIXTURES / "site.json").read_text(encoding="utf-8"))
        self.pdfs = Path(workdir) / "portal-pdfs"
        self.run, self.variant = 1, False
        self.hang_seconds, self.large_bytes = hang_seconds, large_bytes
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self.in_flight = 0
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def __enter__(self) -> MeetingsPlusServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def advance(self) -> None:
        self.run += 1

    def add_route(self, path: str, route: Route) -> None:
        """Serve ``path`` (with its query, if any; ``/prefix/*`` for every path below) from ``route``
        instead of the fixtures."""
        self.routes[path] = route

    def settled_log(self, timeout: float = 5.0) -> list[Request]:
        """The log once no request is in flight: a handler logs after its response is sent, so a
        client may have its answer before the server thread has written the line."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.in_flight == 0:
                    return list(self.log)
            time.sleep(0.01)
        with self._lock:
            return list(self.log)

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def page(self, path: str) -> str | None:
        """The fixture page served at ``path`` (with query) in the current run and markup."""
        entry = (self.site["variants"].get(path) if self.variant else None) or self.site["pages"].get(path)
        if entry is None:
            return None
        name = entry[min(self.run, len(entry)) - 1] if isinstance(entry, list) else entry
        text = (FIXTURES / name).read_text(encoding="utf-8")
        return text.replace("{{base}}", self.base_url.rstrip("/"))

    def document_path(self, path: str) -> Path:
        doc = self.site["documents"][path]
        target = self.pdfs / (hashlib.sha256(path.encode()).hexdigest()[:16] + ".pdf")
        if not target.exists():
            make_pdf(target, f"{doc['title']} ({path})")
        return target

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                arrived, sent, self.code = time.monotonic(), 0, 0
                with server._lock:
                    server.in_flight += 1
                try:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        sent = server._respond(self)
                finally:
                    conditional = bool(
                        self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
                    )
                    with server._lock:
                        server.log.append(
                            Request(
                                self.path,
                                self.code,
                                sent,
                                arrived,
                                self.headers.get("User-Agent"),
                                conditional,
                            )
                        )
                        server.in_flight -= 1

            def send_response(self, code: int, message: str | None = None) -> None:
                self.code = code
                super().send_response(code, message)

        return Handler

    def _respond(self, h: BaseHTTPRequestHandler) -> int:
        parts = urlsplit(h.path)
        full = parts.path + (f"?{parts.query}" if parts.query else "")
        prefixes = [k for k in self.routes if k.endswith("/*") and parts.path.startswith(k[:-1])]
        for key in (full, parts.path, *prefixes):
            if key in self.routes:
                status, body, content_type = self.routes[key](full)
                return respond(h, status, body, content_type)
        page = self.page(full) or (self.page(parts.path) if "year=" not in parts.query else None)
        if page is not None:
            return respond(h, 200, page.encode("utf-8"), "text/html; charset=utf-8")
        doc = self.site["documents"].get(parts.path)
        if doc is None or doc.get("published_after_run", 0) >= self.run:
            return respond(h, 404, b"<html><body><h1>Sidan finns inte</h1></body></html>", "text/html")
        return self._document(h, parts.path, doc)

    def _document(self, h: BaseHTTPRequestHandler, path: str, doc: dict[str, Any]) -> int:
        with self._lock:
            self.hits[path] = hits = self.hits.get(path, 0) + 1
        fault = doc.get("fault")
        if fault == "404":
            return respond(h, 404, b"<html><body>Dokumentet finns inte</body></html>", "text/html")
        if fault == "500_once" and hits == 1:
            return respond(h, 500, b"<html><body>Internt fel</body></html>", "text/html")
        if fault == "hang":
            self._stopping.wait(self.hang_seconds)
        if fault == "redirect_offsite":
            h.send_response(302)
            h.send_header("Location", "http://files.example.invalid/elsewhere.pdf")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return 0
        if fault == "html":  # a login page where the PDF should be
            return respond(
                h, 200, "<html><body>Logga in för att läsa</body></html>".encode(), "application/pdf"
            )
        if fault == "too_large":
            h.send_response(200)
            h.send_header("Content-Type", "application/pdf")
            h.end_headers()  # no Content-Length: the client must count while streaming
            block, sent = b"%PDF-1.4\n" + b"0" * 65527, 0
            while sent < self.large_bytes:
                h.wfile.write(block)
                sent += len(block)
            return sent
        file = self.document_path(path)
        body, mtime = file.read_bytes(), int(file.stat().st_mtime)
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True)}
        if _not_modified(h, etag, mtime):
            return respond(h, 304, b"", None, headers)
        if fault == "truncated":
            h.send_response(200)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                h.send_header(name, value)
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.close_connection = True
            return len(body) // 2
        return respond(h, 200, body, "application/pdf", headers)


def _not_modified(h: BaseHTTPRequestHandler, etag: str, mtime: int) -> bool:
    inm = h.headers.get("If-None-Match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")]
    ims = h.headers.get("If-Modified-Since")
    if ims:
        with contextlib.suppress(TypeError, ValueError):
            return int(parsedate_to_datetime(ims).timestamp()) >= mtime
    return False
