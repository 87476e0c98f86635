"""Being polite to a host: its Retry-After answers and the pace and number of requests to it."""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass, field

RETRY_AFTER_CAP = 120.0  # a server asking for a longer pause is tried again on the next run


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass
class HostGate:
    """One host's turn-taking: starts at least `interval` apart, at most the semaphore's count at once."""

    interval: float
    semaphore: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0

    def wait_turn(self) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.interval
        if start > now:
            time.sleep(start - now)
