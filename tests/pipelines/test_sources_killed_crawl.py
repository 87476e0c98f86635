"""A crawl killed mid-way (SIGKILL) keeps the provenance of every object it archived: the manifest
line and the URL's state are written as each fetch completes, not at the end of the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.fetch import fetch_all
from pipelines.sources.http import HttpSettings
from tests.pipelines.meetings_plus_server import MeetingsPlusServer
from tests.pipelines.sources_fixtures import make_pdf

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 40
CRAWL = """
import sys
from datetime import date
from pathlib import Path
from pipelines.sources.archive import Archive
from pipelines.sources.config import SourceSpec
from pipelines.sources.fetch import fetch_all
from pipelines.sources.http import HttpSettings
spec = SourceSpec(name="lang", kind="portal", url=sys.argv[1], committees=("lang",))
fetch_all([spec], Archive(Path(sys.argv[2])), HttpSettings(requests_per_second=8, max_concurrency=2),
          today=date(2024, 3, 1))
"""


def _portal(portal: MeetingsPlusServer, pdfs: Path) -> None:
    links = "".join(
        f'<li><a href="mote-2024-02-20/agenda/bilaga-{i}pdf">Bilaga {i}</a></li>' for i in range(DOCUMENTS)
    )
    bodies = {
        i: make_pdf(pdfs / f"{i}.pdf", f"Bilaga {i} till sammanträdet").read_bytes() for i in range(DOCUMENTS)
    }

    def route(path: str) -> tuple[int, bytes, str]:
        if "/agenda/" in path:
            return 200, bodies[int(path.split("bilaga-")[1].split("pdf")[0])], "application/pdf"
        return (
            200,
            f"<html><body><h1>Lång dagordning</h1><ul>{links}</ul></body></html>".encode(),
            "text/html",
        )

    listing = b'<html><body><a href="/committees/lang/mote-2024-02-20">2024-02-20</a></body></html>'
    portal.add_route("/committees/lang", lambda path: (200, listing, "text/html"))
    portal.add_route("/committees/lang/*", route)


def test_a_killed_crawl_leaves_a_manifest_line_for_every_archived_object(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    with MeetingsPlusServer(tmp_path) as portal:
        _portal(portal, tmp_path / "pdfs")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        crawl = subprocess.Popen([sys.executable, "-c", CRAWL, portal.base_url, str(root)], env=env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(root.glob("objects/*/*.pdf"))) < 8:
            time.sleep(0.05)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait()

        objects = {p.stem for p in root.glob("objects/*/*.pdf")}
        assert 8 <= len(objects) < DOCUMENTS, len(objects)  # killed mid-way
        assert not (root / "state.json").exists()  # the run never reached its end
        lines = [json.loads(line) for line in (root / "manifest.jsonl").read_text().splitlines()]
        documented = {r["sha256"] for r in lines if r["kind"] == "document" and r["sha256"]}
        assert objects <= documented  # every archived object has its manifest line
        assert any(r["kind"] == "page" for r in lines)  # the pages that led to them too
        state = Archive(root)  # the journal of the killed run is read back
        known = {state.url_state(r["url"])["sha256"] for r in lines if r["kind"] == "document"}  # type: ignore[index]
        assert objects <= known

        # the next run completes, and knows what the killed run archived
        portal.clear_log()
        spec = SourceSpec(name="lang", kind="portal", url=portal.base_url, committees=("lang",))
        report = fetch_all([spec], state, HttpSettings(requests_per_second=100), today=date(2024, 3, 1))
        assert len(report.archived) == DOCUMENTS
        assert sum(f.status == "unchanged" for f in report.files) >= len(objects)
    print(f"\nkilled after {len(objects)} of {DOCUMENTS} documents; every one had its manifest line")
