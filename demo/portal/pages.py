"""HTML and JSON of the imitation portal: committee list, a committee's meetings, meeting pages.

The markup copies the shape of a Meetings Plus portal (relative links, each file linked twice),
not its classes: the crawler must find documents by link targets and text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from demo.portal.site import Doc, Site, meeting_path

Published = Callable[[Doc], bool]


def page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f'<body><header><a href="/">Start</a></header><h1>{html.escape(title)}</h1>{body}</body></html>'
    )


def start_page(site: Site) -> str:
    return page(site.name, '<a href="committees">Nämnder och styrelser</a>')


def committee_index(site: Site) -> str:
    items = "".join(
        f'<li><a href="/committees/{c["slug"]}">{html.escape(c["name"])}</a></li>' for c in site.committees
    )
    return page("Nämnder och styrelser", f"<ul>{items}</ul>")


def committee_page(committee: dict[str, Any]) -> str:
    by_year: dict[str, list[str]] = {}
    slug = committee["slug"]
    for i, m in enumerate(committee.get("meetings", [])):
        href = meeting_path(committee, m, i).removeprefix("/committees/")  # relative: "<slug>/mote-..."
        label = ("Inställt: " if m.get("cancelled") else "Sammanträde ") + m["date"]
        by_year.setdefault(m["date"][:4], []).append(f'<li><a href="{href}">{html.escape(label)}</a></li>')
    body = "".join(
        f"<h2>{y}</h2><ul>{''.join(items)}</ul>" for y, items in sorted(by_year.items(), reverse=True)
    )
    return page(committee["name"], f'<div class="meetings" data-slug="{slug}">{body}</div>')


def meeting_page(site: Site, mpath: str, published: Published) -> str:
    committee, meeting = site.meetings[mpath]
    segment = mpath.rsplit("/", 1)[1]
    tabs = []
    for tab, label in (("agenda", "Kallelse"), ("protocol", "Protokoll")):
        docs = [d for d in site.docs.values() if d.meeting_path == mpath and d.tab == tab and published(d)]
        items = (
            "".join(
                f'<div class="item"><h3><a href="{segment}/{tab}/{d.name}pdf?downloadMode=open">{html.escape(d.title)}</a></h3>'
                f'<a href="{d.path}?downloadMode=open">Ladda ner dokument</a></div>'
                for d in docs
            )
            or "<p>Inga dokument är publicerade ännu.</p>"
        )
        tabs.append(f'<section class="tab" id="{tab}"><h2>{label}</h2>{items}</section>')
    return page(f"{committee['name']} {meeting['date']}", "".join(tabs))


def api(site: Site, path: str, published: Published) -> tuple[int, Any]:
    """`/api/v2.0/committees[/{id}/meetings]`: (HTTP status, JSON data)."""
    if path == "/api/v2.0/committees":
        return 200, [{"id": c["id"], "slug": c["slug"], "name": c["name"]} for c in site.committees]
    m = re.fullmatch(r"/api/v2\.0/committees/(\d+)/meetings", path)
    committee = next((c for c in site.committees if m and str(c["id"]) == m[1]), None)
    if committee is None:
        return 404, {"error": "not found"}
    meetings = []
    for mpath, (c, meeting) in site.meetings.items():
        if c is committee:
            docs = [
                {"tab": d.tab, "title": d.title, "url": f"{d.path}?downloadMode=open"}
                for d in site.docs.values()
                if d.meeting_path == mpath and published(d)
            ]
            meetings.append(
                {
                    "date": meeting["date"],
                    "cancelled": bool(meeting.get("cancelled")),
                    "url": mpath,
                    "documents": docs,
                }
            )
    return 200, meetings
