"""spaCy components of the protokoll pipeline, registered with @Language.factory.

* ``protokoll_sentences``: sentence boundaries that survive "Nr 9.", "kl. 13", "t.ex." and list
  numbers, and that always break at paragraph breaks ("\\n" in the joined text).
* ``protokoll_rules``: status, beredning and multi-year statements per sentence, and dates with
  their meeting/other reading, as span groups. Rule data is loaded in ``initialize``.

Per-document context (year, organ) comes in ``doc.user_data`` ("year", "organ").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractors.context import judge_statement
from extractors.meetings import MeetingReader
from extractors.rules import RULES_DIR, RuleSet, load_rules

_ENDERS = {".", "!", "?"}
_OPENERS = set("\"'”“(•–-")
# "... sammanträder följande dagar 2025, alla kl. 14.00: 10 mars, ...": a year before the colon.
_NUMBER_WORDS = {"nr", "§", "kl", "punkt", "p", "uppdrag", "ber", "avsnitt", "bilaga", "kap"}


class SentenceRules:
    def __init__(self, nlp: Language, name: str, rules_dir: str) -> None:
        self.name = name
        self.rules_dir = rules_dir
        self.abbreviations: frozenset[str] = frozenset()

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        self.abbreviations = load_rules(Path(self.rules_dir)).abbreviations

    def _no_break_after_period(self, doc: Doc, i: int) -> bool:
        """Token i is a period: is it part of an abbreviation or a number label?"""
        if i == 0:
            return True
        prev = doc[i - 1]
        word = prev.text.lower().rstrip(".")
        if word in self.abbreviations or (len(word) == 1 and word.isalpha()):
            return True
        if prev.like_num or prev.text.isdigit():
            before = doc[i - 2].text.lower().rstrip(".") if i >= 2 else ""
            if before in _NUMBER_WORDS:
                return True  # "Nr 9." / "kl. 13." / "§ 4."
            if i < 2 or "\n" in doc[i - 2].text:
                return True  # "1. målbilden ...": a list number at the start of a paragraph
        return False

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            doc.user_data["sent_bounds"] = []
            return doc
        starts = [False] * n
        if n:
            starts[0] = True
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if tok.is_space:
                continue
            if "\n" in prev.text:
                starts[tok.i] = True
                continue
            if prev.text in _ENDERS or (prev.text.endswith(".") and len(prev.text) > 1 and prev.is_punct):
                first = tok.text[:1]
                if (first.isupper() or first.isdigit() or first in _OPENERS) and not (
                    prev.text == "." and self._no_break_after_period(doc, prev.i)
                ):
                    starts[tok.i] = True
        # One array write: the per-token is_sent_start setter re-scans the whole doc each time.
        values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64").reshape(n, 1)
        doc.from_array([SENT_START], values)  # type: ignore[arg-type]
        offsets = [tok.idx for tok, s in zip(doc, starts, strict=True) if s]
        ends = [*offsets[1:], len(doc.text)]
        doc.user_data["sent_bounds"] = list(zip(offsets, ends, strict=True))
        return doc


class FactRules:
    def __init__(self, nlp: Language, name: str, rules_dir: str) -> None:
        self.name = name
        self.rules_dir = rules_dir
        self.rules: RuleSet | None = None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None
    ) -> None:
        self.rules = load_rules(Path(self.rules_dir))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            self.initialize()
        rules = self.rules
        assert rules is not None
        year = doc.user_data.get("year")
        organ = doc.user_data.get("organ")
        groups: dict[str, list[Any]] = {
            k: [] for k in ("status", "beredning", "multi_year", "dates", "meeting_dates")
        }
        bounds = doc.user_data.get("sent_bounds") or [(s.start_char, s.end_char) for s in doc.sents]
        full = doc.text  # Doc.text is rebuilt from the tokens on every access
        reader = MeetingReader(rules, year, organ, plan=doc.user_data.get("doc_type") == "aktivitetsplan")
        for base, end in bounds:
            text = full[base:end]
            low = text.lower()
            for hit in judge_statement(text, rules.status):
                span = doc.char_span(
                    base + hit.start, base + hit.end, label=hit.label, alignment_mode="expand"
                )
                if span is not None:
                    groups["status"].append(span)
            for group, ruleset in (("beredning", rules.beredning), ("multi_year", rules.multi_year)):
                for rule in ruleset:
                    for m in rule.pattern.finditer(low):
                        span = doc.char_span(
                            base + m.start(),
                            base + m.end(),
                            label=rule.label or rule.id,
                            alignment_mode="expand",
                        )
                        if span is not None:
                            groups[group].append(span)
            for mention, is_meeting in reader.read(text):
                span = doc.char_span(
                    base + mention.start, base + mention.end, label=mention.iso, alignment_mode="expand"
                )
                if span is None:
                    continue
                groups["dates"].append(span)
                if is_meeting:
                    groups["meeting_dates"].append(span)
        for key, spans in groups.items():
            doc.spans[key] = spans
        return doc


@Language.factory("protokoll_sentences", default_config={"rules_dir": str(RULES_DIR)})
def make_sentences(nlp: Language, name: str, rules_dir: str) -> SentenceRules:
    return SentenceRules(nlp, name, rules_dir)


@Language.factory("protokoll_rules", default_config={"rules_dir": str(RULES_DIR)})
def make_fact_rules(nlp: Language, name: str, rules_dir: str) -> FactRules:
    return FactRules(nlp, name, rules_dir)
