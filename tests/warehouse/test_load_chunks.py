"""A large load is written a chunk of files and a batch of organs at a time (bounded memory):
the result must not depend on where the chunks and batches fall, and a load that fails after
some chunks were written must publish nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from conftest import ORGAN_A, ORGAN_B, VERSION, assignment, corpus, file_load, report
from test_load import COVERAGE, FETCHES, snapshot

from warehouse import lineage_load, threads
from warehouse import load as load_module
from warehouse.load import FileLoad, load_and_publish
from warehouse.publish import stale_working_files

ORGAN_C = "Beredning för folkhälsa och sjukvård i länets västra del"


def more_organs() -> list[FileLoad]:
    """Two more organs over two years, so organ batches of one organ each differ from one batch."""
    out = []
    for organ, tag in ((ORGAN_B, "hsn-uppdrag"), (ORGAN_C, "vast")):
        for year in (2023, 2024):
            texts = [
                "Att se över hur akutmottagningarna bemannas under sommaren.",
                "Att ta fram en plan för fler utbildningsplatser för sjuksköterskor.",
                f"Att utvärdera försöket med mobila team under {year}.",
            ]
            out.append(
                file_load(
                    f"{tag}-{year}.pdf",
                    [report(organ, year, [assignment(k + 1, t, "pagar") for k, t in enumerate(texts)])],
                )
            )
    return out


def files() -> Iterator[FileLoad]:
    # A generator, as the pipeline passes them: the load must not need a list.
    yield from corpus()
    yield from more_organs()


def test_chunks_and_organ_batches_of_one_give_the_same_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = tmp_path / "whole" / "protokoll.duckdb"
    summary = load_and_publish(whole, files(), "run-1", VERSION, COVERAGE, FETCHES)
    monkeypatch.setattr(load_module, "CHUNK_BYTES", 1)
    monkeypatch.setattr(threads, "BATCH_ROWS", 1)
    monkeypatch.setattr(lineage_load, "BATCH_ROWS", 1)
    pieces = tmp_path / "pieces" / "protokoll.duckdb"
    summary_in_pieces = load_and_publish(pieces, files(), "run-1", VERSION, COVERAGE, FETCHES)
    assert snapshot(pieces) == snapshot(whole)
    assert (
        (summary_in_pieces.files, summary_in_pieces.assignments)
        == (summary.files, summary.assignments)
        == (
            11,
            22,
        )
    )
    assert len({row[1] for row in snapshot(whole)["assignment_threads"]}) == 3  # three organs threaded


@pytest.mark.parametrize("chunk_bytes", [1, 10_000_000], ids=["apart", "together"])
def test_a_file_given_twice_is_loaded_once_wherever_the_chunks_fall(
    warehouse_file: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int
) -> None:
    # Regression: copies in two chunks kept the first fetch time and URL, copies in one chunk
    # the last's.
    monkeypatch.setattr(load_module, "CHUNK_BYTES", chunk_bytes)
    first = file_load(
        "rapport.pdf",
        [report(ORGAN_A, 2024, [assignment(1, "Att införa nya rutiner.")])],
        url="https://example.org/rapport.pdf",
        fetched_at="2024-01-05T08:00:00+00:00",
    )
    mirror = replace(
        first, url="https://example.org/spegel/rapport.pdf", fetched_at="2024-06-01T08:00:00+00:00"
    )
    unknown = replace(first, url=None, fetched_at="2024-09-01T08:00:00+00:00")
    summary = load_and_publish(warehouse_file, [first, *more_organs(), mirror, unknown], "run-1", VERSION)
    assert (summary.files, summary.assignments) == (5, 13)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM assignments WHERE organ = ?", [ORGAN_A]).fetchall() == [(1,)]
        # The last known URL and the first fetch time, as a later load would keep them.
        assert con.execute(
            "SELECT url, strftime(fetched_at AT TIME ZONE 'UTC', '%Y-%m-%d') FROM source_files "
            "WHERE file_name = 'rapport.pdf'"
        ).fetchall() == [("https://example.org/spegel/rapport.pdf", "2024-01-05")]


@pytest.mark.parametrize("chunk_bytes", [1, 10_000_000], ids=["apart", "together"])
def test_a_failed_fetch_of_a_url_that_arrived_intact_in_the_same_load_is_dropped(
    warehouse_file: Path, monkeypatch: pytest.MonkeyPatch, chunk_bytes: int
) -> None:
    monkeypatch.setattr(load_module, "CHUNK_BYTES", chunk_bytes)
    good = file_load("plan.pdf", [report(ORGAN_B, 2024, [])], url="https://example.org/plan.pdf")
    failed = FileLoad(
        "fetch:plan",
        "https://example.org/plan.pdf",
        "plan.pdf",
        "2024-01-02T03:04:05Z",
        "rejected",
        "http_500: x",
    )
    other = FileLoad(
        "fetch:annat",
        "https://example.org/annat.pdf",
        "annat.pdf",
        "2024-01-02T03:04:05Z",
        "rejected",
        "http_404: x",
    )
    for i, order in enumerate(([failed, other, good], [good, failed, other])):
        path = warehouse_file.with_name(f"order-{i}.duckdb")
        summary = load_and_publish(path, order, "run-1", VERSION)
        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.execute("SELECT sha256, status FROM source_files ORDER BY 1").fetchall()
        assert sorted(rows) == sorted([("fetch:annat", "rejected"), (good.sha256, "ok")])
        assert (summary.files, summary.files_rejected) == (2, 1)


class SourceFailed(RuntimeError):
    pass


def test_a_load_failing_after_some_chunks_were_written_publishes_nothing(
    warehouse_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_and_publish(warehouse_file, corpus(), "run-1", VERSION)
    before = snapshot(warehouse_file)
    monkeypatch.setattr(load_module, "CHUNK_BYTES", 1)

    def failing() -> Iterator[FileLoad]:
        yield from more_organs()  # four chunks, each committed in the working copy
        raise SourceFailed("the cache went away")

    with pytest.raises(SourceFailed):
        load_and_publish(warehouse_file, failing(), "run-2", VERSION)
    assert snapshot(warehouse_file) == before
    assert stale_working_files(warehouse_file) == []
