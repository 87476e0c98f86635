"""Assignments: numbering, text, section, and status / beredning / multi_year with evidence.

An assignment owns a block of text from its start to the next assignment, heading or list intro.
Its status comes from the statements in that block after the assignment's own text, by the
precedence of EXTRACTION.md: a year-end judgment over "pagar" over "okant".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from extractors.cleanup import TextSpan
from extractors.context import judge_statement
from extractors.model import Line
from extractors.rules import RuleSet
from extractors.structure import COMMENT_LABEL, LineKind, heading_number, unbullet
from vocab.labels import STATUS_RANK, YEAR_END

# Types whose running text gives assignments; a notice's agenda items and a PM's proposals do not.
ASSIGNMENT_DOC_TYPES = ("aterrapportering", "aktivitetsplan", "protokoll", "ovrigt")


@dataclass
class Marker:
    start: int
    kind: str  # numbered | reference | unnumbered | stop
    line: int = -1
    text_start: int = 0
    text_end: int = 0
    label: str | None = None
    numbers: tuple[int, ...] = ()


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_at(spans: list[TextSpan], starts: list[int], offset: int) -> int:
    i = max(0, bisect.bisect_right(starts, offset) - 1)
    return spans[i].page


def _is_para_heading(i: int, lines: list[Line], kinds: list[LineKind], breaks: list[bool]) -> bool:
    t = lines[i].text.strip()
    after = i + 1 == len(lines) or breaks[i + 1]
    return (
        kinds[i].kind == "text"
        and breaks[i]
        and after
        and len(t) < 70
        and t[:1].isupper()
        and not t.endswith((".", ",", ";", ":", "!", "?"))
    )


def _numbered_heading_task(
    i: int, lines: list[Line], kinds: list[LineKind], spans: list[TextSpan], doc_type: str, rules: RuleSet
) -> tuple[str, int | None, int] | None:
    """(label, number, where the task text starts) when line i is "N Title" over the task's line."""
    if doc_type != "aterrapportering" or kinds[i].kind != "heading" or i + 1 >= len(lines):
        return None
    label = heading_number(lines[i].text)
    if label is None:
        return None
    nxt = kinds[i + 1]
    if nxt.kind == "text_label" and nxt.match is not None:
        start = spans[i + 1].start + nxt.match.start("text")
    elif nxt.kind == "text" and rules.task_start.match(lines[i + 1].text.strip()):
        start = spans[i + 1].start
    else:
        return None
    return label, (int(label) if label.isdigit() else None), start


