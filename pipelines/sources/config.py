"""Source specifications as typed models: `sources.yaml` (validated; errors name file, key and problem)
and `--from` values.

Schema: see pipelines/sources/README.md. Every field's ``description`` is what a value must be: a
validation error reads ``<file>: <key>: must be <description>, got <value>`` (config_errors.py).
Unknown keys are errors, numbers are not read from strings, and a bool is not a number.
"""

from __future__ import annotations

import importlib.metadata
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

Kind = Literal["folder", "url", "portal"]
KINDS: tuple[str, ...] = ("folder", "url", "portal")
DEFAULT_LOOKBACK_DAYS = 90
DEFAULT_CONTACT = "mailto:protokoll@example.org"  # set http.contact in sources.yaml to your address
PROBLEM = "protokoll_config"  # error type of our cross-field checks; ctx carries the key and problem


class SourcesConfigError(ValueError):
    """A sources.yaml or --from value that cannot be used; the message names file, key and problem."""


def problem(key: str, text: str) -> PydanticCustomError:
    """A validation error on ``key`` (relative to the model that raises it) with our own wording."""
    return PydanticCustomError(PROBLEM, "{key}: {problem}", {"key": key, "problem": text})


def _version() -> str:
    try:
        return importlib.metadata.version("protokoll")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "0.0.0"


def _non_negative(default: float, what: str) -> Any:
    return Field(default=default, ge=0, strict=True, description=what)


class HttpSettings(BaseModel):
    """Politeness and safety limits (the `http:` block). All limits are per host."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    contact: str = Field(
        default=DEFAULT_CONTACT, strict=True, description="a string (mailto: address or URL)"
    )
    requests_per_second: float = _non_negative(1.0, "a float >= 0")
    max_concurrency: int = _non_negative(2, "a non-negative integer")
    connect_timeout: float = _non_negative(10.0, "a float >= 0 (seconds)")
    read_timeout: float = _non_negative(30.0, "a float >= 0 (seconds)")
    # The whole transfer of one response: a server that sends a byte every few seconds never hits
    # read_timeout (it times the gap between bytes) but hits this.
    total_timeout: float = _non_negative(600.0, "a float >= 0 (seconds)")
    retries: int = _non_negative(3, "a non-negative integer")
    backoff: float = _non_negative(1.0, "a float >= 0 (seconds)")
    max_bytes: int = _non_negative(100 * 1024 * 1024, "a non-negative integer (bytes)")
    max_redirects: int = _non_negative(5, "a non-negative integer")
    # A hostile or broken page must not queue hours of requests: links followed from one portal
    # page (committees, meetings, year pages) and documents taken from one meeting are capped,
    # the rest counted in coverage (links_skipped) and flagged.
    max_links_per_page: int = Field(default=1000, ge=1, strict=True, description="a positive integer")
    max_documents_per_meeting: int = Field(default=500, ge=1, strict=True, description="a positive integer")
    allowed_hosts: tuple[str, ...] = Field(default=(), description="a list of host names")

    @property
    def user_agent(self) -> str:
        return f"protokoll/{_version()} (+{self.contact})"


def _is_http_url(value: object) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.hostname)


class SourceSpec(BaseModel):
    """One configured source.

    folder: ``path`` (a folder: every PDF below it; or a single PDF file).
    url:    ``url`` of one PDF.
    portal: ``url`` = base URL of a Meetings Plus portal; ``committees`` = slugs or None for all;
            ``since``/``until`` = meeting-date window (backfill); ``lookback_days`` = how long after
            a meeting its page is revisited for late minutes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, strict=True, description="a non-empty string")
    kind: Kind = Field(description=f"one of {list(KINDS)}")
    path: Path | None = Field(default=None, description="a folder or PDF file path")
    url: str | None = Field(default=None, strict=True, description="an http(s) URL with a host")
    committees: tuple[str, ...] | None = Field(default=None, description="'all' or a non-empty list of slugs")
    since: date | None = Field(default=None, description="a date YYYY-MM-DD")
    until: date | None = Field(default=None, description="a date YYYY-MM-DD")
    lookback_days: int = Field(
        default=DEFAULT_LOOKBACK_DAYS, ge=0, strict=True, description="a non-negative integer"
    )
    allowed_hosts: tuple[str, ...] = Field(default=(), description="a list of host names")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("blank")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not _is_http_url(value):
            raise ValueError("not an http(s) URL")
        return value

    @field_validator("committees", mode="before")
    @classmethod
    def _committees(cls, value: Any) -> Any:
        if value in (None, "all"):
            return None
        if isinstance(value, list | tuple) and value and all(isinstance(c, str) and c for c in value):
            return tuple(value)
        raise ValueError("not 'all' or a list of slugs")

    @field_validator("since", "until", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str):
            return date.fromisoformat(value)  # ValueError: reported with the field's description
        raise ValueError("not a date")

    @field_validator("path")
    @classmethod
    def _relative_to_file(cls, value: Path | None, info: ValidationInfo) -> Path | None:
        base = (info.context or {}).get("base_dir")
        if value is None:
            return None
        value = value.expanduser()
        return value if value.is_absolute() or base is None else Path(base) / value

    @model_validator(mode="after")
    def _kind_fields(self) -> SourceSpec:
        if self.kind == "folder" and self.path is None:
            raise problem("path", "is required for kind folder (a folder or PDF file)")
        if self.kind != "folder" and self.url is None:
            raise problem("url", f"is required for kind {self.kind} (an http(s) URL with a host)")
        if self.committees is not None and self.kind != "portal":
            raise problem("committees", "only applies to kind portal")
        if self.since and self.until and self.since > self.until:
            raise problem("since", f"{self.since} is after until {self.until}")
        return self

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts this source may fetch from: its own URL's host plus the configured extras."""
        own = {(urlsplit(self.url).hostname or "").lower()} if self.url else set()
        return frozenset(own | {h.lower() for h in self.allowed_hosts})


