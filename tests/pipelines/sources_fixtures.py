"""Helpers for the sources tests: tiny valid PDFs and an imitation-portal corpus with faults."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from reportlab.pdfgen import canvas


def respond(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str | None,
    headers: dict[str, str] | None = None,
) -> int:
    """Answer with ``body`` (no Content-Length on a 304); returns the bytes sent."""
    h.send_response(status)
    if content_type:
        h.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    if status != 304:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if body:
        h.wfile.write(body)
    return len(body)


def send_drip(handler: BaseHTTPRequestHandler, size: int, pause: float = 0.2) -> None:
    """Answer with a PDF of ``size`` bytes sent one byte every ``pause`` s: never idle long enough
    for a read timeout, so only a total deadline ends it."""
    import time

    body = b"%PDF-1.4\n" + b"x" * size
    handler.send_response(200)
    handler.send_header("Content-Type", "application/pdf")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    try:
        for i in range(len(body)):
            handler.wfile.write(body[i : i + 1])
            handler.wfile.flush()
            time.sleep(pause)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up, as it should


def make_pdf(path: Path, text: str) -> Path:
    """A one-page valid PDF whose bytes depend on ``text`` (so every file has its own sha256)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), invariant=True)
    c.drawString(72, 720, text)
    c.save()
    return path


def _doc(corpus: Path, tab: str, title: str, rel: str | None, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"tab": tab, "title": title, **extra}
    if rel is not None:
        make_pdf(corpus / rel, f"{title} ({rel})")
        doc["file"] = rel
    return doc


def build_corpus(corpus: Path) -> dict[str, Any]:
    """Two committees, meetings in 2023 and 2024, one cancelled meeting, late minutes, faults.

    Good files on run 1: 8 (incl. one that answers 500 once). Late minutes: 1 more on run 2.
    Faults (6): 404, hang, redirect to another host, HTML as PDF, truncated body, too large.
    """
    nv = "pdf/nara-vard"
    manifest = {
        "site": "Region Exempel",
        "committees": [
            {
                "slug": "beredning-for-nara-vard",
                "name": "Beredning för nära vård",
                "id": 12,
                "meetings": [
                    {
                        "date": "2023-03-14",
                        "cancelled": False,
                        "documents": [
                            _doc(corpus, "agenda", "Kallelse 2023-03-14", f"{nv}/2023-03-14_kallelse.pdf"),
                            _doc(
                                corpus, "protocol", "Protokoll 2023-03-14", f"{nv}/2023-03-14_protokoll.pdf"
                            ),
                        ],
                    },
                    {
                        "date": "2023-06-13",
                        "cancelled": False,
                        "documents": [
                            _doc(corpus, "agenda", "Kallelse 2023-06-13", f"{nv}/2023-06-13_kallelse.pdf"),
                            _doc(
                                corpus,
                                "agenda",
                                "Bilaga 2023-06-13",
                                f"{nv}/2023-06-13_bilaga.pdf",
                                fault="500_once",
                            ),
                            _doc(corpus, "agenda", "Borttagen bilaga", None, fault="404"),
                            _doc(
                                corpus, "protocol", "Protokoll 2023-06-13", f"{nv}/2023-06-13_protokoll.pdf"
                            ),
                        ],
                    },
                    {"date": "2023-09-19", "cancelled": True, "documents": []},
                    {
                        "date": "2024-02-20",
                        "cancelled": False,
                        "documents": [
                            _doc(corpus, "agenda", "Kallelse 2024-02-20", f"{nv}/2024-02-20_kallelse.pdf"),
                            _doc(
                                corpus,
                                "protocol",
                                "Protokoll 2024-02-20",
                                f"{nv}/2024-02-20_protokoll.pdf",
                                published_after_run=1,
                            ),
                            _doc(
                                corpus, "agenda", "Långsam bilaga", f"{nv}/2024-02-20_hang.pdf", fault="hang"
                            ),
                            _doc(corpus, "agenda", "Flyttad bilaga", None, fault="redirect_offsite"),
                            _doc(corpus, "agenda", "Inloggning", None, fault="html"),
                            _doc(
                                corpus,
                                "agenda",
                                "Avbruten bilaga",
                                f"{nv}/2024-02-20_trunc.pdf",
                                fault="truncated",
                            ),
                            _doc(corpus, "agenda", "Stor bilaga", None, fault="too_large"),
                        ],
                    },
                ],
            },
            {
                "slug": "halso-och-sjukvardsnamnden",
                "name": "Hälso- och sjukvårdsnämnden",
                "id": 3,
                "url_style": "slug-date",
                "meetings": [
                    {
                        "date": "2024-01-30",
                        "cancelled": False,
                        "documents": [
                            _doc(
                                corpus, "agenda", "Kallelse HSN 2024-01-30", "pdf/hsn/2024-01-30_kallelse.pdf"
                            ),
                            _doc(
                                corpus,
                                "protocol",
                                "Protokoll HSN 2024-01-30",
                                "pdf/hsn/2024-01-30_protokoll.pdf",
                            ),
                        ],
                    },
                ],
            },
        ],
    }
    (corpus / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest
