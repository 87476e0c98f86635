"""An assignment's judgment from the statements of its block: status by the precedence of
EXTRACTION.md (the last year-end judgment, else the first "pagar", else "okant"), beredning and
multi_year from the span groups the spaCy components set."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from extractors.cleanup import one_line
from extractors.rules import RuleSet, default_rules
from vocab.labels import YEAR_END


def _sentence_at(doc: Doc, text: str, offset: int) -> str:
    bounds: list[tuple[int, int]] = doc.user_data["sent_bounds"]
    i = max(0, bisect.bisect_right(bounds, (offset, len(text) + 1)) - 1)
    return text[bounds[i][0] : bounds[i][1]]


Hits = dict[str, list[tuple[int, str]]]


def span_hits(doc: Doc) -> Hits:
    """Span groups as plain (offset, label) lists: each doc.spans[...] access rebuilds Span objects."""
    return {
        k: [(sp.start_char, sp.label_) for sp in doc.spans[k]] for k in ("status", "beredning", "multi_year")
    }


def decide_status(
    doc: Doc, text: str, hits: Hits, lo: int, hi: int, skip: tuple[int, int] = (0, 0)
) -> tuple[str, str | None]:
    """The block [lo, hi)'s judgment; statements inside ``skip`` (the task's own words) are not one."""
    found = [h for h in hits["status"] if lo <= h[0] < hi and not skip[0] <= h[0] < skip[1]]
    year_end = [h for h in found if h[1] in YEAR_END]
    if year_end:
        chosen = year_end[-1]  # the report's closing judgment is the last one it gives
    elif found:
        chosen = found[0]
    else:
        return "okant", None
    return chosen[1], one_line(_sentence_at(doc, text, chosen[0]))


def decide_beredning(hits: Hits, lo: int, hi: int, default: str) -> str:
    labels = {label for pos, label in hits["beredning"] if lo <= pos < hi}
    for label in ("ej_aktuellt", "ej_behandlat"):
        if label in labels:
            return label
    return default


@dataclass(frozen=True)
class Judgment:
    status: str
    evidence: str | None
    beredning: str
    multi_year: bool


def judge(nlp: Any, comment: str, year: int | None = None, rules: RuleSet | None = None) -> Judgment:
    """Status, beredning and multi_year of one assignment's comment text (pure; for tests and tools)."""
    from extractors.nlp import analyse

    rules = rules or default_rules()
    doc = analyse(nlp, comment, year=year, organ=None)
    hits = span_hits(doc)
    status, evidence = decide_status(doc, comment, hits, 0, len(comment))
    return Judgment(
        status,
        evidence,
        decide_beredning(hits, 0, len(comment), rules.beredning_default),
        bool(hits["multi_year"]),
    )