def _markers(
    lines: list[Line],
    kinds: list[LineKind],
    breaks: list[bool],
    spans: list[TextSpan],
    doc: Doc,
    doc_text: str,
    rules: RuleSet,
    doc_type: str = "aterrapportering",
) -> list[Marker]:
    markers: list[Marker] = []
    seen: set[tuple[str, int | str]] = set()
    consumed: set[int] = set()
    for i, kind in enumerate(kinds):
        s = spans[i].start
        if kind.kind == "numbered" and kind.match is not None:
            m = kind.match
            label = re.sub(r"\s+", " ", m.group("label") or "").strip().rstrip(".:") or None
            label = label[:1].upper() + label[1:] if label else None
            printed = m.groupdict().get("number") or ""
            # "Uppdrag 3.2": the printed label is kept, a decimal has no integer number.
            number = int(printed) if printed.isdigit() else None
            text_start = s + m.start("text")
            if not m.group("text").strip() and i + 1 < len(lines) and kinds[i + 1].kind == "text_label":
                nxt = kinds[i + 1].match
                assert nxt is not None
                text_start = spans[i + 1].start + nxt.start(
                    "text"
                )  # "Uppdrag 3.2 Titel" + "Uppdrag: Att ..."
            elif markers and markers[-1].kind == "numbered" and markers[-1].line == i - 1 and label is None:
                continue  # the text line of the heading just above
            key = (_series(label), number if number is not None else (label or f"#{i}"))
            # A number given again comments on the assignment already listed (e.g. in a table).
            what = "repeat" if key in seen and label is not None else "numbered"
            seen.add(key)
            markers.append(Marker(s, what, i, text_start, 0, label, (number,) if number is not None else ()))
        elif i in consumed:
            continue
        elif kind.kind == "text_label" and kind.match is not None:
            prev = markers[-1] if markers else None
            if prev is not None and prev.kind in ("numbered", "repeat") and prev.line == i - 1:
                continue  # consumed by the heading above
            if (
                prev is not None
                and prev.kind in ("numbered", "repeat")
                and prev.text_start == spans[prev.line].end
            ):
                prev.text_start = s + kind.match.start(
                    "text"
                )  # "Uppdrag 4" / "Bedömning: ..." / "Uppdrag: Att ..."
                continue
            markers.append(Marker(s, "numbered", i, s + kind.match.start("text"), 0, None, ()))
        elif kind.kind == "status_line" and kind.match is not None:
            markers.append(
                Marker(s, "numbered", i, s + kind.match.start("text"), s + kind.match.end("text"), None, ())
            )
        elif kind.kind == "reference" and kind.match is not None:
            nums = tuple(int(n) for n in re.findall(r"\d+", kind.match.group("numbers")))
            rng = re.search(r"(\d+)\s*[-–]\s*(\d+)", kind.match.group("numbers"))
            if rng and int(rng.group(2)) - int(rng.group(1)) < 50:
                nums = tuple(range(int(rng.group(1)), int(rng.group(2)) + 1))
            markers.append(Marker(s, "reference", i, s, spans[i].end, None, nums))
        elif (task := _numbered_heading_task(i, lines, kinds, spans, doc_type, rules)) is not None:
            # "3 Laddplatser" + "Uppdrag: Installera ..." / "2. Handläggningstider" + "Korta ...":
            # a numbered heading whose next line is the task is that assignment's label.
            label, number, text_start = task
            markers.append(
                Marker(s, "numbered", i, text_start, 0, label, (number,) if number is not None else ())
            )
            consumed.add(i + 1)
        elif (
            kind.kind == "bullet"
            and doc_type == "aterrapportering"
            and rules.task_start.match(unbullet(lines[i].text))
        ):
            # "• Utöka antalet platser ... Uppdraget är genomfört": the task is the first sentence.
            start = s + len(lines[i].text) - len(unbullet(lines[i].text))
            end = next((e for b, e in doc.user_data["sent_bounds"] if b <= start < e), spans[i].end)
            markers.append(Marker(s, "numbered", i, start, end, None, ()))
        elif kind.kind in ("heading", "intro") or _is_para_heading(i, lines, kinds, breaks):
            markers.append(Marker(s, "stop", i))
    if not any(m.kind in ("numbered", "repeat") and m.numbers for m in markers):
        starts = [sp.start for sp in spans]
        for s_start, s_end in doc.user_data["sent_bounds"]:
            sent_text = doc_text[s_start:s_end]
            hit = next((h for r in rules.unnumbered if (h := r.pattern.search(sent_text))), None)
            if hit is None or sent_text.rstrip().endswith(":"):
                continue  # "... får i uppdrag att:" introduces a list, it is not itself the task
            begin = s_start
            # A heading line without a full stop runs into the sentence: start at the line that
            # holds the assignment when that line opens with a capital (the subject).
            j = bisect.bisect_right(starts, s_start + hit.start()) - 1
            if spans[j].start > begin and lines[j].text[:1].isupper():
                begin = spans[j].start
            # "Nämnden fick 2020 i uppdrag att utveckla ...": the task starts at its "att".
            task = s_start + hit.end() - 3 if hit.group().lower().endswith("att") else begin
            task_line = bisect.bisect_right(starts, task) - 1
            if any(mk.line == task_line for mk in markers if mk.kind == "numbered"):
                continue  # the sentence is an "Uppdrag: Att ..." line already taken
            markers.append(Marker(begin, "unnumbered", -1, task, s_end))
    markers.sort(key=lambda m: (m.start, m.kind != "stop"))
    return markers


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


def _sentence_at(doc: Doc, text: str, offset: int) -> str:
    bounds: list[tuple[int, int]] = doc.user_data["sent_bounds"]
    i = max(0, bisect.bisect_right(bounds, (offset, len(text) + 1)) - 1)
    return text[bounds[i][0] : bounds[i][1]]


