"""The portal crawler against the imitation Meetings Plus portal on 127.0.0.1, faults included."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from demo.portal import PortalServer
from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.fetch import FetchReport, fetch_all
from pipelines.sources.http import HttpSettings
from tests.pipelines.sources_fixtures import build_corpus

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
TODAY = date(2024, 3, 1)  # meetings of 2024 are within the 90-day look-back, 2023 ones are not
GOOD = {
    "2023-03-14_kallelse.pdf",
    "2023-03-14_protokoll.pdf",
    "2023-06-13_kallelse.pdf",
    "2023-06-13_bilaga.pdf",  # 500 once, then fine
    "2023-06-13_protokoll.pdf",
    "2024-02-20_kallelse.pdf",
    "2024-01-30_kallelse.pdf",
    "2024-01-30_protokoll.pdf",
}
FAULTS = {
    "borttagen-bilaga.pdf": "http_404",
    "2024-02-20_hang.pdf": "timeout",
    "flyttad-bilaga.pdf": "host_not_allowed",
    "inloggning.pdf": "not_pdf",
    "2024-02-20_trunc.pdf": "truncated",
    "stor-bilaga.pdf": "too_large",
}


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[PortalServer]:
    build_corpus(tmp_path / "corpus")
    with PortalServer(tmp_path / "corpus", hang_seconds=1.5) as server:
        yield server


def _spec(server: PortalServer, **kw: object) -> SourceSpec:
    return SourceSpec(name="exempel", kind="portal", url=server.base_url, **kw)  # type: ignore[arg-type]


def _run(server: PortalServer, archive_root: Path, **kw: object) -> FetchReport:
    spec_kw = {k: kw.pop(k) for k in list(kw) if k in ("committees", "lookback_days")}
    return fetch_all([_spec(server, **spec_kw)], Archive(archive_root), HTTP, today=TODAY, **kw)  # type: ignore[arg-type]


def _pdf_paths(report: FetchReport) -> set[str]:
    return {f.url.split("://", 1)[1].split("/", 1)[1] for f in report.archived if f.url}


def test_three_runs_archive_good_files_record_faults_use_304_and_pick_up_late_minutes(
    portal: PortalServer, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    first = _run(portal, root)

    by_name = {f.file_name: f for f in first.files}
    assert {f.file_name for f in first.archived} == GOOD
    assert all(f.status == "new" for f in first.archived)
    assert {n: by_name[n].error.split(":")[0] for n in FAULTS} == FAULTS  # type: ignore[union-attr]
    assert all(by_name[n].status == "rejected" and by_name[n].sha256 is None for n in FAULTS)
    # exactly the good files, each once under its sha256, read-only; no leftovers in tmp/
    objects = sorted((root / "objects").rglob("*.pdf"))
    assert len(objects) == len(GOOD)
    assert {p.stem for p in objects} == {f.sha256 for f in first.archived}
    assert all(p.read_bytes().startswith(b"%PDF-") and p.parent.name == p.stem[:2] for p in objects)
    assert list((root / "tmp").iterdir()) == []
    # metadata of what was found
    kallelse = by_name["2023-03-14_kallelse.pdf"]
    assert (kallelse.committee, kallelse.meeting_date, kallelse.link_text, kallelse.tab) == (
        "beredning-for-nara-vard",
        date(2023, 3, 14),
        "Kallelse 2023-03-14",
        "agenda",
    )
    # every fetch is in the manifest, faults with their reason
    manifest = [json.loads(line) for line in (root / "manifest.jsonl").read_text().splitlines()]
    docs = [r for r in manifest if r["kind"] == "document"]
    assert len(docs) == len(GOOD) + len(FAULTS)
    assert {r["file_name"]: r["error"].split(":")[0] for r in docs if r["error"]} == FAULTS
    assert all(r["sha256"] and r["etag"] and r["last_modified"] for r in docs if not r["error"])
    # coverage per committee and year
    cov = {(c["committee"], c["year"]): c for c in first.coverage}
    nv23 = cov[("beredning-for-nara-vard", 2023)]
    assert (nv23["meetings_found"], nv23["meetings_cancelled"], nv23["documents_found"]) == (3, 1, 6)
    assert (nv23["downloaded"], nv23["failed"], nv23["failure_reasons"]) == (5, 1, {"http_404": 1})
    nv24 = cov[("beredning-for-nara-vard", 2024)]
    assert nv24["failed"] == 5 and set(nv24["failure_reasons"]) == set(FAULTS.values()) - {"http_404"}
    assert cov[("halso-och-sjukvardsnamnden", 2024)]["downloaded"] == 2
    assert not any(c["flagged"] for c in first.coverage)
    # the cancelled meeting was never requested; every request identified itself
    assert not any("installt" in r.path for r in portal.log)
    assert {r.user_agent for r in portal.log} == {"protokoll/0.1.0 (+mailto:test@example.org)"}
    first_pdf_bytes = sum(r.bytes for r in portal.log if "pdf?" in r.path and r.status == 200)

    # run 2 (a backfill over both years): late minutes appear; nothing archived is transferred again
    portal.advance()
    portal.clear_log()
    second = _run(portal, root, since=date(2023, 1, 1))
    new = [f for f in second.files if f.status == "new"]
    assert [f.file_name for f in new] == ["2024-02-20_protokoll.pdf"]
    assert new[0].tab == "protocol" and new[0].meeting_date == date(2024, 2, 20)
    assert {f.file_name for f in second.files if f.status == "unchanged"} == GOOD
    good_paths = _pdf_paths(first)
    requested = [r for r in portal.log if r.path.split("/", 1)[1] in good_paths]
    assert len(requested) == len(GOOD)
    assert all(r.status == 304 and r.bytes == 0 and r.conditional for r in requested)
    assert len(list((root / "objects").rglob("*.pdf"))) == len(GOOD) + 1
    second_good_bytes = sum(r.bytes for r in requested)

    # run 3 (incremental, no window): 2023 meetings are past the look-back and already seen -> no request
    portal.clear_log()
    third = _run(portal, root)
    assert not any("2023-" in r.path for r in portal.log)
    assert not [f for f in third.files if f.status == "new"]
    cov3 = {(c["committee"], c["year"]): c for c in third.coverage}
    assert cov3[("beredning-for-nara-vard", 2023)]["meetings_visited"] == 0
    nv23 = cov3[("beredning-for-nara-vard", 2023)]  # counted from the last visit, not re-requested
    assert (nv23["documents_found"], nv23["unchanged"], nv23["failed"]) == (6, 5, 1)
    assert not any(c["flagged"] for c in third.coverage)
    print(f"\nPDF body bytes: run 1 {first_pdf_bytes}, run 2 (archived files) {second_good_bytes}")


def test_rate_limit_respected_by_measurement(portal: PortalServer, tmp_path: Path) -> None:
    _run(portal, tmp_path / "archive")
    times = sorted(r.time for r in portal.log)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    interval = 1.0 / RPS
    assert len(times) >= 20
    assert min(gaps) >= interval * 0.6, f"requests {min(gaps):.3f} s apart, limit {interval:.3f} s"
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert rate <= RPS * 1.05
    print(f"\n{len(times)} requests, {rate:.1f} req/s (limit {RPS}), min gap {min(gaps) * 1000:.0f} ms")


def test_committee_selection_window_and_all(portal: PortalServer, tmp_path: Path) -> None:
    only = _run(portal, tmp_path / "a", committees=("halso-och-sjukvardsnamnden",))
    assert {f.committee for f in only.files} == {"halso-och-sjukvardsnamnden"}
    assert not any(r.path == "/committees" for r in portal.log)  # no need for the index

    window = _run(portal, tmp_path / "b", since=date(2023, 6, 1), until=date(2023, 12, 31))
    assert {f.meeting_date for f in window.files} == {date(2023, 6, 13)}
    assert {(c["committee"], c["year"]) for c in window.coverage if c["meetings_found"]} == {
        ("beredning-for-nara-vard", 2023)
    }


def test_committee_that_vanishes_is_flagged(portal: PortalServer, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    selection = ("beredning-for-nara-vard", "halso-och-sjukvardsnamnden")
    _run(portal, root, committees=selection, since=date(2024, 1, 1))
    # the portal is restructured: the committee page now answers 404
    portal.add_route("/committees/halso-och-sjukvardsnamnden", lambda h: _not_found(h))
    report = _run(portal, root, committees=selection, since=date(2024, 1, 1))
    flagged = [c for c in report.coverage if c["flagged"]]
    assert [(c["committee"], c["year"]) for c in flagged] == [("halso-och-sjukvardsnamnden", 2024)]
    assert "probable portal change" in flagged[0]["flag_reason"]
    assert "http_404" in flagged[0]["flag_reason"]


def test_unreachable_portal_is_a_flag_not_an_exception(tmp_path: Path) -> None:
    spec = SourceSpec(name="dead", kind="portal", url="http://127.0.0.1:9/")
    report = fetch_all([spec], Archive(tmp_path), HTTP)
    assert report.files == []
    assert report.coverage[0]["flagged"] and "could not be read" in report.coverage[0]["flag_reason"]


def _not_found(h: object) -> int:
    from demo.portal.responses import send as _send

    return _send(h, 404, "gone")  # type: ignore[arg-type]
