"""build_nlp(): a blank Swedish pipeline, or a trained one named by PROTOKOLL_SPACY_MODEL."""

from __future__ import annotations

import os

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extractors.components  # noqa: F401  (registers the factories)

# Components of a trained pipeline that would fight our own sentence boundaries or cost time
# without feeding any rule.
_EXCLUDE = ["parser", "senter", "sentencizer", "ner", "attribute_ruler"]


def build_nlp(model: str | None = None) -> Language:
    """Blank ``sv`` by default; ``model`` (or env PROTOKOLL_SPACY_MODEL) names an installed pipeline or path."""
    name = model if model is not None else os.environ.get("PROTOKOLL_SPACY_MODEL", "")
    if name:
        try:
            nlp = spacy.load(name, exclude=_EXCLUDE)
        except OSError as exc:
            raise RuntimeError(
                f"PROTOKOLL_SPACY_MODEL={name!r} is not an installed spaCy pipeline or path: {exc}"
            ) from exc
        if nlp.lang != "sv":
            raise RuntimeError(f"PROTOKOLL_SPACY_MODEL={name!r} is a {nlp.lang!r} pipeline, not Swedish")
    else:
        nlp = spacy.blank("sv")
    nlp.add_pipe("protokoll_sentences", first=True)
    nlp.add_pipe("protokoll_rules", last=True)
    # Initialise only our components: a trained base is already initialised.
    for pname in ("protokoll_sentences", "protokoll_rules"):
        nlp.get_pipe(pname).initialize(nlp=nlp)  # type: ignore[attr-defined]
    nlp.max_length = 5_000_000
    return nlp


def analyse(
    nlp: Language, text: str, *, year: int | None, organ: str | None, doc_type: str | None = None
) -> Doc:
    """Run the pipeline with per-document context that the rule components read."""
    doc = nlp.make_doc(text)
    doc.user_data["year"] = year
    doc.user_data["organ"] = organ
    doc.user_data["doc_type"] = doc_type
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
