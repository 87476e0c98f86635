"""Every rule file is strict: unknown keys, wrong types and invalid regexes are one-line errors
``file: key: problem``, and nothing of a broken rule set is used."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractors.errors import RuleFileError
from extractors.rules import RULES_DIR, load_rules

RULE_FILES = sorted(p.name for p in RULES_DIR.glob("*.yaml"))
Change = Callable[[dict[str, Any]], None]


def _load_broken(tmp_path: Path, file: str, change: Change) -> str:
    """Load a copy of the shipped rules with one file changed; the error's text."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    data = yaml.safe_load((rules / file).read_text(encoding="utf-8"))
    change(data)
    (rules / file).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_rules(rules)
    message = str(err.value)
    assert "\n" not in message
    return message.replace(f"{rules}/", "")


def test_every_rule_file_is_covered() -> None:
    assert RULE_FILES == [
        "abbreviations.yaml",
        "beredning.yaml",
        "dates.yaml",
        "diarienummer.yaml",
        "doc_types.yaml",
        "multi_year.yaml",
        "numbering.yaml",
        "status_lexicon.yaml",
        "tables.yaml",
        "text_layer.yaml",
    ]


@pytest.mark.parametrize("file", RULE_FILES)
def test_unknown_top_level_key(tmp_path: Path, file: str) -> None:
    message = _load_broken(tmp_path, file, lambda d: d.update(colour="grön"))
    assert message == f"{file}: colour: unknown key"


def _set(path: tuple[Any, ...], value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        ("numbering.yaml", _set(("numbered", 2, "colour"), "röd"), "numbered[2]: colour: unknown key"),
        ("beredning.yaml", _set(("rules", 0, "lable"), "ej_aktuellt"), "rules[0]: lable: unknown key"),
        ("status_lexicon.yaml", _set(("cues", "plan", "windw"), 6), "cues: plan: windw: unknown key"),
        ("status_lexicon.yaml", _set(("cues", "sometimes"), {}), "cues: unknown key(s) ['sometimes']"),
        ("tables.yaml", _set(("columns", "colour"), ["färg"]), "columns: unknown key(s) ['colour']"),
        ("doc_types.yaml", _set(("types", 1, "titel"), "^protokoll"), "types[1]: titel: unknown key"),
    ],
)
def test_unknown_nested_key(tmp_path: Path, file: str, change: Change, expected: str) -> None:
    assert _load_broken(tmp_path, file, change) == f"{file}: {expected}"


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        ("abbreviations.yaml", _set(("abbreviations",), "t.ex"), "abbreviations: must be a list"),
        ("beredning.yaml", _set(("default",), 3), "default: must be a string"),
        ("dates.yaml", _set(("meeting_cues",), ["möte"]), "meeting_cues: pattern must be a non-empty string"),
        ("diarienummer.yaml", _set(("patterns",), []), "patterns: must be a non-empty list"),
        ("doc_types.yaml", _set(("types",), {"kallelse": "^kallelse"}), "types: must be a list"),
        ("multi_year.yaml", _set(("rules", 1, "case_sensitive"), "ja"), "rules[1]: case_sensitive: must be true or false"),
        ("numbering.yaml", _set(("task_verbs",), "ta fram"), "task_verbs: must be a list"),
        ("status_lexicon.yaml", _set(("cues", "negation", "window"), "6"), "cues: negation: window: must be a whole number"),
        ("status_lexicon.yaml", _set(("cues", "negation", "window"), 31), "cues: negation: window: must be a whole number of tokens from 1 to 30"),
        ("status_lexicon.yaml", _set(("field_labels",), []), "field_labels: must be a non-empty list of words or phrases"),
        ("tables.yaml", _set(("columns",), ["nr"]), "columns: must be a mapping"),
        ("beredning.yaml", _set(("rules", 1, "label"), "klart"), "rules[1]: label: 'klart' is not one of ('behandlat', 'ej_behandlat', 'ej_aktuellt')"),
        ("beredning.yaml", lambda d: d["rules"][0].pop("label"), "rules[0]: label: missing"),
    ],
)  # fmt: skip
def test_wrong_types_and_values(tmp_path: Path, file: str, change: Change, expected: str) -> None:
    assert _load_broken(tmp_path, file, change) == f"{file}: {expected}"


@pytest.mark.parametrize(
    ("file", "where", "key"),
    [
        # a rule's pattern is compiled with the rule's flags: the error names the rule
        ("beredning.yaml", ("rules", 1, "pattern"), "rules[1]"),
        ("multi_year.yaml", ("rules", 2, "pattern"), "rules[2]"),
        ("numbering.yaml", ("inline", 1, "pattern"), "inline[1]"),
        ("dates.yaml", ("not_meeting",), "not_meeting"),
        ("diarienummer.yaml", ("patterns", 3), "patterns[3]"),
        ("doc_types.yaml", ("types", 4, "body"), "types[4]: body"),
        ("doc_types.yaml", ("titles",), "titles"),
        ("status_lexicon.yaml", ("year_part",), "year_part"),
    ],
)
def test_invalid_regex(tmp_path: Path, file: str, where: tuple[Any, ...], key: str) -> None:
    message = _load_broken(tmp_path, file, _set(where, "(uppdrag|status"))
    assert message.startswith(f"{file}: {key}: invalid regex: missing ), unterminated subpattern")


def test_a_pattern_without_a_value_group(tmp_path: Path) -> None:
    message = _load_broken(tmp_path, "diarienummer.yaml", _set(("patterns", 0), r"\bKS \d{4}"))
    assert message == "diarienummer.yaml: patterns[0]: needs a group for the value"


def test_broken_yaml_is_one_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    (rules / "tables.yaml").write_text("columns: {label: [nr\nneeds: [", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"tables\.yaml: not valid YAML at line \d+: ") as err:
        load_rules(rules)
    assert "\n" not in str(err.value)
