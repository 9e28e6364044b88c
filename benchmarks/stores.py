"""Append rates per store, and the time to open a store of many events.

    python benchmarks/stores.py [--events 100000] [--postgres postgresql://...]

Prints a markdown table. Events are a deterministic synthetic world: people
joining and leaving organisations, recorded over a year.
"""

from __future__ import annotations

import argparse
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from timeline import Event, Joined, Left, OrganizationDeclared, PersonDeclared, Source, Timeline

SOURCE = Source("bench")


def world(count: int, seed: int = 1) -> list[Event]:
    """About ``count`` events: declarations, then tenures of successive jobs."""
    rng = random.Random(seed)
    people, orgs = max(1, count // 5), max(1, count // 200)
    events: list[Event] = [
        OrganizationDeclared(id=f"o{i}", valid="1990", entity=f"org-{i}", name=f"Org {i}",
                             sources=SOURCE, recorded="2024-01-01T00:00:00Z")
        for i in range(orgs)
    ]
    events += [
        PersonDeclared(id=f"p{i}", valid="1990", entity=f"person-{i}", name=f"Person {i}",
                       sources=SOURCE, recorded="2024-01-01T00:00:00Z")
        for i in range(people)
    ]
    person = 0
    used: set[tuple[str, str]] = set()
    while len(events) < count:
        who = f"person-{person % people}"
        year = 1995 + rng.randrange(20)
        org = f"org-{min(int(rng.paretovariate(1.2)) - 1, orgs - 1)}"
        person += 1
        if (who, org) in used:
            continue
        used.add((who, org))
        stamp = f"2024-{rng.randrange(1, 13):02d}-01T00:00:00Z"
        events.append(Joined(id=f"j{len(events)}", valid=f"{year}-{rng.randrange(1, 13):02d}",
                             person=who, org=org, role="engineer", sources=SOURCE,
                             recorded=stamp))
        events.append(Left(id=f"l{len(events)}", valid=f"{year + 1 + rng.randrange(5)}",
                           person=who, org=org, sources=SOURCE, recorded=stamp))
    # the log's recorded time never goes backwards: stable, so each join
    # still comes before its departure
    return sorted(events[:count], key=lambda e: str(e.recorded))


def rate(run: Callable[[], int]) -> float:
    started = time.perf_counter()
    count = run()
    return count / (time.perf_counter() - started)


def appends(
    open_: Callable[[], Timeline], events: list[Event], single: int
) -> tuple[float, float]:
    """Events per second: the world in batches of 1,000, then ``single``
    declarations one at a time onto it."""
    extra = [
        PersonDeclared(id=f"extra-{i}", valid="2000", entity=f"extra-{i}", name=f"Extra {i}",
                       sources=SOURCE, recorded="2025-01-01T00:00:00Z")
        for i in range(single)
    ]
    with open_() as tl:
        batched = rate(lambda: sum(tl.extend(events[i:i + 1000])
                                   for i in range(0, len(events), 1000)))
        one = rate(lambda: sum(tl.append(e) for e in extra))
    return batched, one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=2_000,
                        help="appends timed one at a time")
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty database)")
    args = parser.parse_args()
    events = world(args.events)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        memory = appends(Timeline.open, events, args.single)
        rows.append(("memory", *memory))
        path = Path(folder) / "bench.sqlite"
        sqlite = appends(lambda: Timeline.open(path), events, args.single)
        rows.append(("SQLite", *sqlite))
        started = time.perf_counter()
        with Timeline.open(path) as tl:
            tl.roster("org-0", at="2005")
            opened = time.perf_counter() - started
            size = tl.position
        if args.postgres:
            with psycopg.connect(args.postgres, autocommit=True) as db:
                db.execute("DROP TABLE IF EXISTS timeline_events, timeline_meta")
            rows.append(("PostgreSQL", *appends(lambda: Timeline.open(args.postgres),
                                                events, args.single)))
    print(f"Python {platform.python_version()}, {platform.machine()}, {args.events:,} events\n")
    print("| store | batched (1,000 a batch), events/s | one at a time, events/s |")
    print("|---|---|---|")
    for name, batched, one in rows:
        print(f"| {name} | {batched:,.0f} | {one:,.0f} |")
    print(f"\nOpening a {size:,}-event SQLite store until the first query answers: "
          f"{opened:.2f} s")


if __name__ == "__main__":
    main()
