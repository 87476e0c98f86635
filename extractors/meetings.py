"""Which dates of a document are meetings of its own body, read sentence by sentence in order.

Three scopes carry over from one sentence to the next:
  * a meeting lead-in ending in a colon governs the list items under it ("Kommunstyrelsen
    sammanträder följande datum:" / "• 21 januari"), with the lead-in's year;
  * in a plan of meetings, a sentence listing dates right after a meeting sentence continues it
    ("... den tredje tisdagen i månaden. Under 2025 blir det den 21 januari, ...");
  * in a plan, a short heading opens a section: date items under the body's own name (or under no
    body) are its meetings, under another body's name ("Kommunfullmäktige", "Arbetsutskottet") not.
Within one sentence the meeting words govern their nearest dates (extractors.dates).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extractors.dates import is_meeting_context, is_weekday_row, meeting_mentions
from extractors.rules import RuleSet
from extractors.structure import BULLETS
from vocab.bodies import OWN_BODY_WORDS
from vocab.calendar import WEEKDAY_ALTERNATION
from vocab.dates import LIST_GAP, SLASH_DATE, DateMention, find_dates, slash_dates

# "... följande dagar 2025, alla kl. 14.00: 10 mars, ...": a year before the list's colon.
LEAD_YEAR = re.compile(r"\b((?:19|20)\d{2})\b(?!:\d)[^:]{0,40}:(?!\d)")
# "Under 2025 blir det den 21 januari, ...": a year the sentence is about, for its dates without one.
SENTENCE_YEAR = re.compile(
    r"\b(?:under|år|sammanträdet|sammanträdena|mötet|mötena)\s+((?:19|20)\d{2})\b(?!\s*[-/])", re.IGNORECASE
)
ANY_YEAR = re.compile(r"\b((?:19|20)\d{2})\b(?!:\d)")  # not a law number "(2017:725)"
BODY_WORD = re.compile(r"(nämnd|styrelse|fullmäktige|utskott|råd|beredning|presidi)", re.IGNORECASE)
_WEEKDAY = re.compile(rf"(?i)\b({WEEKDAY_ALTERNATION})(en)?\b")


def _leading_list(text: str, mentions: list[DateMention]) -> list[DateMention]:
    out = mentions[:1]
    for prev, nxt in itertools.pairwise(mentions):
        gap = text[prev.end : nxt.start]
        if not (LIST_GAP.match(gap) and re.search(r",|\boch\b|\bsamt\b", gap)):
            break  # columns of a row are set apart by space only; a list names its separator
        out.append(nxt)
    return out


@dataclass
class MeetingReader:
    rules: RuleSet
    year: int | None
    organ: str | None
    plan: bool  # the document is a plan of meetings (aktivitetsplan)
    list_year: int | None = None
    in_list: bool = False
    prev_meeting: bool = False
    other_section: bool = False  # in a plan, under another body's heading
    found: list[tuple[DateMention, bool]] = field(default_factory=list)

    def read(self, text: str) -> list[tuple[DateMention, bool]]:
        """The dates of one sentence, each with whether it is a meeting of the document's body."""
        stripped = text.strip().lstrip(BULLETS + " ").strip()
        lead = LEAD_YEAR.search(text) or SENTENCE_YEAR.search(text)
        year = int(lead.group(1)) if lead else (self.list_year if self.in_list else self.year)
        mentions = find_dates(text, year)
        meeting = is_meeting_context(text, self.organ, self.rules)
        if meeting and text.rstrip().endswith(":"):
            any_year = ANY_YEAR.search(text)
            self.in_list, self.list_year = True, int(any_year.group(1)) if any_year else self.year
            if any_year:
                mentions = find_dates(text, self.list_year)
        elif self.in_list and not (mentions and mentions[0].start <= len(text) - len(stripped) + 12):
            self.in_list = False
        was_meeting, self.prev_meeting = self.prev_meeting, meeting
        item = self.plan and self._date_item(text, mentions)
        if self.plan and not mentions and self._heading(stripped):
            self.other_section = self._names_other_body(stripped)
        if self.plan and item and not mentions and year is not None:
            mentions = slash_dates(text, year)
        if not mentions:
            return []
        low = text.lower()
        clean = not (
            self.rules.not_meeting.search(low)
            or self.rules.other_body_subject.search(low)
            or self.rules.other_body_possessive.search(low)
        )
        if (self.in_list and not meeting) or (self.plan and was_meeting and len(mentions) >= 2 and clean):
            governed = {id(m) for m in mentions}
        elif item and clean and not self.other_section:
            # A date item of a plan section of our own: its leading date and the dates listed with
            # it; later dates on the line are other columns of a row (deadlines, the presidium).
            governed = {id(m) for m in _leading_list(text, mentions)}
        else:
            governed = {id(m) for m in meeting_mentions(text, mentions, self.rules)} if meeting else set()
        weekday_row = is_weekday_row(text)
        return [(m, id(m) in governed or (weekday_row and bool(m.weekday) and m.start < 3)) for m in mentions]

    @staticmethod
    def _date_item(text: str, mentions: list[DateMention]) -> bool:
        """A line that opens with its date: "• 21 januari", "tisdag 27/1 kl. 13.00", "Den 3 mars";
        not a labelled date ("Reviderad 2018-12-06", "Sista dag 13/1")."""
        if len(text.strip()) > 60:
            return False
        if mentions:
            before = text[: mentions[0].start]
        else:
            m = SLASH_DATE.search(text)
            if not m:
                return False
            before = text[: m.start()]
            before = _WEEKDAY.sub("", before)
        return before.strip(BULLETS + " \n").lower() in ("", "den")

    @staticmethod
    def _heading(stripped: str) -> bool:
        return (
            0 < len(stripped.split()) <= 6
            and not stripped.endswith((".", ",", ";"))
            and stripped[:1].isupper()
        )

    def _names_other_body(self, heading: str) -> bool:
        """ "Kommunstyrelsen 2025" over a kommunstyrelse's plan is its own section;
        "Kommunstyrelsens arbetsutskott" and "Kommunfullmäktige (för kännedom)" are other bodies'."""
        words = [w.lower().strip(":()") for w in heading.split() if BODY_WORD.search(w)]
        if not words:
            return False
        body = words[-1]
        if body in OWN_BODY_WORDS:
            return False
        own = (self.organ or "").lower().split()
        return bool(own) and body != own[-1]
