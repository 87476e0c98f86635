"""An imitation Meetings Plus portal on 127.0.0.1, built from a corpus directory's manifest.json.

Used by the sources tests and by `protokoll demo`::

    with PortalServer(corpus_dir) as server:
        crawl(server.base_url)        # run 1: documents with published_after_run >= 1 are hidden
        server.advance()              # run 2: late minutes (published_after_run: 1) appear
        server.log                    # [RequestRecord(method, path, status, bytes, time, ...)]

Routes: ``/``, ``/committees``, ``/committees/<slug>`` (meetings grouped by year), meeting pages
with agenda/protocol tabs (relative links, each file linked twice), files
``<meeting>/<tab>/<name>pdf?downloadMode=open`` with ETag / Last-Modified / 304, and
``/api/v2.0/committees[/{id}/meetings]`` JSON. Extra routes: ``server.add_route(path, handler)``.
The manifest's shape is described in `site.py`, the pages in `pages.py`, file faults in
`responses.py`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from demo.portal import pages
from demo.portal.responses import send, send_fault, send_file, send_json
from demo.portal.site import Doc, load_site

Handler = Callable[[BaseHTTPRequestHandler], int]  # writes a response, returns body bytes sent


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    status: int
    bytes: int  # body bytes actually sent
    time: float  # time.monotonic() when the request arrived
    wall: float  # time.time() when the request arrived
    user_agent: str | None = None
    conditional: bool = False


class PortalServer:
    def __init__(
        self,
        corpus_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        hang_seconds: float = 5.0,
        large_bytes: int = 600_000,
    ) -> None:
        self.site = load_site(Path(corpus_dir))
        self.run = 1
        self.hang_seconds, self.large_bytes = hang_seconds, large_bytes
        self.log: list[RequestRecord] = []  # appended when a response ends; .time is the arrival
        self.routes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> PortalServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="portal", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def advance(self) -> int:
        """Next crawl: documents with published_after_run < new run become visible."""
        self.run += 1
        return self.run

    def add_route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def published(self, doc: Doc) -> bool:
        return doc.published_after_run < self.run

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self.log.append(record)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            server_version = "MeetingsPlusImitation/1.0"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                arrived, wall = time.monotonic(), time.time()
                self._status, sent = 0, 0
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    sent = server._dispatch(self)
                server._record(
                    RequestRecord(
                        "GET",
                        self.path,
                        self._status,
                        sent,
                        arrived,
                        wall,
                        self.headers.get("User-Agent"),
                        bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")),
                    )
                )

            def send_response(self, code: int, message: str | None = None) -> None:
                self._status = code
                super().send_response(code, message)

        return _Handler

    def _dispatch(self, h: BaseHTTPRequestHandler) -> int:
        path = urlsplit(h.path).path.rstrip("/") or "/"
        site = self.site
        if path in self.routes:
            return self.routes[path](h)
        if path == "/":
            return send(h, 200, pages.start_page(site))
        if path == "/committees":
            return send(h, 200, pages.committee_index(site))
        if path.startswith("/api/v2.0/committees"):
            status, data = pages.api(site, path, self.published)
            return send_json(h, data, status)
        committee = next((c for c in site.committees if path == f"/committees/{c['slug']}"), None)
        if committee:
            return send(h, 200, pages.committee_page(committee))
        if path in site.meetings:
            return send(h, 200, pages.meeting_page(site, path, self.published))
        doc = site.docs.get(path)
        if doc and self.published(doc):
            return self._file(h, doc)
        return send(h, 404, pages.page("Sidan finns inte", "<p>404</p>"))

    def _file(self, h: BaseHTTPRequestHandler, doc: Doc) -> int:
        with self._lock:
            doc.hits += 1
            hits = doc.hits
        sent = send_fault(h, doc.fault, hits, self._stopping, self.hang_seconds, self.large_bytes)
        return send_file(h, doc) if sent is None else sent
