"""Cross-year threads of assignments.

An organ gives many of the same assignments year after year, often reworded. Every
assignment has a fingerprint of its content words (`assignment_key`, the SQL macro in
views/m_assignment_key.sql). Assignments of an organ are linked into threads: the same
fingerprint in any of its years, and, for wordings left unmatched between two
consecutive reported years, the most similar wording (Jaccard similarity of content-word
sets at least `SIMILARITY`, or `SHORT_SIMILARITY` for short wordings; one-to-one, best first). A thread is named after the
assignment_id of its earliest member, so a reload of the same data gives the same ids.

A second copy of the same report (same organ, year, number and fingerprint in another
document) is marked `is_duplicate` and joins the first copy's thread.

Exact matching runs in DuckDB (vectorised, all rows); only the unmatched wordings come
to Python for the similarity step.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import groupby

import duckdb
import pyarrow as pa

from warehouse.sql import registered, statement, transaction

SIMILARITY = 0.5
# With few content words one differing word moves the score a lot ("Uppdrag 12 riktas
# till en annan beredning" vs "Uppdrag 10 ..." scores 0.6): short wordings need more.
SHORT_TOKENS = 5
SHORT_SIMILARITY = 0.75
RARE_SHARE = 0.05
RARE_MIN = 50
BATCH_ROWS = 100_000  # rows of the organs threaded at a time (bounds a large load's memory)
_WORD = re.compile(r"[a-zåäöéü]+|[0-9]+")
_YEAR = re.compile(r"(19|20)[0-9][0-9]")
# Same list as the SQL macro assignment_key (a test checks that both agree).
_STOPWORDS = """att och för med som till ett det den inom samt vid har ska skall under från kring
    utifrån alla även mer fler bland annat andra detta dessa sin sina sitt vara bli blir genom
    mellan efter över där här uppdrag uppdraget regionen regionens region nämnden nämndens
    beredningen beredningens"""
STOPWORDS = frozenset(_STOPWORDS.split())


def tokens(text: str | None) -> frozenset[str]:
    words = _WORD.findall((text or "").lower())
    return frozenset(
        w for w in words if (not _YEAR.fullmatch(w) if w.isdigit() else len(w) > 2 and w not in STOPWORDS)
    )


def assignment_key(text: str | None) -> str:
    """Python twin of the SQL macro, for tests and ad-hoc use."""
    return hashlib.md5(" ".join(sorted(tokens(text))).encode("utf-8")).hexdigest()[:16]


def _sql(name: str) -> str:
    return statement("threads", name)


def best_pairs(earlier: Sequence[tuple[str, str]], later: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """One-to-one (key, key) links between two years' unmatched wordings, most similar first.

    Candidates share at least one *rare* word (in at most `RARE_SHARE` of the later
    wordings, or `RARE_MIN` of them): templated wordings that share only common words
    would otherwise make this quadratic, and rarely belong together.
    """
    later_tokens = [tokens(text) for _, text in later]
    postings: dict[str, list[int]] = defaultdict(list)
    for j, toks in enumerate(later_tokens):
        for t in toks:
            postings[t].append(j)
    rare_limit = max(RARE_MIN, int(len(later) * RARE_SHARE))
    scored: list[tuple[float, int, int]] = []
    for i, (_, text) in enumerate(earlier):
        a = tokens(text)
        if not a:
            continue
        candidates: set[int] = set()
        for t in a:
            posting = postings.get(t)
            if posting and len(posting) <= rare_limit:
                candidates.update(posting)
        for j in candidates:
            b = later_tokens[j]
            shared = len(a & b)
            score = shared / (len(a) + len(b) - shared)
            if score >= (SIMILARITY if min(len(a), len(b)) >= SHORT_TOKENS else SHORT_SIMILARITY):
                scored.append((-score, i, j))
    scored.sort()
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((earlier[i][0], later[j][0]))
    return pairs


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def fuzzy_links(unmatched: Sequence[tuple[str, int, int, str, str]]) -> pa.Table:
    """(organ, assignment_key, root_key) for every wording merged with another one."""
    links: dict[str, _UnionFind] = {}
    for (organ, _y0), rows in groupby(unmatched, key=lambda r: (r[0], r[1])):
        group = list(rows)
        earlier = [(r[3], r[4] or "") for r in group if r[2] == 0]
        later = [(r[3], r[4] or "") for r in group if r[2] == 1]
        for a, b in best_pairs(earlier, later):
            links.setdefault(organ, _UnionFind()).union(a, b)
    organs, keys, roots = [], [], []
    for organ, uf in sorted(links.items()):
        for key in sorted(uf.parent):
            organs.append(organ)
            keys.append(key)
            roots.append(uf.find(key))
    return pa.table(
        {
            "organ": pa.array(organs, pa.string()),
            "assignment_key": pa.array(keys, pa.string()),
            "root_key": pa.array(roots, pa.string()),
        }
    )


def organ_batches(con: duckdb.DuckDBPyConnection, organs: Sequence[str], rows: int) -> list[list[str]]:
    """`organs` cut into batches of about `rows` stored rows each (an organ is never split)."""
    rows_of = dict(con.execute(_sql("organ_rows"), [sorted(organs)]).fetchall())
    batches: list[list[str]] = [[]]
    size = 0
    # An organ left without rows is in a batch too: its old threads and lineages must go.
    for organ in sorted(set(organs)):
        n = rows_of.get(organ, 0)
        if batches[-1] and size + n > rows:
            batches.append([])
            size = 0
        batches[-1].append(organ)
        size += n
    return [b for b in batches if b]


def relink(con: duckdb.DuckDBPyConnection, organs: Sequence[str]) -> int:
    """Re-thread `organs` over their stored rows; returns the number of fuzzy links found.

    Updates the rows whose thread changed and rewrites those organs' assignment_threads, a
    batch of organs at a time, each in its own transaction (an organ's threads depend on its
    own rows only), so the temporary tables and the transaction stay small at any size.
    """
    n_links = 0
    for batch in organ_batches(con, organs, BATCH_ROWS):
        organ_table = pa.table({"organ": pa.array(batch, pa.string())})
        with transaction(con), registered(con, incoming_organs=organ_table):
            con.execute(_sql("rows"))
            links = fuzzy_links(con.execute(_sql("unmatched")).fetchall())
            with registered(con, incoming_links=links):
                for name in (
                    "thread_map",
                    "update_existing",
                    "delete_threads",
                    "insert_threads",
                    "drop_temp",
                ):
                    con.execute(_sql(name))
            n_links += links.num_rows
    return n_links
