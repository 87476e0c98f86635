"""Line breaking for the sample corpus's layout: greedy wrapping that hyphenates some long words.

Hyphenation is drawn at random (by the layout's generator, so a seed gives the same lines), as in
real minutes where some writers break words by hand and others never do.
"""

from __future__ import annotations

import random

from reportlab.pdfbase.pdfmetrics import stringWidth

VOWELS = set("aeiouyåäöéAEIOUYÅÄÖÉ")


def wrap_words(
    text: str,
    font: str,
    size: float,
    width: float,
    *,
    hyphenate: bool,
    chance: float,
    rng: random.Random,
) -> list[str]:
    """Lines of at most `width` points; a word that does not fit is hyphenated with `chance`."""
    words = text.split()
    lines: list[str] = []
    cur = ""
    i = 0
    while i < len(words):
        word = words[i]
        trial = f"{cur} {word}" if cur else word
        if stringWidth(trial, font, size) <= width:
            cur = trial
            i += 1
            continue
        # The draw happens only when hyphenating is possible: the sequence of draws is part of
        # what a seed reproduces.
        if cur and hyphenate and rng.random() < chance:
            split = split_point(word, cur, font, size, width)
            if split:
                lines.append(f"{cur} {word[:split]}-")
                words[i] = word[split:]
                cur = ""
                continue
        if not cur:  # a single word wider than the line
            lines.append(word)
            i += 1
            continue
        lines.append(cur)
        cur = ""
    if cur:
        lines.append(cur)
    return lines


def split_point(word: str, cur: str, font: str, size: float, width: float) -> int | None:
    """Where to break `word` so that `cur word[:i]-` fits: before a consonant+vowel."""
    core = word.rstrip(".,:;!?)")
    if len(core) < 10 or not core.isalpha() or not core[0].islower():
        return None
    best = None
    for i in range(4, len(core) - 3):
        fits = stringWidth(f"{cur} {word[:i]}-", font, size) <= width
        if core[i] not in VOWELS and core[i + 1] in VOWELS and core[i - 1] != "-" and fits:
            best = i
    return best
