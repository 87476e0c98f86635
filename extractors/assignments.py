"""Assignments: numbering, text, section, and status / beredning / multi_year with evidence.

An assignment owns a block of text from its start to the next assignment, heading or list intro.
Its status comes from the statements in that block after the assignment's own text, by the
precedence of EXTRACTION.md: a year-end judgment over "pagar" over "okant".
"""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc

from extractors.cleanup import TextSpan, one_line
from extractors.context import judge_statement
from extractors.judgment import decide_beredning, decide_status, span_hits
from extractors.markers import Marker, find_markers, series
from extractors.model import Line
from extractors.rules import RuleSet
from extractors.structure import COMMENT_LABEL, LineKind
from vocab.labels import STATUS_RANK, YEAR_END

# Types whose running text gives assignments; a notice's agenda items and a PM's proposals do not.
ASSIGNMENT_DOC_TYPES = ("aterrapportering", "aktivitetsplan", "protokoll", "ovrigt")


def _page_at(spans: list[TextSpan], starts: list[int], offset: int) -> int:
    i = max(0, bisect.bisect_right(starts, offset) - 1)
    return spans[i].page


def _text_end(
    doc_text: str, m: Marker, block_end: int, lines: list[Line], spans: list[TextSpan], kinds: list[LineKind]
) -> int:
    if m.kind not in ("numbered", "repeat") or m.text_end:
        return m.text_end
    for j in range(m.line + 1, len(lines)):
        if spans[j].start <= m.text_start:
            continue  # the line that holds the text itself ("Uppdrag: Att ...")
        if spans[j].start >= block_end:
            break
        if kinds[j].kind == "label" or COMMENT_LABEL.match(lines[j].text):
            return spans[j].start
    para = doc_text.find("\n", m.text_start, block_end)
    return para if para != -1 else block_end


def _section_for(start: int, headings: list[tuple[int, str]]) -> str | None:
    best = None
    for pos, text in headings:
        if pos <= start:
            best = text
        else:
            break
    return best


def extract_assignments(
    doc: Doc,
    doc_text: str,
    lines: list[Line],
    kinds: list[LineKind],
    breaks: list[bool],
    spans: list[TextSpan],
    doc_type: str,
    rules: RuleSet,
) -> list[dict[str, Any]]:
    if doc_type not in ASSIGNMENT_DOC_TYPES or not lines:
        return []
    starts = [sp.start for sp in spans]
    hits = span_hits(doc)
    markers = find_markers(lines, kinds, breaks, spans, doc, doc_text, rules, doc_type)
    headings = [
        (spans[m.line].start, one_line(lines[m.line].text))
        for m in markers
        if m.kind == "stop" and m.line >= 0 and kinds[m.line].kind != "intro"
    ]
    out: list[dict[str, Any]] = []
    for k, m in enumerate(markers):
        if m.kind == "stop":
            continue
        block_end = next((n.start for n in markers[k + 1 :] if n.start > m.start), len(doc_text))
        text_end = _text_end(doc_text, m, block_end, lines, spans, kinds)
        page = _page_at(spans, starts, m.start)
        section = _section_for(m.start, headings)
        multi = any(m.start <= pos < block_end for pos, _ in hits["multi_year"])
        if m.kind == "reference":
            bered = decide_beredning(hits, m.start, block_end, rules.beredning_default)
            line_text = one_line(doc_text[m.start : m.text_end])
            for n in m.numbers:
                out.append(
                    {
                        "label": f"Uppdrag {n}",
                        "number": n,
                        "text": line_text,
                        "section": section,
                        "status": "okant",
                        "beredning": bered,
                        "multi_year": multi,
                        "evidence": None,
                        "page": page,
                        "reference_only": True,
                    }
                )
            continue
        if m.kind == "repeat":
            # All of a comment block is judgment; it is merged into the listed assignment below.
            status, evidence = decide_status(doc, doc_text, hits, m.text_start, block_end)
        else:
            # Statements in the assignment's own first sentence are part of the task, not a judgment;
            # a judgment printed before the task text ("Bedömning: ..." above "Uppdrag: Att ...") counts.
            first_end = next((e for b, e in doc.user_data["sent_bounds"] if b <= m.text_start < e), text_end)
            own = (m.text_start, min(text_end, max(first_end, m.text_start + 1)))
            status, evidence = decide_status(doc, doc_text, hits, m.start, block_end, own)
        if m.line >= 0 and kinds[m.line].kind == "status_line" and status not in YEAR_END:
            cell = kinds[m.line].match
            assert cell is not None
            cell_hits = judge_statement(cell.group("status").lower(), rules.status)
            if cell_hits:
                status, evidence = cell_hits[-1].label, one_line(lines[m.line].text)
        out.append(
            {
                "label": m.label,
                "number": m.numbers[0] if m.numbers else None,
                "text": one_line(doc_text[m.text_start : text_end]),
                "section": section,
                "status": status,
                "beredning": decide_beredning(hits, m.start, block_end, rules.beredning_default),
                "multi_year": multi,
                "evidence": evidence,
                "page": page,
                **({"repeat": True} if m.kind == "repeat" else {}),
            }
        )
    return merge_repeats(out)


def inline_assignments(
    doc_text: str, spans: list[TextSpan], rules: RuleSet, unnumbered: bool = False
) -> list[dict[str, Any]]:
    """Several assignments summarised in one paragraph ("Uppdrag 3 Sänka ... – genomfört; Uppdrag 5 ...");
    with ``unnumbered``, also "Uppdraget att ... är genomfört" (for documents with no other items,
    where such a sentence is not a comment on a listed one)."""
    out: list[dict[str, Any]] = []
    starts = [sp.start for sp in spans]
    for rule in rules.inline:
        if "number" not in rule.pattern.groupindex and not unnumbered:
            continue
        for m in rule.pattern.finditer(doc_text):
            hits = judge_statement(m.group("status"), rules.status)
            # A dash that does not lead to a status is a title's dash, not a summary.
            if not hits or not starts:
                continue
            label = one_line(m.groupdict().get("label") or "")
            number = m.groupdict().get("number")
            out.append(
                {
                    "label": label[:1].upper() + label[1:] if label else None,
                    "number": int(number) if number else None,
                    "text": one_line(m.group("text")),
                    "section": None,
                    "status": hits[-1].label,
                    "beredning": rules.beredning_default,
                    "multi_year": False,
                    "evidence": one_line(m.group(0)),
                    "page": _page_at(spans, starts, m.start()),
                }
            )
    return out


def merge_repeats(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A number given again in the same series is the same assignment commented on elsewhere
    (a status table followed by "Uppdrag nr 23: ..." comments): one entry, judged on both."""
    first: dict[tuple[str, int], dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for a in items:
        if a["number"] is None or a.get("reference_only"):
            out.append(a)
            continue
        key = (series(a["label"]), a["number"])
        a.pop("repeat", None)
        if key not in first:
            first[key] = a
            out.append(a)
            continue
        kept = first[key]
        # Later statements win among year-end judgments, as within one block.
        if STATUS_RANK[a["status"]] >= STATUS_RANK[kept["status"]] and a["status"] != "okant":
            kept["status"], kept["evidence"] = a["status"], a["evidence"]
        kept["multi_year"] = kept["multi_year"] or a["multi_year"]
        if kept["beredning"] == "behandlat":
            kept["beredning"] = a["beredning"]
    return out
