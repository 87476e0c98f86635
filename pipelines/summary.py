"""The story of one ingest: `IngestSummary`, built by the last step from the steps' typed values.

`published_warehouse` returns it; `protokoll ingest` (and the demo) read that one value and add
what only the run knows (success, its checks, the error, the wall time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelines.values import ExtractedFiles, ExtractionPlan, FetchedOriginals


@dataclass
class IngestSummary:
    success: bool
    run_id: str
    seconds: float
    warehouse: str
    files_found: int = 0
    new: int = 0
    unchanged: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file or URL, reason)
    extracted: int = 0  # parsed by the extractor in this run
    from_cache: int = 0
    ocr_pages: int = 0  # pages of this run's files read with OCR
    needs_ocr_pages: int = 0  # pages without a usable text layer not read with OCR (no engine, too slow)
    loaded: int = 0  # files written to the warehouse in this run
    documents: int = 0  # found in this run's files
    assignments: int = 0
    meeting_dates: int = 0
    totals: dict[str, int] = field(default_factory=dict)  # rows in the published warehouse
    coverage: list[dict[str, Any]] = field(default_factory=list)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (name, passed, severity)
    error: str | None = None

    def render(self, coverage_detail: bool = True) -> str:
        """The summary; without `coverage_detail`, coverage is one line (flagged cells still listed)."""
        lines = [
            f"ingest {'succeeded' if self.success else 'FAILED'} in {self.seconds:.1f}s (run {self.run_id})",
            f"files: {self.files_found} found, {self.new} new, {self.unchanged} unchanged, {len(self.rejected)} rejected",
            f"extraction: {self.extracted} extracted, {self.from_cache} from cache; {self.loaded} files loaded",
            f"this run: {self.documents} documents, {self.assignments} assignments, {self.meeting_dates} meeting dates",
        ]
        if self.ocr_pages or self.needs_ocr_pages:  # scanned pages: said only when there are some
            lines.append(
                f"pages: {self.ocr_pages} read with OCR, {self.needs_ocr_pages} need OCR"
                + (
                    " (no Tesseract with its Swedish model here, or OCR over its time budget:"
                    " flagged needs_ocr, read again by the next ingest that can OCR)"
                    if self.needs_ocr_pages
                    else ""
                )
            )
        if self.totals:
            lines.append(
                "warehouse: "
                + ", ".join(f"{n} {t}" for t, n in self.totals.items())
                + f"  ({self.warehouse})"
            )
        if self.rejected:
            lines.append("rejected:")
            lines += [f"  {name}: {reason}" for name, reason in self.rejected]
        if self.coverage and coverage_detail:
            lines.append("coverage (source / committee / year: found, downloaded, unchanged, failed):")
            lines += [_coverage_line(r) for r in self.coverage]
        elif self.coverage:
            lines.append(_coverage_total(self.coverage))
            lines += [_coverage_line(r) for r in self.coverage if r.get("flagged")]
        failed = [c for c in self.checks if not c[1]]
        if self.checks:
            lines.append(f"checks: {len(self.checks) - len(failed)}/{len(self.checks)} passed")
            lines += [f"  FAILED ({sev}): {name}" for name, _, sev in failed]
        if self.error:
            lines.append(f"error: {self.error}")
        return "\n".join(lines)


def _coverage_line(r: dict[str, Any]) -> str:
    flag = f"  FLAG: {r.get('flag_reason')}" if r.get("flagged") else ""
    return (
        f"  {r.get('source')} / {r.get('committee') or '-'} / {r.get('year') or '-'}: "
        f"{r.get('documents_found', 0)}, {r.get('downloaded', 0)}, {r.get('unchanged', 0)}, {r.get('failed', 0)}{flag}"
    )


def _coverage_total(coverage: list[dict[str, Any]]) -> str:
    """All coverage cells in one line: committees, years, and the documents' fate summed."""
    committees = {(r.get("source"), r.get("committee")) for r in coverage if r.get("committee")}
    years = sorted(int(r["year"]) for r in coverage if r.get("year"))
    span = f"{years[0]}-{years[-1]}" if years else "no years"
    keys = ("documents_found", "downloaded", "unchanged", "failed")
    total = {k: sum(int(r.get(k) or 0) for r in coverage) for k in keys}
    flagged = sum(1 for r in coverage if r.get("flagged"))
    return (
        f"coverage: {len(committees)} committees, {span}: {total['documents_found']} documents found, "
        f"{total['downloaded']} downloaded, {total['unchanged']} unchanged, {total['failed']} failed, "
        f"{flagged} flagged (per committee and year: --verbose)"
    )


def _name(row: dict[str, Any]) -> str:
    return str(row.get("url") or row.get("file_name"))


def rejections(
    fetched: FetchedOriginals, plan: ExtractionPlan, extracted: ExtractedFiles
) -> list[tuple[str, str]]:
    """Every file this run could not use, with its reason: failed fetches, files the parser
    rejected now, and files the warehouse already holds as rejected (so a rerun still names them)."""
    found = {(_name(f), f.get("error") or "unknown") for f in fetched.files if f["status"] == "rejected"}
    for item in plan.items:
        if (
            item["action"] == "skip"
            and item.get("loaded_status") == "rejected"
            and item.get("origin") != "fetch"
        ):
            found.add((_name(item), item.get("loaded_error") or "unknown"))
    for slot in extracted.files:
        if slot["status"] == "rejected" and slot.get("origin") != "fetch":
            found.add((_name(slot), slot.get("error") or "unknown"))
    return sorted((str(a), str(b)) for a, b in found)


def summarise(
    fetched: FetchedOriginals,
    plan: ExtractionPlan,
    extracted: ExtractedFiles,
    *,
    run_id: str,
    warehouse: str,
    loaded: int,
    totals: dict[str, int],
) -> IngestSummary:
    counts = extracted.counts
    return IngestSummary(
        success=True,
        run_id=run_id,
        seconds=0.0,
        warehouse=warehouse,
        files_found=fetched.found,
        new=sum(1 for f in fetched.files if f["status"] == "new"),
        unchanged=fetched.unchanged,
        rejected=rejections(fetched, plan, extracted),
        extracted=extracted.parsed_now,
        from_cache=extracted.from_cache,
        ocr_pages=int(counts.get("ocr_pages", 0)),
        needs_ocr_pages=int(counts.get("needs_ocr_pages", 0)),
        loaded=loaded,
        documents=int(counts.get("documents", 0)),
        assignments=int(counts.get("assignments", 0)),
        meeting_dates=int(counts.get("meeting_dates", 0)),
        totals=totals,
        coverage=fetched.coverage,
    )
