"""An empty file and a page that is not a PDF are originals like any other, from a folder and over
HTTP: kept in the archive, loaded as rejected with the reason `protokoll extract` gives for them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from tests.pipelines.meetings_plus_server import MeetingsPlusServer

pytestmark = pytest.mark.slow

EMPTY = b""
FOLDER_PAGE = b"<html><body>Sidan har flyttat</body></html>"
SERVED_PAGE = b"<html><body>Logga in med e-legitimation</body></html>"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_empty_and_non_pdf_originals_are_kept_with_the_extractors_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tom.pdf").write_bytes(EMPTY)
    (folder / "sida.pdf").write_bytes(FOLDER_PAGE)
    warehouse, archive = tmp_path / "w.duckdb", tmp_path / "archive"
    with MeetingsPlusServer(tmp_path) as portal:
        portal.add_route("/handlingar/tomt.pdf", lambda path: (200, EMPTY, "application/pdf"))
        portal.add_route("/handlingar/inloggning.pdf", lambda path: (200, SERVED_PAGE, "application/pdf"))
        urls = [portal.base_url + "handlingar/tomt.pdf", portal.base_url + "handlingar/inloggning.pdf"]
        argv = ["ingest", "--warehouse", str(warehouse), "--archive", str(archive), "--from", str(folder)]
        assert main([*argv, "--from", urls[0], "--from", urls[1]]) == 0
    out = capsys.readouterr().out
    # four files fetched; the two empty ones are one original (same bytes): three rejected originals
    assert "files: 4 found, 4 new, 0 unchanged, 3 rejected" in out

    expected = {_sha(EMPTY): "empty", _sha(FOLDER_PAGE): "not_pdf", _sha(SERVED_PAGE): "not_pdf"}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT sha256, status, error FROM source_files").fetchall()
    loaded = {sha: (status, (error or "").split(":")[0]) for sha, status, error in rows}
    assert loaded == {sha: ("rejected", reason) for sha, reason in expected.items()}

    for sha, reason in expected.items():
        kept = archive / "objects" / sha[:2] / f"{sha}.pdf"
        assert _sha(kept.read_bytes()) == sha  # the bytes as they were served
        assert main(["extract", str(kept)]) == 1  # the same reason from `protokoll extract`
        assert f": {reason}: " in capsys.readouterr().err
