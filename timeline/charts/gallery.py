"""The charts the docs show, drawn from the bundled dataset by the docs
build: ``python -m timeline.charts.gallery docs/images`` writes each as
SVG, headed by the fingerprint of the specification it was drawn from; a
test checks each picture's fingerprint is that of the chart drawn today
(the pixels are the renderer's, and may change with its version)."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from timeline.charts.chart import Chart
from timeline.datasets import openai_exodus
from timeline.timeline import Timeline

__all__ = ["GALLERY", "drawn_from", "fingerprint", "main"]

_MARK_TEXT = "drawn by timeline.charts.gallery from the specification sha256:"
_MARK = re.compile(rf"<!-- {re.escape(_MARK_TEXT)}([0-9a-f]{{64}}) -->")

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


def fingerprint(chart: Chart) -> str:
    """The SHA-256 of a chart's Vega-Lite specification (its data inline)."""
    spec = json.dumps(chart.spec, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(spec.encode("utf-8")).hexdigest()


def drawn_from(svg: str) -> str | None:
    """The fingerprint of the specification a gallery picture was drawn
    from, as :func:`main` wrote it at its top (None: not written so)."""
    found = _MARK.match(svg)
    return found.group(1) if found else None


def main(argv: list[str] | None = None) -> int:
    """Write every picture of the gallery into the folder given."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "docs/images")
    folder.mkdir(parents=True, exist_ok=True)
    tl = openai_exodus()
    for name, draw in GALLERY.items():
        chart = draw(tl)
        path = folder / f"{name}.svg"
        path.write_text(f"<!-- {_MARK_TEXT}{fingerprint(chart)} -->\n{chart.to_svg()}",
                        encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
