"""Progress of a long step with counts and rates (`files 57/159, 12.3 pages/s`).

On a terminal the line is redrawn in place (at most every 0.2 s); otherwise (a log file, the
daemon's compute log, CI) one line is written every ~10 s, so a long run shows it is alive
without flooding the log. `PROTOKOLL_PROGRESS=0` silences it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

TTY_INTERVAL = 0.2
LOG_INTERVAL = 10.0


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = os.environ.get("PROTOKOLL_PROGRESS", "1") != "0" and total > 0
        self.done = 0
        self.pages = 0
        self.started = time.monotonic()
        self.last = self.started

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = f", {self.pages / elapsed:.1f} pages/s" if self.pages else ""
        return f"{self.label} {self.done}/{self.total}{rate}, {elapsed:.0f} s"

    def update(self, files: int = 1, pages: int = 0) -> None:
        self.done += files
        self.pages += pages
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < (TTY_INTERVAL if self.tty else LOG_INTERVAL) and self.done < self.total:
            return
        self.last = now
        if self.tty:
            self.stream.write("\r\033[K" + self.line())
        elif self.done < self.total:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()
