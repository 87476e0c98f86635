"""Writing responses of the imitation portal: pages, JSON, and PDF files with conditional GET.

A document's `fault` (manifest.json) makes its file misbehave the way real servers do: 404,
500 once, a hang, an off-site redirect, a login page served as a PDF, a truncated body, a body
too large, so that the crawler's handling of each is tested against a real HTTP server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from demo.portal.pages import page
from demo.portal.site import Doc


def send(
    h: BaseHTTPRequestHandler, status: int, text: str, content_type: str = "text/html; charset=utf-8"
) -> int:
    """Send a whole response; returns the body bytes sent."""
    body = text.encode("utf-8")
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)
    return len(body)


def send_json(h: BaseHTTPRequestHandler, data: Any, status: int = 200) -> int:
    return send(h, status, json.dumps(data, ensure_ascii=False), "application/json; charset=utf-8")


def not_modified(h: BaseHTTPRequestHandler, etag: str, mtime: int) -> bool:
    inm = h.headers.get("If-None-Match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = h.headers.get("If-Modified-Since")
    if ims:
        with contextlib.suppress(TypeError, ValueError):
            return int(parsedate_to_datetime(ims).timestamp()) >= mtime
    return False


def send_fault(
    h: BaseHTTPRequestHandler,
    fault: str | None,
    hits: int,
    stopping: threading.Event,
    hang: float,
    large: int,
) -> int | None:
    """The response of a faulty document, or None when the file is to be served (maybe truncated)."""
    if fault == "404":
        return send(h, 404, page("Dokumentet finns inte", ""))
    if fault == "500_once" and hits == 1:
        return send(h, 500, page("Internt fel", ""))
    if fault == "hang":
        stopping.wait(hang)
    if fault == "redirect_offsite":
        h.send_response(302)
        h.send_header("Location", "http://files.example.invalid/elsewhere.pdf")
        h.send_header("Content-Length", "0")
        h.end_headers()
        return 0
    if fault == "html":
        return send(h, 200, page("Logga in", "<p>Logga in för att se dokumentet</p>"), "application/pdf")
    if fault == "too_large":
        h.send_response(200)
        h.send_header("Content-Type", "application/pdf")
        h.end_headers()  # no Content-Length: the client must count while streaming
        sent = 0
        block = b"%PDF-1.4\n" + b"0" * 65527
        while sent < large:
            h.wfile.write(block)
            sent += len(block)
        return sent
    return None


def send_file(h: BaseHTTPRequestHandler, doc: Doc) -> int:
    """The PDF with ETag and Last-Modified, or 304 to a matching conditional request."""
    body = doc.file.read_bytes() if doc.file else b"%PDF-1.4\n%%EOF\n"
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    mtime = doc.file.stat().st_mtime if doc.file else 0.0
    last_modified = formatdate(int(mtime), usegmt=True)
    if not_modified(h, etag, int(mtime)):
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
    if doc.fault == "truncated":
        part = body[: max(1, len(body) // 2)]
        h.wfile.write(part)
        h.wfile.flush()
        h.close_connection = True
        return len(part)
    h.wfile.write(body)
    return len(body)
