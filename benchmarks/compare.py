"""Two versions of timeline side by side: one row per measurement, base against current.

    python benchmarks/compare.py --base base-1.md base-2.md --current current-1.md current-2.md

Reads reports written by ``benchmarks/run.py --markdown`` (the same world,
size, seed and queries, run alternately with ``PYTHONPATH`` set to each
version's tree, so that the machine's load falls on both alike) and prints a
markdown table of timeline's figures: for each version the lowest of its runs'
medians (the run least disturbed by other processes), by the wall clock and by
processor time where the report has it, and the ratio current / base. A
measurement only one version has is shown with a dash for the other. Ratios
above ``--limit`` (default 1.5) are marked.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from growth import seconds, shown

TIMELINE = "timeline"


def figures(path: Path) -> dict[str, dict[str, tuple[float, str]]]:
    """measurement -> {"wall": ..., "cpu": ...} of timeline's rows in one report,
    each (value, unit), unit "s" or "B" (bytes per event)."""
    out: dict[str, dict[str, tuple[float, str]]] = {}
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[:2] == ["measurement", "system"]:
            header = cells
            continue
        if not header or len(cells) != len(header) or cells[0] == "---":
            continue
        row = dict(zip(header, cells, strict=True))
        if row["system"] != TIMELINE and not row["system"].startswith(f"{TIMELINE},"):
            continue
        name = row["measurement"]
        if row["system"] != TIMELINE:
            name = f"{name} ({row['system'].split(', ', 1)[1]})"
        name = re.sub(r"a [\d,]+-event", "the", name)
        found: dict[str, tuple[float, str]] = {}
        wall = seconds(row["median"]) or seconds(row["total"])
        if wall is not None:
            found["wall"] = (wall, "s")
        elif "B (" in row["notes"]:
            found["wall"] = (float(row["notes"].split(" B", 1)[0].replace(",", "")), "B")
        if (cpu := seconds(row.get("CPU median", ""))) is not None:
            found["cpu"] = (cpu, "s")
        if found:
            out[name] = found
    return out


def lowest(reports: list[dict[str, dict[str, tuple[float, str]]]], name: str,
           clock: str) -> tuple[float, str] | None:
    values = [r[name][clock] for r in reports if clock in r.get(name, {})]
    return min(values) if values else None


def table(base: list[Path], current: list[Path], limit: float) -> str:
    old, new = [figures(p) for p in base], [figures(p) for p in current]
    names = list(dict.fromkeys(n for r in (*new, *old) for n in r))
    lines = [("| measurement | base | current | current / base | base CPU | current CPU "
              "| current / base, CPU |"), "|---|---:|---:|---:|---:|---:|---:|"]
    for name in names:
        cells = [name]
        for clock in ("wall", "cpu"):
            a, b = lowest(old, name, clock), lowest(new, name, clock)
            ratio = ""
            if a is not None and b is not None and a[0]:
                factor = b[0] / a[0]
                ratio = f"**{factor:.2f}x**" if factor > limit else f"{factor:.2f}x"
            cells += [shown(a), shown(b), ratio]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Base and current timeline side by side.")
    parser.add_argument("--base", type=Path, nargs="+", required=True)
    parser.add_argument("--current", type=Path, nargs="+", required=True)
    parser.add_argument("--limit", type=float, default=1.5,
                        help="ratios above this are marked (default 1.5)")
    args = parser.parse_args()
    print(table(args.base, args.current, args.limit))


if __name__ == "__main__":
    main()
