"""What a refused batch costs: applying it, then rolling it back.

    python benchmarks/rollback.py [--sizes 10k,50k,100k] [--seed 1] [--markdown rollback.md]

For each size N, takes the first N events of the world of
``benchmarks/world.py`` and appends them as one batch to an empty timeline's
projections, whose write-through (the step after validation, where a store
writes the batch) is interrupted, as Ctrl-C would: everything the batch
changed is then undone. ``apply`` is the time up to the interruption (every
lineage, fold and index updated, the batch validated); ``rollback`` the time
from there until the interruption reaches the caller with nothing changed.
Each size runs twice: with the world's recorded times, and with every event
recorded at one instant (events appended without recorded times all get
the same now, so index blocks hold many entries of one recorded time).

Prints a markdown table (and writes it with ``--markdown``).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from world import parse_size, world

from timeline import Event
from timeline.engine.log import Entry
from timeline.engine.projections import Projections
from timeline.model.events import evolve


def timed(events: list[Event]) -> tuple[float, float]:
    """Seconds to apply ``events`` as one batch to empty projections, and to
    roll them back when the write-through is interrupted."""
    state = Projections()
    entries = [Entry.of(position, event) for position, event in enumerate(events, 1)]
    marks: list[float] = []

    def interrupt() -> None:
        marks.append(time.perf_counter())
        raise KeyboardInterrupt

    gc.collect()
    started = time.perf_counter()
    try:
        state.append(entries, commit=interrupt)
    except KeyboardInterrupt:
        marks.append(time.perf_counter())
    assert 0 == len(state.log) == len(state.versions), "the batch was not rolled back"
    assert not any(True for _ in state.tenures.pairs()), "the batch was not rolled back"
    return marks[0] - started, marks[1] - marks[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,50k,100k",
                        help="batch sizes, comma-separated (10k, 100k, 1M or numbers)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", help="write the table to this file too")
    args = parser.parse_args()
    rows = ["| batch | recorded | apply | rollback | rollback / apply |",
            "|---:|---|---:|---:|---:|"]
    for size in (parse_size(size) for size in args.sizes.split(",")):
        events = list(world(size, args.seed))
        last = events[-1].recorded
        for recorded, batch in (("as in the world", events),
                                ("at one instant", [evolve(e, recorded=last) for e in events])):
            apply, rollback = timed(batch)
            rows.append(f"| {size:,} | {recorded} | {apply:.2f} s | {rollback:.2f} s "
                        f"| {rollback / apply:.2f}x |")
            print(rows[-1], flush=True)
    table = "\n".join(rows)
    print()
    print(table)
    if args.markdown:
        Path(args.markdown).write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
