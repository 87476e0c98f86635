"""The spaCy pipeline: blank Swedish by default, a trained base from PROTOKOLL_SPACY_MODEL; rule files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy

from extractors.errors import RuleFileError
from extractors.nlp import analyse, build_nlp
from extractors.rules import RULES_DIR, load_rules


def test_blank_pipeline_has_our_components(nlp) -> None:
    assert nlp.lang == "sv"
    assert nlp.pipe_names == ["protokoll_sentences", "protokoll_rules"]


def test_trained_base_pipeline_is_loaded_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = spacy.blank("sv")
    ruler = base.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Region Exempel"}])  # type: ignore[attr-defined]
    base.to_disk(tmp_path / "sv_test_pipeline")
    monkeypatch.setenv("PROTOKOLL_SPACY_MODEL", str(tmp_path / "sv_test_pipeline"))
    nlp = build_nlp()
    assert nlp.pipe_names == ["protokoll_sentences", "entity_ruler", "protokoll_rules"]
    doc = analyse(nlp, "Region Exempel har startat uppdraget. Uppdraget har startat.", year=2024, organ=None)
    assert [e.text for e in doc.ents] == ["Region Exempel"]
    assert [s.label_ for s in doc.spans["status"]] == ["pagar"]


def test_unknown_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTOKOLL_SPACY_MODEL", "sv_no_such_pipeline")
    with pytest.raises(RuntimeError, match="sv_no_such_pipeline"):
        build_nlp()


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("status_lexicon.yaml", "röd: ej_genomfort", "röd: nearly_done", "nearly_done"),
        (
            "status_lexicon.yaml",
            "    direction: backward\n    window: 6",
            "    direction: sideways\n    window: 6",
            "direction",
        ),
        ("status_lexicon.yaml", "  activity:", "  gossip:", "gossip"),
        ("status_lexicon.yaml", 'year_part: "(del', 'year_part: "((del', "invalid regex"),
        ("tables.yaml", "  - [text, status]", "  - [text, mood]", "needs"),
        ("diarienummer.yaml", '- "\\\\b(\\\\d{2}', '- "\\\\b((\\\\d{2}', "invalid regex"),
        ("numbering.yaml", "doc_types: [aterrapportering]", "doc_types: [memo]", "memo"),
        ("dates.yaml", 'not_meeting: "((inget', 'not_meeting: "(((inget', "not_meeting: invalid regex"),
        ("text_layer.yaml", "min_letter_share: 0.3 ", "min_letter_share: 3 ", "min_letter_share"),
        ("text_layer.yaml", "ocr_gain: 1.5", "ocr_boost: 1.5", "ocr_boost"),
        ("text_layer.yaml", "language: swe", "language: Svenska 1", "language"),
        ("text_layer.yaml", '"^[&8]', '"^[&8', "invalid regex"),
        ("text_layer.yaml", 'replace: "§ "}', "replace: 7}", "replace"),
    ],
)
def test_rule_files_are_validated_on_load(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    rules = _copy_rules(tmp_path)
    text = (rules / file).read_text(encoding="utf-8")
    assert old in text
    (rules / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleFileError, match=message) as err:
        load_rules(rules)
    assert file in str(err.value)


def test_shipped_rules_load() -> None:
    rules = load_rules()
    assert rules.status.terms["done"] and rules.numbered and rules.meeting_cues.search("sammanträdet")
