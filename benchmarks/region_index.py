"""Roster regions in PostgreSQL: the B-tree the store keeps against a GiST index.

    python benchmarks/region_index.py --postgres postgresql://... [--queries 1000]
                                      [--seed 1] [--markdown FILE]

Reads the roster regions a PostgreSQL store keeps (``timeline_roster_regions``,
as ``benchmarks/opening.py --postgres`` leaves them) and copies them into two
scratch tables of the same database, each with one index:

- ``btree``: what the store keeps, a B-tree keyed by seat, last day, first day
  and recorded times (``timeline/stores/keys.py``), so a roster is one range
  of the key over the seat's regions that last past its day;
- ``gist``: a GiST index over the seat (``btree_gist``), the days
  ``int8range(lo, hi)`` and the recorded times ``int8range(known_from,
  known_until)``, asked with containment (``@>``) on both ranges.

Then it asks each the same rosters (seats drawn in proportion to their
regions, days uniform over 1995-2025), as known now and as known at a past
recorded time, and prints each index's size, build time, and the median and
95th percentile of a roster, with a check that both answer alike. The
scratch tables are dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from timeline.engine.corrections import END

_DAYS = (_dt.date(1995, 1, 1).toordinal(), _dt.date(2025, 12, 31).toordinal())

_SETUP = {
    "btree": [
        "CREATE TABLE bench_btree AS SELECT * FROM timeline_roster_regions",
        ("ALTER TABLE bench_btree ADD PRIMARY KEY (seat, hi, lo, known_from, known_until, "
        "levels, sure, person)"),
    ],
    "gist": [
        "CREATE EXTENSION IF NOT EXISTS btree_gist",
        "CREATE TABLE bench_gist AS SELECT * FROM timeline_roster_regions",
        ("CREATE INDEX bench_gist_ranges ON bench_gist USING gist "
        "(seat, int8range(lo, hi), int8range(known_from, known_until))"),
    ],
}

_ROSTER = {
    "btree": "SELECT person, sure FROM bench_btree WHERE seat = %s AND lo <= %s AND hi > %s "
             "AND known_from <= %s AND known_until > %s AND (levels & %s) <> 0",
    "gist": "SELECT person, sure FROM bench_gist WHERE seat = %s "
            "AND int8range(lo, hi) @> %s::bigint "
            "AND int8range(known_from, known_until) @> %s::bigint AND (levels & %s) <> 0",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _arguments(kind: str, seat: str, day: int, known: int) -> tuple[Any, ...]:
    if kind == "btree":
        return seat, day, day, known, known, 1
    return seat, day, known, 1


def _timed(call: Callable[[int], object], count: int) -> list[float]:
    out = []
    for index in range(count):
        started = time.perf_counter()
        call(index)
        out.append(time.perf_counter() - started)
    return out


def _p95(values: Sequence[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", required=True, help="a database holding a store")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    with psycopg.connect(args.postgres, autocommit=True) as db:
        rows = db.execute("SELECT seat, count(*) FROM timeline_roster_regions "
                          "GROUP BY seat").fetchall()
        if not rows:
            raise SystemExit("no roster regions in this database: run benchmarks/opening.py "
                             "--postgres with it first")
        total = sum(count for _, count in rows)
        known_times = [k for (k,) in db.execute(
            "SELECT known_from FROM timeline_roster_regions ORDER BY random() "
            "LIMIT 1000").fetchall()]
        draw = random.Random(args.seed)
        seats = draw.choices([s for s, _ in rows], weights=[c for _, c in rows],
                             k=args.queries)
        days = [draw.randint(*_DAYS) for _ in seats]
        past = [draw.choice(known_times) for _ in seats]
        table = []
        answers: dict[str, list[object]] = {}
        for kind in ("btree", "gist"):
            db.execute(f"DROP TABLE IF EXISTS bench_{kind}")
            started = time.perf_counter()
            for statement in _SETUP[kind]:
                db.execute(statement)
            db.execute(f"ANALYZE bench_{kind}")
            built = time.perf_counter() - started
            (size,) = db.execute(f"SELECT pg_indexes_size('bench_{kind}')").fetchall()[0]
            log(f"{kind}: built in {built:.1f} s, indices {size / 1e6:,.0f} MB")
            sql = _ROSTER[kind]
            for view, known in (("as known now", None), ("known= a past time", past)):
                def ask(i: int, known: list[int] | None = known, sql: str = sql,
                        kind: str = kind) -> list[tuple[Any, ...]]:
                    at = END - 1 if known is None else known[i]
                    return sorted(db.execute(sql, _arguments(kind, seats[i], days[i], at))
                                  .fetchall())
                for i in range(min(50, len(seats))):
                    ask(i)  # warm the cache
                times = _timed(ask, len(seats))
                answers.setdefault(view, []).append([ask(i) for i in range(0, len(seats), 10)])
                table.append((kind, view, built, size, statistics.median(times), _p95(times)))
            db.execute(f"DROP TABLE bench_{kind}")
        agree = all(found[0] == found[1] for found in answers.values())
    lines = [(f"{total:,} roster regions over {len(rows):,} seats; {args.queries:,} rosters "
             "each, seats drawn by their regions, days uniform over 1995-2025"), "",
             "| index | view | build | index size | roster p50 | roster p95 |",
             "|---|---|---:|---:|---:|---:|"]
    lines += [f"| {kind} | {view} | {built:.1f} s | {size / 1e6:,.0f} MB | "
              f"{p50 * 1e3:.2f} ms | {p95 * 1e3:.2f} ms |"
              for kind, view, built, size, p50, p95 in table]
    lines += ["", "Both indices answered alike." if agree else "THE INDICES DISAGREE."]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    if not agree:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
