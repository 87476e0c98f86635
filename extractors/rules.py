"""The rules of extraction (the files under extractors/rules/), loaded and checked into one RuleSet.

The files' shapes are the typed models of ``rulefiles.py``; a file that does not fit is a
RuleFileError of one line, ``file: key: problem`` (``numbering.yaml: numbered[3]: invalid regex: ...``).
Valid files become the plain objects the extractor reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from extractors.context import Cue, StatusLexicon
from extractors.errors import RuleFileError
from extractors.rulefiles import (
    AbbreviationsFile,
    BeredningFile,
    DatesFile,
    DiarienummerFile,
    DocTypesFile,
    MultiYearFile,
    NumberingFile,
    RuleSpec,
    StatusLexiconFile,
    TablesFile,
    compile_regex,
    task_alternation,
    task_context,
)
from extractors.rulefiles_text_layer import TextLayerFile
from extractors.tables import TableLexicon
from extractors.textlayer import OcrSettings, TextLayerRules

RULES_DIR = Path(__file__).parent / "rules"
M = TypeVar("M", bound=BaseModel)


_MESSAGES: dict[str, Callable[[ErrorDetails], str]] = {
    "extra_forbidden": lambda e: "unknown key",
    "missing": lambda e: "missing",
    "value_error": lambda e: str(e.get("ctx", {}).get("error", e["msg"])),
    "literal_error": lambda e: f"must be {e.get('ctx', {}).get('expected')}",
    "string_type": lambda e: "must be a string",
    "int_type": lambda e: "must be a whole number",
    "bool_type": lambda e: "must be true or false",
    "list_type": lambda e: "must be a list",
    "dict_type": lambda e: "must be a mapping",
    "model_type": lambda e: "must be a mapping",
}


def _where(loc: tuple[int | str, ...]) -> str:
    """("rules", 3, "pattern") -> "rules[3]: pattern"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f": {part}" if out else str(part))
    return out


def problem(err: ErrorDetails) -> str:
    """One pydantic error as "key: problem"."""
    message = _MESSAGES.get(err["type"], lambda e: e["msg"][:1].lower() + e["msg"][1:])(err)
    where = _where(tuple(err["loc"]))
    return f"{where}: {message}" if where else message


