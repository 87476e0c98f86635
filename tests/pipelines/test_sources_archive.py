"""Archive (never overwrite, never lose), folder sources and single PDF URLs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipelines.sources.archive import Archive, sha256_file
from pipelines.sources.config import SourceSpec
from pipelines.sources.fetch import fetch_all
from pipelines.sources.http import HttpSettings
from tests.pipelines.meetings_plus_server import MeetingsPlusServer
from tests.pipelines.sources_fixtures import make_pdf

HTTP = HttpSettings(requests_per_second=50, connect_timeout=0.5, read_timeout=0.5, retries=0, backoff=0.01)


def test_store_is_content_addressed_and_never_overwrites(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a")
    src = make_pdf(tmp_path / "x.pdf", "x")
    sha, path, is_new = archive.store_copy(src)
    assert is_new and path == tmp_path / "a" / "objects" / sha[:2] / f"{sha}.pdf"
    assert sha == sha256_file(src) and path.read_bytes() == src.read_bytes()
    assert not os.access(path, os.W_OK) or os.geteuid() == 0  # read-only (root may still write)
    before = path.stat().st_mtime_ns
    sha2, path2, is_new2 = archive.store_copy(src)
    assert (sha2, path2, is_new2) == (sha, path, False)
    assert path.stat().st_mtime_ns == before
    assert src.exists() and list(archive.tmp.iterdir()) == []


def test_folder_source_copies_every_original(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    make_pdf(inbox / "2023" / "kallelse.pdf", "kallelse")
    make_pdf(inbox / "PROTOKOLL.PDF", "protokoll")
    (inbox / "fake.pdf").write_text("<html>not a pdf</html>")
    (inbox / "tom.pdf").write_bytes(b"")
    (inbox / "notes.txt").write_text("ignored")
    spec = SourceSpec(name="inbox", kind="folder", path=inbox)
    root = tmp_path / "archive"

    first = fetch_all([spec], Archive(root), HTTP)
    # an empty file and one that is not a PDF are originals too: kept as they are (the extractor
    # rejects them as empty / not_pdf, the reasons `protokoll extract` gives)
    assert sorted((f.file_name, f.status) for f in first.files) == [
        ("PROTOKOLL.PDF", "new"),
        ("fake.pdf", "new"),
        ("kallelse.pdf", "new"),
        ("tom.pdf", "new"),
    ]
    by_name = {f.file_name: f for f in first.files}
    assert by_name["tom.pdf"].archive_path.read_bytes() == b""  # type: ignore[union-attr]
    assert by_name["fake.pdf"].archive_path.read_bytes() == b"<html>not a pdf</html>"  # type: ignore[union-attr]
    assert all(f.archive_path and f.archive_path.exists() for f in first.files)
    assert (inbox / "2023" / "kallelse.pdf").exists()  # originals are copied, not moved
    [cov] = first.coverage
    assert (cov["documents_found"], cov["downloaded"], cov["failed"]) == (4, 4, 0)

    second = fetch_all([spec], Archive(root), HTTP)
    assert sorted(f.status for f in second.files) == ["unchanged"] * 4
    assert len(list((root / "objects").rglob("*.pdf"))) == 4
    rows = [json.loads(line) for line in (root / "manifest.jsonl").read_text().splitlines()]
    assert len(rows) == 8 and all(r["kind"] == "file" for r in rows)
    assert {r["sha256"] for r in rows} == {f.sha256 for f in first.files}

    # the folder empties (e.g. a moved share): flagged, not silent
    for p in inbox.rglob("*"):
        if p.is_file():
            p.unlink()
    third = fetch_all([spec], Archive(root), HTTP)
    assert third.coverage[0]["flagged"] and "probable portal change" in third.coverage[0]["flag_reason"]


def test_url_source_is_conditional(tmp_path: Path) -> None:
    with MeetingsPlusServer(tmp_path) as server:
        url = (
            server.base_url
            + "committees/beredning-for-folkhalsa/mote-2023-03-14/agenda/kallelse-bfh-2023-03-14pdf"
        )
        spec = SourceSpec(name="one", kind="url", url=url)
        root = tmp_path / "archive"
        [first] = fetch_all([spec], Archive(root), HTTP).files
        assert first.status == "new" and first.file_name == "kallelse-bfh-2023-03-14.pdf"
        [second] = fetch_all([spec], Archive(root), HTTP).files
        assert second.status == "unchanged" and second.sha256 == first.sha256
        assert [r.status for r in server.settled_log()] == [200, 304]

        # the object vanished from the archive (should never happen): fetched again unconditionally
        first.archive_path.chmod(0o644)  # type: ignore[union-attr]
        first.archive_path.unlink()  # type: ignore[union-attr]
        [third] = fetch_all([spec], Archive(root), HTTP).files
        assert (
            third.status == "new"
            and third.sha256 == first.sha256
            and third.archive_path
            and third.archive_path.exists()
        )
        assert server.settled_log()[-1].status == 200


def test_scheme_and_host_are_checked_before_any_connection(tmp_path: Path) -> None:
    from pipelines.sources.http import HttpClient

    with HttpClient(HTTP) as client:
        assert client.get_text("file:///etc/passwd", {"127.0.0.1"}).error == "scheme_not_allowed"
        assert client.get_text("http://example.invalid/", {"127.0.0.1"}).error == "host_not_allowed"
