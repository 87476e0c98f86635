"""Ground truth of the sample corpus, in the shape of EXTRACTION.md, and the portal's manifest.

Next to every PDF `pdf/<body>/<stem>.pdf` the generator writes `truth/<stem>.json`: what
`protokoll extract FILE --json` should print, so that `score.py DIR/truth PREDICTIONS` works.
`manifest.json` lists committees, meetings and documents for the imitation portal.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from demo.corpus.flow import Flow
from demo.corpus.model import Body, CorpusSummary, Meeting


@dataclass
class DocTruth:
    doc_type: str
    title: str
    organ: str
    year: int
    page_start: int
    page_end: int = 0
    diarienummer: list[str] = field(default_factory=list)
    meeting: dict[str, Any] | None = None
    meeting_dates: list[str] = field(default_factory=list)
    assignments: list[dict[str, Any]] = field(default_factory=list)
    other_dates: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["meeting_dates"] = sorted(set(self.meeting_dates))
        return d


def meeting_dict(m: Meeting) -> dict[str, Any]:
    return {"date": m.date.isoformat(), "start": m.start, "end": m.end, "place": m.place}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_pdf(
    out: Path, flow: Flow, docs: list[DocTruth], body: Body, stem: str, summary: CorpusSummary
) -> tuple[str, str]:
    """Render the PDF and write its truth beside it; returns both paths relative to `out`."""
    pdf_rel = f"pdf/{body.slug}/{stem}.pdf"
    truth_rel = f"truth/{stem}.json"
    pdf_path = out / pdf_rel
    pages = flow.render(pdf_path)
    truth = {
        "source": pdf_path.name,
        "sha256": hashlib.sha256(pdf_path.read_bytes()).hexdigest(),
        "pages": pages,
        "documents": [d.as_dict() for d in docs],
    }
    write_json(out / truth_rel, truth)
    summary.pdfs += 1
    summary.pages += pages
    summary.documents += len(docs)
    summary.assignments += sum(1 for d in docs for a in d.assignments if not a.get("optional"))
    return pdf_rel, truth_rel


def portal_document(tab: str, title: str, pdf_rel: str, truth_rel: str) -> dict[str, Any]:
    return {"tab": tab, "title": title, "file": pdf_rel, "truth": truth_rel}


def committee_entry(body: Body, meetings: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "slug": f"beredning-{body.slug}",
        "name": body.name,
        "id": body.committee_id,
        "body_slug": body.slug,
        "meetings": sorted(meetings, key=lambda x: x["date"]),
    }


def write_manifest(
    out: Path, site: str, summary: CorpusSummary, committees: list[dict[str, Any]], version: str
) -> None:
    manifest = {
        "site": site,
        "seed": summary.seed,
        "committees": committees,
        "generator": {
            "version": version,
            "bodies": len(summary.bodies),
            "years": summary.years,
            "scale": summary.scale,
            "low_year": summary.low_year,
        },
    }
    write_json(out / "manifest.json", manifest)
