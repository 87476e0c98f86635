"""Typed Dagster resources: archive, warehouse, sources, HTTP settings, spaCy pipeline, inbox.

Every path field defaults to None, meaning "resolve through `pipelines.settings` when the run
executes" (environment variable, then the project-local default of INTERFACE.md). `make_resources`
binds a field to `EnvVar` when that variable is set, so the Dagster UI shows where a value comes
from, and takes explicit values (command line, tests) over both.
"""

import os
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import PrivateAttr

from pipelines import settings


def _env_or(value: str | os.PathLike[str] | None, name: str) -> Any:
    """An explicit value wins; else `EnvVar(name)` when the variable is set; else None (= default)."""
    if value is not None:
        return str(value)
    # Read while assembling Definitions (code-location load), never at module import.
    return dg.EnvVar(name) if os.environ.get(name) else None


def _int_setting(value: int | None, name: str, default: int | float) -> float:
    """An explicit value, else the variable as it is when the run executes, else the default.

    Read at run time, not bound as EnvVar when Definitions are assembled: one process may run
    several ingests (tests, a notebook) with different limits, and a variable bound at import and
    unset later would fail the run's config."""
    if value is not None:
        return value
    raw = os.environ.get(name)
    return int(raw) if raw else default


class ArchiveResource(dg.ConfigurableResource):
    """Content-addressed store of every original file (`PROTOKOLL_ARCHIVE`, default data/archive)."""

    root: str | None = None

    def path(self) -> Path:
        return settings.archive_dir(self.root)

    def archive(self) -> Any:
        from pipelines.sources.archive import Archive

        return Archive(self.path())

    def cache_dir(self) -> Path:
        """Extraction results keyed by (extractor version, sha256), next to the originals."""
        return self.path() / ".extractions"


class WarehouseResource(dg.ConfigurableResource):
    """The published DuckDB file (`PROTOKOLL_WAREHOUSE`, default warehouse/protokoll.duckdb)."""

    path: str | None = None

    def published(self) -> Path:
        return settings.warehouse_path(self.path)


class HttpResource(dg.ConfigurableResource):
    """HTTP politeness limits; unset fields keep sources.yaml's `http:` block or the built-in defaults."""

    contact: str | None = None
    requests_per_second: float | None = None
    max_concurrency: int | None = None
    connect_timeout: float | None = None
    read_timeout: float | None = None
    retries: int | None = None
    max_bytes: int | None = None

    def settings(self, base: Any = None) -> Any:
        from pipelines.sources.http import HttpSettings

        base = base if base is not None else HttpSettings()
        overrides = {
            k: v for k, v in self.model_dump().items() if v is not None and k in HttpSettings.model_fields
        }
        return HttpSettings.model_validate({**base.model_dump(), **overrides})


class SourcesResource(dg.ConfigurableResource):
    """Configured sources (`PROTOKOLL_SOURCES`, default sources.yaml)."""

    config_file: str | None = None

    def config_path(self) -> Path:
        return settings.sources_file(self.config_file)

    def load(self, override: list[str] | None = None) -> tuple[list[Any], Any]:
        """(source specs, HttpSettings of the file). `override` (`--from` values) replaces the file's
        sources for this run; the file's http block still applies when the file exists."""
        from pipelines.sources.config import load_config, parse_source_arg
        from pipelines.sources.http import HttpSettings

        path = self.config_path()
        http = HttpSettings()
        specs: list[Any] = []
        if path.exists():
            config = load_config(path)
            specs, http = list(config.sources), config.http
        if override:
            specs = [parse_source_arg(value) for value in override]
        elif not path.exists():
            from pipelines.sources.config import SourcesConfigError

            raise SourcesConfigError(f"{path}: file not found (and no --from sources given)")
        return specs, http


