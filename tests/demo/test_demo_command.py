"""`protokoll demo` pieces that need no Dagster run: corpus reuse, the per-body year tables,
numbers that agree with `status`, a portal port that stays the same, commands that work as printed.
"""

from __future__ import annotations

import itertools
import re
import socket
from pathlib import Path

import pytest

from demo import output
from demo.command import _same_corpus
from demo.corpus import CorpusSummary, generate_corpus
from demo.serve import PORT_FILE, PortBusy, demo_config, open_portal
from demo.table import counts_note, render_table, year_table
from demo.truthload import load_truth_warehouse

NV = "Beredning för nära vård"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, CorpusSummary]:
    base = tmp_path_factory.mktemp("demo")
    s = generate_corpus(base / "c", bodies=4, years=range(2019, 2027))
    load_truth_warehouse(base / "c", base / "w.duckdb")
    return base / "c", base / "w.duckdb", s


def test_same_corpus_is_reused(loaded: tuple[Path, Path, CorpusSummary]) -> None:
    corpus, _, _ = loaded
    assert _same_corpus(corpus, 7, 4, list(range(2019, 2027)), 1.0)
    assert not _same_corpus(corpus, 8, 4, list(range(2019, 2027)), 1.0)
    assert not _same_corpus(corpus, 7, 3, list(range(2019, 2027)), 1.0)


def _line(table: str, start: str) -> list[str]:
    """The cells of the first line starting with `start` (name column is 40 wide)."""
    line = next(ln for ln in table.splitlines() if ln.startswith(start))
    return line[40:].split()


def test_year_table_has_a_line_per_body_and_a_column_per_year(
    loaded: tuple[Path, Path, CorpusSummary],
) -> None:
    _, wh, s = loaded
    rows = year_table(wh)
    text = render_table(rows)
    shares, meetings = text.split("\n\n")
    head = next(ln for ln in shares.splitlines() if ln.startswith("body"))
    assert head.split() == ["body", *map(str, range(2019, 2027)), "all"]
    # the planted trend reads along the nära vård line, left to right
    nv = [int(c.rstrip("%")) for c in _line(shares, NV)]
    assert len(nv) == 9 and nv[7] - nv[0] >= 50
    assert sum(b >= a for a, b in itertools.pairwise(nv[:8])) >= 6
    # the low year has fewer meetings on every body's line
    low = list(range(2019, 2027)).index(s.low_year)
    for ln in meetings.splitlines():
        if ln.startswith("Beredning"):
            cells = [int(c) for c in ln[40:].split()]
            assert cells[low] < min(c for i, c in enumerate(cells[:8]) if i != low)
    # full names, wrapped onto indented lines, never cut
    assert "…" not in text
    long = "Beredning för somatisk specialistvård och högspecialiserad vård"
    first = next(i for i, ln in enumerate(shares.splitlines()) if ln.startswith("Beredning för somatisk"))
    wrapped = shares.splitlines()[first : first + 2]
    assert wrapped[1].startswith("  ") and " ".join(w[:40].strip() for w in wrapped) == long
    assert all(len(ln) <= 100 for ln in text.splitlines())
    assert _line(shares, "all bodies")[-1].endswith("%")


