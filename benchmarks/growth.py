"""How each measured cost grows: one row per measurement, one column per size.

    python benchmarks/growth.py 10k.md 100k.md 1M.md > growth.md

Reads reports written by ``benchmarks/run.py --markdown`` and prints a
markdown table of every timeline figure and every peer's roster, where and
bulk figures (the median, else the total), with the factor from each size to
the next. Ten times the events at a constant cost is O(log n) or better;
a factor near the growth of the answers is O(answer); near 10x is O(n).
"""

from __future__ import annotations

import re
import sys
from itertools import pairwise
from pathlib import Path

_SIZE = re.compile(r"^# timeline benchmark: ([\d,]+) events")
_UNITS = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(text: str) -> float | None:
    """A duration as the reports print it ("12.3 µs", "4.56 s"), in seconds."""
    match = re.fullmatch(r"([\d.,]+) (ns|µs|ms|s)", text.strip())
    return float(match[1].replace(",", "")) * _UNITS[match[2]] if match else None


def figures(path: Path) -> tuple[int, dict[tuple[str, str], tuple[float, str]]]:
    """A report's size and its figures by (measurement, system)."""
    size, found = 0, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if (heading := _SIZE.match(line)) is not None:
            size = int(heading[1].replace(",", ""))
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        # reports since the processor-time column have nine cells, earlier ones eight
        if len(cells) not in (8, 9) or cells[0] in ("measurement", "---"):
            continue
        measurement, system, _, median, _, total, _, note = cells[:8]
        # labels that name the world's own sizes line up across sizes
        measurement = re.sub(r"a [\d,]+-event", "the", measurement)
        measurement = re.sub(r"\b\d+ largest orgs", "largest orgs", measurement)
        value = seconds(median) or seconds(total)
        if value is None and "B (" in note:  # resident memory: bytes per event
            value = float(note.split(" B", 1)[0].replace(",", ""))
            found[measurement, system] = (value, "B")
        elif value is not None:
            found[measurement, system] = (value, "s")
    return size, found


def shown(value: tuple[float, str] | None) -> str:
    if value is None:
        return "-"
    amount, unit = value
    if unit == "B":
        return f"{amount:,.0f} B"
    for name, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if amount >= scale:
            return f"{amount / scale:.3g} {name}"
    return f"{amount / 1e-9:.3g} ns"


def main(paths: list[str]) -> None:
    reports = sorted(figures(Path(p)) for p in paths)
    keys: dict[tuple[str, str], None] = {}
    for _, found in reports:
        keys.update(dict.fromkeys(found))
    sizes = [f"{size:,}" for size, _ in reports]
    print("| measurement | system | " + " | ".join(sizes) + " | growth per 10x |")
    print("|---|---|" + "---:|" * len(sizes) + "---|")
    for measurement, system in keys:
        peer = system != "timeline" and not system.startswith("timeline,")
        if peer and not measurement.startswith(("roster(org, at)", "where(", "monthly headcount")):
            continue
        values = [found.get((measurement, system)) for _, found in reports]
        factors = [f"{b[0] / a[0]:.1f}x" for a, b in pairwise(values)
                   if a is not None and b is not None and a[0]]
        print(f"| {measurement} | {system} | " + " | ".join(shown(v) for v in values)
              + f" | {', '.join(factors) or '-'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
