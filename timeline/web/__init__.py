"""The page: ``timeline serve`` starts a local, read-only web page over a
timeline, with one slider for the date in the world and one for the date
of knowledge (see docs/web.md). Starlette and uvicorn are the ``web``
extra; the charts need the ``charts`` extra."""

from timeline.web.server import serve

__all__ = ["serve"]
