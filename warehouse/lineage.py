"""Lineages: one history per assignment across the years, with a score and a method per link.

Input is one organ's assignments with their normalised wording (warehouse/normalise.py).
Bare references are never members; the caller leaves them out.

1. Copies. In a year, a row of another document than a report (an aktivitetsplan listing
   the year's assignments) or a second copy of a report joins the report row with the same
   or a very similar wording (`COPY`): link method `copy`. The report row is the member the
   history shows for that year.
2. Links across years, between the organ's consecutive reported years first, then, for
   rows still unlinked, skipping one reported year (`SKIP_PENALTY`): `exact` for the same
   normalised wording, else a score of the wording (`Scorer.wording`: lemmas weighted by
   smoothed IDF over the organ's distinct wordings, additions cheaper than substitutions,
   rapidfuzz for spelling the lemmas missed) plus the structure (same number, same
   section). At least `LINK` on the wording alone links as `fuzzy`; a pair between
   `STRUCTURE_FLOOR` and `LINK` whose number and section agree links as `structure`.
3. Links are taken best first, each member at most one predecessor and one successor, so
   a lineage is a chain with one member per year. It is named after its earliest member's
   assignment_id, so a reload of the same data gives the same ids.

The thresholds were set on the demo generator's corpora (seed 7) and our own test
sentences, and checked on other seeds and the shared samples (benchmarks/bench_lineage.py).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

LINK = 0.75
COPY = 0.85
STRUCTURE_FLOOR = 0.6  # wording score a link needs even when number and section agree
SKIP_PENALTY = 0.05
NUMBER_BONUS = 0.1
SECTION_BONUS = 0.05
ADDITION = 0.75  # cost of a word left over on one side, per unit of its weight
SUBSTITUTION = 1.25  # extra cost of words left over on both sides (see Scorer.wording)
SOFT_RATIO = 88  # rapidfuzz ratio at which two left-over words count as one
SOFT_LEN = 6
PRIMARY_RANKS = 2  # ranks 0 (judged report row) and 1 (report row) are members of their own


@dataclass(frozen=True)
class Member:
    assignment_id: str
    organ: str
    year: int
    document_id: str
    number: int | None
    section: str | None
    rank: int  # 0 judged report row, 1 other report row, 2 row of another document
    normalised: str


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    score: float
    method: str  # exact | fuzzy | structure | copy


class Scorer:
    """Scores of wordings within one organ: a word's weight is its IDF among the organ's members."""

    def __init__(self, members: Sequence[Member]) -> None:
        # Distinct wordings are the documents: an assignment repeated verbatim for five
        # years must not make its own words look common.
        wordings = {m.normalised for m in members}
        df = Counter(t for w in wordings for t in w.split())
        n = len(wordings)
        # Smoothed IDF (log((1 + n) / (1 + df)) + 1): an organ has few wordings, and a word
        # met twice (the same assignment reworded) must not weigh far less than one met once.
        self.default = math.log(1 + n) + 1
        self.weight = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}

    def w(self, token: str) -> float:
        return self.weight.get(token, self.default)

    def wording(self, a: str, b: str) -> float:
        """Weighted overlap of two normalised wordings, 0..1.

        Words left over on one side (an elaboration added or dropped) cost less than their
        weight; words left over on both sides (the core substituted: "uppföljningen av X"
        against "planeringen av X") cost more, since a reworded assignment keeps its core.
        A left-over word close in spelling to one on the other side (an inflection or
        compound the lemmas missed) counts as shared by its rapidfuzz ratio.
        """
        if a == b:
            return 1.0
        ta, tb = set(a.split()), set(b.split())
        shared = sum(map(self.w, ta & tb))
        only_a, only_b = sorted(ta - tb), sorted(tb - ta)
        # Soft matches are scored in C (rapidfuzz's extractOne); the choices run from the last
        # word, so of equally close words the last in order wins.
        choices = [y for y in reversed(only_b) if len(y) >= SOFT_LEN]
        for x in list(only_a) if choices else ():
            best = (
                process.extractOne(x, choices, scorer=fuzz.ratio, score_cutoff=SOFT_RATIO)
                if len(x) >= SOFT_LEN
                else None
            )
            if best is not None:
                y, ratio = best[0], best[1]
                shared += min(self.w(x), self.w(y)) * ratio / 100
                only_a.remove(x)
                only_b.remove(y)
                choices.remove(y)
        ua, ub = sum(map(self.w, only_a)), sum(map(self.w, only_b))
        total = shared + ADDITION * (ua + ub) + SUBSTITUTION * min(ua, ub)
        return shared / total if total else 0.0

    def sieve(self, tokens: Iterable[str]) -> list[str]:
        """The rarest tokens a candidate must share one of to reach STRUCTURE_FLOOR.

        shared / (shared + left over) >= floor needs a shared weight of at least floor x
        the wording's weight; sharing none of these leaves less than that (exact blocking,
        except for a pair whose only common words are spelling variants).
        """
        ranked = sorted(set(tokens), key=lambda t: (-self.w(t), t))
        total = sum(map(self.w, ranked))
        # shared / (shared + ADDITION x left over) >= floor needs at least this much shared
        floor = STRUCTURE_FLOOR
        need = floor * ADDITION / (1 - floor + floor * ADDITION) * total
        rest, out = total, []
        for t in ranked:
            if rest < need:
                break
            out.append(t)
            rest -= self.w(t)
        return out


def _structure(a: Member, b: Member) -> tuple[bool, bool]:
    return (a.number is not None and a.number == b.number, bool(a.section) and a.section == b.section)


def _candidates(scorer: Scorer, earlier: Sequence[Member], later: Sequence[Member]) -> set[tuple[int, int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for j, m in enumerate(later):
        for t in set(m.normalised.split()):
            postings[t].append(j)
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(earlier):
        for t in scorer.sieve(m.normalised.split()):
            pairs.update((i, j) for j in postings.get(t, ()))
    return pairs


def score_pair(scorer: Scorer, a: Member, b: Member, skipped: int = 0) -> tuple[float, str] | None:
    """(score, method) of a link from `a` to the later `b`, or None when they are not linked."""
    same_number, same_section = _structure(a, b)
    bonus = NUMBER_BONUS * same_number + SECTION_BONUS * same_section - SKIP_PENALTY * skipped
    if a.normalised and a.normalised == b.normalised:
        return min(1.0, 1.0 + bonus), "exact"
    text = scorer.wording(a.normalised, b.normalised)
    if text >= LINK and text + bonus >= LINK:
        return round(min(1.0, text + bonus), 4), "fuzzy"
    if same_number and same_section and text >= STRUCTURE_FLOOR and text + bonus >= LINK:
        return round(min(1.0, text + bonus), 4), "structure"
    return None


def _pair_edges(
    scorer: Scorer, earlier: Sequence[Member], later: Sequence[Member], skipped: int
) -> list[tuple[float, int, str, str, str]]:
    edges = []
    by_wording: dict[str, list[Member]] = defaultdict(list)
    for m in later:
        by_wording[m.normalised].append(m)
    pairs = [(a, b) for a in earlier if a.normalised for b in by_wording.get(a.normalised, ())]
    # A wording found as often on both sides is linked exactly (no fuzzy score beats that):
    # only the rest needs fuzzy candidates, which keeps a large organ's load fast.
    n_earlier = Counter(m.normalised for m in earlier)
    n_later = Counter(m.normalised for m in later)
    rest_e = [m for m in earlier if n_later[m.normalised] < n_earlier[m.normalised] or not m.normalised]
    rest_l = [m for m in later if n_earlier[m.normalised] < n_later[m.normalised] or not m.normalised]
    for i, j in sorted(_candidates(scorer, rest_e, rest_l)):
        if rest_e[i].normalised != rest_l[j].normalised:  # those are in already
            pairs.append((rest_e[i], rest_l[j]))
    for a, b in pairs:
        scored = score_pair(scorer, a, b, skipped)
        if scored:
            edges.append((scored[0], skipped, a.assignment_id, b.assignment_id, scored[1]))
    return edges


def _copies(scorer: Scorer, members: Sequence[Member]) -> tuple[list[Member], list[Link]]:
    """Members shown in the history (one per copy group) and the copy links of a year."""
    shown: list[Member] = []
    links: list[Link] = []
    first: dict[tuple[str, int | None], Member] = {}
    # A second copy of a report (same wording and number in another report document)
    for m in sorted(members, key=lambda m: (m.rank, m.document_id, m.assignment_id)):
        if m.rank >= PRIMARY_RANKS:
            continue
        seen = first.setdefault((m.normalised, m.number), m)
        if seen is m or seen.document_id == m.document_id:
            shown.append(m)
        else:
            links.append(Link(seen.assignment_id, m.assignment_id, 1.0, "copy"))
    if not shown:  # a year without a report: every row is its own member
        return list(members), []
    taken: set[str] = set()
    for m in sorted((m for m in members if m.rank >= PRIMARY_RANKS), key=lambda m: m.assignment_id):
        best = max(
            (
                (scorer.wording(m.normalised, s.normalised), s.assignment_id)
                for s in shown
                if s.assignment_id not in taken
            ),
            default=None,
        )
        if best and best[0] >= COPY and m.normalised:
            taken.add(best[1])
            links.append(Link(best[1], m.assignment_id, round(best[0], 4), "copy"))
        else:
            shown.append(m)
    return shown, links


def link_organ(members: Sequence[Member]) -> tuple[dict[str, str], list[Link]]:
    """(assignment_id -> lineage_id, links) for the members of one organ."""
    scorer = Scorer(members)
    by_year: dict[int, list[Member]] = defaultdict(list)
    for m in members:
        by_year[m.year].append(m)
    years = sorted(by_year)
    shown: dict[int, list[Member]] = {}
    links: list[Link] = []
    for y in years:
        shown[y], copies = _copies(scorer, by_year[y])
        links += copies
    succ: dict[str, str] = {}
    pred: dict[str, str] = {}
    # Consecutive reported years first: a lineage skips a year only where it is absent.
    for skipped in (0, 1):
        edges = []
        for k, y in enumerate(years[: len(years) - 1 - skipped]):
            earlier = [m for m in shown[y] if m.assignment_id not in succ]
            later = [m for m in shown[years[k + 1 + skipped]] if m.assignment_id not in pred]
            edges += _pair_edges(scorer, earlier, later, skipped)
        edges.sort(key=lambda e: (-e[0], e[2], e[3]))
        for score, _skipped, a, b, method in edges:
            if a not in succ and b not in pred:
                succ[a], pred[b] = b, a
                links.append(Link(a, b, score, method))
    lineage: dict[str, str] = {}
    for y in years:
        for m in sorted(shown[y], key=lambda m: m.assignment_id):
            if m.assignment_id not in lineage:
                node: str | None = m.assignment_id
                while node is not None:
                    lineage[node] = m.assignment_id
                    node = succ.get(node)
    for link in links:
        if link.method == "copy":
            lineage[link.target] = lineage[link.source]
    return lineage, links
