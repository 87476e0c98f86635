"""The multi-year sample corpus generator (see `generate.py`)."""

from demo.corpus.generate import GENERATOR_VERSION, generate_corpus
from demo.corpus.model import DONE, CorpusSummary
from demo.corpus.planning import parse_years

__all__ = ["DONE", "GENERATOR_VERSION", "CorpusSummary", "generate_corpus", "parse_years"]
