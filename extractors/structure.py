"""What each line is (assignment start, reference, list intro, heading, comment label, bullet, plain)
and where paragraphs break. Works on lines, before sentences exist."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.context import judge_statement
from extractors.model import Line
from extractors.rules import Rule, RuleSet
from vocab.calendar import WEEKDAY_ALTERNATION, WEEKDAYS, WEEKDAYS_DEFINITE

# "Kommentar:", "Svar:", "Ur delårsrapport:", "Enligt delårsrapport 2022:", "Återkoppling:" ... any short
# capitalised lead-in ending in a colon opens the comment part of an assignment.
COMMENT_LABEL = re.compile(r"^[A-ZÅÄÖ][\wåäöÅÄÖ\-–,. ]{1,70}?:(\s|$)")
# The characters a list item opens with (cleanup.py turns symbol-font bullets into "•").
BULLETS = "•▪◦●○■□➢►-–−*"
BULLET = re.compile(rf"^[{re.escape(BULLETS)}]\s")
_BULLET_LEAD = re.compile(rf"^[{re.escape(BULLETS)}]\s*")
# A numbered section heading: "2.1 Väntetider", no sentence punctuation.
HEADING = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3})\.?\s+([A-ZÅÄÖ][^.!?]{1,110})$")
# A line ending in one of these words goes on: "onsdag" / "19 november", "den" / "4 maj", "och" / ...
OPEN_ENDINGS = frozenset(
    {
        "och",
        "samt",
        "eller",
        "den",
        "i",
        "på",
        "för",
        "med",
        "till",
        "av",
        "om",
        "att",
        "som",
        "en",
        "ett",
        "vid",
    }
    | set(WEEKDAYS)
    | set(WEEKDAYS_DEFINITE)
)
_WEEKDAY = re.compile(rf"^({WEEKDAY_ALTERNATION})\s+\d", re.I)


def unbullet(text: str) -> str:
    """The item's text without its bullet: "• Utreda ..." -> "Utreda ..."."""
    return _BULLET_LEAD.sub("", text.strip())


def heading_number(text: str) -> str | None:
    """The number of a section heading of at most three levels ("2", "3.1", "1.2.3")."""
    m = HEADING.match(text.strip())
    return m.group(1) if m and m.group(1).count(".") <= 2 else None


@dataclass(frozen=True)
class LineKind:
    kind: str  # numbered | text_label | status_line | reference | intro | heading | label | bullet | weekday | text
    rule: Rule | None = None
    match: re.Match[str] | None = None


def line_kind(text: str, doc_type: str, rules: RuleSet) -> LineKind:
    t = text.strip()
    item_rules = (
        ("numbered", rules.numbered),
        ("text_label", rules.text_labels),
        ("status_line", rules.status_lines),
        ("reference", rules.references),
    )
    for kind, candidates in item_rules:
        for rule in candidates:
            if rule.doc_types and doc_type not in rule.doc_types:
                continue
            m = rule.pattern.match(t)
            # A status line's status part must be a status of the lexicon ("– Genomfört", not "– Bakgrund").
            if m and (kind != "status_line" or judge_statement(m.group("status").lower(), rules.status)):
                return LineKind(kind, rule, m)
    for rule in rules.intro:
        if rule.pattern.search(t):
            return LineKind("intro", rule)
    if HEADING.match(t) and not re.match(r"^\d+\.?\s+att\b", t, re.I):
        return LineKind("heading")
    if COMMENT_LABEL.match(t):
        return LineKind("label")
    if BULLET.match(t):
        return LineKind("bullet")
    if _WEEKDAY.match(t):
        return LineKind("weekday")
    return LineKind("text")


def is_prose(text: str) -> bool:
    """A sentence of running text, not a letterhead, heading or footer line."""
    t = text.strip()
    words = len(t.split())
    return (
        (t.endswith((".", ":", ";")) and words > 3)
        or words > 8
        or bool(re.search(r"[a-zåäö]\.\s+[A-ZÅÄÖ]", t))
    )


def right_margin(lines: list[Line]) -> float:
    ends = sorted(ln.x1 for ln in lines)
    return ends[int(len(ends) * 0.9)] if ends else 0.0


def is_short(line: Line, margin: float) -> bool:
    return line.x1 < margin - 0.2 * (line.page_width or 595.0)


def column_margins(lines: list[Line]) -> dict[int, float]:
    """The right margin of each column, keyed by where its lines start: on a two-column page a
    left-column line is not "short" for ending in the middle of the page."""
    starts: dict[int, list[Line]] = {}
    for ln in lines:
        starts.setdefault(_column_key(ln), []).append(ln)
    return {k: right_margin(v) for k, v in starts.items()}


def _column_key(line: Line) -> int:
    return 1 if line.x0 > 0.45 * (line.page_width or 595.0) else 0


def paragraph_breaks(lines: list[Line], kinds: list[LineKind]) -> list[bool]:
    """True where a line starts a new paragraph."""
    margins = column_margins(lines)
    out = []
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if i == 0:
            out.append(True)
            continue
        prev, pkind = lines[i - 1], kinds[i - 1]
        brk = kind.kind != "text" or pkind.kind in ("heading", "intro", "reference", "weekday")
        ends_open = prev.text.rstrip().endswith(",") or prev.text.rsplit(" ", 1)[-1].lower() in OPEN_ENDINGS
        if kind.kind in ("weekday", "text") and pkind.kind in ("weekday", "text") and ends_open:
            brk = False  # "onsdag 21 maj," + "tisdag 17 juni, ..., onsdag" + "19 november": one list
        if (
            pkind.kind == "bullet"
            and kind.kind == "text"
            and line.x0 <= prev.x0 + 2
            and line.text[:1].isupper()
        ):
            brk = True  # a bullet's text runs on indented; a line back at the bullet's margin is new
        if pkind.kind == "label" and prev.text.rstrip().endswith(":") and kind.kind == "text":
            out.append(False)  # "Status:" / "Genomfört": the value of a bare lead-in
            continue
        prev_text = prev.text.rstrip()
        first = line.text[:1]
        if (
            not brk
            and is_short(prev, margins[_column_key(prev)])
            and (first.isupper() or first.isdigit() or first in '"”“')
        ):
            # A short line ends a paragraph, or is a heading of its own.
            last_word = prev_text.rsplit(" ", 1)[-1].lower()
            brk = prev_text.endswith((".", "!", "?", ":")) or not (
                prev_text.endswith((",", ";", "-", "–")) or last_word in OPEN_ENDINGS
            )
        out.append(brk)
    return out
