"""Retry-After on 429/503 is honoured (a real server on 127.0.0.1), and long pauses are left for later."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from pipelines.sources.http import HttpClient, HttpSettings, parse_retry_after
from tests.pipelines.sources_fixtures import respond


class _Handler(BaseHTTPRequestHandler):
    calls: ClassVar[list[float]] = []
    retry_after = "1"

    def do_GET(self) -> None:
        type(self).calls.append(time.monotonic())
        if len(type(self).calls) == 1:
            respond(self, 429, b"", None, {"Retry-After": type(self).retry_after})
            return
        respond(self, 200, b"<html>ok</html>", "text/html")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("H", (_Handler,), {"calls": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_retry_after_is_waited_for(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    settings = HttpSettings(
        requests_per_second=100, backoff=0.01, retries=2, read_timeout=2, connect_timeout=2
    )
    with HttpClient(settings) as client:
        result = client.get_text(url, {"127.0.0.1"})
    assert result.ok, (result.error, result.detail)
    assert len(handler.calls) == 2
    assert handler.calls[1] - handler.calls[0] >= 0.95  # the server's 1 s, not the 0.01 s backoff


def test_a_long_retry_after_is_left_for_the_next_run(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.retry_after = "3600"
    settings = HttpSettings(
        requests_per_second=100, backoff=0.01, retries=2, read_timeout=2, connect_timeout=2
    )
    with HttpClient(settings) as client:
        result = client.get_text(url, {"127.0.0.1"})
    assert not result.ok and result.error == "http_429"
    assert "later run" in (result.detail or "")
    assert len(handler.calls) == 1


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
