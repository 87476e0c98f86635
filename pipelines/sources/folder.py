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
    """Copy one file into the archive, whatever it holds: an empty file or one that is not a PDF is
    an original too (the extractor rejects it as ``empty`` / ``not_pdf``, as `protokoll extract` does)."""
    sha: str | None = None
    tmp: Path | None = None
    error: str | None = None
    status: Status = "rejected"
    size = 0
    mtime: str | None = None
    try:
        stat = path.stat()
        size, mtime = stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC).isoformat()
        tmp, sha = archive.stage_copy(path)
        status = "unchanged" if archive.has(sha) else "new"
    except OSError as exc:
        error = f"unreadable: {exc}"
    fetched = FetchedFile(
        sha256=sha,
        archive_path=archive.path_for(sha) if sha else None,
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
    row = {
        "time": fetched.fetched_at.isoformat(),
        "source": spec.name,
        "kind": "file",
        "path": str(path),
        "file_name": path.name,
        "last_modified": mtime,
        "sha256": sha,
        "bytes": size,
        "error": error,
        "archive_status": status,
    }
    row = archive.record(row)  # the manifest line before the object (see archive.py)
    if tmp is not None and sha is not None:
        try:
            archive.store_temp(tmp, sha)
        finally:
            tmp.unlink(missing_ok=True)
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
