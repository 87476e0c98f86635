"""Shared fixtures: one spaCy pipeline per session, the shared corpus (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from extractors.nlp import build_nlp

    return build_nlp("")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "pdf").is_dir() or not (CORPUS / "expected").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (it lives beside the repository, not in it)")
    return CORPUS
