"""Answers as tables: one row per member, tenure, flow, case or event, for
pandas (:meth:`AsData.to_frame`) and Arrow (:meth:`AsData.to_arrow`).

The rows are those of :meth:`AsData.to_dict`, flattened with the same
rules for every answer:

- an entity ``person`` becomes two columns, ``person_id`` and
  ``person_name`` (a list of entities: ``founders_ids``, ``founders_names``);
- a date in the world ``since`` becomes ``since`` (as written),
  ``since_first`` and ``since_last`` (dates) and ``since_precision``;
- a value nested in another (a diff's ``before`` member) is prefixed with
  its field: ``before_role``;
- certainty, status, precision and every other enumeration are
  categories (ordered, with every value, for certainty), moments are UTC
  timestamps, dates are dates, lists of ids are lists, and lists of
  other records (claims, sources) are JSON text;
- each row also carries what the answer was asked about, prefixed
  ``query_`` (``query_org_id``, ``query_at``, ``query_known``...);
- the columns are those of the kind of answer, read from its JSON schema
  (:mod:`timeline.answers.columns`): every table of a kind has them all,
  typed, an empty one too, so the tables of several answers concatenate.

pandas and pyarrow are optional (``pip install 'bitemporal-timeline[frames]'``) and
imported on first use.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from timeline.answers.columns import Column, columns_of, properties_of, schema_of
from timeline.answers.data import to_data
from timeline.model.certainty import Certainty
from timeline.model.errors import MissingExtraError

if TYPE_CHECKING:
    import pandas
    import pyarrow

__all__ = ["AsData", "rows_of"]

#: Which parts of each answer (by class name) are its rows, and the value
#: of the ``part`` column each gives (None: no such column).
_ROWS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "Roster": (("members", None), ("possible", None)),
    "Whereabouts": (("orgs", None), ("possible", None)),
    "Career": (("tenures", None),),
    "PeriodRoster": (("members", None), ("possible", None)),
    "Lawsuits": (("cases", "open"), ("possible", "possibly open"),
                 ("unknown_parties", "parties unknown")),
    "CaseView": (("history", "step"), ("later", "later")),
    "Flows": (("departures", "departure"), ("possible", "possible departure"),
              ("foundings", "founding"), ("possible_foundings", "possible founding")),
    "Cohort": (("people", None),),
    "Diff": (("joined", "joined"), ("left", "left"), ("changed", "changed"),
             ("possibly_joined", "possibly joined"), ("possibly_left", "possibly left"),
             ("passed_through", "passed through"),
             ("possibly_passed_through", "possibly passed through")),
    "History": (("entries", None),),
    "Explanation": (("events", "event"), ("corrections", "correction")),
    "Changes": (("changes", None),),
    "Headcounts": (("cells", None),),
    "OrganizationState": (("rounds", "round"), ("announcements", "announcement"),
                          ("deals", "deal")),
    "Overlap": (("spells", None),),
    "Series": (("points", None),),
    "Plans": (("plans", None),),
    "Announcements": (("rows", "certain"), ("possible", "possible")),
    "Lineage": (("versions", None),),
    "Links": (("links", None),),
}

#: Parts of an answer that are not copied to each of its rows.
_NOT_CONTEXT = frozenset({"contested", "contested_start", "contested_end", "disputed",
                          "evidence", "measures", "latest", "not_known", "counterclaims",
                          "later_counterclaims", "claims", "placed", "parts", "raised",
                          "possibly_raised", "possible_valuations", "valuation", "committed",
                          "inside", "units", "lawsuits", "possible_lawsuits", "founders",
                          "founders_remaining", "founders_possibly_remaining", "orgs",
                          "dates"})


class AsData:
    """What every answer offers to take it elsewhere: ``to_dict()`` (JSON),
    ``to_frame()`` (pandas) and ``to_arrow()`` (Arrow)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data, in the shape docs/api.md ("Answers
        as data") describes and ``timeline/data/answers.schema.json`` checks:
        ids and names side by side, dates with their precision, certainty
        and evidence on every row. Runtime: O(size of the answer).

        >>> import json
        >>> from timeline import Timeline
        >>> data = Timeline.example().roster("OpenAI", at="2024-08-19").to_dict()
        >>> data["org"], data["at"], len(data["members"]), data["members"][0]["person"]["name"]
        ({'id': 'openai', 'name': 'OpenAI'}, '2024-08-19', 1, 'Greg Brockman')
        >>> len(json.dumps(data)) > 0
        True
        """
        data: dict[str, Any] = to_data(self)
        return data

    def to_rows(self) -> list[dict[str, Any]]:
        """The answer's rows, flattened and typed as ``to_frame`` and
        ``to_arrow`` give them (dates as :class:`datetime.date`, moments as
        :class:`datetime.datetime`, enumerations as their members)."""
        return rows_of(self)[0]

    def to_arrow(self) -> pyarrow.Table:
        """The answer's rows as an Arrow table with typed columns (see
        :mod:`timeline.answers.frames`). Needs pyarrow."""
        return _arrow(*rows_of(self))

    def to_frame(self) -> pandas.DataFrame:
        """The answer's rows as a pandas DataFrame with typed columns: dates
        as ``datetime64``, certainty, status and precision as categories
        (see :mod:`timeline.answers.frames`). Needs pandas and pyarrow.

        >>> from timeline import Timeline
        >>> frame = Timeline.example().career("Schulman").to_frame()
        >>> frame[["org_name", "start_first", "start_precision", "certainty"]]
            org_name start_first start_precision certainty
        0     OpenAI  2015-12-01           month  reported
        1  Anthropic  2024-08-01           month  reported
        """
        return _frame(*rows_of(self))


def rows_of(answer: object) -> tuple[list[dict[str, Any]], dict[str, Column]]:
    """The rows of ``answer`` flattened, and the columns of its kind of
    answer with their types (see :mod:`timeline.answers.columns`)."""
    kind = type(answer).__name__
    data = to_data(answer, typed=True)
    if kind == "Headcounts":
        data["cells"] = [{"org": org, "date": date, **cell}
                         for org, row in zip(data["orgs"], data["counts"], strict=True)
                         for date, cell in zip(data["dates"], row, strict=True)]
    parts = _ROWS.get(kind) or (("parts", None),)  # rosters by kind or unit: their members
    names = {part for part, _ in parts}
    context = [key for key, prop in properties_of(kind).items()
               if key not in _NOT_CONTEXT and key not in names and key != "counts"
               and prop.get("type") != "array"]
    asked: dict[str, Any] = {}
    _flatten({f"query_{key}": data.get(key) for key in context}, "", asked)
    rows: list[dict[str, Any]] = []
    for part, label in parts:
        for item in _items(data.get(part) or (), part):
            row: dict[str, Any] = {} if label is None else {"part": label}
            _flatten({"event": item} if _is_event(item) else item, "", row)  # a row of its own
            rows.append(row | asked)
    labelled = any(label is not None for _, label in parts)
    return rows, columns_of(kind, [(part, _row_schema(kind, part)) for part, _ in parts],
                            labelled, context)


def _row_schema(kind: str, part: str) -> dict[str, Any]:
    """The schema of one of an answer's rows."""
    if part == "parts":
        return {"$ref": "#/$defs/Member"}
    if kind == "Headcounts":
        cell = properties_of(kind)["counts"]["items"]["items"]
        return {"properties": {"org": {"$ref": "#/$defs/Entity"},
                               "date": {"$ref": "#/$defs/Day"}, **cell["properties"]}}
    items = dict(schema_of(kind, part))
    if items.get("$ref", "").endswith("/Event"):
        return {"properties": {"event": items}}
    return items


