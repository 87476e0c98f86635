"""sources.yaml validation (errors name file, key and problem) and --from parsing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipelines.sources.config import SourcesConfigError, load_config, load_sources_file, parse_source_arg

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_sources_yaml_is_valid() -> None:
    config = load_config(ROOT / "sources.yaml")
    [spec] = config.sources
    assert spec.kind == "portal" and spec.url == "https://politiskamoten.regionorebrolan.se/"
    assert spec.committees and "halso-och-sjukvardsnamnden" in spec.committees
    assert sum(c.startswith("beredning-for-") for c in spec.committees) >= 4
    assert spec.hosts == {"politiskamoten.regionorebrolan.se"}
    assert config.http.user_agent.startswith("protokoll/0.1.0 (+")


def test_all_kinds_and_http_block(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
http: {requests_per_second: 2, max_bytes: 1000, allowed_hosts: [cdn.example.org]}
sources:
  - {name: p, kind: portal, url: "https://portal.example.org", committees: all, since: 2020-01-01, lookback_days: 30}
  - {name: f, kind: folder, path: inbox}
  - {name: u, kind: url, url: "https://example.org/a.pdf"}
""",
    )
    config = load_config(path)
    portal, folder, url = config.sources
    assert portal.committees is None and portal.since == date(2020, 1, 1) and portal.lookback_days == 30
    assert folder.path == tmp_path / "inbox"
    assert url.hosts == {"example.org"}
    assert config.http.requests_per_second == 2.0 and config.http.allowed_hosts == ("cdn.example.org",)
    assert (config.http.max_links_per_page, config.http.max_documents_per_meeting) == (1000, 500)
    assert load_sources_file(path) == config.sources


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sources: []", "sources: must be a non-empty list"),
        ("sources: [{name: a, kind: ftp}]", "sources[0].kind: must be one of"),
        ("sources: [{kind: portal, url: 'https://x.se'}]", "sources[0].name: is required"),
        (
            "sources: [{name: a, kind: portal, url: 'ftp://x.se'}]",
            "sources[0] (a).url: must be an http(s) URL",
        ),
        ("sources: [{name: a, kind: folder}]", "sources[0] (a).path: is required"),
        (
            "sources: [{name: a, kind: portal, url: 'https://x.se', comittees: [x]}]",
            "sources[0].comittees: unknown key",
        ),
        (
            "sources: [{name: a, kind: portal, url: 'https://x.se', since: 2023-13-01}]",
            "since: must be a date",
        ),
        (
            "sources: [{name: a, kind: portal, url: 'https://x.se', lookback_days: -1}]",
            "lookback_days: must be a non-negative",
        ),
        (
            "sources: [{name: a, kind: portal, url: 'https://x.se', committees: []}]",
            "committees: must be 'all' or",
        ),
        (
            "sources: [{name: a, kind: url, url: 'https://x.se/a.pdf', committees: [x]}]",
            "only applies to kind portal",
        ),
        (
            "http: {read_timeout: soon}\nsources: [{name: a, kind: folder, path: x}]",
            "http.read_timeout: must be a float",
        ),
        ("http: {rate: 1}\nsources: [{name: a, kind: folder, path: x}]", "http.rate: unknown key"),
        (
            "http: {max_links_per_page: 0}\nsources: [{name: a, kind: folder, path: x}]",
            "http.max_links_per_page: must be a positive integer, got 0",
        ),
        (
            "http: {max_documents_per_meeting: '50'}\nsources: [{name: a, kind: folder, path: x}]",
            "http.max_documents_per_meeting: must be a positive integer, got '50'",
        ),
        (
            "http: {retries: yes}\nsources: [{name: a, kind: folder, path: x}]",
            "http.retries: must be a non-negative",
        ),
        ("http: 5\nsources: [{name: a, kind: folder, path: x}]", "http: must be a mapping"),
        ("sources: [x]", "sources[0]: must be a mapping, got str"),
        ("extra: 1\nsources: [{name: a, kind: folder, path: x}]", "extra: unknown top-level key"),
        ("- a", "(top level): must be a mapping"),
        (
            "sources: [{name: a, kind: folder, path: x}, {name: a, kind: folder, path: y}]",
            "name 'a' is used twice",
        ),
        ("version: 2\nsources: [{name: a, kind: folder, path: x}]", "version: only version 1"),
        ("sources: [unclosed", "not valid YAML"),
    ],
)
def test_errors_name_file_key_and_problem(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SourcesConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)
    assert "\n" not in str(err.value)  # one line


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")


def test_parse_source_arg(tmp_path: Path) -> None:
    portal = parse_source_arg("portal:https://politiskamoten.regionorebrolan.se/")
    assert (portal.kind, portal.url, portal.committees) == (
        "portal",
        "https://politiskamoten.regionorebrolan.se/",
        None,
    )
    url = parse_source_arg("https://example.org/x.pdf")
    assert (url.kind, url.url) == ("url", "https://example.org/x.pdf")
    folder = parse_source_arg(str(tmp_path))
    assert (folder.kind, folder.path) == ("folder", tmp_path)
    with pytest.raises(SourcesConfigError, match="does not exist"):
        parse_source_arg(str(tmp_path / "missing"))
    with pytest.raises(SourcesConfigError, match="only http"):
        parse_source_arg("ftp://example.org/x.pdf")
    with pytest.raises(SourcesConfigError, match="portal: must be an http"):
        parse_source_arg("portal:nowhere")
