"""The tables `protokoll demo` prints: one line per body, one column per year, so a trend reads
along a line. Read from the warehouse views (`sql/year_table.sql`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vocab.labels import DONE

SQL = Path(__file__).with_name("sql") / "year_table.sql"
NAME_WIDTH = 40  # body names wrap onto indented lines, never cut
CELL = 6
UNKNOWN_BODY = "(body not recognised)"

Row = dict[str, Any]


def year_table(warehouse: Path) -> list[Row]:
    """Per organ and year: assignments with a status, judged done, bare references, meetings."""
    from warehouse.query import connect_readonly

    con = connect_readonly(warehouse)
    try:
        rows = con.execute(SQL.read_text(encoding="utf-8"), {"done": list(DONE)}).fetchall()
    finally:
        con.close()
    keys = ("assignments", "done", "bare_references", "meetings")
    return [
        {"organ": o, "year": None if y is None else int(y), **dict(zip(keys, map(int, rest), strict=True))}
        for o, y, *rest in rows
    ]


def _years(rows: list[Row]) -> list[int | None]:
    return sorted({r["year"] for r in rows}, key=lambda y: (y is None, y or 0))


def _organs(rows: list[Row]) -> list[str | None]:
    return sorted({r["organ"] for r in rows}, key=lambda o: (o is None, o or ""))


def _share(done: int, n: int) -> str:
    return f"{done / n:.0%}" if n else "-"


def _grid(
    rows: list[Row], title: str, cell: Callable[[list[Row]], str], total_label: str, total_row: str
) -> list[str]:
    """Bodies down, years across; `cell` renders the rows of one body-year (or of a whole line)."""
    years = _years(rows)
    head = f"{'body':<{NAME_WIDTH}}" + "".join(f"{y or '?':>{CELL}}" for y in years) + f"{total_label:>8}"
    out = [title, head, "-" * len(head)]
    lines: list[tuple[str, list[Row]]] = [
        (o or UNKNOWN_BODY, [r for r in rows if r["organ"] == o]) for o in _organs(rows)
    ]
    lines.append((total_row, rows))
    for name, own in lines:
        cells = "".join(f"{cell([r for r in own if r['year'] == y]):>{CELL}}" for y in years)
        wrapped = textwrap.wrap(name, NAME_WIDTH - 2, subsequent_indent="  ") or [""]
        out.append(f"{wrapped[0]:<{NAME_WIDTH}}{cells}{cell(own):>8}")
        out += wrapped[1:]
    return out


def _done_cell(rs: list[Row]) -> str:
    return _share(sum(r["done"] for r in rs), sum(r["assignments"] for r in rs))


def _meetings_cell(rs: list[Row]) -> str:
    return str(sum(r["meetings"] for r in rs)) if rs else "-"


def render_table(rows: list[Row]) -> str:
    """The share judged done and the meetings held, per body and year, with totals."""
    if not rows:
        return "(the warehouse holds no assignments or meetings yet)"
    done = _grid(
        rows,
        "Share of assignments judged done (genomfort or arsdel_genomford), by body and report year:",
        _done_cell,
        "all",
        "all bodies",
    )
    meetings = _grid(
        rows, "Meetings held (distinct meeting dates), by body and year:", _meetings_cell, "all", "all bodies"
    )
    return "\n".join([*done, "", *meetings])


def counts_note(rows: list[Row]) -> str:
    """What the tables count, in the same words as the corpus line and `protokoll status`."""
    n = sum(r["assignments"] for r in rows)
    refs = sum(r["bare_references"] for r in rows)
    reports = sum(1 for r in rows if r["assignments"])
    text = f"The shares count {n} assignments with a status in {reports} body-years"
    if refs:
        text += (
            f"; the warehouse also keeps {refs} bare references (a number named without its text, such"
            ' as "Uppdrag 6 riktas till en annan beredning."), which have no status of their own and'
            f" are left out of the shares: {n + refs} assignments in all, as `status` shows"
        )
    meetings = sum(r["meetings"] for r in rows)
    return textwrap.fill(text + f". Meetings: {meetings}.", 100)
