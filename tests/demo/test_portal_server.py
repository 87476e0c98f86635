"""The imitation Meetings Plus portal (shared with `protokoll demo`) and the crawler's page parsing."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import httpx

from demo.portal import PortalServer
from pipelines.sources.portal import (
    find_date,
    parse_committee_index,
    parse_committee_page,
    parse_meeting_page,
)
from tests.pipelines.sources_fixtures import build_corpus

NV = "committees/beredning-for-nara-vard"


def test_pages_api_files_and_late_publication(tmp_path: Path) -> None:
    build_corpus(tmp_path / "c")
    with PortalServer(tmp_path / "c") as server, httpx.Client(base_url=server.base_url) as client:
        assert server.base_url.startswith("http://127.0.0.1:")
        index = client.get("committees").text
        assert [slug for slug, _ in parse_committee_index(index, server.base_url + "committees")] == [
            "beredning-for-nara-vard",
            "halso-och-sjukvardsnamnden",
        ]
        page = client.get(NV).text
        assert page.index("<h2>2024</h2>") < page.index("<h2>2023</h2>")  # grouped by year, newest first
        meetings = parse_committee_page(page, server.base_url + NV, "beredning-for-nara-vard").meetings
        assert [(m.date, m.cancelled) for m in meetings] == [
            (date(2024, 2, 20), False),
            (date(2023, 3, 14), False),
            (date(2023, 6, 13), False),
            (date(2023, 9, 19), True),
        ]
        assert meetings[-1].url.endswith("/mote-2023-09-19-installt")

        meeting_url = server.base_url + f"{NV}/mote-2024-02-20"
        html = client.get(f"{NV}/mote-2024-02-20").text
        assert html.count("2024-02-20_kallelsepdf?downloadMode=open") == 2  # heading + Ladda ner dokument
        docs = parse_meeting_page(html, meeting_url).documents
        kallelse = next(d for d in docs if d.text == "Kallelse 2024-02-20")
        assert kallelse.tab == "agenda" and kallelse.url.startswith(
            server.base_url + f"{NV}/mote-2024-02-20/agenda/"
        )
        assert len({d.url for d in docs}) == len(docs) == 6  # duplicates merged; minutes not yet published
        assert not any(d.tab == "protocol" for d in docs)
        protocol = f"{NV}/mote-2024-02-20/protocol/2024-02-20_protokollpdf"
        assert client.get(protocol).status_code == 404
        api = client.get("api/v2.0/committees/12/meetings").json()
        assert [len(m["documents"]) for m in api if m["date"] == "2024-02-20"] == [6]

        server.advance()  # the minutes are approved and published
        assert len(parse_meeting_page(client.get(f"{NV}/mote-2024-02-20").text, meeting_url).documents) == 7
        pdf = client.get(protocol)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        assert int(pdf.headers["content-length"]) == len(pdf.content)
        etag, modified = pdf.headers["etag"], pdf.headers["last-modified"]
        assert client.get(protocol, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(protocol, headers={"If-Modified-Since": modified}).status_code == 304
        assert client.get(protocol, headers={"If-None-Match": '"other"'}).status_code == 200
        assert [len(m["documents"]) for m in client.get("api/v2.0/committees/12/meetings").json()] == [
            2,
            4,
            0,
            7,
        ]
        committees = client.get("api/v2.0/committees")
        assert json.loads(committees.text)[1]["id"] == 3
        # The server writes its log line after the response: wait for this request's line. Waiting
        # for "one more line" raced with the previous request's line landing late (a regression).
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not [
            r for r in server.log if r.path.endswith("api/v2.0/committees")
        ]:
            time.sleep(0.01)
        last = [r for r in server.log if r.path.endswith("api/v2.0/committees")][-1]
        assert (last.method, last.status, last.bytes) == ("GET", 200, len(committees.content))
        assert client.get("nowhere").status_code == 404


def test_url_styles_slug_date_and_slug_id(tmp_path: Path) -> None:
    build_corpus(tmp_path / "c")
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text())
    manifest["committees"][1]["url_style"] = "slug-id"
    manifest["committees"][1]["meetings"][0]["id"] = 4711
    (tmp_path / "c" / "manifest.json").write_text(json.dumps(manifest))
    slug = "halso-och-sjukvardsnamnden"
    with PortalServer(tmp_path / "c") as server:
        page = httpx.get(server.base_url + f"committees/{slug}").text
        [meeting] = parse_committee_page(page, server.base_url + f"committees/{slug}", slug).meetings
        assert meeting.url.endswith(f"/committees/{slug}/{slug}-4711")
        assert meeting.date == date(2024, 1, 30)  # from the link text
        docs = parse_meeting_page(httpx.get(meeting.url).text, meeting.url).documents
        assert sorted(d.tab or "" for d in docs) == ["agenda", "protocol"]


def test_find_date_forms() -> None:
    assert find_date("mote-2023-03-14") == date(2023, 3, 14)
    assert find_date("sammanträde", "Tisdag 14 mars 2023 kl 09.00") == date(2023, 3, 14)
    assert find_date("beredning-77", "Inställt") is None


def test_crawler_dates_slug_id_meetings_from_the_page_heading(tmp_path: Path) -> None:
    from demo.portal.responses import send as _send
    from pipelines.sources.archive import Archive
    from pipelines.sources.config import SourceSpec
    from pipelines.sources.fetch import fetch_all
    from pipelines.sources.http import HttpSettings

    build_corpus(tmp_path / "c")
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text())
    manifest["committees"][1]["url_style"] = "slug-id"
    manifest["committees"][1]["meetings"][0]["id"] = 4711
    (tmp_path / "c" / "manifest.json").write_text(json.dumps(manifest))
    slug = "halso-och-sjukvardsnamnden"
    with PortalServer(tmp_path / "c") as server:
        server.add_route(
            f"/committees/{slug}", lambda h: _send(h, 200, f'<a href="{slug}/{slug}-4711">Sammanträde</a>')
        )
        spec = SourceSpec(name="hsn", kind="portal", url=server.base_url, committees=(slug,))
        report = fetch_all([spec], Archive(tmp_path / "a"), HttpSettings(requests_per_second=50))
    assert {f.meeting_date for f in report.files} == {date(2024, 1, 30)}
    assert [(c["year"], c["meetings_found"], c["downloaded"]) for c in report.coverage] == [(2024, 1, 2)]
