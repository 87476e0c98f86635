"""Ranked full-text search over the cleaned text of every page.

The index (DuckDB's fts extension: Swedish Snowball stemmer, BM25) is rebuilt by every load
in the working file, before it is published, so a published warehouse always has an index
of exactly its pages. Its parts, all derived and replaced on each load:

- `page_search`: the indexed copy of `pages` (a `page_key` column, text folded by `search_fold`)
- `search_stopwords`: the Swedish stop words of `search_stopwords_sv.txt`
- schema `fts_main_page_search`: the extension's index tables and macros, and `merged` (stems
  of definite neuter forms merged into their word's stem: 'uppdraget' -> 'uppdrag')
- macros `search_fold(text)`, `search_terms(query)` and `search_pages(query, max_rows := 20)`

    with connect_readonly(path) as con:
        con.sql("SELECT * FROM search_pages('väntetider ortopedi')").df()
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from warehouse.fts import SearchUnavailable, load_fts, stopwords
from warehouse.query import connect_sandboxed
from warehouse.sql import statement

BUILD_STEPS = (
    "fold_macro",
    "page_text",
    "stopwords",
    "index",
    "merge_definite",
    "sort_terms",
    "terms_macro",
    "search_macro",
)
COLUMNS = (
    "rank",
    "score",
    "file_name",
    "title",
    "doc_type",
    "organ",
    "year",
    "page",
    "snippet",
    "document_id",
    "sha256",
    "url",
)


def build_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the page index and the search macros in an open, writable database."""
    load_fts(con)
    for step in BUILD_STEPS:
        params: list[Any] = [list(stopwords())] if step == "stopwords" else []
        con.execute(statement("search", step), params)


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(statement("search", "has_index")).fetchone()
    return bool(row and row[0])


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]  # the query's stems as the index has them; [] when only stop words
    columns: list[str]
    rows: list[tuple[Any, ...]]


def connect_search(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The read-only, file-system-free connection of `protokoll query`, on one thread: a search
    costs 35-50 ms of one core at 12,000 pages, and on the busy shared 2-core machine a second
    thread made it up to twice as slow in wall time (benchmarks/RESULTS.md)."""
    return connect_sandboxed(path, threads=1)


def search(path: str | Path, query: str, limit: int = 20) -> SearchResult:
    """Pages matching `query`, best first (the rows of `search_pages`).

    For the CLI and scripts; in a notebook with a connection open, use that connection's
    `search_pages(...)` (DuckDB refuses a second connection to the file with other settings
    in the same process). Raises WarehouseMissing, or SearchUnavailable for a warehouse
    without an index (published by code older than the index; the next load builds it).
    """
    with connect_search(path) as con:
        if not has_index(con):
            raise SearchUnavailable(
                f"the warehouse at {path} has no search index yet; the next `protokoll ingest` builds it"
            )
        row = con.execute(statement("search", "query_terms"), [query]).fetchone()
        terms = list(row[0]) if row and row[0] else []
        if not terms:
            return SearchResult(query, [], list(COLUMNS), [])
        cursor = con.execute(statement("search", "search"), [query, limit])
        return SearchResult(query, terms, [d[0] for d in cursor.description or []], cursor.fetchall())
