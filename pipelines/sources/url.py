"""Fetch one PDF URL into the archive (conditional, checked); used by url sources and the portal."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.http import HttpClient, HttpResult
from pipelines.sources.model import Coverage, FetchedFile, FetchReport, Status, utcnow


def file_name_for(url: str) -> str:
    """Last path segment, with Meetings Plus' dotless ``namepdf`` turned into ``name.pdf`` (and
    ``namepdf-19038``, a name the portal made unique, into ``name-19038.pdf``)."""
    name = unquote(PurePosixPath(urlsplit(url).path).name) or "document.pdf"
    numbered = re.fullmatch(r"(.+?)-?pdf-(\d+)", name, re.IGNORECASE)
    if numbered:
        return f"{numbered[1]}-{numbered[2]}.pdf"
    if not name.lower().endswith(".pdf") and name.lower().endswith("pdf"):
        name = name[:-3] + ".pdf"
    return name


def manifest_row(result: HttpResult, source: str, kind: str, **context: Any) -> dict[str, Any]:
    return {
        "time": utcnow().isoformat(),
        "source": source,
        "kind": kind,
        "url": result.url,
        "final_url": result.final_url,
        "http_status": result.status,
        "etag": result.etag,
        "last_modified": result.last_modified,
        "sha256": result.sha256,
        "bytes": result.bytes,
        "attempts": result.attempts,
        "error": None if result.ok else f"{result.error}: {result.detail}",
        **context,
    }


def download_pdf(
    client: HttpClient,
    archive: Archive,
    spec: SourceSpec,
    url: str,
    committee: str | None = None,
    meeting_date: date | None = None,
    link_text: str | None = None,
    tab: str | None = None,
) -> tuple[FetchedFile, dict[str, Any]]:
    """Conditional GET of a PDF; a new body is archived under its sha256. Never raises for HTTP faults."""
    known = archive.url_state(url)
    if known and known.get("sha256") and not archive.has(known["sha256"]):
        known = None  # the object is gone: fetch unconditionally
    result = client.download(
        url,
        spec.hosts,
        archive.tmp,
        etag=(known or {}).get("etag"),
        last_modified=(known or {}).get("last_modified"),
    )
    sha: str | None = None
    status: Status
    if not result.ok:
        status = "rejected"
    elif result.not_modified and known:
        sha, status = known["sha256"], "unchanged"
    elif result.path is not None:
        sha = result.sha256
        status = "unchanged" if known and known.get("sha256") == sha else "new"
    else:  # 304 without a known version (should not happen): treat as a fault
        result.error, result.detail = "unexpected_304", "304 without a conditional request"
        status = "rejected"
    error = None if result.ok else f"{result.error}: {result.detail}"
    fetched = FetchedFile(
        sha256=sha,
        archive_path=archive.path_for(sha) if sha else None,
        url=url,
        file_name=file_name_for(url),
        source=spec.name,
        committee=committee,
        meeting_date=meeting_date,
        link_text=link_text,
        status=status,
        error=error,
        fetched_at=utcnow(),
        tab=tab,
        http_status=result.status,
    )
    row = manifest_row(
        result,
        spec.name,
        "document",
        committee=committee,
        meeting_date=meeting_date.isoformat() if meeting_date else None,
        link_text=link_text,
        file_name=fetched.file_name,
        archive_status=status,
    )
    row["sha256"] = sha
    # Provenance first: manifest line, then the URL's state, then the object. A crawl killed in
    # between leaves a line (or state) without its object, which the next run fetches again
    # (its state names an object that is missing), never an object without its line.
    row = archive.record(row)
    if status != "rejected":
        archive.set_url_state(
            url,
            etag=result.etag or (known or {}).get("etag"),
            last_modified=result.last_modified or (known or {}).get("last_modified"),
            sha256=sha,
            fetched_at=utcnow().isoformat(),
        )
    if result.path is not None and sha is not None:
        archive.store_temp(result.path, sha)
    return fetched, row


def fetch_url(spec: SourceSpec, client: HttpClient, archive: Archive) -> tuple[FetchReport, Coverage]:
    assert spec.url is not None
    fetched, row = download_pdf(client, archive, spec, spec.url)
    coverage = Coverage(spec.name)
    coverage.cell(None, None).count_file(fetched)
    return FetchReport(files=[fetched], fetches=[row]), coverage
