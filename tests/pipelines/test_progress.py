"""Progress lines: redrawn on a terminal, one every ~10 s in a log, silent on request."""

import io
from typing import Any

import pytest

from pipelines import progress as P


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(P.time, "monotonic", lambda: now[0])
    return now


def test_log_gets_a_line_every_ten_seconds_with_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    now = _clock(monkeypatch)
    out = io.StringIO()
    bar = P.Progress("extracting files", 159, stream=out)
    for _ in range(56):
        now[0] += 0.1
        bar.update(pages=3)
    assert out.getvalue() == ""  # 5.6 s: nothing yet
    now[0] += 5.0
    bar.update(pages=3)
    assert out.getvalue() == "extracting files 57/159, 16.1 pages/s, 11 s\n"


def test_terminal_line_is_redrawn_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    now = _clock(monkeypatch)
    out = Tty()
    bar = P.Progress("files", 3, stream=out)
    for _ in range(3):
        now[0] += 1
        bar.update(pages=2)
    bar.close()
    text = out.getvalue()
    assert text.count("\r\033[K") == 4 and "files 3/3, 2.0 pages/s" in text and "\n" not in text


def test_silenced_by_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROTOKOLL_PROGRESS", "0")
    out: Any = Tty()
    bar = P.Progress("files", 2, stream=out)
    bar.update()
    bar.update()
    assert out.getvalue() == ""
