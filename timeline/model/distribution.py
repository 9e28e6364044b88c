"""The name timeline is installed by: the package index holds another
project called ``timeline``, so the distribution is ``bitemporal-timeline``
(the import name and the command stay ``timeline``)."""

from __future__ import annotations

__all__ = ["DISTRIBUTION", "install"]

DISTRIBUTION = "bitemporal-timeline"


def install(extra: str) -> str:
    """The command that installs an optional extra.

    >>> install("charts")
    "pip install 'bitemporal-timeline[charts]'"
    """
    return f"pip install '{DISTRIBUTION}[{extra}]'"
