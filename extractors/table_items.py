"""Facts from tables: assignments from status tables (with the document's own legend) and meeting
dates from plan tables (only the meeting column; deadlines and presidium columns are not meetings)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from extractors.cleanup import one_line
from extractors.context import StatusHit, colour_status, judge_statement
from extractors.dates import is_meeting_context, meeting_mentions
from extractors.model import Line, Table
from extractors.rules import RuleSet
from vocab.calendar import MONTHS
from vocab.dates import CELL_SLASH_DATE, find_dates, slash_dates
from vocab.labels import YEAR_END

LEGEND_HEAD = re.compile(
    r"(teckenförklaring|förklaring|färgkod|statusbeskrivning|symbolförklaring|legend)", re.I
)
# "Grön = ...", "Gul: ...", "Delvis genomfört – ...", "Ej påbörjat Arbetet har inte ..."
LEGEND_LINE = re.compile(
    r"^[•\-–]?\s*(?P<word>grön|grönt|gul|gult|röd|rött|grå|grått|blå|genomfört|genomförd|avslutat|avslutad|"
    r"slutfört|delvis genomfört|delvis genomförd|pågår|pågående|påbörjat|ej påbörjat|ej påbörjad|ej genomfört|"
    r"ej klart|utgår|försenat|vilande|klart)\b\s*(?:[:=–-]\s*)?(?P<meaning>.+)$",
    re.I,
)
LABEL_IN_TEXT = re.compile(
    r"^(?P<label>(?:(?:kf|ks|rf|rs)[- ]?)?uppdrag\s+(?:nr\.?\s*)?\d{1,3}(?:\.\d{1,2})*|nr\.?\s*\d{1,3})[.:]?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÅÄÖ0-9])")


def _decisive(hits: list[StatusHit]) -> StatusHit | None:
    year_end = [h for h in hits if h.label in YEAR_END]
    return year_end[-1] if year_end else (hits[0] if hits else None)


def legend_of(lines: list[Line], rules: RuleSet) -> dict[str, str]:
    """Status and colour words defined in the document itself (a legend), word -> status.

    A legend entry opens with the word it defines ("Grön = ...", "Gul: ...", "Delvis genomfört –
    ...", "Ej påbörjat Arbetet har inte ..."); it is taken under a legend heading, with a separator,
    or as one of at least two such lines in a row (a legend lists its words): a lone sentence that
    happens to open with "Grön" is prose."""
    texts = [ln.text.strip() for ln in lines]
    hits = [LEGEND_LINE.match(t) for t in texts]
    hits = [m if m and len(m.group("meaning")) >= 4 else None for m in hits]
    legend: dict[str, str] = {}
    window = 0
    for i, (text, m) in enumerate(zip(texts, hits, strict=True)):
        window = 10 if LEGEND_HEAD.search(text) and len(text) < 60 else max(0, window - 1)
        if m is None:
            continue
        in_run = (i > 0 and hits[i - 1] is not None) or (i + 1 < len(hits) and hits[i + 1] is not None)
        separated = bool(re.match(r"^[•\-–]?\s*\w+(\s+\w+)?\s*[:=–-]", text))
        if not (window or separated or in_run):
            continue
        hit = _decisive(judge_statement(m.group("meaning"), rules.status))
        if hit is not None:
            legend[m.group("word").lower()] = hit.label
    return legend


def _cell_status(cell: str, rules: RuleSet, legend: dict[str, str]) -> tuple[str, str | None]:
    """A status cell: a word that says what it means ("Pågår") is read as such; a word that does not
    (a colour, a symbol name) is read with the document's legend, else the default colours."""
    word = cell.strip().lower().rstrip(".")
    hit = _decisive(judge_statement(cell, rules.status))
    if hit is not None:
        return hit.label, cell.strip()
    colour = colour_status(word, rules.status, legend)
    if colour is not None:
        return colour, cell.strip()
    return "okant", None


def _comment_status(comment: str, rules: RuleSet, cell: str) -> tuple[str | None, str | None]:
    """A year-end judgment in the comment overrules the status cell; a judgment of a part of the
    work ("Inventeringen är klar") overrules only a cell that gives no year-end judgment itself."""
    best: tuple[str, str] | None = None
    for sentence in SENTENCE.split(comment):
        hit = _decisive(judge_statement(sentence, rules.status))
        if hit and hit.label in YEAR_END and (hit.strong or cell not in YEAR_END):
            best = (hit.label, sentence.strip())
    return best if best else (None, None)


def _number(label: str | None) -> int | None:
    if not label:
        return None
    m = re.fullmatch(r"\D*?(\d{1,3})\.?", label.strip())
    return int(m.group(1)) if m else None


def table_assignments(
    tables: list[Table], rules: RuleSet, legend: dict[str, str], section: str | None = None
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for table in tables:
        if "text" not in table.fields or not ({"status", "comment"} & set(table.fields)):
            continue
        rows = []
        for row in table.rows:
            text = one_line(row.cells.get("text", ""))
            label = row.cells.get("label", "").strip() or None
            if label is None and (m := LABEL_IN_TEXT.match(text)):
                label, text = m.group("label"), m.group("rest")  # "Uppdrag 4 Att ta fram ..."
            rows.append((row, label, text))
        labelled = sum(1 for _r, label, _t in rows if label)
        for row, label, text in rows:
            # A row is an assignment: a few words at least, and labelled when its table labels rows
            # (a heading or a Dnr line under a borderless table is no row of it).
            if len(text.split()) < 3 or (label is None and labelled > len(rows) / 2):
                continue
            comment = row.cells.get("comment", "")
            status, evidence = _cell_status(row.cells.get("status", ""), rules, legend)
            overrule, why = _comment_status(comment, rules, status)
            if overrule is not None:
                status, evidence = overrule, why
            elif status == "okant" and comment:
                hit = _decisive(judge_statement(comment, rules.status))
                if hit:
                    status, evidence = hit.label, comment.strip()
            low = f"{text} {comment} {row.cells.get('status', '')}".lower()
            beredning = next(
                (r.label for r in rules.beredning if r.pattern.search(low)), rules.beredning_default
            )
            out.append(
                {
                    "label": label,
                    "number": _number(label),
                    "text": text,
                    "section": section,
                    "status": status,
                    "beredning": beredning,
                    "multi_year": any(r.pattern.search(low) for r in rules.multi_year),
                    "evidence": evidence,
                    "page": row.page,
                }
            )
    return out


def _grid_dates(cells: dict[str, str], cell: str, year: int) -> list[str]:
    """A calendar grid: the month in its own column ("Januari"), bare days in the meeting column."""
    months = [
        MONTHS[w] for text in cells.values() for w in re.findall(r"[a-zåäö]+", text.lower()) if w in MONTHS
    ]
    if len(set(months)) != 1:
        return []
    out = []
    for day in re.findall(r"(?<![\d/.:-])(\d{1,2})(?![\d/.:-])", cell):
        try:
            out.append(dt.date(year, months[0], int(day)).isoformat())
        except ValueError:
            continue
    return out


def table_meeting_dates(tables: list[Table], year: int | None, rules: RuleSet) -> list[str]:
    """Dates in a plan table's meeting column ("29/1", "tisdag 17/6", "onsdag 26 februari")."""
    out: list[str] = []
    if year is None:
        return out
    for table in tables:
        if "meeting" not in table.fields:
            continue
        for row in table.rows:
            cell = row.cells.get("meeting", "")
            found = [d.iso for d in find_dates(cell, year)]
            if not found:
                found = _grid_dates(row.cells, cell, year)
            found += [d.iso for d in slash_dates(cell, year, CELL_SLASH_DATE)]
            out += [d for d in found if d not in out]
    return out


def table_cell_meeting_dates(
    tables: list[Table], year: int | None, organ: str | None, rules: RuleSet
) -> list[str]:
    """Meetings a status table's cells mention ("Resultatet redovisades vid nämndens sammanträde den
    12 december"): the same meeting rules as running text, sentence by sentence."""
    out: list[str] = []
    for table in tables:
        for row in table.rows:
            for name, cell in row.cells.items():
                if name.startswith(("meeting", "other", "label")):
                    continue  # plan columns are read by table_meeting_dates; deadlines are no meetings
                for sentence in SENTENCE.split(cell):
                    if not is_meeting_context(sentence, organ, rules):
                        continue
                    mentions = find_dates(sentence, year)
                    out += [m.iso for m in meeting_mentions(sentence, mentions, rules) if m.iso not in out]
    return out
