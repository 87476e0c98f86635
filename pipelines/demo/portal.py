"""An imitation Meetings Plus portal on 127.0.0.1, built from a corpus directory's manifest.json.

Used by the sources tests and by `protokoll demo`::

    with PortalServer(corpus_dir) as server:
        crawl(server.base_url)        # run 1: documents with published_after_run >= 1 are hidden
        server.advance()              # run 2: late minutes (published_after_run: 1) appear
        server.log                    # [RequestRecord(method, path, status, bytes, time, ...)]

manifest.json (paths relative to the corpus dir; keys marked * are optional)::

    {"site": "Region Exempel", "committees": [
      {"slug": "...", "name": "...", "id": 12, "url_style"*: "mote" | "slug-date" | "slug-id",
       "meetings": [{"date": "2023-03-14", "cancelled": false, "id"*: 7,
         "documents": [{"tab": "agenda" | "protocol", "title": "...", "file": "pdf/x.pdf",
                        "published_after_run"*: 1,
                        "fault"*: "404" | "500_once" | "hang" | "redirect_offsite" | "html" |
                                  "truncated" | "too_large"}]}]}]}

Routes: ``/``, ``/committees``, ``/committees/<slug>`` (meetings grouped by year), meeting pages
with agenda/protocol tabs (relative links, each file linked twice), files
``<meeting>/<tab>/<name>pdf?downloadMode=open`` with ETag / Last-Modified / 304, and
``/api/v2.0/committees[/{id}/meetings]`` JSON. Extra routes: ``server.add_route(path, handler)``.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


@dataclass
class _Doc:
    committee: dict[str, Any]
    meeting: dict[str, Any]
    meeting_path: str
    tab: str
    title: str
    file: Path | None
    name: str
    published_after_run: int = 0
    fault: str | None = None
    hits: int = 0

    @property
    def path(self) -> str:
        return f"{self.meeting_path}/{self.tab}/{self.name}pdf"


@dataclass
class _Site:
    name: str
    committees: list[dict[str, Any]]
    meetings: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    docs: dict[str, _Doc] = field(default_factory=dict)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-") or "dokument"


def meeting_path(committee: dict[str, Any], meeting: dict[str, Any], index: int) -> str:
    style, slug, day = committee.get("url_style", "mote"), committee["slug"], meeting["date"]
    segment = {"slug-date": f"{slug}-{day}", "slug-id": f"{slug}-{meeting.get('id', index + 1)}"}.get(
        style, f"mote-{day}"
    )
    if meeting.get("cancelled"):
        segment += "-installt"
    return f"/committees/{slug}/{segment}"


def load_site(corpus_dir: Path) -> _Site:
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    site = _Site(manifest.get("site", "Meetings Plus"), manifest["committees"])
    for committee in site.committees:
        for i, meeting in enumerate(committee.get("meetings", [])):
            mpath = meeting_path(committee, meeting, i)
            site.meetings[mpath] = (committee, meeting)
            for doc in meeting.get("documents", []):
                stem = Path(doc.get("file") or doc["title"]).stem
                d = _Doc(
                    committee,
                    meeting,
                    mpath,
                    doc["tab"],
                    doc["title"],
                    corpus_dir / doc["file"] if doc.get("file") else None,
                    _slugify(stem),
                    int(doc.get("published_after_run", 0)),
                    doc.get("fault"),
                )
                site.docs[d.path] = d
    return site


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

    def published(self, doc: _Doc) -> bool:
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

    # ---- responses -------------------------------------------------------------------------
    def _dispatch(self, h: BaseHTTPRequestHandler) -> int:
        path = urlsplit(h.path).path.rstrip("/") or "/"
        if path in self.routes:
            return self.routes[path](h)
        if path == "/":
            return _send(h, 200, _page(self.site.name, '<a href="committees">Nämnder och styrelser</a>'))
        if path == "/committees":
            items = "".join(
                f'<li><a href="/committees/{c["slug"]}">{html.escape(c["name"])}</a></li>'
                for c in self.site.committees
            )
            return _send(h, 200, _page("Nämnder och styrelser", f"<ul>{items}</ul>"))
        if path.startswith("/api/v2.0/committees"):
            return self._api(h, path)
        committee = next((c for c in self.site.committees if path == f"/committees/{c['slug']}"), None)
        if committee:
            return _send(h, 200, self._committee_page(committee))
        if path in self.site.meetings:
            return _send(h, 200, self._meeting_page(path))
        doc = self.site.docs.get(path)
        if doc and self.published(doc):
            return self._file(h, doc)
        return _send(h, 404, _page("Sidan finns inte", "<p>404</p>"))

    def _committee_page(self, committee: dict[str, Any]) -> str:
        by_year: dict[str, list[str]] = {}
        slug = committee["slug"]
        for i, m in enumerate(committee.get("meetings", [])):
            href = meeting_path(committee, m, i).removeprefix("/committees/")  # relative: "<slug>/mote-..."
            label = ("Inställt: " if m.get("cancelled") else "Sammanträde ") + m["date"]
            by_year.setdefault(m["date"][:4], []).append(
                f'<li><a href="{href}">{html.escape(label)}</a></li>'
            )
        body = "".join(
            f"<h2>{y}</h2><ul>{''.join(items)}</ul>" for y, items in sorted(by_year.items(), reverse=True)
        )
        return _page(committee["name"], f'<div class="meetings" data-slug="{slug}">{body}</div>')

    def _meeting_page(self, mpath: str) -> str:
        committee, meeting = self.site.meetings[mpath]
        segment = mpath.rsplit("/", 1)[1]
        tabs = []
        for tab, label in (("agenda", "Kallelse"), ("protocol", "Protokoll")):
            docs = [
                d
                for d in self.site.docs.values()
                if d.meeting_path == mpath and d.tab == tab and self.published(d)
            ]
            items = (
                "".join(
                    f'<div class="item"><h3><a href="{segment}/{tab}/{d.name}pdf?downloadMode=open">{html.escape(d.title)}</a></h3>'
                    f'<a href="{d.path}?downloadMode=open">Ladda ner dokument</a></div>'
                    for d in docs
                )
                or "<p>Inga dokument är publicerade ännu.</p>"
            )
            tabs.append(f'<section class="tab" id="{tab}"><h2>{label}</h2>{items}</section>')
        title = f"{committee['name']} {meeting['date']}"
        return _page(title, "".join(tabs))

    def _api(self, h: BaseHTTPRequestHandler, path: str) -> int:
        if path == "/api/v2.0/committees":
            data: Any = [{"id": c["id"], "slug": c["slug"], "name": c["name"]} for c in self.site.committees]
            return _send_json(h, data)
        m = re.fullmatch(r"/api/v2\.0/committees/(\d+)/meetings", path)
        committee = next((c for c in self.site.committees if m and str(c["id"]) == m[1]), None)
        if committee is None:
            return _send_json(h, {"error": "not found"}, 404)
        meetings = []
        for mpath, (c, meeting) in self.site.meetings.items():
            if c is committee:
                docs = [
                    {"tab": d.tab, "title": d.title, "url": f"{d.path}?downloadMode=open"}
                    for d in self.site.docs.values()
                    if d.meeting_path == mpath and self.published(d)
                ]
                meetings.append(
                    {
                        "date": meeting["date"],
                        "cancelled": bool(meeting.get("cancelled")),
                        "url": mpath,
                        "documents": docs,
                    }
                )
        return _send_json(h, meetings)

    def _file(self, h: BaseHTTPRequestHandler, doc: _Doc) -> int:
        with self._lock:
            doc.hits += 1
            hits = doc.hits
        fault = doc.fault
        if fault == "404":
            return _send(h, 404, _page("Dokumentet finns inte", ""))
        if fault == "500_once" and hits == 1:
            return _send(h, 500, _page("Internt fel", ""))
        if fault == "hang":
            self._stopping.wait(self.hang_seconds)
        if fault == "redirect_offsite":
            h.send_response(302)
            h.send_header("Location", "http://files.example.invalid/elsewhere.pdf")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return 0
        if fault == "html":
            return _send(
                h, 200, _page("Logga in", "<p>Logga in för att se dokumentet</p>"), "application/pdf"
            )
        if fault == "too_large":
            h.send_response(200)
            h.send_header("Content-Type", "application/pdf")
            h.end_headers()  # no Content-Length: the client must count while streaming
            sent = 0
            block = b"%PDF-1.4\n" + b"0" * 65527
            while sent < self.large_bytes:
                h.wfile.write(block)
                sent += len(block)
            return sent
        body = doc.file.read_bytes() if doc.file else b"%PDF-1.4\n%%EOF\n"
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        mtime = doc.file.stat().st_mtime if doc.file else 0.0
        last_modified = formatdate(int(mtime), usegmt=True)
        if _not_modified(h, etag, int(mtime)):
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Last-Modified", last_modified)
            h.end_headers()
            return 0
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.send_header("Content-Length", str(len(body)))
        h.send_header("ETag", etag)
        h.send_header("Last-Modified", last_modified)
        h.end_headers()
        if fault == "truncated":
            part = body[: max(1, len(body) // 2)]
            h.wfile.write(part)
            h.wfile.flush()
            h.close_connection = True
            return len(part)
        h.wfile.write(body)
        return len(body)


def _not_modified(h: BaseHTTPRequestHandler, etag: str, mtime: int) -> bool:
    inm = h.headers.get("If-None-Match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = h.headers.get("If-Modified-Since")
    if ims:
        with contextlib.suppress(TypeError, ValueError):
            return int(parsedate_to_datetime(ims).timestamp()) >= mtime
    return False


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f'<body><header><a href="/">Start</a></header><h1>{html.escape(title)}</h1>{body}</body></html>'
    )


def _send(
    h: BaseHTTPRequestHandler, status: int, text: str, content_type: str = "text/html; charset=utf-8"
) -> int:
    body = text.encode("utf-8")
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)
    return len(body)


def _send_json(h: BaseHTTPRequestHandler, data: Any, status: int = 200) -> int:
    return _send(h, status, json.dumps(data, ensure_ascii=False), "application/json; charset=utf-8")
