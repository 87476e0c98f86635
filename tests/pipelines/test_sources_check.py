"""`protokoll sources check` against the Meetings Plus fixtures on 127.0.0.1: committees and meetings
by year, cancelled ones noted, a wrong slug reported; no meeting page or document requested."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.cli import main
from tests.pipelines.meetings_plus_server import MeetingsPlusServer
from tests.pipelines.sources_fixtures import make_pdf


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[MeetingsPlusServer]:
    with MeetingsPlusServer(tmp_path) as server:
        yield server


def _config(tmp_path: Path, portal: MeetingsPlusServer, extra: str = "") -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "http: {requests_per_second: 50, retries: 0, connect_timeout: 1}\n"
        "sources:\n"
        "  - name: exempel\n"
        "    kind: portal\n"
        f"    url: {portal.base_url}\n"
        "    committees: [beredning-for-folkhalsa, halso-och-sjukvardsnamnden, beredning-for-okand]\n"
        "    since: 2022-01-01\n" + extra,
        encoding="utf-8",
    )
    return path


def test_check_lists_meetings_by_year_and_reports_a_wrong_slug(
    tmp_path: Path, portal: MeetingsPlusServer, capsys: pytest.CaptureFixture[str]
) -> None:
    make_pdf(tmp_path / "inkorg" / "a.pdf", "a")
    extra = f"  - {{name: inkorg, kind: folder, path: {tmp_path / 'inkorg'}}}\n"
    assert main(["sources", "check", "--config", str(_config(tmp_path, portal, extra))]) == 1
    out = capsys.readouterr().out
    assert "beredning-for-folkhalsa (Beredning för folkhälsa): 6 meetings, 1 cancelled" in out
    assert "    2023: 3  2023-03-14, 2023-06-13, 2023-11-14 (inställt)" in out
    assert "    2022: 1  2022-11-15" in out and "2021" not in out  # before since: not even requested
    assert "    undated: 1  extra-halso-och-sjukvardsnamnden-4802 ('Extra sammanträde')" in out
    assert "PROBLEM beredning-for-okand: committee page unreadable (http_404" in out
    assert "not on the committee index" in out
    assert "on the portal, not configured: regionstyrelsen (Regionstyrelsen)" in out
    assert "inkorg (folder" in out and "1 PDF file(s)" in out
    # listing pages only: no meeting page, no document, no year page outside the window
    paths = [r.path for r in portal.settled_log()]
    assert sorted(paths) == sorted(
        [
            "/committees",
            "/committees/beredning-for-folkhalsa",
            "/committees/beredning-for-folkhalsa?year=2022",
            "/committees/halso-och-sjukvardsnamnden",
            "/committees/beredning-for-okand",
        ]
    )


def test_check_from_a_portal_as_json(
    tmp_path: Path, portal: MeetingsPlusServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, portal)  # its http block applies to --from sources too
    assert (
        main(["sources", "check", "--config", str(config), "--from", f"portal:{portal.base_url}", "--json"])
        == 0
    )
    [source] = json.loads(capsys.readouterr().out)
    committees = {c["slug"]: c for c in source["committees"]}
    assert set(committees) == {"beredning-for-folkhalsa", "halso-och-sjukvardsnamnden", "regionstyrelsen"}
    bfh = committees["beredning-for-folkhalsa"]
    assert bfh["by_year"] == {"2021": 1, "2022": 1, "2023": 3, "2024": 2}
    assert [m["date"] for m in bfh["meetings"] if m["cancelled"]] == ["2023-11-14"]
    assert committees["regionstyrelsen"]["meetings"] == [] and committees["regionstyrelsen"]["error"] is None
    assert not any("/agenda/" in r.path or "/protocol/" in r.path for r in portal.settled_log())


def test_check_other_markup_gives_the_same_answer(
    tmp_path: Path, portal: MeetingsPlusServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, portal)
    argv = ["sources", "check", "--config", str(config), "--from", f"portal:{portal.base_url}", "--json"]
    assert main(argv) == 0
    standard = json.loads(capsys.readouterr().out)
    portal.variant = True
    assert main(argv) == 0
    assert (
        json.loads(capsys.readouterr().out)[0]["committees"][0]["by_year"]
        == standard[0]["committees"][0]["by_year"]
    )


def test_unreachable_portal_and_bad_config_are_one_line_exit_2(
    tmp_path: Path, portal: MeetingsPlusServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, portal)
    assert main(["sources", "check", "--config", str(config), "--from", "portal:http://127.0.0.1:9/"]) == 2
    captured = capsys.readouterr()
    [line] = captured.err.strip().splitlines()
    assert line.startswith("protokoll sources: portal:127.0.0.1: committee index") and "connect_error" in line
    assert captured.out == ""

    config.write_text(config.read_text().replace("since:", "snice:"), encoding="utf-8")
    assert main(["sources", "check", "--config", str(config)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert (
        line == f"protokoll sources: {config}: sources[0].snice: unknown key " + line.split("unknown key ")[1]
    )
    assert main(["sources", "check", "--config", str(tmp_path / "missing.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["sources", "check", "--from", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
