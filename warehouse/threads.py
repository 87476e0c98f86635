"""Assignment fingerprints and cross-year threads.

An organ gives many of the same assignments year after year, often reworded. Each
assignment gets a fingerprint (`assignment_key`) of its content words, and assignments
of an organ are linked into threads: the same fingerprint in any year, or, for what is
left unmatched, the most similar text (Jaccard similarity of content-word sets at least
`SIMILARITY`) in the organ's next reported year. A thread's id is the assignment_id of
its earliest member, so a reload of the same data gives the same ids.

A second copy of the same report (same organ, year, number and fingerprint in another
document) is marked `is_duplicate` and joins the first copy's thread.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SIMILARITY = 0.5
_WORD = re.compile(r"[a-zåäöéü]+")
# Words that carry no content in an assignment's wording; dropping them lets
# "Att följa upp ..." and "Följa upp ..." share a fingerprint.
_STOPWORDS = """att och i för av med som till på en ett det den de är om inom samt vid har ska
    skall under från kring utifrån alla även mer fler bl.a. bland annat andra detta dessa
    sin sina sitt vara bli blir genom mellan efter över så där här uppdrag uppdraget
    regionen regionens region nämnden nämndens beredningen beredningens"""
STOPWORDS = frozenset(_STOPWORDS.split())


def tokens(text: str | None) -> frozenset[str]:
    words = _WORD.findall((text or "").lower())
    return frozenset(w for w in words if len(w) > 2 and w not in STOPWORDS)


def assignment_key(text: str | None) -> str:
    """16-hex fingerprint of the sorted content words of an assignment's text."""
    joined = " ".join(sorted(tokens(text)))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Member:
    assignment_id: str
    organ: str
    year: int
    document_id: str
    number: int | None
    key: str
    text: str | None


@dataclass(frozen=True, slots=True)
class Thread:
    thread_id: str
    organ: str
    first_year: int
    last_year: int
    n_years: int
    n_assignments: int
    first_text: str | None


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent.get(x, x)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _best_pairs(earlier: Sequence[Member], later: Sequence[Member]) -> list[tuple[str, str]]:
    """One-to-one links between unmatched assignments of two years, most similar first."""
    later_tokens = [tokens(m.text) for m in later]
    postings: dict[str, list[int]] = defaultdict(list)
    for j, toks in enumerate(later_tokens):
        for t in toks:
            postings[t].append(j)
    scored: list[tuple[float, str, str, int, int]] = []
    for i, m in enumerate(earlier):
        a = tokens(m.text)
        if not a:
            continue
        shared: dict[int, int] = defaultdict(int)
        for t in a:
            for j in postings.get(t, ()):
                shared[j] += 1
        for j, s in shared.items():
            score = s / (len(a) + len(later_tokens[j]) - s)
            if score >= SIMILARITY:
                scored.append((-score, m.assignment_id, later[j].assignment_id, i, j))
    scored.sort()
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for _, a_id, b_id, i, j in scored:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((a_id, b_id))
    return pairs


def link(members: Iterable[Member]) -> tuple[dict[str, tuple[str, bool]], list[Thread]]:
    """Thread every member. Returns {assignment_id: (thread_id, is_duplicate)} and the threads."""
    uf = _UnionFind()
    result: dict[str, tuple[str, bool]] = {}
    by_organ: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        by_organ[m.organ].append(m)
    threads: list[Thread] = []
    for organ in sorted(by_organ):
        canon: dict[tuple[int, int | None, str], Member] = {}
        duplicates: list[tuple[Member, Member]] = []
        for m in sorted(by_organ[organ], key=lambda m: (m.year, m.document_id, m.assignment_id)):
            k = (m.year, m.number, m.key)
            first = canon.get(k)
            if first is not None and first.document_id != m.document_id:
                duplicates.append((m, first))
            else:
                canon.setdefault(k, m)
        dup_ids = {m.assignment_id for m, _ in duplicates}
        by_year: dict[int, list[Member]] = defaultdict(list)
        for m in by_organ[organ]:
            if m.assignment_id not in dup_ids:
                by_year[m.year].append(m)
        by_key: dict[str, str] = {}
        for year in sorted(by_year):
            for m in sorted(by_year[year], key=lambda m: m.assignment_id):
                if m.key in by_key:
                    uf.union(by_key[m.key], m.assignment_id)
                else:
                    by_key[m.key] = m.assignment_id
        years = sorted(by_year)
        for y0, y1 in itertools.pairwise(years):
            keys0 = {m.key for m in by_year[y0]}
            keys1 = {m.key for m in by_year[y1]}
            rest0 = [m for m in by_year[y0] if m.key not in keys1]
            rest1 = [m for m in by_year[y1] if m.key not in keys0]
            if rest0 and rest1:
                for a, b in _best_pairs(rest0, rest1):
                    uf.union(a, b)
        for m, first in duplicates:
            uf.union(first.assignment_id, m.assignment_id)
        groups: dict[str, list[Member]] = defaultdict(list)
        for m in by_organ[organ]:
            groups[uf.find(m.assignment_id)].append(m)
        for group in groups.values():
            group.sort(key=lambda m: (m.year, m.assignment_id))
            thread_id = group[0].assignment_id
            for m in group:
                result[m.assignment_id] = (thread_id, m.assignment_id in dup_ids)
            group_years = {m.year for m in group}
            threads.append(
                Thread(
                    thread_id=thread_id,
                    organ=organ,
                    first_year=group[0].year,
                    last_year=group[-1].year,
                    n_years=len(group_years),
                    n_assignments=sum(1 for m in group if m.assignment_id not in dup_ids),
                    first_text=group[0].text,
                )
            )
    return result, threads
