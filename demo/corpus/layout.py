"""House styles of the sample corpus: each body's font, margins, hyphenation and page furniture."""

from __future__ import annotations

import random

from demo.corpus.flow import Flow, Style
from demo.corpus.model import Body
from demo.corpus.wording import texts

FONTS = ["Helvetica", "Times-Roman", "Helvetica", "Courier", "Times-Roman", "Helvetica"]
BASE_SIZE = {"Helvetica": 10.0, "Times-Roman": 11.0, "Courier": 9.5}


def style_for(body: Body, year: int, rng: random.Random) -> Style:
    # each body has a house style; one body changes font half way through the period
    font = FONTS[body.index % len(FONTS)]
    if body.index == 1 and year >= 2023:
        font = "Helvetica"
    size = BASE_SIZE[font] + rng.choice([0.0, 0.5])
    return Style(
        font=font,
        size=size,
        leading=round(size * rng.choice([1.25, 1.3, 1.35]), 1),
        margin_left=rng.choice([60.0, 70.0, 85.0]),
        margin_right=rng.choice([55.0, 65.0, 75.0]),
        margin_top=rng.choice([70.0, 80.0]),
        margin_bottom=rng.choice([80.0, 90.0]),
        hyphenate=rng.choice([0.0, 0.4, 0.8]) if body.index != 2 else 0.9,
        header=body.index % 4 != 3,
        footer_every_page=body.index % 2 == 1,
    )


def new_flow(body: Body, year: int, rng: random.Random) -> Flow:
    """An empty PDF in the body's house style, with the region's address as footer."""
    b = texts("bodies")
    return Flow(style_for(body, year, rng), rng, site=b["site"], footer_lines=tuple(b["address"]))
