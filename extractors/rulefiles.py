"""The rule files under extractors/rules/ as typed models (loaded by ``rules.load_file``).

Every file is strict: an unknown key, a value of the wrong type or an invalid regex is an error.
Patterns are compiled here, with the file's flags, so a model that validates is ready to use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)

from extractors.context import CATEGORIES, CUE_KINDS
from extractors.tables import TABLE_FIELDS
from vocab.labels import BEREDNING, DOC_TYPES, STATUSES

T = TypeVar("T")


def compile_regex(source: Any, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    if not isinstance(source, str) or not source:
        raise ValueError("pattern must be a non-empty string")
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise ValueError(f"invalid regex: {exc}") from exc


def _one_of(allowed: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {allowed}")
        return value

    return AfterValidator(check)


def _keys(allowed: tuple[str, ...], required: bool = False) -> BeforeValidator:
    """A mapping keyed by a fixed set of names, in the file's order; its keys are checked before
    its values (an unknown key's value is not worth reading)."""

    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            return value  # the mapping type reports it
        unknown = set(value) - set(allowed)
        if unknown:
            raise ValueError(f"unknown key(s) {sorted(unknown)}")
        missing = set(allowed) - set(value) if required else set()
        if missing:
            raise ValueError(f"missing {sorted(missing)}")
        return value

    return BeforeValidator(check)


def _non_empty(message: str) -> AfterValidator:
    def check(value: list[T]) -> list[T]:
        if not value:
            raise ValueError(message)
        return value

    return AfterValidator(check)


def _phrases(value: list[str]) -> list[str]:
    if not value or not all(x.strip() for x in value):
        raise ValueError("must be a non-empty list of words or phrases")
    return value


def _words(value: list[str]) -> list[str]:
    if not all(v.strip() for v in value):
        raise ValueError("must be a list of words")
    return value


def _window(value: int) -> int:
    if not 0 < value <= 30:
        raise ValueError("must be a whole number of tokens from 1 to 30")
    return value


def _value_pattern(source: Any) -> re.Pattern[str]:
    """A case-sensitive pattern whose group 1 is the value (a diarienummer as printed)."""
    pattern = compile_regex(source, 0)
    if pattern.groups < 1:
        raise ValueError("needs a group for the value")
    return pattern


Regex = Annotated[re.Pattern[str], PlainValidator(compile_regex)]
ValuePattern = Annotated[re.Pattern[str], PlainValidator(_value_pattern)]
DocType = Annotated[str, _one_of(DOC_TYPES)]
Status = Annotated[str, _one_of(STATUSES)]
Beredning = Annotated[str, _one_of(BEREDNING)]
TableField = Annotated[str, _one_of(TABLE_FIELDS)]
Phrases = Annotated[list[str], AfterValidator(_phrases)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RuleSpec(Strict):
    """One pattern of a rule list; ``{TASK}`` stands for the task verbs of numbering.yaml."""

    id: str | None = None
    pattern: str
    label: str = ""
    negated_label: str = ""
    case_sensitive: bool = False
    doc_types: list[DocType] = []
    _compiled: re.Pattern[str] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _compile(self, info: ValidationInfo) -> RuleSpec:
        source = self.pattern.replace("{TASK}", (info.context or {}).get("task", ""))
        self._compiled = compile_regex(source, 0 if self.case_sensitive else re.IGNORECASE)
        if self.negated_label and "neg" not in self._compiled.groupindex:
            raise ValueError("negated_label needs a named group (?P<neg>...)")
        return self

    @property
    def compiled(self) -> re.Pattern[str]:
        assert self._compiled is not None  # set by validation
        return self._compiled


class BeredningRule(RuleSpec):
    label: Beredning
    negated_label: Annotated[str, _one_of(("", *BEREDNING))] = ""


NON_EMPTY = "must be a non-empty list"
Rules = Annotated[list[RuleSpec], _non_empty(NON_EMPTY)]


class BeredningFile(Strict):
    default: Beredning = "behandlat"
    rules: Annotated[list[BeredningRule], _non_empty(NON_EMPTY)]


class MultiYearFile(Strict):
    rules: Rules


class NumberingFile(Strict):
    task_verbs: Annotated[list[str], AfterValidator(_words)] = []
    numbered: Rules
    text_labels: Rules
    status_lines: Rules
    inline: Rules
    references: Rules
    unnumbered: Rules
    intro: Rules


class DatesFile(Strict):
    meeting_cues: Regex
    other_body_possessive: Regex
    other_body_subject: Regex
    not_meeting: Regex


class AbbreviationsFile(Strict):
    abbreviations: list[str] = []


class DiarienummerFile(Strict):
    patterns: Annotated[list[ValuePattern], _non_empty(NON_EMPTY)]


class DocTypeSpec(Strict):
    doc_type: DocType
    title: Regex | None = None
    body: Regex | None = None


class DocTypesFile(Strict):
    types: Annotated[list[DocTypeSpec], _non_empty(NON_EMPTY)]
    titles: Regex


class CueSpec(Strict):
    words: Phrases
    direction: Literal["backward", "forward"]
    window: Annotated[int, AfterValidator(_window)]
    terminators: list[str] = []
    suffixes: list[str] = []


class StatusLexiconFile(Strict):
    terms: Annotated[dict[str, Phrases], _keys(CATEGORIES)]
    cues: Annotated[dict[str, CueSpec], _keys(CUE_KINDS, required=True)]
    field_labels: Phrases
    colours: dict[str, Status] = {}
    year_part: Regex


class TablesFile(Strict):
    columns: Annotated[dict[str, Phrases], _keys(TABLE_FIELDS)]
    needs: Annotated[list[list[TableField]], _non_empty(NON_EMPTY)]


def task_alternation(verbs: Iterable[Any]) -> str:
    """The task verbs as one regex alternation, longest first ("ta fram" before "ta")."""
    words = [v for v in verbs if isinstance(v, str) and v.strip()]
    return "|".join(
        r"\s+".join(map(re.escape, v.lower().split())) for v in sorted(words, key=len, reverse=True)
    )


def task_context(data: Any) -> dict[str, str]:
    """numbering.yaml's task verbs as the "{TASK}" of its patterns (read before the patterns)."""
    verbs = data.get("task_verbs") if isinstance(data, dict) else None
    return {"task": task_alternation(verbs if isinstance(verbs, list) else [])}
