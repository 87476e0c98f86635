"""Text and JSON for `protokoll sources check` (pipelines/commands/sources.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pipelines.sources.portal_pages import MeetingLink
from pipelines.sources.survey import CommitteeSurvey, SourceSurvey


def _meeting(m: MeetingLink) -> str:
    if m.date is None:
        segment = urlsplit(m.url).path.rstrip("/").rsplit("/", 1)[-1]
        return f"{segment} ({m.text!r})" + (" (inställt)" if m.cancelled else "")
    return m.date.isoformat() + (" (inställt)" if m.cancelled else "")


def _committee(c: CommitteeSurvey) -> list[str]:
    name = f" ({c.name})" if c.name else ""
    if c.listing.error:
        return [f"  PROBLEM {c.problem()}"]
    cancelled = sum(m.cancelled for m in c.meetings)
    head = f"  {c.slug}{name}: " + (
        f"{len(c.meetings)} meetings" + (f", {cancelled} cancelled" if cancelled else "")
        if c.meetings
        else "no meetings listed"
    )
    head += f"; {c.listing.pages_read} listing page(s)" if c.listing.pages_read > 1 else ""
    if c.listed is False:
        head += "; not on the committee index"
    lines = [head]
    for year, meetings in c.by_year().items():
        label = str(year) if year else "undated"
        lines.append(f"    {label}: {len(meetings)}  " + ", ".join(_meeting(m) for m in meetings))
    if c.listing.outside_window:
        lines.append(f"    outside since/until: {c.listing.outside_window}")
    lines += [f"    FLAG: {note}" for note in c.listing.notes]
    return lines


def render(s: SourceSurvey) -> str:
    spec = s.spec
    if spec.kind == "folder":
        size = sum(p.stat().st_size for p in s.files)
        return f"{spec.name} (folder {spec.path}): {len(s.files)} PDF file(s), {size / 1e6:.1f} MB"
    if spec.kind == "url":
        return f"{spec.name} (url {spec.url}): one PDF (not fetched by a check)"
    window = ", ".join(
        part
        for part in (f"since {spec.since}" if spec.since else "", f"until {spec.until}" if spec.until else "")
        if part
    )
    lines = [f"{spec.name} (portal {spec.url})" + (f", meetings {window}" if window else "")]
    counts = s.counts()
    if s.index_size is not None:
        lines.append(f"  committee index: {s.index_size} committee(s)")
    if s.index_note:
        lines.append(f"  NOTE: {s.index_note}")
    for c in s.committees:
        if c.configured:
            lines += _committee(c)
    others = [f"{c.slug} ({c.name})" if c.name else c.slug for c in s.committees if not c.configured]
    if others:
        lines.append("  on the portal, not configured: " + ", ".join(others))
    lines.append(f"  total: {counts['meetings']} meetings, {counts['cancelled']} cancelled")
    return "\n".join(lines)


def as_json(s: SourceSurvey) -> dict[str, Any]:
    spec = s.spec
    out: dict[str, Any] = {"name": spec.name, "kind": spec.kind, "url": spec.url, "error": s.unreachable}
    if spec.kind == "folder":
        out.update(path=str(spec.path), files=[str(p) for p in s.files])
    out["committees"] = [
        {
            "slug": c.slug,
            "name": c.name,
            "configured": c.configured,
            "on_index": c.listed,
            "error": c.listing.error,
            "by_year": {str(y or ""): len(ms) for y, ms in c.by_year().items()},
            "meetings": [
                {
                    "date": m.date.isoformat() if m.date else None,
                    "cancelled": m.cancelled,
                    "url": m.url,
                    "text": m.text,
                }
                for m in c.meetings
            ],
            "outside_window": c.listing.outside_window,
            "links_skipped": c.listing.links_skipped,
            "flags": c.listing.notes,
        }
        for c in s.committees
    ]
    return out
