"""Results of a fetch run: files, manifest rows, coverage counts (shared by folder/url/portal)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

Status = Literal["new", "unchanged", "rejected"]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class FetchedFile:
    sha256: str | None
    archive_path: Path | None
    url: str | None
    file_name: str
    source: str
    committee: str | None
    meeting_date: date | None
    link_text: str | None
    status: Status
    error: str | None
    fetched_at: datetime
    tab: str | None = None  # "agenda" | "protocol" for portal documents
    http_status: int | None = None


@dataclass
class FetchReport:
    files: list[FetchedFile] = field(default_factory=list)
    fetches: list[dict[str, Any]] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)

    def extend(self, other: FetchReport) -> None:
        self.files.extend(other.files)
        self.fetches.extend(other.fetches)
        self.coverage.extend(other.coverage)

    @property
    def archived(self) -> list[FetchedFile]:
        return [f for f in self.files if f.status != "rejected"]

    @property
    def rejected(self) -> list[FetchedFile]:
        return [f for f in self.files if f.status == "rejected"]


@dataclass
class CoverageCell:
    meetings_found: int = 0
    meetings_cancelled: int = 0
    meetings_visited: int = 0
    documents_found: int = 0
    downloaded: int = 0
    unchanged: int = 0
    failed: int = 0
    failure_reasons: Counter[str] = field(default_factory=Counter)
    links_skipped: int = 0  # links over a cap (http.max_links_per_page / max_documents_per_meeting)
    notes: list[str] = field(default_factory=list)  # why links were skipped; flags the row

    def skip(self, count: int, notes: list[str]) -> None:
        self.links_skipped += count
        self.notes.extend(notes)

    def count_file(self, f: FetchedFile) -> None:
        self.documents_found += 1
        if f.status == "rejected":
            self.failed += 1
            self.failure_reasons[(f.error or "unknown").split(":")[0]] += 1
        elif f.status == "new" or f.http_status == 200:
            self.downloaded += 1
        else:
            self.unchanged += 1


class Coverage:
    """Counts per (committee, year) for one source; compared with the previous run to flag drops."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cells: dict[tuple[str | None, int | None], CoverageCell] = {}
        self.notes: dict[str | None, str] = {}  # committee -> problem seen this run (e.g. page 404)

    def cell(self, committee: str | None, year: int | None) -> CoverageCell:
        return self.cells.setdefault((committee, year), CoverageCell())

    def rows(
        self, previous: dict[str, dict[str, int]], committees: list[str | None]
    ) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
        """Coverage rows, plus the counts to remember for next time.

        ``previous``: committee ("" for none) -> {year ("" for none): items found}. A committee,
        or a year of it, with zero items where it had some before is flagged.
        """
        remember: dict[str, dict[str, int]] = {}
        rows: list[dict[str, Any]] = []
        for (committee, year), cell in sorted(
            self.cells.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or 0)
        ):
            if cell == CoverageCell():
                continue  # nothing counted here (e.g. a meeting moved to its year once dated)
            found = cell.meetings_found or cell.documents_found
            remember.setdefault(committee or "", {})[str(year or "")] = found
            rows.append(self._row(committee, year, cell, None))
        for committee_key, years in previous.items():
            committee = committee_key or None
            now_total = sum(remember.get(committee_key, {}).values())
            before_total = sum(years.values())
            for year_key, before in years.items():
                if before <= 0 or remember.get(committee_key, {}).get(year_key, 0) > 0:
                    continue
                year = int(year_key) if year_key else None
                if now_total > 0 and year is None:
                    continue
                reason = (
                    f"probable portal change: 0 found in {year_key or 'total'}, {before} before"
                    if now_total > 0
                    else f"probable portal change: {committee or self.source} yields nothing now, {before_total} before"
                )
                if committee in self.notes:
                    reason += f" ({self.notes[committee]})"
                row = next((r for r in rows if r["committee"] == committee and r["year"] == year), None)
                if row is None:
                    row = self._row(committee, year, CoverageCell(), None)
                    rows.append(row)
                row["flagged"], row["flag_reason"] = True, reason
                remember.setdefault(committee_key, {})[year_key] = before  # keep flagging until it returns
        for committee in [*committees, *self.notes]:
            if not any(r["committee"] == committee for r in rows):
                rows.append(self._row(committee, None, CoverageCell(), None))
                remember.setdefault(committee or "", {})[""] = 0
        for row in rows:
            if not row["flagged"] and row["committee"] in self.notes and row["meetings_found"] == 0:
                row["flagged"], row["flag_reason"] = True, self.notes[row["committee"]]
            notes = self.cells.get((row["committee"], row["year"]), CoverageCell()).notes
            if notes:
                shown = "; ".join(notes[:3]) + (f"; {len(notes) - 3} more" if len(notes) > 3 else "")
                row["flagged"] = True
                row["flag_reason"] = f"{row['flag_reason']}; {shown}" if row["flag_reason"] else shown
        return rows, remember

    def _row(
        self, committee: str | None, year: int | None, c: CoverageCell, flag: str | None
    ) -> dict[str, Any]:
        return {
            "source": self.source,
            "committee": committee,
            "year": year,
            "meetings_found": c.meetings_found,
            "meetings_cancelled": c.meetings_cancelled,
            "meetings_visited": c.meetings_visited,
            "documents_found": c.documents_found,
            "downloaded": c.downloaded,
            "unchanged": c.unchanged,
            "failed": c.failed,
            "failure_reasons": dict(c.failure_reasons),
            "links_skipped": c.links_skipped,
            "flagged": flag is not None,
            "flag_reason": flag,
        }
