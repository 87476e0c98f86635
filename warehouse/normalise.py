"""Swedish-aware normalisation of an assignment's wording, for cross-year lineages.

`lemmas(text)` gives the content words of a wording as lemmas, in order: lower case,
coordinated compounds written out ("hälso- och sjukvården" -> hälsovård, sjukvård),
hyphenated compounds split ("IT-stöd" -> it, stöd), years dropped, each word replaced by
its lemma, and the stop words of `lineage.yaml` left out.

Lemmas come from spaCy's Swedish lookup table (the `spacy-lookups-data` package, the
table spaCy's `lemmatizer` in lookup mode reads), read here as plain data so that the load
needs neither spaCy nor a trained pipeline; `tests/warehouse/test_normalise.py` checks
that both give the same lemma. Two refinements keep wordings comparable: a word that is a
lemma itself stays as it is (the table maps "vård" to the verb "vårda" but "vården" to
"vård"), and a compound missing from the table is lemmatised by its longest known last
part ("vårdmottagningen" -> "vårdmottagning").

Pure Python and deterministic: it runs in the load for rows of any extractor version.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

RULES = Path(__file__).with_name("lineage.yaml")
MIN_PART = 3  # shortest last part of a compound taken as a word of its own
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"})
# "hälso- och sjukvården", "forsknings-, utbildnings- och innovationsnämnden"
_COORDINATED = re.compile(r"((?:[a-zåäöéü]+-,?\s+)+)(?:och|eller|samt)\s+([a-zåäöéü]+)")
_WORD = re.compile(r"[a-zåäöéü]+|[0-9]+")
_YEAR = re.compile(r"(19|20)[0-9][0-9]")


class LineageRulesError(ValueError):
    """lineage.yaml is missing, malformed or names no words."""


@dataclass(frozen=True)
class Vocabulary:
    lookup: dict[str, str]  # inflected form -> lemma
    lemmas: frozenset[str]  # every lemma of the table
    noun_rules: tuple[tuple[str, str], ...]  # (suffix, replacement), spaCy's noun rules
    stopwords: frozenset[str]
    body_heads: tuple[str, ...]
    with_body: frozenset[str]

    def known(self, word: str) -> bool:
        return word in self.lemmas or word in self.lookup


def _words(data: Any, where: str) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(w, str) and w.strip() for w in data):
        raise LineageRulesError(f"{RULES.name}: {where} must be a list of words")
    return [w.strip().lower() for w in data]


def load_rules(path: Path = RULES) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """(stop words, body heads, words dropped with a body) from lineage.yaml, validated."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LineageRulesError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("stopwords"), dict):
        raise LineageRulesError(f"{path.name}: expected a mapping with 'stopwords' and 'body_heads'")
    stop: set[str] = set()
    for group, words in data["stopwords"].items():
        stop.update(_words(words, f"stopwords.{group}"))
    heads = tuple(_words(data.get("body_heads"), "body_heads"))
    with_body = frozenset(_words(data.get("with_body", []), "with_body"))
    if not stop or not heads:
        raise LineageRulesError(f"{path.name}: stop words and body heads must not be empty")
    return frozenset(stop), heads, with_body


def _table(name: str) -> Any:
    ref = resources.files("spacy_lookups_data").joinpath("data", f"sv_{name}.json.gz")
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return json.load(f)


@cache
def vocabulary() -> Vocabulary:
    lookup: dict[str, str] = _table("lemma_lookup")
    rules = _table("lemma_rules")
    stop, heads, with_body = load_rules()
    return Vocabulary(
        lookup=lookup,
        lemmas=frozenset(lookup.values()),
        noun_rules=tuple((old, new) for old, new in rules["noun"]),
        stopwords=stop,
        body_heads=heads,
        with_body=with_body,
    )


def _last_part(word: str, vocab: Vocabulary) -> int:
    """Where the longest known last part of a compound starts (0 when there is none)."""
    for i in range(2, len(word) - MIN_PART + 1):
        if vocab.known(word[i:]):
            return i
    return 0


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    vocab = vocabulary()
    if word in vocab.lemmas:
        return word
    found = vocab.lookup.get(word)
    if found:
        return found
    for old, new in vocab.noun_rules:
        if word.endswith(old) and (cand := word[: len(word) - len(old)] + new) in vocab.lemmas:
            return cand
    i = _last_part(word, vocab)
    return word[:i] + lemma(word[i:]) if i else word


def _write_out(match: re.Match[str]) -> str:
    """'hälso- och sjukvården' -> 'hälsovården sjukvården' (the first parts take the last one's end)."""
    firsts = re.findall(r"([a-zåäöéü]+)-", match.group(1))
    last = match.group(2)
    i = _last_part(last, vocabulary())
    end = last[i:] if i else ""
    return " ".join([*(f + end for f in firsts), last])


def words(text: str | None) -> list[str]:
    """Lower-case words of a wording, compounds written out, years dropped (before lemmas)."""
    t = (text or "").lower().translate(_DASHES)
    t = _COORDINATED.sub(_write_out, t)
    return [w for w in _WORD.findall(t) if not _YEAR.fullmatch(w)]


def lemmas(text: str | None) -> tuple[str, ...]:
    """Content lemmas of a wording, in order, each once."""
    vocab = vocabulary()
    kept: list[str] = []
    for w in words(text):
        lem = lemma(w) if not w.isdigit() else w
        if lem.endswith(vocab.body_heads):
            # "i samverkan med förvaltningen": the partner is a body, so is the word before it
            if kept and kept[-1] in vocab.with_body:
                kept.pop()
            continue
        if len(lem) >= 2 and w not in vocab.stopwords and lem not in vocab.stopwords:
            kept.append(lem)
    return tuple(dict.fromkeys(kept))


def normalised(text: str | None) -> str:
    """The normalised wording stored with every lineage member and matched by `protokoll history`."""
    return " ".join(lemmas(text))
