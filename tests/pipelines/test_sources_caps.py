"""Caps on links followed per page and documents per meeting: a page of 50,000 links costs a few
requests and a flagged count, not hours of requests."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.fetch import fetch_all
from pipelines.sources.http import HttpSettings
from tests.pipelines.meetings_plus_server import MeetingsPlusServer
from tests.pipelines.sources_fixtures import make_pdf

LINKS = 50_000


def _page(items: str) -> bytes:
    return f'<!DOCTYPE html><html lang="sv"><body><main><ul>{items}</ul></main></body></html>'.encode()


def test_a_page_of_50000_links_is_capped_and_the_excess_flagged(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "bilaga.pdf", "Bilaga till sammanträdet").read_bytes()
    # The committee lists 50,000 meetings; the first meeting links 50,000 attachments.
    committee = _page(
        "".join(
            f'<li><a href="/committees/stor/stor-{i}">Sammanträde 2024-02-20 nr {i}</a></li>'
            for i in range(LINKS)
        )
    )
    big_meeting = _page(
        "".join(
            f'<li><a href="stor-0/agenda/bilaga-{i}pdf?downloadMode=open">Bilaga {i}</a></li>'
            for i in range(LINKS)
        )
    )

    def meeting(path: str) -> tuple[int, bytes, str]:
        if "/agenda/" in path:
            return 200, pdf, "application/pdf"
        number = path.rsplit("-", 1)[1]
        if number == "0":
            return 200, big_meeting, "text/html"
        return 200, _page(f'<li><a href="stor-{number}/agenda/kallelsepdf">Kallelse</a></li>'), "text/html"

    settings = HttpSettings(
        requests_per_second=200, max_links_per_page=10, max_documents_per_meeting=5, retries=0
    )
    with MeetingsPlusServer(tmp_path) as portal:
        portal.add_route("/committees/stor", lambda path: (200, committee, "text/html"))
        portal.add_route("/committees/stor/*", meeting)
        spec = SourceSpec(name="stor", kind="portal", url=portal.base_url, committees=("stor",))
        started = time.monotonic()
        report = fetch_all([spec], Archive(tmp_path / "archive"), settings, today=date(2024, 3, 1))
        took = time.monotonic() - started
        requests = len(portal.settled_log())

    # 1 committee page + 10 meeting pages + 5 attachments of the big meeting + 9 notices
    assert requests == 25, requests
    assert len(report.files) == 14 and all(f.status != "rejected" for f in report.files)
    cov = {(c["committee"], c["year"]): c for c in report.coverage}
    listing, meetings = cov[("stor", None)], cov[("stor", 2024)]
    assert listing["links_skipped"] == LINKS - 10 and listing["flagged"]
    assert "max_links_per_page 10" in listing["flag_reason"] and "/committees/stor" in listing["flag_reason"]
    assert (meetings["meetings_found"], meetings["documents_found"]) == (10, 14)
    assert meetings["links_skipped"] == LINKS - 5 and meetings["flagged"]
    assert "max_documents_per_meeting 5" in meetings["flag_reason"]
    print(f"\n2 pages of {LINKS} links: {requests} requests, {took:.1f} s")
    assert took < 60