class NlpResource(dg.ConfigurableResource):
    """The extraction engine: the spaCy pipeline and the limits of the worker processes.

    `model` (`PROTOKOLL_SPACY_MODEL`) names a trained pipeline; None uses the rule pipeline.
    Workers (`PROTOKOLL_WORKERS`, default one per core) parse each file under a time limit outside
    OCR (`PROTOKOLL_FILE_SECONDS`, 300), a per-page parse budget (`PROTOKOLL_PAGE_SECONDS`, 60), a
    per-page OCR budget apart from it (`PROTOKOLL_OCR_PAGE_SECONDS`, 120), a ceiling on a file's
    wall time, OCR included (`PROTOKOLL_FILE_MAX_SECONDS`, 14400), a memory limit
    (`PROTOKOLL_WORKER_MEMORY_MB`, 3072) and a page cap (`PROTOKOLL_MAX_PAGES`, 2000).
    """

    model: str | None = None
    workers: int | None = None
    file_seconds: int | None = None
    page_seconds: int | None = None
    ocr_page_seconds: int | None = None
    file_max_seconds: int | None = None
    memory_mb: int | None = None
    max_pages: int | None = None
    _nlp: Any = PrivateAttr(default=None)

    def limits(self) -> Any:
        from pipelines.workers import WorkerLimits

        d = WorkerLimits()
        return WorkerLimits(
            workers=int(_int_setting(self.workers, "PROTOKOLL_WORKERS", d.workers)),
            file_seconds=float(_int_setting(self.file_seconds, "PROTOKOLL_FILE_SECONDS", d.file_seconds)),
            page_seconds=float(_int_setting(self.page_seconds, "PROTOKOLL_PAGE_SECONDS", d.page_seconds)),
            ocr_page_seconds=float(
                _int_setting(self.ocr_page_seconds, "PROTOKOLL_OCR_PAGE_SECONDS", d.ocr_page_seconds)
            ),
            file_max_seconds=float(
                _int_setting(self.file_max_seconds, "PROTOKOLL_FILE_MAX_SECONDS", d.file_max_seconds)
            ),
            memory_mb=int(_int_setting(self.memory_mb, "PROTOKOLL_WORKER_MEMORY_MB", d.memory_mb)),
            max_pages=int(_int_setting(self.max_pages, "PROTOKOLL_MAX_PAGES", d.max_pages)),
        )

    def spacy_model(self) -> str | None:
        return self.model or os.environ.get("PROTOKOLL_SPACY_MODEL") or None

    def get(self) -> Any:
        if self._nlp is None:
            from extractors.nlp import build_nlp

            # A run with nothing new never pays for loading spaCy.
            self._nlp = build_nlp(self.spacy_model())
        return self._nlp


class InboxResource(dg.ConfigurableResource):
    """Folder watched by the inbox sensor (`PROTOKOLL_INBOX`, default data/inbox)."""

    path: str | None = None

    def folder(self) -> Path:
        value = self.path or os.environ.get("PROTOKOLL_INBOX") or "data/inbox"
        return Path(value).expanduser().absolute()


def make_resources(
    warehouse: str | os.PathLike[str] | None = None,
    archive: str | os.PathLike[str] | None = None,
    config: str | os.PathLike[str] | None = None,
    inbox: str | os.PathLike[str] | None = None,
    spacy_model: str | None = None,
) -> dict[str, Any]:
    return {
        "archive": ArchiveResource(root=_env_or(archive, "PROTOKOLL_ARCHIVE")),
        "warehouse": WarehouseResource(path=_env_or(warehouse, "PROTOKOLL_WAREHOUSE")),
        "sources": SourcesResource(config_file=_env_or(config, "PROTOKOLL_SOURCES")),
        "http": HttpResource(),
        "nlp": NlpResource(
            # Limits and the model are read when the run executes (see _int_setting).
            model=str(spacy_model) if spacy_model else None,
        ),
        "inbox": InboxResource(path=_env_or(inbox, "PROTOKOLL_INBOX")),
    }
