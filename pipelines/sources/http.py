"""A polite, defensive HTTP client for portals and PDF URLs (httpx, no Dagster).

Identifying User-Agent, per-host rate and concurrency limits, connect/read timeouts,
retries with exponential backoff on 5xx / timeouts / broken transfers, conditional
requests (If-None-Match / If-Modified-Since), streamed downloads with a size cap,
only http(s) and only allowed hosts (redirects are followed by hand and checked),
and detection of truncated bodies. What a body contains is not judged here: a download that is
empty or not a PDF is an original like any other (kept in the archive; the extractor's
``check_file`` rejects it as ``empty`` / ``not_pdf``, the same reason `protokoll extract` gives).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from pipelines.sources.config import HttpSettings
from pipelines.sources.politeness import RETRY_AFTER_CAP, HostGate, parse_retry_after

__all__ = ["HttpClient", "HttpResult", "HttpSettings", "parse_retry_after"]


@dataclass
class HttpResult:
    """Outcome of one logical fetch (after retries and redirects)."""

    url: str
    final_url: str
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    bytes: int = 0
    sha256: str | None = None
    path: Path | None = None  # downloaded temporary file (downloads only)
    text: str | None = None  # decoded body (pages only)
    error: str | None = None  # reason code, e.g. "http_404", "timeout", "too_large"
    detail: str | None = None
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None


class _Refused(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


class _Transient(_Refused):
    """A failure worth retrying (5xx, 429, timeout, broken transfer)."""

    def __init__(self, reason: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(reason, detail)
        self.retry_after = retry_after


class HttpClient:
    """Thread-safe client; one per fetch run. Use as a context manager."""

    def __init__(self, settings: HttpSettings) -> None:
        self.settings = settings
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": settings.user_agent},
            limits=httpx.Limits(max_connections=max(4, settings.max_concurrency * 4)),
        )
        self._gates: dict[str, HostGate] = {}
        self._gates_lock = threading.Lock()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _gate(self, host: str) -> HostGate:
        with self._gates_lock:
            if host not in self._gates:
                rps = self.settings.requests_per_second
                self._gates[host] = HostGate(
                    interval=1.0 / rps if rps > 0 else 0.0,
                    semaphore=threading.Semaphore(max(1, self.settings.max_concurrency)),
                )
            return self._gates[host]

    def _check_url(self, url: str, allowed: set[str]) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise _Refused("scheme_not_allowed", f"only http(s) is fetched, not {parts.scheme!r}: {url}")
        host = (parts.hostname or "").lower()
        if host not in allowed:
            raise _Refused(
                "host_not_allowed", f"host {host!r} is not configured (allowed: {sorted(allowed)})"
            )
        return host

    def get_text(self, url: str, allowed_hosts: set[str] | frozenset[str]) -> HttpResult:
        """GET a page (HTML or JSON); body kept in memory, capped at max_bytes."""
        return self._fetch(url, allowed_hosts, download_dir=None, etag=None, last_modified=None)

    def download(
        self,
        url: str,
        allowed_hosts: set[str] | frozenset[str],
        download_dir: Path,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> HttpResult:
        """Stream a PDF to a temporary file in download_dir (hashing as it goes).

        With etag/last_modified a 304 answer gives ``not_modified`` and no file.
        """
        return self._fetch(url, allowed_hosts, download_dir, etag, last_modified)

    def _fetch(
        self,
        url: str,
        allowed_hosts: set[str] | frozenset[str],
        download_dir: Path | None,
        etag: str | None,
        last_modified: str | None,
    ) -> HttpResult:
        allowed = {h.lower() for h in allowed_hosts} | {h.lower() for h in self.settings.allowed_hosts}
        result = HttpResult(url=url, final_url=url)
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            result = HttpResult(url=url, final_url=url, attempts=attempt + 1)
            try:
                self._attempt(result, allowed, download_dir, etag, last_modified)
                return result
            except _Transient as exc:
                result.error, result.detail = exc.reason, exc.detail
                if attempt + 1 < attempts:
                    pause = self.settings.backoff * (2**attempt)
                    if exc.retry_after is not None:
                        if exc.retry_after > RETRY_AFTER_CAP:
                            result.detail += f" (Retry-After {exc.retry_after:.0f} s: left for a later run)"
                            return result
                        pause = max(pause, exc.retry_after)
                    time.sleep(pause)
            except _Refused as exc:
                result.error, result.detail = exc.reason, exc.detail
                return result
        return result

    def _attempt(
        self,
        result: HttpResult,
        allowed: set[str],
        download_dir: Path | None,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        url = result.url
        for _ in range(self.settings.max_redirects + 1):
            host = self._check_url(url, allowed)
            headers: dict[str, str] = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            if download_dir is not None:
                headers["Accept-Encoding"] = "identity"  # byte-exact originals, honest Content-Length
            gate = self._gate(host)
            with gate.semaphore:
                gate.wait_turn()
                try:
                    with self._client.stream("GET", url, headers=headers) as response:
                        result.final_url, result.status = url, response.status_code
                        if response.is_redirect and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
                            continue
                        self._read(response, result, download_dir)
                        return
                except httpx.TimeoutException as exc:
                    limits = f"connect {self.settings.connect_timeout} s, read {self.settings.read_timeout} s"
                    raise _Transient("timeout", f"{type(exc).__name__} ({limits})") from exc
                except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                    raise _Transient("truncated", f"transfer broken: {exc}") from exc
                except httpx.TransportError as exc:
                    raise _Transient("connect_error", f"{type(exc).__name__}: {exc}") from exc
        raise _Refused("too_many_redirects", f"more than {self.settings.max_redirects} redirects")

    def _read(self, response: httpx.Response, result: HttpResult, download_dir: Path | None) -> None:
        status = response.status_code
        result.etag = response.headers.get("etag")
        result.last_modified = response.headers.get("last-modified")
        result.content_type = response.headers.get("content-type")
        if status == 304:
            return
        if status >= 500 or status == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise _Transient(f"http_{status}", f"server answered {status}", retry_after)
        if status != 200:
            raise _Refused(f"http_{status}", f"HTTP {status}")
        declared = response.headers.get("content-length")
        limit = self.settings.max_bytes
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _Refused("too_large", f"Content-Length {declared} above limit {limit}")
        digest = hashlib.sha256()
        chunks: list[bytes] = []
        fd, tmp = (None, None)
        if download_dir is not None:
            download_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix="dl-", suffix=".part", dir=download_dir)
        try:
            size = 0
            deadline = time.monotonic() + self.settings.total_timeout
            raw = download_dir is not None or "content-encoding" not in response.headers
            for chunk in response.iter_raw() if download_dir is not None else response.iter_bytes():
                size += len(chunk)
                if time.monotonic() > deadline:
                    raise _Refused(
                        "too_slow",
                        f"transfer not done within {self.settings.total_timeout:g} s ({size} bytes)",
                    )
                if size > limit:
                    raise _Refused("too_large", f"body above limit {limit} bytes (aborted while streaming)")
                digest.update(chunk)
                if fd is not None:
                    os.write(fd, chunk)
                else:
                    chunks.append(chunk)
            if raw and declared is not None and declared.isdigit() and size != int(declared):
                raise _Transient("truncated", f"received {size} of {declared} bytes")
            result.bytes, result.sha256 = size, digest.hexdigest()
            if tmp is not None:
                result.path = Path(tmp)
                tmp = None
            else:
                result.text = b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")
        finally:
            if fd is not None:
                os.close(fd)
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
