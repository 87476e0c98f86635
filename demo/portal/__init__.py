"""The imitation Meetings Plus portal (loopback only), see `server.py`."""

from demo.portal.server import PortalServer, RequestRecord

__all__ = ["PortalServer", "RequestRecord"]
