"""Issue 11's fault corpus through ONE real `protokoll ingest`: every fault a recorded reason,
every original archived, the good files loaded, the run bounded in time and memory.

Built here, nothing downloaded: a folder of hostile files (a 2,000,000-glyph page, too many pages,
zero bytes, HTML named .pdf, a truncated PDF, an encrypted PDF, a report scanned to images only,
a text report with one scanned page), a web server on 127.0.0.1 that
serves a good PDF, drip-feeds another (one byte at a time, never idle long enough for a read
timeout) and answers 404 for a third, and a meeting portal whose committee page links 50,000
meetings. The CLI runs as a subprocess under tight per-file limits; the test samples the RSS of
its whole process tree (the CLI and its workers) while it runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from tests.pipelines.ingest_fixtures import REPORT_2024, write_pdf
from tests.pipelines.meetings_plus_server import MeetingsPlusServer
from tests.pipelines.sources_fixtures import respond, send_drip
from tests.pipelines.test_workers import glyph_flood, pages

FILE_SECONDS = 40
# A small parse budget cuts the glyph flood early (memory stays flat); OCR has its own, generous
# budget, so the scans are read on a busy machine too (~3 s a page on a free core).
PAGE_SECONDS = 5
OCR_PAGE_SECONDS = 30
MAX_PAGES = 30
TOTAL_TIMEOUT = 5
RSS_LIMIT_MB = 1536
LINKS = 50_000
ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "corpus" / "dev" / "pdf"
SCANNED_REPORT = "dd_ramnefors-gemensam-hjalpmedel_verksamhetsberattelse_2023"
MIXED_REPORT = "db_hedeby-bun_arsrapport_2024"

pytestmark = pytest.mark.slow


class _Site(BaseHTTPRequestHandler):
    good: bytes = b""

    def do_GET(self) -> None:
        if self.path == "/good.pdf":
            self._send(200, self.good)
        elif self.path == "/drip.pdf":
            send_drip(self, 400)
        else:
            self._send(404, b"not here")

    def _send(self, code: int, body: bytes) -> None:
        respond(self, code, body, "application/pdf" if code == 200 else "text/plain")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    _Site.good = write_pdf(tmp_path / "served.pdf", [*REPORT_2024, "Källa: webbplatsen"]).read_bytes()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def hostile_folder(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True)
    files = {
        "good": write_pdf(folder / "rapport-2024.pdf", REPORT_2024),
        "glyphs": glyph_flood(folder / "glyfer.pdf", 2_000_000),
        "pages": pages(folder / "lang.pdf", MAX_PAGES + 5),
        "empty": folder / "tom.pdf",
        "html": folder / "inte-en-pdf.pdf",
        "corrupt": folder / "trasig.pdf",
    }
    files["empty"].write_bytes(b"")
    files["html"].write_bytes(b"<html><body>Sidan finns inte</body></html>")
    files["corrupt"].write_bytes(files["good"].read_bytes()[:600])
    from reportlab.pdfgen import canvas

    locked = canvas.Canvas(str(folder / "locked.pdf"), encrypt="hemligt")
    locked.drawString(72, 750, "Hemlig text om nämndens uppdrag")
    locked.showPage()
    locked.save()
    files["encrypted"] = folder / "locked.pdf"
    # Scans of our own reports: a whole report as images only, and a text report with one
    # page scanned. Their assignments must come out of the OCR.
    from tests.extractors.pdfs import scan, with_scanned_page

    files["scanned"] = scan(DEV / f"{SCANNED_REPORT}.pdf", folder / "skannad-rapport.pdf", [0])
    files["mixed"] = with_scanned_page(DEV / f"{MIXED_REPORT}.pdf", folder / "blandad.pdf", 1, folder.parent)
    return files


def _expected(name: str) -> dict:  # type: ignore[type-arg]
    import json

    return json.loads((ROOT / "tests" / "corpus" / "dev" / "expected" / f"{name}.json").read_text("utf-8"))


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid, pages_resident = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages_resident
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def test_one_ingest_over_the_fault_corpus(tmp_path: Path, site: str) -> None:
    files = hostile_folder(tmp_path / "in")
    pdf = files["good"].read_bytes()
    committee = (
        '<!DOCTYPE html><html lang="sv"><body><main><ul>'
        + "".join(
            f'<li><a href="/committees/stor/stor-{i}">Sammanträde 2024-02-20 nr {i}</a></li>'
            for i in range(LINKS)
        )
        + "</ul></main></body></html>"
    ).encode()

    def meeting(path: str) -> tuple[int, bytes, str]:
        if "/agenda/" in path:
            return 200, pdf, "application/pdf"
        n = path.rsplit("-", 1)[1]
        page = (
            f'<html><body><ul><li><a href="stor-{n}/agenda/kallelsepdf">Kallelse</a></li></ul></body></html>'
        )
        return 200, page.encode(), "text/html"

    with MeetingsPlusServer(tmp_path / "portal") as portal:
        portal.add_route("/committees/stor", lambda path: (200, committee, "text/html"))
        portal.add_route("/committees/stor/*", meeting)
        config = tmp_path / "sources.yaml"
        config.write_text(
            "version: 1\n"
            "http: {requests_per_second: 100, retries: 0, connect_timeout: 2, read_timeout: 3,"
            f" total_timeout: {TOTAL_TIMEOUT}, max_links_per_page: 5, max_documents_per_meeting: 3}}\n"
            "sources:\n"
            f"  - {{name: mapp, kind: folder, path: {tmp_path / 'in'}}}\n"
            f"  - {{name: bra, kind: url, url: {site}/good.pdf}}\n"
            f"  - {{name: droppande, kind: url, url: {site}/drip.pdf}}\n"
            f"  - {{name: saknas, kind: url, url: {site}/saknas.pdf}}\n"
            f"  - {{name: portal, kind: portal, url: {portal.base_url}, committees: [stor]}}\n",
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "DAGSTER_HOME": str(tmp_path / "dagster_home"),
            "PROTOKOLL_WORKERS": "2",
            "PROTOKOLL_FILE_SECONDS": str(FILE_SECONDS),
            "PROTOKOLL_PAGE_SECONDS": str(PAGE_SECONDS),
            "PROTOKOLL_OCR_PAGE_SECONDS": str(OCR_PAGE_SECONDS),
            "PROTOKOLL_MAX_PAGES": str(MAX_PAGES),
            "PROTOKOLL_WORKER_MEMORY_MB": "2048",
            "PROTOKOLL_PROGRESS": "0",
        }
        warehouse = tmp_path / "wh.duckdb"
        archive = tmp_path / "archive"
        cmd = [sys.executable, "-m", "pipelines.cli", "ingest", "--config", str(config)]
        cmd += ["--warehouse", str(warehouse), "--archive", str(archive)]
        started = time.monotonic()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_mb(proc.pid))
            time.sleep(0.1)
        out, err = proc.communicate()
        elapsed = time.monotonic() - started
    print(f"\nfault corpus: {elapsed:.1f} s, peak RSS of the run's process tree {peak:.0f} MB\n{out}")

    assert proc.returncode == 0, err
    assert "Traceback" not in err
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT file_name, url, status, error FROM source_files").fetchall()
        coverage = con.execute("SELECT flagged, flag_reason FROM coverage WHERE source = 'portal'").fetchall()
        assignments = con.execute("SELECT count(*) FROM assignments").fetchone()[0]
        by_file = dict(
            con.execute(
                "SELECT f.file_name, list((a.number, a.status)) FROM assignments a "
                "JOIN source_files f USING (sha256) GROUP BY ALL"
            ).fetchall()
        )
        sources = dict(
            con.execute(
                "SELECT f.file_name, list(p.text_source ORDER BY p.page) FROM pages p "
                "JOIN source_files f USING (sha256) GROUP BY ALL"
            ).fetchall()
        )
    reasons = {(url or name): (status, (error or "").split(":")[0]) for name, url, status, error in rows}
    expected = {
        "rapport-2024.pdf": ("ok", ""),
        "glyfer.pdf": ("rejected", "too_slow"),
        "lang.pdf": ("rejected", "too_many_pages"),
        "tom.pdf": ("rejected", "empty"),
        "inte-en-pdf.pdf": ("rejected", "not_pdf"),
        "trasig.pdf": ("rejected", "corrupt"),
        "skannad-rapport.pdf": ("ok", ""),
        "blandad.pdf": ("ok", ""),
        "locked.pdf": ("rejected", "encrypted"),
        f"{site}/good.pdf": ("ok", ""),
        f"{site}/drip.pdf": ("rejected", "too_slow"),
    }
    for key, want in expected.items():
        assert reasons.get(key) == want, (key, reasons.get(key))
    assert reasons[f"{site}/saknas.pdf"][0] == "rejected" and "404" in str(rows)
    # Every original that was served whole is in the archive, the hostile ones too.
    archived = {p.stat().st_size for p in (archive / "objects").rglob("*") if p.is_file()}
    for name in ("glyphs", "pages", "empty", "html", "corrupt", "encrypted", "good", "scanned", "mixed"):
        assert files[name].stat().st_size in archived, name
    # The good files' facts are there; the portal's 50,000 links were capped and flagged.
    assert assignments >= 3
    assert any(flagged and "max_links_per_page" in (reason or "") for flagged, reason in coverage)
    # The scans were read: the same statuses as the text versions' expected output.
    assert sources["skannad-rapport.pdf"] == ["ocr"]
    assert sources["blandad.pdf"] == ["text_layer", "ocr", "text_layer"]
    for name, report in (("skannad-rapport.pdf", SCANNED_REPORT), ("blandad.pdf", MIXED_REPORT)):
        want = {(a["number"], a["status"]) for d in _expected(report)["documents"] for a in d["assignments"]}
        got = {(n, s) for n, s in by_file.get(name, [])}
        assert want and want <= got, (name, sorted(want - got))
    assert peak < RSS_LIMIT_MB, f"peak RSS {peak:.0f} MB"
    # Bounded by the per-file limits (two workers side by side) plus start-up and the load.
    assert elapsed < FILE_SECONDS + 120, elapsed
