"""A transfer has a total deadline (a real drip-feeding server on 127.0.0.1), and a killed run's
partial downloads are swept."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipelines.sources.archive import Archive
from pipelines.sources.http import HttpClient, HttpSettings
from tests.pipelines.sources_fixtures import send_drip


class _Drip(BaseHTTPRequestHandler):
    """Sends a PDF one byte every 0.2 s: never idle long enough for a read timeout."""

    def do_GET(self) -> None:
        send_drip(self, 200)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def drip() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/slow.pdf"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_drip_fed_download_stops_at_its_total_deadline(drip: str, tmp_path: Path) -> None:
    settings = HttpSettings(
        requests_per_second=100, read_timeout=5, connect_timeout=2, total_timeout=1.5, retries=2
    )
    started = time.monotonic()
    with HttpClient(settings) as client:
        result = client.download(drip, {"127.0.0.1"}, tmp_path)
    took = time.monotonic() - started
    assert result.error == "too_slow", (result.error, result.detail)
    assert took < 5  # not retried: a slow server stays slow within one run
    assert not list(tmp_path.glob("*.part"))  # the partial file is removed


def test_partial_files_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    tmp = tmp_path / "archive" / "tmp"
    tmp.mkdir(parents=True)
    old, fresh = tmp / "dl-old.part", tmp / "dl-new.part"
    old.write_bytes(b"%PDF-")
    fresh.write_bytes(b"%PDF-")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    Archive(tmp_path / "archive")
    assert not old.exists() and fresh.exists()  # a live transfer's file is left alone