class SourcesConfig(BaseModel):
    """A whole sources.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = Field(default=1, json_schema_extra={"problem": "only version 1 is understood"})
    http: HttpSettings = Field(default_factory=HttpSettings, description="a mapping")
    sources: list[SourceSpec] = Field(min_length=1, description="a non-empty list")

    @field_validator("http", mode="before")
    @classmethod
    def _http_default(cls, value: Any) -> Any:
        return {} if value is None else value

    @model_validator(mode="after")
    def _unique_names(self) -> SourcesConfig:
        names = [s.name for s in self.sources]
        dup = next((n for n in names if names.count(n) > 1), None)
        if dup:
            raise problem("sources", f"name {dup!r} is used twice")
        return self


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so a bad date gets our error message (with its key)."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def load_config(path: Path) -> SourcesConfig:
    """Read and validate a sources.yaml. Raises SourcesConfigError naming file, key and problem."""
    from pipelines.sources.config_errors import first_problem

    where = str(path)
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise SourcesConfigError(f"{where}: file not found") from None
    except yaml.YAMLError as exc:
        raise SourcesConfigError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(raw, dict):
        raise SourcesConfigError(f"{where}: (top level): must be a mapping with keys version, http, sources")
    try:
        return SourcesConfig.model_validate(raw, context={"base_dir": Path(path).absolute().parent})
    except ValidationError as exc:
        raise SourcesConfigError(f"{where}: {first_problem(exc, raw)}") from None


def load_sources_file(path: Path) -> list[SourceSpec]:
    return load_config(path).sources


def parse_source_arg(value: str, base_dir: Path | None = None) -> SourceSpec:
    """`--from` value: a folder or PDF file, an http(s) URL of a PDF, or `portal:URL`."""
    where = f"--from {value!r}"
    if value.startswith("portal:"):
        url = value.removeprefix("portal:")
        if not _is_http_url(url):
            raise SourcesConfigError(f"{where}: portal: must be an http(s) URL with a host, got {url!r}")
        return SourceSpec(name=f"portal:{urlsplit(url).hostname}", kind="portal", url=url)
    if urlsplit(value).scheme in ("http", "https"):
        if not _is_http_url(value):
            raise SourcesConfigError(f"{where}: url: must be an http(s) URL with a host, got {value!r}")
        return SourceSpec(name=value, kind="url", url=value)
    if "://" in value:
        raise SourcesConfigError(
            f"{where}: scheme: only http(s) URLs, portal:URL or local paths are accepted"
        )
    path = Path(value).expanduser()
    path = path if path.is_absolute() else (base_dir or Path.cwd()) / path
    if not path.exists():
        raise SourcesConfigError(f"{where}: path: {path} does not exist")
    return SourceSpec(name=str(path), kind="folder", path=path)
