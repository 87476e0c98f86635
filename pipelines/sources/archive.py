"""Content-addressed archive of every original file, plus the fetch manifest and crawl state.

Layout under the archive root::

    objects/ab/abcdef....pdf   every original once, by sha256; never overwritten or deleted
    tmp/                       partial downloads (renamed/linked into objects/ when complete)
    manifest.jsonl             one JSON line per fetch (HTTP request outcome or folder read)
    state.json                 per URL: etag, last_modified, sha256; per meeting: documents seen;
                               per source/committee/year: previous coverage (for flagging)
    state.journal.jsonl        state changes since state.json was last written

Provenance is written as each fetch completes, not at the end of a run: the manifest line is
appended (and fsynced) before the object is linked into ``objects/``, and every state change is
appended to the journal, so a crawl killed at any moment leaves a manifest line for every archived
object. ``save_state`` folds the journal into ``state.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from vocab.digest import sha256_file

PARTIAL_MAX_AGE = 3600.0  # seconds; well above HttpSettings.total_timeout

# Every manifest row / report.fetches dict has exactly these keys (None where not applicable).
MANIFEST_KEYS: tuple[str, ...] = (
    "time", "source", "kind", "url", "final_url", "path", "committee", "meeting_date", "link_text",
    "file_name", "http_status", "etag", "last_modified", "sha256", "bytes", "attempts", "error",
    "archive_status",
)  # fmt: skip


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.tmp = self.root / "tmp"
        self.manifest_path = self.root / "manifest.jsonl"
        self.state_path = self.root / "state.json"
        self.journal_path = self.root / "state.journal.jsonl"
        for d in (self.objects, self.tmp):
            d.mkdir(parents=True, exist_ok=True)
        self._sweep_partials()
        self._lock = threading.Lock()
        self._state: dict[str, Any] = self._load_state()

    # ---- objects -------------------------------------------------------------------------
    def _sweep_partials(self, older_than: float = PARTIAL_MAX_AGE) -> None:
        """Remove ``*.part`` files a killed run left behind (a live transfer is never this old:
        one response may take at most the HTTP total_timeout)."""
        cutoff = time.time() - older_than
        for part in self.tmp.glob("*.part"):
            try:
                if part.stat().st_mtime < cutoff:
                    part.unlink()
            except OSError:
                continue  # gone already, or not ours to remove

    def path_for(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / f"{sha256}.pdf"

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def store_temp(self, tmp_path: Path, sha256: str | None = None) -> tuple[str, Path, bool]:
        """Move a complete temporary file (under ``self.tmp``) into place.

        Returns (sha256, archive path, is_new). An existing object is never replaced: the
        temporary file is dropped instead. ``os.link`` makes "create only if absent" atomic.
        """
        sha = sha256 or sha256_file(tmp_path)
        target = self.path_for(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(tmp_path, target)
            is_new = True
            with contextlib.suppress(OSError):
                os.chmod(target, 0o444)
        except FileExistsError:
            is_new = False
        except OSError:  # file systems without hard links
            with self._lock:
                is_new = not target.exists()
                if is_new:
                    os.replace(tmp_path, target)
        tmp_path.unlink(missing_ok=True)
        return sha, target, is_new

    def stage_copy(self, src: Path) -> tuple[Path, str]:
        """Copy a local file into ``tmp/`` (the source is left untouched): (temporary file, sha256)."""
        fd, tmp = tempfile.mkstemp(prefix="copy-", suffix=".part", dir=self.tmp)
        os.close(fd)
        try:
            shutil.copyfile(src, tmp)
            return Path(tmp), sha256_file(Path(tmp))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def store_copy(self, src: Path) -> tuple[str, Path, bool]:
        """Copy a local file into the archive (the source is left untouched)."""
        tmp, sha = self.stage_copy(src)
        try:
            return self.store_temp(tmp, sha)
        finally:
            tmp.unlink(missing_ok=True)

    # ---- manifest ------------------------------------------------------------------------
    def record(self, row: dict[str, Any]) -> dict[str, Any]:
        """Append one fetch to the manifest now (fsynced); returns the row with exactly MANIFEST_KEYS."""
        full = {key: row.get(key) for key in MANIFEST_KEYS}
        _append_line(self.manifest_path, full, self._lock)
        return full

    def append_manifest(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.record(row)

    def read_manifest(self) -> list[dict[str, Any]]:
        return _read_lines(self.manifest_path)

    # ---- state ---------------------------------------------------------------------------
    def _load_state(self) -> dict[str, Any]:
        if self.state_path.exists():
            data: dict[str, Any] = json.loads(self.state_path.read_text(encoding="utf-8"))
        else:
            data = {}
        for key in ("urls", "meetings", "coverage"):
            data.setdefault(key, {})
        for change in _read_lines(self.journal_path):  # changes of a run that did not save its state
            _apply(data, change)
        return data

    def _change(self, table: str, key: str, values: Any, replace: bool = False) -> None:
        """Apply a state change and journal it at once (the caller holds the lock)."""
        change = {"table": table, "key": key, "values": values, "replace": replace}
        _apply(self._state, change)
        _append_line(self.journal_path, change, None)

    def url_state(self, url: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._state["urls"].get(url)
            return dict(found) if found else None

    def set_url_state(self, url: str, **values: Any) -> None:
        with self._lock:
            self._change("urls", url, values)

    def meeting_state(self, meeting_url: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._state["meetings"].get(meeting_url)
            return dict(found) if found else None

    def set_meeting_state(self, meeting_url: str, **values: Any) -> None:
        with self._lock:
            self._change("meetings", meeting_url, values)

    def previous_coverage(self, source: str) -> dict[str, dict[str, int]]:
        """committee (or "") -> {year (str, "" when none): meetings/documents found last time}."""
        with self._lock:
            return json.loads(json.dumps(self._state["coverage"].get(source, {})))

    def set_coverage(self, source: str, counts: dict[str, dict[str, int]]) -> None:
        with self._lock:
            self._change("coverage", source, counts, replace=True)

    def save_state(self) -> None:
        """Write state.json atomically and empty the journal it now contains."""
        with self._lock:
            text = json.dumps(self._state, ensure_ascii=False, indent=1, sort_keys=True)
            fd, tmp = tempfile.mkstemp(prefix="state-", suffix=".json", dir=self.root)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.state_path)
            # Killed between the two: the journal is replayed over a state that already holds it,
            # which changes nothing (each change sets values, it does not add to them).
            self.journal_path.unlink(missing_ok=True)


def _apply(state: dict[str, Any], change: dict[str, Any]) -> None:
    table = state.setdefault(change["table"], {})
    if change.get("replace"):
        table[change["key"]] = change["values"]
    else:
        table.setdefault(change["key"], {}).update(change["values"])


def _append_line(path: Path, value: dict[str, Any], lock: threading.Lock | None) -> None:
    line = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True) + "\n"
    with lock or contextlib.nullcontext(), open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def _read_lines(path: Path) -> list[dict[str, Any]]:
    """JSON lines of ``path``; a last line cut short by a killed writer is skipped."""
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return out
