"""Charts and the page, timed on the bundled dataset and on a generated world.

    python benchmarks/pictures.py [--size 10k] [--seed 1] [--repeat 5] [--markdown FILE]

For each chart kind (a roster's Gantt chart of the organisation most
joined, a career of the person with most tenures, an organisation's
timeline, flows out of that organisation over a year), in one process:
the marks (``tl.chart.*``: the queries and the rows), the Vega-Lite
specification (Altair, with its validation), the first SVG (vl-convert
starting its JavaScript engine), later SVGs, and a PNG; then the page's
answer to a slider move (``timeline.web.views.view``), medians of
``--repeat`` runs. The peer is the table answer the chart draws
(``roster_during``, ``career``, ``history``, ``flows``): what drawing adds.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from world import parse_size, world

from timeline import Timeline
from timeline.datasets import openai_exodus
from timeline.web import views


def _median(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _subjects(tl: Timeline) -> tuple[str, str]:
    orgs: collections.Counter[str] = collections.Counter()
    people: collections.Counter[str] = collections.Counter()
    for event in tl:
        if event.kind in ("joined", "rehired"):
            orgs[getattr(event, "org", "")] += 1
            people[getattr(event, "person", "")] += 1
    return orgs.most_common(1)[0][0], people.most_common(1)[0][0]


def measure(name: str, tl: Timeline, repeat: int) -> list[list[str]]:
    org, person = _subjects(tl)
    kinds: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "roster": (lambda: tl.chart.roster(org, "2015", "2025", at="2024-08-19"),
                   lambda: tl.roster_during(org, "2015", "2025")),
        "career": (lambda: tl.chart.career(person, "2000", "2025"),
                   lambda: tl.career(person)),
        "organization": (lambda: tl.chart.organization(org, "2000", "2025"),
                         lambda: tl.history(org)),
        "flows": (lambda: tl.chart.flows("2024", "2024", source=org),
                  lambda: tl.flows("2024", "2024", source=org)),
    }
    rows = []
    for kind, (chart, answer) in kinds.items():
        drawn = chart()
        first = time.perf_counter()
        drawn.to_svg()
        first_svg = time.perf_counter() - first
        rows.append([
            name, kind, drawn.summary,
            f"{_median(answer, repeat) * 1000:.0f} ms",
            f"{_median(chart, repeat) * 1000:.0f} ms",
            f"{_median(lambda draw=chart: draw().spec, repeat) * 1000:.0f} ms",
            f"{first_svg:.2f} s",
            f"{_median(lambda draw=chart: draw().to_svg(), repeat):.2f} s",
            f"{_median(lambda draw=chart: draw().to_png(), repeat):.2f} s",
        ])
    page = _median(lambda: views.view(tl, org, at="2024-08-19", prev_at="2024-01-01"), repeat)
    rows.append([name, "page: a slider move", org, "", "", "", "", f"{page:.2f} s", ""])
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="10k")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    generated = Timeline(world(parse_size(args.size), seed=args.seed))
    rows = measure("bundled", openai_exodus(), args.repeat)
    rows += measure(f"world {args.size}", generated, args.repeat)
    headers = ["log", "chart", "drawn", "the answer", "marks", "spec", "first SVG", "SVG",
               "PNG"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
