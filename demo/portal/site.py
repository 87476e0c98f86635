"""The imitation portal's content, read from a corpus directory's manifest.json.

manifest.json (paths relative to the corpus dir; keys marked * are optional)::

    {"site": "Region Exempel", "committees": [
      {"slug": "...", "name": "...", "id": 12, "url_style"*: "mote" | "slug-date" | "slug-id",
       "meetings": [{"date": "2023-03-14", "cancelled": false, "id"*: 7,
         "documents": [{"tab": "agenda" | "protocol", "title": "...", "file": "pdf/x.pdf",
                        "published_after_run"*: 1,
                        "fault"*: "404" | "500_once" | "hang" | "redirect_offsite" | "html" |
                                  "truncated" | "too_large"}]}]}]}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Doc:
    committee: dict[str, Any]
    meeting: dict[str, Any]
    meeting_path: str
    tab: str
    title: str
    file: Path | None
    name: str
    published_after_run: int = 0
    fault: str | None = None
    hits: int = 0

    @property
    def path(self) -> str:
        return f"{self.meeting_path}/{self.tab}/{self.name}pdf"


@dataclass
class Site:
    name: str
    committees: list[dict[str, Any]]
    meetings: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    docs: dict[str, Doc] = field(default_factory=dict)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-") or "dokument"


def meeting_path(committee: dict[str, Any], meeting: dict[str, Any], index: int) -> str:
    style, slug, day = committee.get("url_style", "mote"), committee["slug"], meeting["date"]
    segment = {"slug-date": f"{slug}-{day}", "slug-id": f"{slug}-{meeting.get('id', index + 1)}"}.get(
        style, f"mote-{day}"
    )
    if meeting.get("cancelled"):
        segment += "-installt"
    return f"/committees/{slug}/{segment}"


def load_site(corpus_dir: Path) -> Site:
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    site = Site(manifest.get("site", "Meetings Plus"), manifest["committees"])
    for committee in site.committees:
        for i, meeting in enumerate(committee.get("meetings", [])):
            mpath = meeting_path(committee, meeting, i)
            site.meetings[mpath] = (committee, meeting)
            for doc in meeting.get("documents", []):
                stem = Path(doc.get("file") or doc["title"]).stem
                d = Doc(
                    committee,
                    meeting,
                    mpath,
                    doc["tab"],
                    doc["title"],
                    corpus_dir / doc["file"] if doc.get("file") else None,
                    slugify(stem),
                    int(doc.get("published_after_run", 0)),
                    doc.get("fault"),
                )
                site.docs[d.path] = d
    return site