def test_numbers_agree_with_the_corpus_line_and_status(
    loaded: tuple[Path, Path, CorpusSummary], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, wh, s = loaded
    rows = year_table(wh)
    judged = sum(r["assignments"] for r in rows)
    refs = sum(r["bare_references"] for r in rows)
    assert judged == s.assignments and refs > 0
    line = output.corpus_line(corpus)
    assert f"{judged} assignments with a status + {refs} bare references" in line
    assert f"{s.meetings} meetings" in line and f"{s.pdfs} PDFs" in line
    note = counts_note(rows).replace("\n", " ")
    assert f"{judged} assignments with a status" in note and f"{refs} bare references" in note
    assert f"{judged + refs} assignments in all" in note
    assert f"Meetings: {s.meetings}." in note

    from pipelines.cli import main

    assert main(["status", "--warehouse", str(wh)]) == 0
    status = capsys.readouterr().out
    assert f"assignments: {judged + refs} ({judged} with a status, {refs} bare references;" in status
    assert f"meetings: {s.meetings} " in status
    per_year = re.findall(r"^  (\d{4}): (\d+) \(.*?\)(?: \+ (\d+) bare references)?$", status, re.M)
    assert sum(int(n) for _, n, _ in per_year) == judged
    assert sum(int(r or 0) for _, _, r in per_year) == refs


def test_demo_config_is_a_valid_sources_file(tmp_path: Path) -> None:
    from pipelines.sources.config import load_config

    cfg = load_config(demo_config(tmp_path, "http://127.0.0.1:8765/"))
    assert cfg.sources[0].kind == "portal" and cfg.http.requests_per_second >= 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_portal_port_is_remembered_and_falls_back_when_taken(
    loaded: tuple[Path, Path, CorpusSummary],
) -> None:
    corpus, _, _ = loaded
    port = _free_port()
    (corpus / PORT_FILE).write_text(f"{port}\n", encoding="utf-8")
    server, note = open_portal(corpus, None)
    with server:
        assert server.port == port and note is None
        # taken (by the first server): a free port instead, said plainly, and remembered
        other, note = open_portal(corpus, None)
        with other:
            assert other.port != port and note and f"port {port} is in use" in note
            assert (corpus / PORT_FILE).read_text(encoding="utf-8").strip() == str(other.port)
        # an explicit port that is taken is an error, not a silent change
        with pytest.raises(PortBusy, match=f"127.0.0.1:{port}"):
            open_portal(corpus, port)
    (corpus / PORT_FILE).unlink()


def test_next_steps_are_commands_for_a_fresh_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(output.ROOT)
    lines = output.next_steps(output.DEFAULT_WAREHOUSE)
    assert "  ./run.sh status" in lines
    assert any(ln.startswith('  ./run.sh query "SELECT ') and ln.endswith('"') for ln in lines)
    assert any(ln.startswith("  ./run.sh notebooks") for ln in lines)
    assert not any("uv " in ln or ln.lstrip().startswith("protokoll") for ln in lines)
    elsewhere = tmp_path / "my wh.duckdb"
    lines = output.next_steps(elsewhere)
    assert f"  ./run.sh status --warehouse '{elsewhere}'" in lines
    assert any(ln.startswith(f"  PROTOKOLL_WAREHOUSE='{elsewhere}' ./run.sh notebooks") for ln in lines)
    monkeypatch.chdir(tmp_path)  # from another folder: run.sh by its absolute path
    assert f"  {output.ROOT / 'run.sh'} status --warehouse '{elsewhere}'" in output.next_steps(elsewhere)
    assert "notebooks" in (output.ROOT / "run.sh").read_text(encoding="utf-8")


def test_coverage_is_one_line_unless_verbose() -> None:
    from pipelines.summary import IngestSummary

    cells = [
        {"source": "p", "committee": f"c{i}", "year": 2020 + j, "documents_found": 3, "downloaded": 2,
         "unchanged": 1, "failed": 0, "flagged": (i, j) == (1, 1), "flag_reason": "fewer documents"}
        for i in range(3)
        for j in range(4)
    ]  # fmt: skip
    summary = IngestSummary(True, "r", 1.0, "w", coverage=cells)
    short = summary.render(coverage_detail=False).splitlines()
    assert (
        "coverage: 3 committees, 2020-2023: 36 documents found, 24 downloaded, 12 unchanged, 0 failed, 1 flagged"
        in short[-2]
    )
    assert short[-1] == "  p / c1 / 2021: 3, 2, 1, 0  FLAG: fewer documents"  # flagged cells stay visible
    detail = summary.render().splitlines()
    assert len(detail) == len(short) - 1 + 12


def _demo(tmp_path: Path, *extra: str) -> str:
    import os
    import subprocess
    import sys

    env = dict(
        os.environ,
        PROTOKOLL_WAREHOUSE=str(tmp_path / "wh.duckdb"),
        PROTOKOLL_ARCHIVE=str(tmp_path / "ar"),
        DAGSTER_HOME=str(tmp_path / "dh"),
    )
    args = ["--corpus", str(tmp_path / "corpus"), "--bodies", "2", "--years", "2025-2026", "--no-progress"]
    out = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "demo", *args, *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=output.ROOT,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    return out.stdout


@pytest.mark.slow
def test_protokoll_demo_end_to_end_and_rerun_unchanged(tmp_path: Path) -> None:
    """The README's main command on a small corpus, twice: generate, serve on 127.0.0.1, ingest
    twice, print the per-body tables; the rerun finds every file unchanged."""
    port = _free_port()
    first = _demo(tmp_path, "--port", str(port))
    assert f"portal: http://127.0.0.1:{port}/" in first
    one, two = first.split("ingest, second run", 1)
    assert re.search(r"files: (\d+) found, \1 new, 0 unchanged", one), one[:600]
    # the second ingest fetches the minutes the portal published after the first
    assert re.search(r"files: \d+ found, [1-9]\d* new", two), two[:600]
    # coverage in one line per run without --verbose
    assert first.count("coverage: 2 committees, 2025-2026:") == 2 and " / beredning-" not in first
    shares = first.split("Share of assignments judged done", 1)[1].split("\n\n", 1)[0]
    assert next(ln for ln in shares.splitlines() if ln.startswith("body")).split() == [
        "body",
        "2025",
        "2026",
        "all",
    ]
    assert re.search(r"^Beredning för nära vård +\d+% +\d+% +\d+%$", shares, re.M), shares
    assert "./run.sh status --warehouse" in first and "./run.sh notebooks" in first
    assert (tmp_path / "wh.duckdb").is_file()

    # The rerun (no --port: the remembered one) reports its files unchanged and loads nothing new.
    again = _demo(tmp_path, "--verbose")
    assert f"portal: http://127.0.0.1:{port}/ (127.0.0.1 only)\n" in again
    runs = re.findall(r"files: (\d+) found, (\d+) new, (\d+) unchanged, 0 rejected", again)
    assert len(runs) == 2 and all(new == "0" and found == same for found, new, same in runs), runs
    assert again.count("extraction: 0 extracted, 0 from cache; 0 files loaded") == 2
    assert " / beredning-nara-vard / 2026: " in again  # --verbose: coverage per committee and year
    assert _tables(again) == _tables(first)


def _tables(text: str) -> str:
    return text.split("Share of", 1)[1].split("time taken", 1)[0]