def load_file(model: type[M], path: Path, context: Callable[[Any], dict[str, Any]] | None = None) -> M:
    """Read and validate one rule file; any problem is a RuleFileError ``file: key: problem``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleFileError(f"{path}: missing rule file") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise RuleFileError(f"{path}: not valid YAML{at}: {getattr(exc, 'problem', None) or exc}") from exc
    try:
        return model.model_validate(data, context=context(data) if context else None)
    except ValidationError as exc:
        # A misspelt key is also a missing one: name the unknown key first.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise RuleFileError(f"{path}: {problem(errors[0])}{more}") from None


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    label: str = ""
    negated_label: str = ""
    doc_types: tuple[str, ...] = ()


def _rules(specs: Sequence[RuleSpec], key: str) -> tuple[Rule, ...]:
    return tuple(
        Rule(s.id or f"{key}{i}", s.compiled, s.label, s.negated_label, tuple(s.doc_types))
        for i, s in enumerate(specs)
    )


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(x.lower().split()) for x in items)


def load_status_lexicon(path: Path) -> StatusLexicon:
    """Terms, cues and field labels of the status engine (extractors/context.py), validated."""
    f = load_file(StatusLexiconFile, path)
    return StatusLexicon(
        terms={c: _phrases(v) for c, v in f.terms.items()},
        cues={
            kind: Cue(
                kind,
                _phrases(c.words),
                c.direction,
                c.window,
                frozenset(t.lower() for t in c.terminators),
                tuple(x.lower() for x in c.suffixes),
            )
            for kind, c in f.cues.items()
        },
        field_labels=_phrases(f.field_labels),
        colours={k.lower(): v for k, v in f.colours.items()},
        year_part=f.year_part,
    )


def load_table_lexicon(path: Path) -> TableLexicon:
    f = load_file(TablesFile, path)
    return TableLexicon(
        columns={k: tuple(" ".join(p) for p in _phrases(v)) for k, v in f.columns.items()},
        needs=tuple(frozenset(n) for n in f.needs),
    )


def load_text_layer_rules(path: Path) -> TextLayerRules:
    f = load_file(TextLayerFile, path)
    o = f.ocr
    return TextLayerRules(
        **f.usable.model_dump(),
        known_words=frozenset(w.lower() for w in f.known_words),
        ocr=OcrSettings(
            o.language,
            o.dpi,
            o.max_megapixels,
            o.min_mark_confidence,
            tuple((x.pattern, x.replace) for x in o.fixes),
        ),
    )


@dataclass(frozen=True)
class RuleSet:
    status: StatusLexicon
    tables: TableLexicon
    diarienummer: tuple[re.Pattern[str], ...]
    beredning: tuple[Rule, ...]
    beredning_default: str
    multi_year: tuple[Rule, ...]
    numbered: tuple[Rule, ...]
    references: tuple[Rule, ...]
    text_labels: tuple[Rule, ...]
    status_lines: tuple[Rule, ...]
    inline: tuple[Rule, ...]
    task_start: re.Pattern[str]  # "Att ..." or a task verb opening a line
    unnumbered: tuple[Rule, ...]
    intro: tuple[Rule, ...]
    meeting_cues: re.Pattern[str]
    other_body_possessive: re.Pattern[str]
    other_body_subject: re.Pattern[str]
    not_meeting: re.Pattern[str]
    abbreviations: frozenset[str]
    doc_types: tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None], ...]
    titles: re.Pattern[str]
    text_layer: TextLayerRules


def load_rules(rules_dir: Path | str = RULES_DIR) -> RuleSet:
    d = Path(rules_dir)
    bered = load_file(BeredningFile, d / "beredning.yaml")
    numbering = load_file(NumberingFile, d / "numbering.yaml", task_context)
    dates = load_file(DatesFile, d / "dates.yaml")
    doc_types = load_file(DocTypesFile, d / "doc_types.yaml")
    return RuleSet(
        status=load_status_lexicon(d / "status_lexicon.yaml"),
        tables=load_table_lexicon(d / "tables.yaml"),
        diarienummer=tuple(load_file(DiarienummerFile, d / "diarienummer.yaml").patterns),
        beredning=_rules(bered.rules, "rules"),
        beredning_default=bered.default,
        multi_year=_rules(load_file(MultiYearFile, d / "multi_year.yaml").rules, "rules"),
        numbered=_rules(numbering.numbered, "numbered"),
        references=_rules(numbering.references, "references"),
        text_labels=_rules(numbering.text_labels, "text_labels"),
        status_lines=_rules(numbering.status_lines, "status_lines"),
        inline=_rules(numbering.inline, "inline"),
        task_start=compile_regex(rf"^(?:att|{task_alternation(numbering.task_verbs)})\b"),
        unnumbered=_rules(numbering.unnumbered, "unnumbered"),
        intro=_rules(numbering.intro, "intro"),
        meeting_cues=dates.meeting_cues,
        other_body_possessive=dates.other_body_possessive,
        other_body_subject=dates.other_body_subject,
        not_meeting=dates.not_meeting,
        abbreviations=frozenset(
            a.lower() for a in load_file(AbbreviationsFile, d / "abbreviations.yaml").abbreviations
        ),
        doc_types=tuple((t.doc_type, t.title, t.body) for t in doc_types.types),
        titles=doc_types.titles,
        text_layer=load_text_layer_rules(d / "text_layer.yaml"),
    )


@cache
def default_rules() -> RuleSet:
    return load_rules(RULES_DIR)
