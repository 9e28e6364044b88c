"""The log and its tenure projection as Parquet, for the tools analysts
take up when they outgrow one machine (DuckDB, Polars, Spark).

Two files are written in a folder:

- ``events.parquet``: one row per event of the log, in log order: its
  ``position``, ``id``, ``kind``, the valid date as written (``valid``)
  with ``valid_first``, ``valid_last`` and ``valid_precision``,
  ``recorded`` (a UTC timestamp), ``certainty`` and ``certainty_rank``
  (0 rumored, 1 reported, 2 confirmed: ``certainty_rank >= 1`` is the
  default view), the ids of its ``sources`` and of the ``entities`` it names
  (the entity it declares, and those of a correction's replacement, too),
  and the whole event as its JSON Lines line (``event``);
- ``tenures.parquet``: the roster regions the queries read, one row per
  region and certainty level: ``person_id``, ``person_name``, ``org_id``,
  ``org_name``, ``affiliation``, ``min_certainty`` (the view it holds in:
  ``reported`` is the default view), ``certain`` (false: only possibly a
  member), ``first_day`` and ``last_day`` (0001-01-01 and 9999-12-31 when
  unbounded) and ``known_from``, ``known_until`` (null: still known). The
  person is on the roster at the end of day ``d`` as known at ``k`` when
  ``first_day <= d <= last_day`` and ``known_from <= k`` and ``known_until``
  is null or after ``k``: the rows of one ``(org, affiliation, min_certainty)``
  at ``(d, k)`` are exactly ``roster(org, at=d, known=k)``, certain members
  with ``certain``, possible members without (and not also certain).

Names are those as known now. Runtime: O(events + regions).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from timeline.answers.data import named_by
from timeline.engine.corrections import END
from timeline.engine.intervals import UNIVERSE
from timeline.engine.projections import Projections
from timeline.engine.seats import affiliation_of, org_of
from timeline.model.certainty import Certainty
from timeline.model.dates import EVERYTHING
from timeline.model.errors import ExportError, MissingExtraError
from timeline.model.events import EventTypes

__all__ = ["EVENTS", "TENURES", "write_parquet"]

EVENTS, TENURES = "events.parquet", "tenures.parquet"

_EPOCH = _dt.date(1970, 1, 1).toordinal()
_FIRST, _LAST = _dt.date.min.toordinal(), _dt.date.max.toordinal()
_LEVELS = tuple(sorted(Certainty, key=lambda c: c.rank))
_RANK = {level.value: level.rank for level in Certainty}


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # noqa: PLC0415 - an optional dependency, loaded on first use
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError as error:
        raise MissingExtraError("pyarrow", "frames") from error
    return pa, pq


def write_parquet(state: Projections, types: EventTypes, folder: Path) -> dict[str, int]:
    """Write ``events.parquet`` and ``tenures.parquet`` of ``state`` into
    ``folder`` (made if missing); return the rows written to each. Each file
    is written beside its final name and moved there when complete, so a
    failure leaves no half-written file."""
    pa, pq = _pyarrow()
    try:
        folder.mkdir(exist_ok=True)  # the folder, not its parents: a typo is not a tree
    except OSError as error:
        raise ExportError(folder, f"is not a folder that can be made here: "
                                  f"{error.strerror or error}") from None
    name = _namer(state)
    tables = {EVENTS: _events(pa, state, types, name), TENURES: _tenures(pa, state, name)}
    partials = {file: folder / f".{file}.partial" for file in tables}
    try:  # both written beside their names, then both moved there
        for file, table in tables.items():
            pq.write_table(table, partials[file])
        for file in partials:
            if (folder / file).is_dir():
                raise IsADirectoryError(21, "a folder is in the way", str(folder / file))
        for file, partial in partials.items():
            partial.replace(folder / file)
    except OSError as error:
        for partial in partials.values():
            partial.unlink(missing_ok=True)
        raise ExportError(folder, f"cannot be written: {error.strerror or error}"
                          + (f" ({error.filename})" if error.filename else "")) from None
    return {file: table.num_rows for file, table in tables.items()}


def _namer(state: Projections) -> Callable[[str], str | None]:
    names = state.names

    def name(entity: str) -> str | None:
        return names.name(entity, EVERYTHING) if names.kind(entity, EVERYTHING) else None
    return name


def _days(pa: Any, ordinals: list[int]) -> Any:
    return pa.array([o - _EPOCH for o in ordinals], pa.int32()).cast(pa.date32())


def _events(pa: Any, state: Projections, types: EventTypes,
            name: Callable[[str], str | None]) -> Any:
    import json  # noqa: PLC0415 - only an export writes the lines

    columns: dict[str, list[Any]] = {k: [] for k in (
        "position", "id", "kind", "valid", "valid_first", "valid_last", "valid_precision",
        "recorded", "certainty", "sources", "entities", "event")}
    for entry in state.log:
        event = entry.event
        columns["position"].append(entry.position)
        columns["id"].append(event.id)
        columns["kind"].append(event.kind)
        columns["valid"].append(str(event.valid))
        columns["valid_first"].append(event.valid.first)
        columns["valid_last"].append(event.valid.last)
        columns["valid_precision"].append(event.valid.precision.value)
        columns["recorded"].append(entry.recorded)
        columns["certainty"].append(event.certainty.value)
        columns["sources"].append([s.id for s in event.sources])
        columns["entities"].append(list(named_by(event)))
        columns["event"].append(json.dumps(types.encode(event), ensure_ascii=False))
    return pa.table({
        "position": pa.array(columns["position"], pa.int64()),
        "id": pa.array(columns["id"], pa.string()),
        "kind": pa.array(columns["kind"], pa.string()).dictionary_encode(),
        "valid": pa.array(columns["valid"], pa.string()),
        "valid_first": _days(pa, columns["valid_first"]),
        "valid_last": _days(pa, columns["valid_last"]),
        "valid_precision": pa.array(columns["valid_precision"], pa.string()).dictionary_encode(),
        "recorded": pa.array(columns["recorded"], pa.timestamp("us", tz="UTC")),
        "certainty": pa.array(columns["certainty"], pa.string()).dictionary_encode(),
        "certainty_rank": pa.array([_RANK[c] for c in columns["certainty"]], pa.int8()),
        "sources": pa.array(columns["sources"], pa.list_(pa.string())),
        "entities": pa.array(columns["entities"], pa.list_(pa.string())),
        "event": pa.array(columns["event"], pa.string()),
    })


def _tenures(pa: Any, state: Projections, name: Callable[[str], str | None]) -> Any:
    rows: list[tuple[str, str, int, int, int, int, int, int]] = []
    index = state.tenures
    for pair in sorted(index.pairs()):
        rows.extend(index.region_rows(pair))
    out: dict[str, list[Any]] = {k: [] for k in (
        "person_id", "person_name", "org_id", "org_name", "affiliation", "min_certainty",
        "certain", "first_day", "last_day", "known_from", "known_until")}
    for seat, person, levels, sure, lo, hi, known_from, known_until in rows:
        org = org_of(seat)
        for level in _levels(levels):
            out["person_id"].append(person)
            out["person_name"].append(name(person))
            out["org_id"].append(org)
            out["org_name"].append(name(org))
            out["affiliation"].append(affiliation_of(seat).value)
            out["min_certainty"].append(level.value)
            out["certain"].append(bool(sure))
            out["first_day"].append(max(lo, _FIRST))
            out["last_day"].append(_LAST if hi >= UNIVERSE else min(hi - 1, _LAST))
            out["known_from"].append(known_from)
            out["known_until"].append(None if known_until >= END else known_until)
    return pa.table({
        "person_id": pa.array(out["person_id"], pa.string()),
        "person_name": pa.array(out["person_name"], pa.string()),
        "org_id": pa.array(out["org_id"], pa.string()),
        "org_name": pa.array(out["org_name"], pa.string()),
        "affiliation": pa.array(out["affiliation"], pa.string()).dictionary_encode(),
        "min_certainty": pa.array(out["min_certainty"], pa.string()).dictionary_encode(),
        "certain": pa.array(out["certain"], pa.bool_()),
        "first_day": _days(pa, out["first_day"]),
        "last_day": _days(pa, out["last_day"]),
        "known_from": pa.array(out["known_from"], pa.timestamp("us", tz="UTC")),
        "known_until": pa.array(out["known_until"], pa.timestamp("us", tz="UTC")),
    })


def _levels(bits: int) -> Iterable[Certainty]:
    return (level for i, level in enumerate(_LEVELS) if bits & 1 << i)
