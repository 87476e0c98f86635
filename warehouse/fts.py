"""DuckDB's full-text search extension, loaded from the pinned PyPI package, never downloaded.

`duckdb-extension-fts` ships `fts.duckdb_extension` built for exactly one DuckDB version
(pyproject.toml pins the two together). Loading it from that file works without internet
and before a connection is locked down: `stem()` and the index's `match_bm25` macro need it
in every connection that searches, including `protokoll query`'s sandbox.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
STOPWORDS_FILE = HERE / "search_stopwords_sv.txt"


class SearchUnavailable(RuntimeError):
    """The fts extension for this DuckDB version is not installed, or the warehouse has no index."""


@cache
def extension_path() -> Path:
    """The extension file for the running DuckDB version."""
    try:
        import duckdb_extension_fts
    except ImportError as exc:
        raise SearchUnavailable(
            "the package duckdb-extension-fts is not installed (uv sync installs it)"
        ) from exc
    root = Path(duckdb_extension_fts.__file__).resolve().parent / "extensions"
    path = root / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.is_file():
        shipped = sorted(p.name for p in root.iterdir()) if root.is_dir() else []
        raise SearchUnavailable(
            f"duckdb-extension-fts has no extension for DuckDB {duckdb.__version__} "
            f"(it ships {', '.join(shipped) or 'none'}); pin the two to the same version"
        )
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the extension into the connection's database (a no-op when already loaded)."""
    con.load_extension(str(extension_path()))


def read_stopwords(path: Path) -> tuple[str, ...]:
    """Stop words of a list file, checked: one lower-case word a line, no repeats, '#' comments."""
    words: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        word = raw.strip()
        if not word or word.startswith("#"):
            continue
        if word != word.lower() or not word.isalnum():
            raise ValueError(f"{path.name}:{number}: {word!r} is not one lower-case word")
        if word in words:
            raise ValueError(f"{path.name}:{number}: {word!r} listed twice")
        words.append(word)
    return tuple(words)


@cache
def stopwords() -> tuple[str, ...]:
    """The Swedish stop words of the search index."""
    return read_stopwords(STOPWORDS_FILE)
