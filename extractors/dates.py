"""Meeting dates told apart from other dates: which dates a sentence's meeting words govern.

The date forms themselves (and year inference within a list) are ``vocab.dates``, shared with the crawler.
"""

from __future__ import annotations

import bisect
import re

from extractors.rules import RuleSet, default_rules
from vocab.bodies import OWN_BODY_WORDS
from vocab.calendar import WEEKDAY_ABBREVIATIONS, WEEKDAYS
from vocab.dates import LIST_GAP, DateMention

# "nämndens sammanträde" in a document whose body is unknown: a bare body word is its own body.
_OWN_POSSESSIVE = OWN_BODY_WORDS | {f"{w}s" for w in OWN_BODY_WORDS}
_WEEKDAY_WORDS = frozenset(WEEKDAYS + WEEKDAY_ABBREVIATIONS)


def is_meeting_context(sentence: str, organ: str | None, rules: RuleSet | None = None) -> bool:
    """Does this sentence speak of a meeting held (or planned) by the document's own body?"""
    rules = rules or default_rules()
    low = sentence.lower()
    if not rules.meeting_cues.search(low) or rules.not_meeting.search(low):
        return False
    subject = rules.other_body_subject.search(low)
    if subject and subject.group(1) not in (organ or "").lower():
        return False  # another body's own meeting ("kommunfullmäktige beslutade på sitt sammanträde")
    other = rules.other_body_possessive.search(low)
    if other and not (organ is None and other.group(1) in _OWN_POSSESSIVE):
        own = (organ or "").lower()
        stem = re.sub(r"(ens|ets|ns|en|et|n|s)$", "", other.group(1))
        if not own or stem not in own:
            return False
    return True


def meeting_mentions(
    sentence: str, mentions: list[DateMention], rules: RuleSet | None = None
) -> list[DateMention]:
    """The dates a meeting word governs: the date nearest each cue, and the dates listed with it.

    "Nämnden beslutade vid sammanträdet den 11 oktober om avgifter som gäller från den 1 januari"
    speaks of one meeting; "vid sammanträdena den 14 mars, den 30 maj och den 20 september" of three.
    """
    rules = rules or default_rules()
    if not mentions:
        return []
    low = sentence.lower()
    ends = [m.end for m in mentions]
    chosen: set[int] = set()
    for cue in rules.meeting_cues.finditer(low):
        # The nearest mention to the cue: the last one ending before it or the first one after it.
        k = bisect.bisect_right(ends, cue.start())
        near = [i for i in (k - 1, k) if 0 <= i < len(mentions)]
        chosen.add(
            min(
                near,
                key=lambda i: min(abs(mentions[i].start - cue.end()), abs(cue.start() - mentions[i].end)),
            )
        )
    # A list's members share the meeting word: runs of mentions joined by list gaps, in one pass.
    run: list[int] = [0]
    out: set[int] = set()
    for i in range(1, len(mentions) + 1):
        if i < len(mentions) and LIST_GAP.match(sentence[mentions[i - 1].end : mentions[i].start]):
            run.append(i)
            continue
        if chosen.intersection(run):
            out.update(run)
        run = [i]
    return [m for i, m in enumerate(mentions) if i in out]


def is_weekday_row(line: str) -> bool:
    """A planned meeting in a table: 'Torsdag 30 januari Beslut och beredning: ...'."""
    first = line.strip().split(" ", 1)[0].lower().rstrip(",")
    return first in _WEEKDAY_WORDS or first.removesuffix("dag") in _WEEKDAY_WORDS
