"""Source specifications: `sources.yaml` (validated, errors name file, key and problem) and `--from`.

Schema: see pipelines/sources/README.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from pipelines.sources.http import HttpSettings

Kind = Literal["folder", "url", "portal"]
KINDS: tuple[str, ...] = ("folder", "url", "portal")
DEFAULT_LOOKBACK_DAYS = 90


class SourcesConfigError(ValueError):
    """A sources.yaml or --from value that cannot be used; the message names file, key and problem."""


@dataclass(frozen=True)
class SourceSpec:
    """One configured source.

    folder: ``path`` (a folder: every PDF below it; or a single PDF file).
    url:    ``url`` of one PDF.
    portal: ``url`` = base URL of a Meetings Plus portal; ``committees`` = slugs or None for all;
            ``since``/``until`` = meeting-date window (backfill); ``lookback_days`` = how long after
            a meeting its page is revisited for late minutes.
    """

    name: str
    kind: Kind
    path: Path | None = None
    url: str | None = None
    committees: tuple[str, ...] | None = None
    since: date | None = None
    until: date | None = None
    lookback_days: int = DEFAULT_LOOKBACK_DAYS
    allowed_hosts: tuple[str, ...] = ()

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts this source may fetch from: its own URL's host plus the configured extras."""
        own = {(urlsplit(self.url).hostname or "").lower()} if self.url else set()
        return frozenset(own | {h.lower() for h in self.allowed_hosts})


@dataclass(frozen=True)
class SourcesConfig:
    sources: list[SourceSpec]
    http: HttpSettings


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text, so a bad date gets our error message (with its key)."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

_SOURCE_KEYS = {f.name for f in dataclasses.fields(SourceSpec)}
_HTTP_KEYS = {f.name for f in dataclasses.fields(HttpSettings)}


def _fail(where: str, key: str, problem: str) -> SourcesConfigError:
    return SourcesConfigError(f"{where}: {key}: {problem}")


def _check_url(where: str, key: str, value: Any) -> str:
    if (
        not isinstance(value, str)
        or urlsplit(value).scheme not in ("http", "https")
        or not urlsplit(value).hostname
    ):
        raise _fail(where, key, f"must be an http(s) URL with a host, got {value!r}")
    return value


def _date(where: str, key: str, value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, key, f"must be a date YYYY-MM-DD, got {value!r}") from None


