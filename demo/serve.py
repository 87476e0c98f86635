"""Serving the sample corpus for `protokoll demo` on a port that stays the same from run to run.

The archive knows a document by its URL. A portal on a new port every run would make every file
"new" on a rerun (downloaded again, then found already loaded), so the demo serves on the port this
corpus used last time (remembered in `<corpus>/portal-port`), else on DEFAULT_PORT, and only when
that port is taken on any free one, saying so.
"""

from __future__ import annotations

from pathlib import Path

from demo.portal import PortalServer

DEFAULT_PORT = 8765
PORT_FILE = "portal-port"


class PortBusy(Exception):
    pass


def remembered_port(corpus: Path) -> int | None:
    try:
        port = int((corpus / PORT_FILE).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return port if 0 < port < 65536 else None


def open_portal(corpus: Path, port: int | None) -> tuple[PortalServer, str | None]:
    """The portal server (not started) and a note when it could not have its usual port.

    `port` given: that port or PortBusy (0 means any free port). Not given: the remembered or
    default port, falling back to a free one.
    """
    note = None
    if port is not None:
        try:
            server = PortalServer(corpus, port=port)
        except OSError as exc:
            raise PortBusy(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    else:
        wanted = remembered_port(corpus) or DEFAULT_PORT
        try:
            server = PortalServer(corpus, port=wanted)
        except OSError:
            server = PortalServer(corpus, port=0)
            note = (
                f"port {wanted} is in use, so the portal's URLs are new to the archive "
                "and its files count as new (--port chooses one)"
            )
    (corpus / PORT_FILE).write_text(f"{server.port}\n", encoding="utf-8")
    return server, note


def demo_config(corpus: Path, base_url: str) -> Path:
    """A sources file for the loopback portal: same crawler, no politeness delay needed on 127.0.0.1."""
    path = corpus / "demo-sources.yaml"
    path.write_text(
        "# written by `protokoll demo`: the imitation portal on 127.0.0.1\n"
        "version: 1\n"
        "http:\n"
        '  contact: "mailto:demo@example.org"\n'
        "  requests_per_second: 100.0\n"
        "  max_concurrency: 4\n"
        "sources:\n"
        "  - name: demo-portal\n"
        "    kind: portal\n"
        f"    url: {base_url}\n"
        # The sample archive spans years that may all lie in the past: revisit every meeting so the
        # late minutes are found whatever today's date is (a real portal keeps the 90-day default).
        "    lookback_days: 36500\n",
        encoding="utf-8",
    )
    return path
