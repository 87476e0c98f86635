"""The year table `protokoll demo` prints, read from the warehouse views."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vocab.labels import DONE

SQL = Path(__file__).with_name("sql") / "year_table.sql"


def year_table(warehouse: Path) -> list[dict[str, Any]]:
    """Per organ and year: assignments, share judged done, meetings (from the warehouse views)."""
    from warehouse.query import connect_readonly

    con = connect_readonly(warehouse)
    try:
        rows = con.execute(SQL.read_text(encoding="utf-8"), {"done": list(DONE)}).fetchall()
    finally:
        con.close()
    return [
        {"organ": o, "year": int(y), "assignments": int(a), "done": int(d), "meetings": int(mt)}
        for o, y, a, d, mt in rows
    ]


def render_table(rows: list[dict[str, Any]]) -> str:
    def short(organ: str | None) -> str:
        s = (organ or "(body not recognised)").removeprefix("Beredning för ")
        return (s[:38] + "…") if len(s) > 39 else s

    out = [f"{'year':<6}{'body':<41}{'assignments':>12}{'judged done':>13}{'meetings':>10}"]
    out.append("-" * len(out[0]))
    last_year = None
    for r in rows:
        year = str(r["year"]) if r["year"] != last_year else ""
        last_year = r["year"]
        share = f"{r['done'] / r['assignments']:.0%}" if r["assignments"] else "-"
        out.append(f"{year:<6}{short(r['organ']):<41}{r['assignments']:>12}{share:>13}{r['meetings']:>10}")
    return "\n".join(out)
