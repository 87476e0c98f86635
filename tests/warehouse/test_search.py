"""`protokoll search` and the search_pages macro on real warehouses built in tmp_path.

The CLI runs as a real process (`python -m pipelines.cli`), as an analyst runs it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import ORGAN_A, ORGAN_B, VERSION, kallelse, report, sha

from warehouse.fts import read_stopwords
from warehouse.load import FileLoad, load_and_publish
from warehouse.schema import migrate

PROJECT = Path(__file__).resolve().parents[2]

# Our own sentences. Inflected forms differ on purpose from the queries below.
PAGES_2023 = [
    "Beredningen fick ett nytt uppdrag om väntetiderna inom ortopedi. Arbetet leds av en styrgrupp.",
    "Beredningen följer väntetiderna i primärvården och vid akutmottagningen.",
    "Målen för tandvården följs upp två gånger per år. Idéerna från invånardialogen har samlats in. "
    "Sammanträdet i maj ställdes in.",
]
PAGES_2024 = [
    "Kallelse till sammanträde i lokalen Linden. Ärende 4: budgeten för hjälpmedel.",
    "Nämnden har beslutat om en ny plan för läkemedelsförsörjningen.",
]


def page_file(name: str, documents: list[dict[str, Any]], texts: list[str]) -> FileLoad:
    digest = sha(name)
    return FileLoad(
        sha256=digest,
        url=f"https://example.org/{name}",
        file_name=name,
        fetched_at="2024-01-02T03:04:05+00:00",
        status="ok",
        pages=len(texts),
        extraction={"source": name, "sha256": digest, "pages": len(texts), "documents": documents},
        page_texts=list(enumerate(texts, 1)),
        extractor_version=VERSION,
    )


def first_files() -> list[FileLoad]:
    r2023 = {**report(ORGAN_A, 2023, []), "page_end": 3}
    bundle = [kallelse(ORGAN_B, "2024-03-12"), {**report(ORGAN_B, 2024, []), "page_start": 2, "page_end": 2}]
    return [
        page_file("rapport-2023.pdf", [r2023], PAGES_2023),
        page_file("kallelse-2024.pdf", bundle, PAGES_2024),
    ]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PROTOKOLL_WAREHOUSE"}
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def search_json(warehouse: Path, query: str, *extra: str) -> list[dict[str, Any]]:
    done = cli("search", query, "--warehouse", str(warehouse), "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


@pytest.fixture
def loaded(warehouse_file: Path) -> Path:
    load_and_publish(warehouse_file, first_files(), "run-1", VERSION)
    return warehouse_file


def test_ranked_rows_with_document_organ_year_page_and_marked_snippet(loaded: Path) -> None:
    rows = search_json(loaded, "väntetider ortopedi")
    assert [(r["rank"], r["file_name"], r["page"]) for r in rows] == [
        (1, "rapport-2023.pdf", 1),  # both words
        (2, "rapport-2023.pdf", 2),  # one
    ]
    assert rows[0]["score"] > rows[1]["score"] > 0
    top = rows[0]
    assert (top["organ"], top["year"], top["doc_type"]) == (ORGAN_A, 2023, "aterrapportering")
    assert top["title"] == "Återrapportering av uppdrag 2023"
    assert top["url"] == "https://example.org/rapport-2023.pdf"
    assert "«väntetiderna» inom «ortopedi»." in top["snippet"]


def test_inflected_query_finds_other_forms(loaded: Path) -> None:
    # "uppdragen" is on no page; "uppdrag" is (page 1 only).
    assert [(r["file_name"], r["page"]) for r in search_json(loaded, "uppdragen")] == [
        ("rapport-2023.pdf", 1)
    ]
    assert [(r["file_name"], r["page"]) for r in search_json(loaded, "tandvård")] == [("rapport-2023.pdf", 3)]
    # Definite neuter forms, which the Snowball stemmer leaves whole, meet their word.
    assert [(r["file_name"], r["page"]) for r in search_json(loaded, "uppdraget")] == [
        ("rapport-2023.pdf", 1)
    ]
    rows = search_json(loaded, "sammanträde")
    assert sorted((r["file_name"], r["page"]) for r in rows) == [
        ("kallelse-2024.pdf", 1),
        ("rapport-2023.pdf", 3),
    ]
    assert any("«Sammanträdet» i maj" in r["snippet"] for r in rows)
    # A page of the bundle's second document is that document's (organ, year).
    [budget] = search_json(loaded, "budget")
    assert (budget["file_name"], budget["page"], budget["organ"], budget["year"]) == (
        "kallelse-2024.pdf",
        1,
        ORGAN_B,
        2024,
    )
    [plan] = search_json(loaded, "planen")
    assert (plan["page"], plan["doc_type"]) == (2, "aterrapportering")


def test_accents_fold_except_swedish_letters(loaded: Path) -> None:
    assert [r["page"] for r in search_json(loaded, "ideer")] == [3]  # é folds: "Idéerna"
    assert [r["page"] for r in search_json(loaded, "målet mål")] == [3]
    assert search_json(loaded, "malen") == []  # å is its own letter: "mal" is not "mål"


def test_stop_words_are_ignored(loaded: Path) -> None:
    plain = search_json(loaded, "väntetider ortopedi")
    noisy = search_json(loaded, "väntetider och ortopedi för att")
    assert noisy == plain and len(plain) == 2
    done = cli("search", "och att för", "--warehouse", str(loaded))
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip() == 'nothing to search for: "och att för" has only stop words (e.g. och, att, för)'
    )


def test_no_hits_is_a_clear_message_and_exit_0(loaded: Path) -> None:
    done = cli("search", "kvantfysik", "--warehouse", str(loaded))
    assert (done.returncode, done.stdout, done.stderr) == (0, 'no page matches "kvantfysik"\n', "")
    done = cli("search", "kvantfysik", "--warehouse", str(loaded), "--format", "json")
    assert (done.returncode, done.stdout) == (0, "[]\n")
    assert done.stderr == 'protokoll search: no page matches "kvantfysik"\n'


def test_table_format_and_limit(loaded: Path) -> None:
    done = cli("search", "väntetider", "--warehouse", str(loaded), "--limit", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["#", "score", "document", "year", "page", "organ"]
    # One word, once on each page: the shorter page (2) ranks first (BM25 length normalisation).
    rank, score, *rest = lines[1].split()[:5]
    assert (rank, rest) == ("1", ["rapport-2023.pdf", "2023", "2"]) and float(score) > 0
    assert lines[1].endswith("  " + ORGAN_A)  # the organ last, whole
    assert "«väntetiderna»" in " ".join(lines[2:-1])  # not a terminal: marks, no ANSI codes
    assert "\x1b[" not in done.stdout
    assert lines[-1] == "(1 page)"


def test_search_is_read_only_and_errors_are_one_line(loaded: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(loaded.read_bytes()).hexdigest()
    assert cli("search", "väntetider", "--warehouse", str(loaded)).returncode == 0
    assert hashlib.sha256(loaded.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in loaded.parent.iterdir()) == [loaded.name, loaded.name + ".lock"]

    missing = cli("search", "väntetider", "--warehouse", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and missing.stderr.startswith("protokoll search: no warehouse at")
    # A warehouse published before the index existed: migrated, never loaded by this code.
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        migrate(con)
    done = cli("search", "väntetider", "--warehouse", str(old))
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "has no search index yet" in done.stderr


def test_macro_in_protokoll_query_sandbox(loaded: Path) -> None:
    sql = "SELECT rank, file_name, page, organ FROM search_pages('uppdragen väntetider', max_rows := 5)"
    done = cli("query", sql, "--warehouse", str(loaded), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"rank": 1, "file_name": "rapport-2023.pdf", "page": 1, "organ": ORGAN_A},
        {"rank": 2, "file_name": "rapport-2023.pdf", "page": 2, "organ": ORGAN_A},
    ]
    # Loading the extension did not open the file system to the analyst's SQL.
    done = cli("query", "SELECT * FROM read_text('/etc/hostname')", "--warehouse", str(loaded))
    assert done.returncode == 1 and "disabled by configuration" in done.stderr


def test_index_is_rebuilt_by_every_load(loaded: Path) -> None:
    assert search_json(loaded, "läkemedelsförsörjning")[0]["file_name"] == "kallelse-2024.pdf"
    assert search_json(loaded, "färdtjänsten") == []
    # Second load: a new file, and the 2024 bundle replaced by a version without that page.
    new = page_file(
        "rapport-2025.pdf",
        [report(ORGAN_B, 2025, [])],
        ["Färdtjänst för personer med funktionsnedsättning utreds under hösten."],
    )
    replaced = page_file("kallelse-2024.pdf", first_files()[1].extraction["documents"], PAGES_2024[:1])  # type: ignore[index]
    load_and_publish(loaded, [new, replaced], "run-2", VERSION)
    [hit] = search_json(loaded, "färdtjänsten")
    assert (hit["file_name"], hit["organ"], hit["year"], hit["page"]) == (
        "rapport-2025.pdf",
        ORGAN_B,
        2025,
        1,
    )
    assert search_json(loaded, "läkemedelsförsörjning") == []
    with duckdb.connect(str(loaded), read_only=True) as con:
        pages = con.execute("SELECT count(*) FROM pages").fetchone()
        indexed = con.execute("SELECT num_docs FROM fts_main_page_search.stats").fetchone()
    assert pages == indexed == (5,)


def test_stopword_list_is_checked(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("# comment\noch\natt\n\när\n", encoding="utf-8")
    assert read_stopwords(good) == ("och", "att", "är")
    for bad, message in (
        ("Och\n", "not one lower-case word"),
        ("och\noch\n", "listed twice"),
        ("t.ex\n", "not one"),
    ):
        path = tmp_path / "bad.txt"
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            read_stopwords(path)


def test_search_does_not_import_pandas_and_leaves_it_importable(loaded: Path) -> None:
    # DuckDB imports pandas (seconds on a busy machine) when it binds a parameter, unless told
    # it is unavailable; the command marks it so only while it runs.
    code = (
        "import sys\n"
        "from pipelines.cli import main\n"
        f"assert main(['search', 'väntetider', '--warehouse', {str(loaded)!r}, '--format', 'json']) == 0\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
        "import duckdb, pandas\n"
        "assert duckdb.sql('SELECT 1 AS a').df()['a'].tolist() == [1]\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert [r["page"] for r in json.loads(done.stdout)] == [2, 1]


def test_matches_in_bold_on_a_terminal(loaded: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("PROTOKOLL_WAREHOUSE", "NO_COLOR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "search", "ortopedi", "--warehouse", str(loaded)],
        cwd=PROJECT,
        env=env,
        stdout=follower,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(300) == 0
    out = b"".join(chunks).decode()
    assert "\x1b[1mortopedi\x1b[0m." in out and "«" not in out
