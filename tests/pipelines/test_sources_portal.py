"""The portal crawler against static Meetings Plus fixtures served on 127.0.0.1, faults included."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.fetch import FetchReport, fetch_all
from pipelines.sources.http import HttpSettings
from tests.pipelines.meetings_plus_server import MeetingsPlusServer

RPS = 20.0
HTTP = HttpSettings(
    contact="mailto:test@example.org",
    requests_per_second=RPS,
    max_concurrency=2,
    connect_timeout=0.5,
    read_timeout=0.5,
    retries=1,
    backoff=0.05,
    max_bytes=300_000,
)
TODAY = date(2024, 3, 1)  # meetings of 2024 are within the 90-day look-back, older ones are not
BFH, HSN = "beredning-for-folkhalsa", "halso-och-sjukvardsnamnden"
GOOD = {
    "kallelse-bfh-2023-03-14.pdf",
    "protokoll-bfh-2023-03-14.pdf",
    "kallelse-bfh-2023-06-13.pdf",
    "aterrapportering-uppdrag-2023-19038.pdf",  # 500 once, then fine; "…pdf-19038" on the portal
    "protokoll-bfh-2023-06-13.pdf",
    "kallelse-bfh-2024-02-20.pdf",
    "verksamhetsplan-2024.pdf",  # linked under /welcome-sv/namnder-styrelser/
    "inloggning.pdf",  # a login page served as the PDF: kept as served (the extractor says not_pdf)
    "kallelse-bfh-2022-11-15.pdf",  # on the year page ?year=2022
    "protokoll-bfh-2022-11-15.pdf",
    "kallelse-bfh-2021-10-12.pdf",
    "kallelse-hsn-2024-01-30.pdf",
    "protokoll-hsn-2024-01-30.pdf",
    "kallelse-extra-hsn-2024-02-12.pdf",  # a meeting dated only by its page heading
}
FAULTS = {
    "borttagen-bilaga.pdf": "http_404",
    "langsam-bilaga.pdf": "timeout",
    "flyttad-bilaga.pdf": "host_not_allowed",
    "avbruten-bilaga.pdf": "truncated",
    "stor-bilaga.pdf": "too_large",
}


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[MeetingsPlusServer]:
    with MeetingsPlusServer(tmp_path) as server:
        yield server


def _run(server: MeetingsPlusServer, archive_root: Path, **kw: object) -> FetchReport:
    spec_kw = {k: kw.pop(k) for k in list(kw) if k in ("committees", "lookback_days")}
    spec = SourceSpec(name="exempel", kind="portal", url=server.base_url, **spec_kw)  # type: ignore[arg-type]
    return fetch_all([spec], Archive(archive_root), HTTP, today=TODAY, **kw)  # type: ignore[arg-type]


def test_three_runs_archive_originals_record_faults_use_304_and_pick_up_late_minutes(
    portal: MeetingsPlusServer, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    first = _run(portal, root)

    by_name = {f.file_name: f for f in first.files}
    assert {f.file_name for f in first.archived} == GOOD
    assert all(f.status == "new" for f in first.archived)
    assert {n: by_name[n].error.split(":")[0] for n in FAULTS} == FAULTS  # type: ignore[union-attr]
    assert all(by_name[n].status == "rejected" and by_name[n].sha256 is None for n in FAULTS)
    # every original once under its sha256, read-only, as served; no leftovers in tmp/
    objects = sorted((root / "objects").rglob("*.pdf"))
    assert {p.stem for p in objects} == {f.sha256 for f in first.archived} and len(objects) == len(GOOD)
    assert by_name["inloggning.pdf"].archive_path.read_bytes().startswith(b"<html")  # type: ignore[union-attr]
    assert sum(p.read_bytes().startswith(b"%PDF-") for p in objects) == len(GOOD) - 1
    assert list((root / "tmp").iterdir()) == []
    # what the pages said about each document
    kallelse = by_name["kallelse-bfh-2023-03-14.pdf"]
    assert (kallelse.committee, kallelse.meeting_date, kallelse.link_text, kallelse.tab) == (
        BFH,
        date(2023, 3, 14),
        "Kallelse 2023-03-14",
        "agenda",
    )
    protocol = by_name["protokoll-hsn-2024-01-30.pdf"]  # link without text: its title attribute
    assert (protocol.tab, protocol.link_text, protocol.meeting_date) == (
        "protocol",
        "Protokoll HSN 2024-01-30",
        date(2024, 1, 30),
    )
    assert by_name["kallelse-extra-hsn-2024-02-12.pdf"].meeting_date == date(2024, 2, 12)
    # every fetch is in the manifest, faults with their reason; no "download all" ZIP was taken
    manifest = [json.loads(line) for line in (root / "manifest.jsonl").read_text().splitlines()]
    docs = [r for r in manifest if r["kind"] == "document"]
    assert len(docs) == len(GOOD) + len(FAULTS)
    assert {r["file_name"]: r["error"].split(":")[0] for r in docs if r["error"]} == FAULTS
    assert all(r["sha256"] for r in docs if not r["error"])
    assert all(r["etag"] and r["last_modified"] for r in docs if r["file_name"] in GOOD - {"inloggning.pdf"})
    assert not any("/api/" in r.path or "javascript" in r.path for r in portal.settled_log())
    # coverage per committee and year
    cov = {(c["committee"], c["year"]): c for c in first.coverage}
    b23 = cov[(BFH, 2023)]
    assert (b23["meetings_found"], b23["meetings_cancelled"], b23["meetings_visited"]) == (3, 1, 2)
    assert (b23["documents_found"], b23["downloaded"], b23["failed"], b23["failure_reasons"]) == (
        6,
        5,
        1,
        {"http_404": 1},
    )
    b24 = cov[(BFH, 2024)]
    assert (b24["meetings_found"], b24["documents_found"], b24["downloaded"]) == (2, 7, 3)
    assert set(b24["failure_reasons"]) == set(FAULTS.values()) - {"http_404"}
    assert (cov[(BFH, 2022)]["downloaded"], cov[(BFH, 2021)]["downloaded"]) == (2, 1)
    assert (cov[(HSN, 2024)]["meetings_found"], cov[(HSN, 2024)]["downloaded"]) == (2, 3)
    assert cov[("regionstyrelsen", None)]["meetings_found"] == 0
    assert not any(c["flagged"] for c in first.coverage)
    # the cancelled meeting was never requested; every request identified itself
    assert not any("installt" in r.path for r in portal.settled_log())
    assert {r.user_agent for r in portal.settled_log()} == {"protokoll/0.1.0 (+mailto:test@example.org)"}

    # run 2 (a backfill): the minutes were published late; nothing archived is transferred again
    portal.advance()
    portal.clear_log()
    second = _run(portal, root, since=date(2021, 1, 1))
    new = [f for f in second.files if f.status == "new"]
    assert [f.file_name for f in new] == ["protokoll-bfh-2024-02-20.pdf"]
    assert new[0].tab == "protocol" and new[0].meeting_date == date(2024, 2, 20)
    assert {f.file_name for f in second.files if f.status == "unchanged"} == GOOD
    good = [r for r in portal.settled_log() if r.path.split("?")[0].endswith(("pdf", "pdf-19038"))]
    good = [r for r in good if r.status != 404 and "protokoll-bfh-2024-02-20" not in r.path]
    not_modified = [r for r in good if r.status == 304 and r.bytes == 0 and r.conditional]
    # ... all but the login page, which came without ETag / Last-Modified: fetched again, unchanged
    assert len(not_modified) == len(GOOD) - 1 and not any("inloggning" in r.path for r in not_modified)
    assert len(list((root / "objects").rglob("*.pdf"))) == len(GOOD) + 1

    # run 3 (no window): meetings past the look-back, already visited, are not requested again
    portal.clear_log()
    third = _run(portal, root)
    assert not any(f"mote-{y}-" in r.path for r in portal.settled_log() for y in (2021, 2022, 2023))
    assert not [f for f in third.files if f.status == "new"]
    b23 = {(c["committee"], c["year"]): c for c in third.coverage}[(BFH, 2023)]
    assert b23["meetings_visited"] == 0  # counted from the last visit, not re-requested
    assert (b23["documents_found"], b23["unchanged"], b23["failed"]) == (6, 5, 1)
    assert not any(c["flagged"] for c in third.coverage)


def test_rate_limit_respected_by_measurement(portal: MeetingsPlusServer, tmp_path: Path) -> None:
    _run(portal, tmp_path / "archive")
    times = sorted(r.time for r in portal.settled_log())
    gaps = [b - a for a, b in itertools.pairwise(times)]
    interval = 1.0 / RPS
    assert len(times) >= 20
    assert min(gaps) >= interval * 0.6, f"requests {min(gaps):.3f} s apart, limit {interval:.3f} s"
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert rate <= RPS * 1.05
    print(f"\n{len(times)} requests, {rate:.1f} req/s (limit {RPS}), min gap {min(gaps) * 1000:.0f} ms")


def test_committee_selection_and_window(portal: MeetingsPlusServer, tmp_path: Path) -> None:
    only = _run(portal, tmp_path / "a", committees=(HSN,))
    assert {f.committee for f in only.files} == {HSN}
    assert not any(r.path == "/committees" for r in portal.settled_log())  # no need for the index

    portal.clear_log()
    window = _run(portal, tmp_path / "b", since=date(2023, 6, 1), until=date(2023, 12, 31))
    assert {f.meeting_date for f in window.files} == {date(2023, 6, 13)}
    assert {(c["committee"], c["year"]) for c in window.coverage if c["meetings_found"]} == {(BFH, 2023)}
    assert not any("year=" in r.path for r in portal.settled_log())  # the older years' pages are outside


def test_other_markup_is_read_alike(portal: MeetingsPlusServer, tmp_path: Path) -> None:
    kw = {"committees": (BFH,), "since": date(2024, 1, 1)}
    standard = _run(portal, tmp_path / "a", **kw)
    portal.variant = True
    variant = _run(portal, tmp_path / "b", **kw)
    assert {(f.file_name, f.sha256, f.meeting_date, f.tab) for f in variant.files} == {
        (f.file_name, f.sha256, f.meeting_date, f.tab) for f in standard.files
    }
    assert len(variant.files) == 7
    assert [{k: c[k] for k in ("year", "meetings_found", "documents_found")} for c in variant.coverage] == [
        {k: c[k] for k in ("year", "meetings_found", "documents_found")} for c in standard.coverage
    ]


def test_committee_that_vanishes_is_flagged(portal: MeetingsPlusServer, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    selection = (BFH, HSN)
    _run(portal, root, committees=selection, since=date(2024, 1, 1))
    # the portal is restructured: the committee page now answers 404
    portal.add_route(f"/committees/{HSN}", lambda path: (404, b"gone", "text/html"))
    report = _run(portal, root, committees=selection, since=date(2024, 1, 1))
    flagged = [c for c in report.coverage if c["flagged"]]
    assert [(c["committee"], c["year"]) for c in flagged] == [(HSN, 2024)]
    assert "probable portal change" in flagged[0]["flag_reason"]
    assert "http_404" in flagged[0]["flag_reason"]


def test_unreachable_portal_is_a_flag_not_an_exception(tmp_path: Path) -> None:
    spec = SourceSpec(name="dead", kind="portal", url="http://127.0.0.1:9/")
    report = fetch_all([spec], Archive(tmp_path), HTTP)
    assert report.files == []
    assert report.coverage[0]["flagged"] and "could not be read" in report.coverage[0]["flag_reason"]
