"""Local folder (or single PDF file) sources: every PDF below the folder is copied into the archive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.model import Coverage, FetchedFile, FetchReport, Status, utcnow


def discover(path: Path) -> list[Path]:
    """All ``*.pdf`` files (any case) below ``path``, sorted; or ``[path]`` for a file."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def _read_one(archive: Archive, spec: SourceSpec, path: Path) -> tuple[FetchedFile, dict[str, Any]]:
    sha: str | None = None
    target: Path | None = None
    error: str | None = None
    status: Status = "rejected"
    size = 0
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(5)
        if head != b"%PDF-":
            error = f"not_pdf: file starts with {head!r}, not %PDF-"
        else:
            sha, target, is_new = archive.store_copy(path)
            status = "new" if is_new else "unchanged"
    except OSError as exc:
        error = f"unreadable: {exc}"
    fetched = FetchedFile(
        sha256=sha,
        archive_path=target,
        url=None,
        file_name=path.name,
        source=spec.name,
        committee=None,
        meeting_date=None,
        link_text=None,
        status=status,
        error=error,
        fetched_at=utcnow(),
    )
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat() if path.exists() else None
    row = {
        "time": fetched.fetched_at.isoformat(),
        "source": spec.name,
        "kind": "file",
        "url": None,
        "path": str(path),
        "file_name": path.name,
        "committee": None,
        "meeting_date": None,
        "link_text": None,
        "http_status": None,
        "etag": None,
        "last_modified": mtime,
        "sha256": sha,
        "bytes": size,
        "error": error,
        "archive_status": status,
    }
    return fetched, row


def fetch_folder(spec: SourceSpec, archive: Archive) -> tuple[FetchReport, Coverage]:
    assert spec.path is not None
    report = FetchReport()
    coverage = Coverage(spec.name)
    cell = coverage.cell(None, None)
    if not spec.path.exists():
        coverage.notes[None] = f"path {spec.path} does not exist"
    for path in discover(spec.path):
        fetched, row = _read_one(archive, spec, path)
        report.files.append(fetched)
        report.fetches.append(row)
        cell.count_file(fetched)
    return report, coverage
