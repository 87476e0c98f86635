"""A ConText-style engine for status statements: terms, cues with a direction, a window and
terminators, all read from ``rules/status_lexicon.yaml``; one generic pass applies them.

The engine knows no sentence of any document: it decides from the category of a term (done,
started, ongoing ...) and the cues that govern it (negation, partial, judgment, plan, subject)
which status, if any, the statement gives the assignment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")
CATEGORIES = ("done", "done_future", "started", "ongoing", "stopped", "activity")
CUE_KINDS = ("negation", "partial", "judgment", "plan", "subject", "anaphor", "work", "later", "nominal")


@dataclass(frozen=True)
class Cue:
    kind: str
    phrases: tuple[tuple[str, ...], ...]
    direction: str  # backward: the cue stands before the term; forward: after it
    window: int
    terminators: frozenset[str]
    suffixes: tuple[str, ...] = ()  # a word ending so is a cue word too ("inventeringen")


@dataclass(frozen=True)
class StatusLexicon:
    terms: dict[str, tuple[tuple[str, ...], ...]]  # category -> token sequences
    cues: dict[str, Cue]
    field_labels: tuple[tuple[str, ...], ...]
    colours: dict[str, str]
    year_part: re.Pattern[str]


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class StatusHit:
    label: str
    start: int  # character offsets in the judged text
    end: int
    category: str
    # The report judges the assignment itself: a judgment verb ("bedöms") or the assignment or
    # its work as subject ("Uppdraget är ..."); not a part of it ("Inventeringen är klar").
    strong: bool = False


def tokenize(text: str) -> list[Token]:
    return [Token(m.group().lower(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _match_at(words: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest phrase starting at token i, 0 if none."""
    best = 0
    for p in phrases:
        if len(p) > best and tuple(words[i : i + len(p)]) == p:
            best = len(p)
    return best


def _cue_governs(words: list[str], begin: int, end: int, cue: Cue) -> bool:
    """Does a cue phrase stand within its window on its side of the term words[begin:end]?"""
    if cue.direction == "backward":
        for k in range(begin - 1, max(-1, begin - 1 - cue.window), -1):
            if words[k] in cue.terminators:
                return False
            if cue.suffixes and len(words[k]) > 7 and words[k].endswith(cue.suffixes):
                return True
            for p in cue.phrases:
                if tuple(words[k - len(p) + 1 : k + 1]) == p:
                    return True
        return False
    for k in range(end, min(len(words), end + cue.window)):
        if words[k] in cue.terminators:
            return False
        if _match_at(words, k, cue.phrases):
            return True
    return False


# Auxiliaries and bullets do not make a subject: "har skjutits upp", "– är klart", "• Ej påbörjat".
_NOT_CONTENT = frozenset({"-", "–", "•", "*", "helt", "har", "är", "blev", "var", "nu", "ännu"})


@dataclass(frozen=True)
class _Fields:
    """Where a sentence's content starts and whether it opens with a lead-in ("Status:"), read once
    per sentence: a term is in a field when it is (nearly) the first thing of the sentence or cell,
    or the value of a lead-in ("Status: Pågår", "Läget vid årets slut: klart")."""

    first_content: int
    colon: int | None
    labelled: bool

    @classmethod
    def of(cls, words: list[str], lex: StatusLexicon) -> _Fields:
        lead = {w for cue in (lex.cues["negation"], lex.cues["partial"]) for p in cue.phrases for w in p}
        first = next((k for k, w in enumerate(words) if w not in lead and w not in _NOT_CONTENT), len(words))
        colon = words.index(":") if ":" in words else None
        labelled = (
            colon is not None
            and 0 < colon <= 6
            and any(_match_at(words[:colon], k, lex.field_labels) for k in range(colon))
        )
        return cls(first, colon, labelled)

    def holds(self, begin: int) -> bool:
        if self.first_content >= begin:
            return True
        if self.colon is not None and self.colon < begin:
            return begin - self.colon <= 4 and self.labelled
        return False


def _label(category: str, gov: dict[str, bool], field: bool, year_part: bool) -> str | None:
    # "bedöms bli klart under första kvartalet nästa år": done, but not by this year's end.
    done = "arsdel_genomford" if year_part else ("ej_genomfort" if gov["later"] else "genomfort")
    subject = gov["subject"] or gov["anaphor"]
    about_it = subject or gov["judgment"] or field or year_part
    if category == "done":
        if not (about_it or gov["plan"] or gov["negation"]):
            return None  # "en utbildning genomfördes i maj": something else was done
        return "ej_genomfort" if gov["negation"] or gov["partial"] else done
    if category == "done_future":
        if gov["negation"]:
            return "ej_genomfort"
        if gov["judgment"]:
            return done
        return "pagar" if (gov["plan"] or subject) else None
    if category == "started":
        if gov["negation"]:
            return "ej_genomfort"
        return "pagar" if (about_it or gov["plan"]) else None
    if category == "ongoing":
        return "ej_genomfort" if gov["negation"] else "pagar"
    if category == "stopped":
        return None if gov["negation"] else ("ej_genomfort" if about_it else None)
    if category == "activity":
        # "inget arbete har skett", not "inga avstämningar har gjorts" (about something else)
        return "ej_genomfort" if gov["negation"] and (gov["work"] or subject) else None
    return None


def judge_statement(text: str, lex: StatusLexicon) -> list[StatusHit]:
    """Every status a sentence (or a table cell) gives, with the span of the term that gave it."""
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    year_part = bool(lex.year_part.search(text.lower()))
    fields = _Fields.of(words, lex)
    hits: list[StatusHit] = []
    i = 0
    while i < len(words):
        found = max(
            ((_match_at(words, i, phrases), cat) for cat, phrases in lex.terms.items()),
            key=lambda x: x[0],
        )
        length, category = found
        if not length:
            i += 1
            continue
        gov = {kind: _cue_governs(words, i, i + length, cue) for kind, cue in lex.cues.items()}
        strong = gov["judgment"] or gov["subject"] or gov["anaphor"]
        if gov["nominal"] and not words[i + length - 1].endswith("des"):
            # "Inventeringen är genomförd": the task's own noun; not the narrative "... genomfördes i maj"
            gov["subject"] = True
        label = _label(category, gov, fields.holds(i), year_part)
        if label is not None:
            hits.append(StatusHit(label, tokens[i].start, tokens[i + length - 1].end, category, strong))
        i += length
    return hits


def colour_status(word: str, lex: StatusLexicon, legend: dict[str, str] | None = None) -> str | None:
    """A traffic-light word read with the document's legend when it has one."""
    w = word.strip().lower().rstrip(".")
    if legend and w in legend:
        return legend[w]
    return lex.colours.get(w)
