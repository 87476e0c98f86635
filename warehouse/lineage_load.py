"""Rebuild assignment lineages in the load (warehouse/lineage.py does the linking).

Called by `warehouse.load.load_into` after the fact tables are written, a batch of organs per
transaction, in the working copy that is published only when the whole load succeeds, so a
published warehouse always has lineages that match its rows. The organs
rebuilt are those the load touched plus any whose lineages are stale (rows never placed in
a lineage, members whose row is gone): a warehouse migrated from an older version gets
its lineages on its next load. Each organ's lineages depend on that organ's rows only, so
loading files in any order or again gives the same lineages and ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.lineage import Member, link_organ
from warehouse.normalise import normalised
from warehouse.sql import registered, statement, transaction
from warehouse.threads import organ_batches

MEMBERS_SCHEMA = pa.schema(
    [
        ("assignment_id", pa.string()),
        ("lineage_id", pa.string()),
        ("organ", pa.string()),
        ("year", pa.int32()),
        ("shown", pa.bool_()),
        ("normalised", pa.string()),
        ("first_year", pa.int32()),
        ("last_year", pa.int32()),
        ("n_years", pa.int32()),
        ("link_method", pa.string()),
        ("link_score", pa.float64()),
        ("previous_year", pa.int32()),
        ("dropped_in", pa.int32()),
        ("position", pa.int64()),
    ]
)
BATCH_ROWS = 100_000
LINKS_SCHEMA = pa.schema(
    [
        ("lineage_id", pa.string()),
        ("organ", pa.string()),
        ("from_assignment_id", pa.string()),
        ("to_assignment_id", pa.string()),
        ("from_year", pa.int32()),
        ("to_year", pa.int32()),
        ("score", pa.float64()),
        ("method", pa.string()),
    ]
)


def _sql(name: str) -> str:
    return statement("lineage", name)


def read_members(con: duckdb.DuckDBPyConnection, organs: list[str]) -> dict[str, list[Member]]:
    """The candidate rows of `organs`, normalised, by organ."""
    table = con.execute(_sql("members"), [organs]).to_arrow_table()
    cols = {name: table.column(name).to_pylist() for name in table.column_names}
    # Wordings repeat from year to year: normalise each distinct one once.
    norms = {t: normalised(t) for t in set(cols["text"])}
    by_organ: dict[str, list[Member]] = defaultdict(list)
    for i, aid in enumerate(cols["assignment_id"]):
        organ = cols["organ"][i]
        by_organ[organ].append(
            Member(
                aid,
                organ,
                cols["year"][i],
                cols["document_id"][i],
                cols["number"][i],
                cols["section"][i],
                cols["rank"][i],
                norms[cols["text"][i]],
            )
        )
    return by_organ


def _organ_columns(organ: str, rows: list[Member]) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    lineage, found = link_organ(rows)
    incoming = {link.target: link for link in found}
    years: dict[str, set[int]] = defaultdict(set)
    for m in rows:
        years[lineage[m.assignment_id]].add(m.year)
    span = {lid: (min(ys), max(ys), len(ys)) for lid, ys in years.items()}
    # Written in history order (lineage, year), the order v_assignment_history lists.
    ordered = sorted(rows, key=lambda m: (lineage[m.assignment_id], m.year, m.assignment_id))
    lids = [lineage[m.assignment_id] for m in ordered]
    into = [incoming.get(m.assignment_id) for m in ordered]
    year = {m.assignment_id: m.year for m in rows}
    reported = sorted({m.year for m in rows})
    next_reported = dict(zip(reported, [*reported[1:], None], strict=True))
    onward = {k.source: year[k.target] for k in found if k.method != "copy"}
    # The span and the incoming link are kept on every member, so the history view reads
    # one table beside assignments.
    members: dict[str, list[Any]] = {
        "assignment_id": [m.assignment_id for m in ordered],
        "lineage_id": lids,
        "organ": [organ] * len(ordered),
        "year": [m.year for m in ordered],
        "shown": [k is None or k.method != "copy" for k in into],
        "normalised": [m.normalised for m in ordered],
        "first_year": [span[lid][0] for lid in lids],
        "last_year": [span[lid][1] for lid in lids],
        "n_years": [span[lid][2] for lid in lids],
        "link_method": [k.method if k else None for k in into],
        "link_score": [k.score if k else None for k in into],
        "previous_year": [year[k.source] if k and k.method != "copy" else None for k in into],
        # the organ's next reported year, when this lineage is not reported in it
        "dropped_in": [
            None if onward.get(m.assignment_id) == next_reported[m.year] else next_reported[m.year]
            for m in ordered
        ],
        "position": list(range(len(ordered))),
    }
    links: dict[str, list[Any]] = {
        "lineage_id": [lineage[k.source] for k in found],
        "organ": [organ] * len(found),
        "from_assignment_id": [k.source for k in found],
        "to_assignment_id": [k.target for k in found],
        "from_year": [year[k.source] for k in found],
        "to_year": [year[k.target] for k in found],
        "score": [k.score for k in found],
        "method": [k.method for k in found],
    }
    return members, links


def _tables(by_organ: dict[str, list[Member]]) -> tuple[pa.Table, pa.Table]:
    members: dict[str, list[Any]] = {f.name: [] for f in MEMBERS_SCHEMA}
    links: dict[str, list[Any]] = {f.name: [] for f in LINKS_SCHEMA}
    for organ in sorted(by_organ):
        m_cols, l_cols = _organ_columns(organ, by_organ[organ])
        m_cols["position"] = [p + len(members["position"]) for p in m_cols["position"]]
        for key, values in m_cols.items():
            members[key] += values
        for key, values in l_cols.items():
            links[key] += values
    return (
        pa.Table.from_pydict(members, schema=MEMBERS_SCHEMA),
        pa.Table.from_pydict(links, schema=LINKS_SCHEMA),
    )


def rebuild(con: duckdb.DuckDBPyConnection, organs: Sequence[str]) -> int:
    """Rebuild the lineages of `organs` (and of stale organs); returns the number of links.

    A batch of organs (about BATCH_ROWS rows) per transaction bounds a large load's memory.
    """
    wanted = sorted(set(organs) | {r[0] for r in con.execute(_sql("stale_organs")).fetchall()})
    n_links = 0
    for batch in organ_batches(con, wanted, BATCH_ROWS):
        members, links = _tables(read_members(con, batch))
        with transaction(con):
            for table in ("members", "links", "lineages"):
                con.execute(_sql(f"delete_{table}"), [batch])
            with registered(con, incoming_lineage_members=members, incoming_lineage_links=links):
                con.execute(_sql("insert"))
        n_links += links.num_rows
    return n_links
