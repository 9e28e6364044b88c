"""How the command line prints an answer: a table (fitted to the
terminal), indented JSON (``--json``), compact JSON, JSON Lines (a row a
line, for ``jq``) or CSV (``--format``)."""

from __future__ import annotations

import csv
import datetime as _dt
import decimal
import enum
import json
from typing import Any, TextIO

from timeline.answers.data import instant, to_data
from timeline.answers.frames import AsData, rows_of

__all__ = ["FORMATS", "printed", "rows"]

FORMATS = ("table", "json", "jsonl", "csv")


def _value(value: Any) -> Any:
    """A typed row value as JSON gives it."""
    if isinstance(value, _dt.datetime):
        return instant(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return value


def rows(answer: object) -> tuple[list[dict[str, Any]], list[str]]:
    """An answer's rows (members, tenures, departures, events...), as
    ``to_rows()`` gives them, JSON-ready, and its columns in order (the same
    for every answer of a kind: see :mod:`timeline.answers.columns`); an
    answer without rows is one row."""
    if isinstance(answer, AsData):
        found, columns = rows_of(answer)
        return [{k: _value(v) for k, v in row.items()} for row in found], list(columns)
    entities = getattr(answer, "entities", None)
    if isinstance(entities, tuple):  # names found
        return ([{"id": e.id, "kind": e.kind, "name": e.name, "aliases": list(e.aliases)}
                 for e in entities], ["id", "kind", "name", "aliases"])
    data = to_data(answer)
    found = [data if isinstance(data, dict) else {"value": data}]
    return found, list(dict.fromkeys(key for row in found for key in row))


def printed(answer: object, form: str, out: TextIO) -> None:
    """Print ``answer`` as ``form`` (anything but a table) to ``out``."""
    if form == "json":
        print(json.dumps(to_data(answer), ensure_ascii=False, separators=(",", ":")),
              file=out)
        return
    found, columns = rows(answer)
    if form == "jsonl":
        for row in found:
            print(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False,
                             separators=(",", ":")), file=out)
        return
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in found:
        writer.writerow({k: _csv(v) for k, v in row.items()})


def _csv(value: Any) -> str:
    """A cell as CSV holds it: lists and records as JSON, true and false as
    JSON writes them, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, (bool, list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