Hits = dict[str, list[tuple[int, str]]]


def _hits(doc: Doc) -> Hits:
    """Span groups as plain (offset, label) lists: each doc.spans[...] access rebuilds Span objects."""
    return {
        k: [(sp.start_char, sp.label_) for sp in doc.spans[k]] for k in ("status", "beredning", "multi_year")
    }


def _decide_status(
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
    return chosen[1], _clean(_sentence_at(doc, text, chosen[0]))


def _decide_beredning(hits: Hits, lo: int, hi: int, default: str) -> str:
    labels = {label for pos, label in hits["beredning"] if lo <= pos < hi}
    for label in ("ej_aktuellt", "ej_behandlat"):
        if label in labels:
            return label
    return default


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
    hits = _hits(doc)
    markers = _markers(lines, kinds, breaks, spans, doc, doc_text, rules, doc_type)
    headings = [
        (spans[m.line].start, _clean(lines[m.line].text))
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
            bered = _decide_beredning(hits, m.start, block_end, rules.beredning_default)
            line_text = _clean(doc_text[m.start : m.text_end])
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
            status, evidence = _decide_status(doc, doc_text, hits, m.text_start, block_end)
        else:
            # Statements in the assignment's own first sentence are part of the task, not a judgment;
            # a judgment printed before the task text ("Bedömning: ..." above "Uppdrag: Att ...") counts.
            first_end = next((e for b, e in doc.user_data["sent_bounds"] if b <= m.text_start < e), text_end)
            own = (m.text_start, min(text_end, max(first_end, m.text_start + 1)))
            status, evidence = _decide_status(doc, doc_text, hits, m.start, block_end, own)
        if m.line >= 0 and kinds[m.line].kind == "status_line" and status not in YEAR_END:
            cell = kinds[m.line].match
            assert cell is not None
            cell_hits = judge_statement(cell.group("status").lower(), rules.status)
            if cell_hits:
                status, evidence = cell_hits[-1].label, _clean(lines[m.line].text)
        out.append(
            {
                "label": m.label,
                "number": m.numbers[0] if m.numbers else None,
                "text": _clean(doc_text[m.text_start : text_end]),
                "section": section,
                "status": status,
                "beredning": _decide_beredning(hits, m.start, block_end, rules.beredning_default),
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
            label = re.sub(r"\s+", " ", m.groupdict().get("label") or "").strip()
            number = m.groupdict().get("number")
            out.append(
                {
                    "label": label[:1].upper() + label[1:] if label else None,
                    "number": int(number) if number else None,
                    "text": _clean(m.group("text")),
                    "section": None,
                    "status": hits[-1].label,
                    "beredning": rules.beredning_default,
                    "multi_year": False,
                    "evidence": _clean(m.group(0)),
                    "page": _page_at(spans, starts, m.start()),
                }
            )
    return out


def _series(label: str | None) -> str:
    return "ber" if (label or "").lower().startswith("ber") else "nr"


def merge_repeats(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A number given again in the same series is the same assignment commented on elsewhere
    (a status table followed by "Uppdrag nr 23: ..." comments): one entry, judged on both."""
    first: dict[tuple[str, int], dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for a in items:
        if a["number"] is None or a.get("reference_only"):
            out.append(a)
            continue
        key = (_series(a["label"]), a["number"])
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


@dataclass(frozen=True)
class Judgment:
    status: str
    evidence: str | None
    beredning: str
    multi_year: bool


def judge(nlp: Any, comment: str, year: int | None = None, rules: RuleSet | None = None) -> Judgment:
    """Status, beredning and multi_year of one assignment's comment text (pure; for tests and tools)."""
    from extractors.nlp import analyse
    from extractors.rules import default_rules

    rules = rules or default_rules()
    doc = analyse(nlp, comment, year=year, organ=None)
    hits = _hits(doc)
    status, evidence = _decide_status(doc, comment, hits, 0, len(comment))
    return Judgment(
        status,
        evidence,
        _decide_beredning(hits, 0, len(comment), rules.beredning_default),
        bool(hits["multi_year"]),
    )
