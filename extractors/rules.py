"""Load and validate the pattern files under extractors/rules/ (rules are data, checked on load)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from extractors.context import CATEGORIES, CUE_KINDS, Cue, StatusLexicon
from extractors.errors import RuleFileError
from extractors.tables import TABLE_FIELDS, TableLexicon
from vocab.labels import BEREDNING, DOC_TYPES, STATUSES

RULES_DIR = Path(__file__).parent / "rules"


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    label: str = ""
    negated_label: str = ""
    doc_types: tuple[str, ...] = ()


def _read(name: str, rules_dir: Path) -> dict[str, Any]:
    path = rules_dir / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleFileError(f"{path}: missing rule file") from exc
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: expected a mapping at the top level")
    return data


def compile_pattern(source: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    if not isinstance(source, str) or not source:
        raise RuleFileError(f"{where}: pattern must be a non-empty string")
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise RuleFileError(f"{where}: invalid regex: {exc}") from exc


def _task_alternation(data: dict[str, Any], where: str) -> str:
    verbs = data.get("task_verbs") or []
    if not isinstance(verbs, list) or not all(isinstance(v, str) and v.strip() for v in verbs):
        raise RuleFileError(f"{where}: task_verbs: must be a list of words")
    return "|".join(
        r"\s+".join(map(re.escape, v.lower().split())) for v in sorted(verbs, key=len, reverse=True)
    )


def _rules(data: dict[str, Any], key: str, where: str, labels: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise RuleFileError(f"{where}: '{key}' must be a non-empty list")
    out = []
    for i, item in enumerate(items):
        at = f"{where}: {key}[{i}]"
        if not isinstance(item, dict) or "pattern" not in item:
            raise RuleFileError(f"{at}: each rule needs a 'pattern'")
        label, neg = item.get("label", ""), item.get("negated_label", "")
        for value in (label, neg):
            if labels and value and value not in labels:
                raise RuleFileError(f"{at}: label {value!r} is not one of {labels}")
        if labels and not label:
            raise RuleFileError(f"{at}: missing 'label'")
        flags = 0 if item.get("case_sensitive") else re.IGNORECASE
        source = item["pattern"]
        if isinstance(source, str) and "{TASK}" in source:
            source = source.replace("{TASK}", _task_alternation(data, where))
        pattern = compile_pattern(source, at, flags)
        if neg and "neg" not in pattern.groupindex:
            raise RuleFileError(f"{at}: negated_label needs a named group (?P<neg>...)")
        doc_types = tuple(item.get("doc_types") or ())
        for dt in doc_types:
            if dt not in DOC_TYPES:
                raise RuleFileError(f"{at}: doc_type {dt!r} is not one of {DOC_TYPES}")
        out.append(
            Rule(
                id=str(item.get("id", f"{key}{i}")),
                pattern=pattern,
                label=label,
                negated_label=neg,
                doc_types=doc_types,
            )
        )
    return tuple(out)


def _phrases(items: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(items, list) or not items or not all(isinstance(x, str) and x.strip() for x in items):
        raise RuleFileError(f"{where}: must be a non-empty list of words or phrases")
    return tuple(tuple(str(x).lower().split()) for x in items)


def _strict(data: Any, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RuleFileError(f"{where}: expected a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise RuleFileError(f"{where}: unknown key(s) {sorted(unknown)}")
    return data


def load_status_lexicon(path: Path) -> StatusLexicon:
    """Terms, cues and field labels of the status engine (extractors/context.py), validated."""
    data = _strict(
        _read(path.name, path.parent), {"terms", "cues", "field_labels", "colours", "year_part"}, str(path)
    )
    terms = _strict(data.get("terms"), set(CATEGORIES), f"{path}: terms")
    cues_raw = _strict(data.get("cues"), set(CUE_KINDS), f"{path}: cues")
    missing = set(CUE_KINDS) - set(cues_raw)
    if missing:
        raise RuleFileError(f"{path}: cues: missing {sorted(missing)}")
    cues = {}
    for kind, raw in cues_raw.items():
        at = f"{path}: cues: {kind}"
        raw = _strict(raw, {"words", "direction", "window", "terminators", "suffixes"}, at)
        if raw.get("direction") not in ("backward", "forward"):
            raise RuleFileError(f"{at}: direction must be 'backward' or 'forward'")
        if not isinstance(raw.get("window"), int) or not 0 < raw["window"] <= 30:
            raise RuleFileError(f"{at}: window must be a whole number of tokens from 1 to 30")
        cues[kind] = Cue(
            kind,
            _phrases(raw.get("words"), f"{at}: words"),
            raw["direction"],
            raw["window"],
            frozenset(str(t).lower() for t in raw.get("terminators") or ()),
            tuple(str(x).lower() for x in raw.get("suffixes") or ()),
        )
    colours = _strict(data.get("colours") or {}, set(data.get("colours") or {}), f"{path}: colours")
    for word, label in colours.items():
        if label not in STATUSES:
            raise RuleFileError(f"{path}: colours: {word}: {label!r} is not one of {STATUSES}")
    return StatusLexicon(
        terms={c: _phrases(v, f"{path}: terms: {c}") for c, v in terms.items()},
        cues=cues,
        field_labels=_phrases(data.get("field_labels"), f"{path}: field_labels"),
        colours={str(k).lower(): str(v) for k, v in colours.items()},
        year_part=compile_pattern(data.get("year_part", ""), f"{path}: year_part"),
    )


def load_table_lexicon(path: Path) -> TableLexicon:
    data = _strict(_read(path.name, path.parent), {"columns", "needs"}, str(path))
    columns = _strict(data.get("columns"), set(TABLE_FIELDS), f"{path}: columns")
    needs = []
    for i, item in enumerate(data.get("needs") or []):
        if not isinstance(item, list) or not set(item) <= set(TABLE_FIELDS):
            raise RuleFileError(f"{path}: needs[{i}]: a list of fields from {TABLE_FIELDS}")
        needs.append(frozenset(item))
    if not needs:
        raise RuleFileError(f"{path}: needs: must be a non-empty list")
    return TableLexicon(
        columns={
            k: tuple(" ".join(p) for p in _phrases(v, f"{path}: columns: {k}")) for k, v in columns.items()
        },
        needs=tuple(needs),
    )


def _patterns(path: Path, key: str, flags: int) -> tuple[re.Pattern[str], ...]:
    data = _strict(_read(path.name, path.parent), {key}, str(path))
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise RuleFileError(f"{path}: {key}: must be a non-empty list of patterns")
    out = tuple(compile_pattern(x, f"{path}: {key}[{i}]", flags) for i, x in enumerate(items))
    for i, p in enumerate(out):
        if p.groups < 1:
            raise RuleFileError(f"{path}: {key}[{i}]: needs a group for the value")
    return out


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


def load_rules(rules_dir: Path | str = RULES_DIR) -> RuleSet:
    d = Path(rules_dir)
    bered = _read("beredning.yaml", d)
    multi = _read("multi_year.yaml", d)
    numbering = _read("numbering.yaml", d)
    dates = _read("dates.yaml", d)
    abbr = _read("abbreviations.yaml", d)
    dts = _read("doc_types.yaml", d)
    default = bered.get("default", "behandlat")
    if default not in BEREDNING:
        raise RuleFileError(f"{d / 'beredning.yaml'}: default {default!r} is not one of {BEREDNING}")
    types = []
    for i, item in enumerate(dts.get("types") or []):
        at = f"{d / 'doc_types.yaml'}: types[{i}]"
        if item.get("doc_type") not in DOC_TYPES:
            raise RuleFileError(f"{at}: doc_type must be one of {DOC_TYPES}")
        title = compile_pattern(item["title"], at) if item.get("title") else None
        body = compile_pattern(item["body"], at) if item.get("body") else None
        types.append((item["doc_type"], title, body))
    if not types:
        raise RuleFileError(f"{d / 'doc_types.yaml'}: 'types' must be a non-empty list")
    return RuleSet(
        status=load_status_lexicon(d / "status_lexicon.yaml"),
        tables=load_table_lexicon(d / "tables.yaml"),
        diarienummer=_patterns(d / "diarienummer.yaml", "patterns", flags=0),
        beredning=_rules(bered, "rules", str(d / "beredning.yaml"), BEREDNING),
        beredning_default=default,
        multi_year=_rules(multi, "rules", str(d / "multi_year.yaml")),
        numbered=_rules(numbering, "numbered", str(d / "numbering.yaml")),
        references=_rules(numbering, "references", str(d / "numbering.yaml")),
        text_labels=_rules(numbering, "text_labels", str(d / "numbering.yaml")),
        status_lines=_rules(numbering, "status_lines", str(d / "numbering.yaml")),
        inline=_rules(numbering, "inline", str(d / "numbering.yaml")),
        task_start=compile_pattern(
            rf"^(?:att|{_task_alternation(numbering, str(d / 'numbering.yaml'))})\b",
            str(d / "numbering.yaml"),
        ),
        unnumbered=_rules(numbering, "unnumbered", str(d / "numbering.yaml")),
        intro=_rules(numbering, "intro", str(d / "numbering.yaml")),
        meeting_cues=compile_pattern(dates.get("meeting_cues", ""), f"{d / 'dates.yaml'}: meeting_cues"),
        other_body_possessive=compile_pattern(
            dates.get("other_body_possessive", ""), f"{d / 'dates.yaml'}: other_body_possessive"
        ),
        other_body_subject=compile_pattern(
            dates.get("other_body_subject", ""), f"{d / 'dates.yaml'}: other_body_subject"
        ),
        not_meeting=compile_pattern(dates.get("not_meeting", ""), f"{d / 'dates.yaml'}: not_meeting"),
        abbreviations=frozenset(str(a).lower() for a in abbr.get("abbreviations") or ()),
        doc_types=tuple(types),
        titles=compile_pattern(dts.get("titles", ""), f"{d / 'doc_types.yaml'}: titles"),
    )


@cache
def default_rules() -> RuleSet:
    return load_rules(RULES_DIR)
