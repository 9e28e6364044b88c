"""The charts the docs show, drawn from the bundled dataset by the docs
build: ``python -m timeline.charts.gallery docs/images`` writes each as
SVG; a test checks the pictures in the docs are what it draws."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from timeline.charts.chart import Chart
from timeline.datasets import openai_exodus
from timeline.timeline import Timeline

__all__ = ["GALLERY", "main", "same_picture"]

_NUMBERED = re.compile(r"(gradient_|clip)\d+")

GALLERY: dict[str, Callable[[Timeline], Chart]] = {
    "roster": lambda tl: tl.chart.roster("OpenAI", "2015", "2025", at="2024-08-19"),
    "roster-known": lambda tl: tl.chart.roster(
        "OpenAI", "2023", "2025", at="2024-08-19", known="2024-08-19"),
    "career": lambda tl: tl.chart.career("John Schulman", "2015", "2025", at="2024-08-19"),
    "organization": lambda tl: tl.chart.organization("OpenAI", "2015", "2025",
                                                     at="2024-08-19"),
    "flows": lambda tl: tl.chart.flows("2023", "2024", source="OpenAI"),
}
"""Each picture of the docs, by file name, as drawn from a timeline."""


def same_picture(one: str, other: str) -> bool:
    """Whether two SVGs draw the same marks: the renderer numbers its
    gradients and clips, and may list a layer's marks, in another order
    from one run to the next."""
    def marks(svg: str) -> Counter[str]:
        return Counter(_NUMBERED.sub(r"\1", svg).split("><"))

    return marks(one) == marks(other)


def main(argv: list[str] | None = None) -> int:
    """Write every picture of the gallery into the folder given."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "docs/images")
    folder.mkdir(parents=True, exist_ok=True)
    tl = openai_exodus()
    for name, draw in GALLERY.items():
        path = draw(tl).save(folder / f"{name}.svg")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
