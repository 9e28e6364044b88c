"""Bundled datasets, shipped inside the package.

``openai_exodus()`` is five news articles (Indonesian, English, French) about
the 2023-2024 talent exodus from OpenAI, modelled event by event; see
``fixtures/README.md`` in the source tree for how each was read.

>>> tl = openai_exodus()
>>> tl.roster("OpenAI", at="2024-08-19").people
('aleksander-madry', 'greg-brockman', 'sam-altman', 'wojciech-zaremba')
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from timeline.queries._base import Clock
from timeline.timeline import Timeline, _utc_now

__all__ = ["openai_exodus", "openai_exodus_path"]

_PACKAGE = "timeline.data"


def openai_exodus_path() -> Path:
    """The path of the bundled JSON Lines file."""
    return Path(str(resources.files(_PACKAGE).joinpath("openai_exodus.jsonl")))


def openai_exodus(*, clock: Clock = _utc_now) -> Timeline:
    """The OpenAI-exodus dataset as a new in-memory timeline. Runtime: O(n)."""
    return Timeline.from_jsonl(openai_exodus_path(), clock=clock)