def _items(values: Any, part: str) -> Iterator[dict[str, Any]]:
    for value in values:
        if part == "parts":  # a roster of one kind or unit: its members
            yield from (*value.get("members", ()), *value.get("possible", ()))
        else:
            yield value


def _flatten(value: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, item in value.items():
        name = prefix + key
        if item is None:
            continue  # the column is there all the same (see timeline.answers.columns)
        if isinstance(item, dict) and set(item) == {"id", "name"}:
            out[f"{name}_id"], out[f"{name}_name"] = item["id"], item["name"]
        elif isinstance(item, dict) and set(item) == {"date", "precision", "first", "last"}:
            out[name] = item["date"]
            out[f"{name}_first"], out[f"{name}_last"] = item["first"], item["last"]
            out[f"{name}_precision"] = item["precision"]
        elif isinstance(item, dict) and _is_event(item):
            _event(item, f"{name}_", out)
        elif isinstance(item, dict):
            _flatten(item, f"{name}_", out)
        elif isinstance(item, list) and item and all(
                isinstance(i, dict) and set(i) == {"id", "name"} for i in item):
            out[f"{name}_ids"] = [i["id"] for i in item]
            out[f"{name}_names"] = [i["name"] for i in item]
        else:
            out[name] = item


def _is_event(item: dict[str, Any]) -> bool:
    """Whether a record of an answer's data is an event."""
    return {"kind", "id", "valid", "recorded"} <= item.keys()


def _event(event: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    """An event's columns: what every event has (id, kind, dates,
    certainty, sources, the entities it names), and the rest as JSON text."""
    common = {"id": event["id"], "kind": event["kind"], "valid": event["valid"],
              "recorded": event["recorded"], "certainty": event["certainty"]}
    _flatten(common, prefix, out)
    out[f"{prefix}sources"] = [source["id"] for source in event.get("sources", ())]
    named = event.get("names", {})
    out[f"{prefix}entities_ids"] = list(named)
    out[f"{prefix}entities_names"] = list(named.values())
    rest = {k: v for k, v in event.items()
            if k not in common and k not in ("sources", "names")}
    out[f"{prefix}fields"] = json.dumps(to_data(rest), ensure_ascii=False)


def _need(module: str) -> Any:
    """Import ``module``, an optional dependency, or say how to install it."""
    import importlib  # noqa: PLC0415 - optional dependencies load on first use

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(module, "frames") from error


def _arrow(rows: list[dict[str, Any]], columns: dict[str, Column]) -> pyarrow.Table:
    """The rows as an Arrow table with every column of ``columns``, typed;
    a column no answer of the kind was foreseen to have comes last, its
    type inferred."""
    pa = _need("pyarrow")
    extra: dict[str, None] = {}
    for row in rows:
        extra.update(dict.fromkeys(k for k in row if k not in columns))
    names, arrays = [], []
    for column in (*columns, *extra):
        values = [_plain(row.get(column)) for row in rows]
        kind = columns.get(column, ("", ()))[0]
        if kind == "json":
            values = [v if v is None or isinstance(v, str) else json.dumps(to_data(v))
                      for v in values]
        array = pa.array(values, _ARROW[kind](pa) if kind in _ARROW else _type(pa, values))
        arrays.append(array.dictionary_encode() if kind == "category" else array)
        names.append(column)
    table: pyarrow.Table = pa.Table.from_arrays(arrays, names=names)
    return table


def _plain(value: Any) -> Any:
    """An enumeration as its value, in a list too."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


#: The Arrow type of each kind of column.
_ARROW: dict[str, Callable[[Any], Any]] = {
    "string": lambda pa: pa.string(), "category": lambda pa: pa.string(),
    "json": lambda pa: pa.string(), "int": lambda pa: pa.int64(),
    "float": lambda pa: pa.float64(), "bool": lambda pa: pa.bool_(),
    "date": lambda pa: pa.date32(), "timestamp": lambda pa: pa.timestamp("us", tz="UTC"),
    "list": lambda pa: pa.list_(pa.string()),
}


def _type(pa: Any, values: list[Any]) -> Any:
    """The Arrow type of a column's values (None: inferred)."""
    sample = next((v for v in values if v is not None), None)
    if isinstance(sample, _dt.datetime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(sample, _dt.date):
        return pa.date32()
    if isinstance(sample, list):
        return pa.list_(pa.string())
    return pa.string() if sample is None else None


def _frame(rows: list[dict[str, Any]], columns: dict[str, Column]) -> pandas.DataFrame:
    pd = _need("pandas")
    pa = _need("pyarrow")
    table = _arrow(rows, columns)
    # columns with gaps keep their type: nullable booleans, integers, strings
    nullable = {pa.bool_(): pd.BooleanDtype(), pa.int64(): pd.Int64Dtype(),
                pa.string(): pd.StringDtype()}
    frame = table.to_pandas(date_as_object=False, types_mapper=nullable.get)
    for column, (kind, values) in columns.items():
        if kind == "category":
            frame[column] = pd.Categorical(frame[column].astype(object), categories=list(values),
                                           ordered=values == _CERTAINTY)
        elif kind == "date":  # a day is a day, whatever else the frame holds
            frame[column] = frame[column].astype("datetime64[ms]")
    return frame


#: The certainties, in order: the one category whose values are ordered.
_CERTAINTY = tuple(c.value for c in sorted(Certainty, key=lambda c: c.rank))