def _source(where: str, index: int, raw: Any, base_dir: Path) -> SourceSpec:
    at = f"sources[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, at, f"must be a mapping, got {type(raw).__name__}")
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise _fail(where, f"{at}.{sorted(unknown)[0]}", f"unknown key (allowed: {sorted(_SOURCE_KEYS)})")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _fail(where, f"{at}.kind", f"must be one of {list(KINDS)}, got {kind!r}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, f"{at}.name", "is required (a non-empty string)")
    at = f"sources[{index}] ({name})"
    path: Path | None = None
    url: str | None = None
    if kind == "folder":
        if not isinstance(raw.get("path"), str):
            raise _fail(where, f"{at}.path", "is required for kind folder (a folder or PDF file)")
        path = Path(raw["path"]).expanduser()
        path = path if path.is_absolute() else (base_dir / path)
    else:
        url = _check_url(where, f"{at}.url", raw.get("url"))
    committees = raw.get("committees")
    if committees in (None, "all"):
        committees_t: tuple[str, ...] | None = None
    elif isinstance(committees, list) and committees and all(isinstance(c, str) and c for c in committees):
        if kind != "portal":
            raise _fail(where, f"{at}.committees", "only applies to kind portal")
        committees_t = tuple(committees)
    else:
        raise _fail(
            where, f"{at}.committees", f"must be 'all' or a non-empty list of slugs, got {committees!r}"
        )
    lookback = raw.get("lookback_days", DEFAULT_LOOKBACK_DAYS)
    if not isinstance(lookback, int) or isinstance(lookback, bool) or lookback < 0:
        raise _fail(where, f"{at}.lookback_days", f"must be a non-negative integer, got {lookback!r}")
    hosts = raw.get("allowed_hosts", [])
    if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
        raise _fail(where, f"{at}.allowed_hosts", f"must be a list of host names, got {hosts!r}")
    since, until = (
        _date(where, f"{at}.since", raw.get("since")),
        _date(where, f"{at}.until", raw.get("until")),
    )
    if since and until and since > until:
        raise _fail(where, f"{at}.since", f"{since} is after until {until}")
    return SourceSpec(name, kind, path, url, committees_t, since, until, lookback, tuple(hosts))


def _http(where: str, raw: Any) -> HttpSettings:
    if raw is None:
        return HttpSettings()
    if not isinstance(raw, dict):
        raise _fail(where, "http", "must be a mapping")
    unknown = set(raw) - _HTTP_KEYS
    if unknown:
        raise _fail(where, f"http.{sorted(unknown)[0]}", f"unknown key (allowed: {sorted(_HTTP_KEYS)})")
    defaults = HttpSettings()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        expected = type(getattr(defaults, key))
        if key == "allowed_hosts":
            if not isinstance(value, list) or not all(isinstance(h, str) for h in value):
                raise _fail(where, "http.allowed_hosts", "must be a list of host names")
            value = tuple(value)
        elif expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or isinstance(value, bool):
            raise _fail(where, f"http.{key}", f"must be a {expected.__name__}, got {value!r}")
        if isinstance(value, int | float) and value < 0:
            raise _fail(where, f"http.{key}", f"must not be negative, got {value!r}")
        values[key] = value
    return dataclasses.replace(defaults, **values)


def load_config(path: Path) -> SourcesConfig:
    """Read and validate a sources.yaml. Raises SourcesConfigError naming file, key and problem."""
    where = str(path)
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise SourcesConfigError(f"{where}: file not found") from None
    except yaml.YAMLError as exc:
        raise SourcesConfigError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise _fail(where, "(top level)", "must be a mapping with keys version, http, sources")
    unknown = set(raw) - {"version", "http", "sources"}
    if unknown:
        raise _fail(where, sorted(unknown)[0], "unknown top-level key (allowed: version, http, sources)")
    if raw.get("version", 1) != 1:
        raise _fail(where, "version", f"only version 1 is understood, got {raw.get('version')!r}")
    items = raw.get("sources")
    if not isinstance(items, list) or not items:
        raise _fail(where, "sources", "must be a non-empty list")
    base = Path(path).absolute().parent
    specs = [_source(where, i, item, base) for i, item in enumerate(items)]
    names = [s.name for s in specs]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup:
        raise _fail(where, "sources", f"name {dup!r} is used twice")
    return SourcesConfig(specs, _http(where, raw.get("http")))


def load_sources_file(path: Path) -> list[SourceSpec]:
    return load_config(path).sources


def parse_source_arg(value: str, base_dir: Path | None = None) -> SourceSpec:
    """`--from` value: a folder or PDF file, an http(s) URL of a PDF, or `portal:URL`."""
    where = f"--from {value!r}"
    if value.startswith("portal:"):
        url = _check_url(where, "portal", value.removeprefix("portal:"))
        return SourceSpec(name=f"portal:{urlsplit(url).hostname}", kind="portal", url=url)
    if urlsplit(value).scheme in ("http", "https"):
        return SourceSpec(name=value, kind="url", url=_check_url(where, "url", value))
    if "://" in value:
        raise _fail(where, "scheme", "only http(s) URLs, portal:URL or local paths are accepted")
    path = Path(value).expanduser()
    path = path if path.is_absolute() else (base_dir or Path.cwd()) / path
    if not path.exists():
        raise _fail(where, "path", f"{path} does not exist")
    return SourceSpec(name=str(path), kind="folder", path=path)
