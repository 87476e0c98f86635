"""The lines `protokoll demo` prints around its tables: what the corpus holds, and where to go next."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project folder, where run.sh lives
DEFAULT_WAREHOUSE = ROOT / "warehouse" / "protokoll.duckdb"


def corpus_line(corpus: Path) -> str:
    """Counts read back from the corpus's truth files and manifest (the same whether just
    generated or reused), in the words the year table and `protokoll status` use."""
    pdfs = pages = documents = assignments = references = 0
    for path in (corpus / "truth").glob("*.json"):
        truth = json.loads(path.read_text(encoding="utf-8"))
        pdfs += 1
        pages += truth["pages"]
        documents += len(truth["documents"])
        for doc in truth["documents"]:
            for a in doc["assignments"]:
                references += bool(a.get("optional"))
                assignments += not a.get("optional")
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    meetings = sum(1 for c in manifest["committees"] for m in c["meetings"] if not m.get("cancelled"))
    return (
        f"corpus: {pdfs} PDFs, {pages} pages, {documents} documents, {assignments} assignments with a "
        f"status + {references} bare references, {meetings} meetings"
    )


def _runner() -> str:
    """How to call the project's commands from a fresh shell (`protokoll` is only on the venv's PATH)."""
    run_sh = ROOT / "run.sh"
    if not run_sh.is_file():
        return "protokoll"
    return "./run.sh" if Path.cwd().resolve() == ROOT else shlex.quote(str(run_sh))


def next_steps(warehouse: Path) -> list[str]:
    """Commands that work as printed in a new terminal, pointed at the demo's warehouse."""
    run = _runner()
    default = warehouse.resolve() == DEFAULT_WAREHOUSE
    flag = "" if default else f" --warehouse {shlex.quote(str(warehouse))}"
    env = "" if default else f"PROTOKOLL_WAREHOUSE={shlex.quote(str(warehouse))} "
    query = "SELECT organ, year, status, n FROM v_status_by_year ORDER BY organ, year, status"
    lines = [
        "next, in any shell:",
        f"  {run} status{flag}",
        f'  {run} query "{query}"{flag}',
    ]
    if run != "protokoll":
        lines.append(f"  {env}{run} notebooks      (JupyterLab on notebooks/, reading this warehouse)")
    return lines
