"""JSON Lines, the interchange format: one event a line, as :meth:`EventTypes.encode` writes it.

A file written by this release opens with a line of its own naming the event
schema it was written in (``{"schema": 3}``); a file without one was written
before files said so, at schema version 2, and its events are upcast as a
store's are (see docs/stores.md).

Reading streams line by line, so a file larger than memory can be read; a
malformed or invalid line raises :class:`JsonLinesError` naming the file and
the line. :meth:`timeline.Timeline.import_jsonl` reads the whole file before
appending anything, so a bad line leaves the timeline untouched.

>>> import io
>>> from timeline import Timeline
>>> buffer = io.StringIO()
>>> write(Timeline.example(), buffer)
17
>>> events = list(read(io.StringIO(buffer.getvalue())))
>>> Timeline(events).roster("OpenAI", at="2024-06").people
('greg-brockman', 'john-schulman')
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from timeline.model.errors import JsonLinesError, TimelineError, excerpt
from timeline.model.events import SCHEMA_VERSION, Event, EventTypes
from timeline.model.upcasting import upcast

__all__ = ["dumps", "loads", "name_of", "numbered", "opened", "parse", "read", "write"]

Target = str | os.PathLike[str] | IO[str]
Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""What events are read from: a path, or a text or binary stream (UTF-8)."""


def dumps(event: Event, types: EventTypes | None = None) -> str:
    """One event as one line of JSON (no newline), keys in field order."""
    data = (types or EventTypes.default()).encode(event)
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def loads(line: str, types: EventTypes | None = None, *, version: int = SCHEMA_VERSION) -> Event:
    """The event on one line of JSON written at event schema ``version``
    (this release's unless said: a line of an older file is upcast)."""
    data = parse(line, "<line>", 1)
    if version < SCHEMA_VERSION and isinstance(data, dict):
        data = upcast(data, version)
    try:
        return (types or EventTypes.default()).decode(data)
    except RecursionError:
        raise JsonLinesError("<line>", 1, _TOO_DEEP) from None


_TOO_DEEP = ("nested too deeply to read; an event is a few levels deep (lists and "
             "objects inside it, a corrected event inside a correction)")
_LONG_NUMBER = re.compile(r'(?:"((?:[^"\\]|\\.)*)"\s*:\s*)?-?(\d{100,})')


def parse(line: str, name: str, number: int) -> Any:
    """The JSON value of one line, or a :class:`JsonLinesError` naming the line:
    not JSON, nested too deeply, or a number too long to read."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise JsonLinesError(name, number, f"not JSON: {error.msg} (at character "
                             f"{error.pos})") from None
    except RecursionError:
        raise JsonLinesError(name, number, _TOO_DEEP) from None
    except ValueError:  # a whole number longer than Python reads
        limit = sys.get_int_max_str_digits()
        found = next((m for m in _LONG_NUMBER.finditer(line) if len(m.group(2)) > limit), None)
        if found is None:
            raise JsonLinesError(name, number, "not JSON: a number cannot be read") from None
        field = f"field {found.group(1)!r}: " if found.group(1) is not None else ""
        raise JsonLinesError(
            name, number, f"{field}a number of {len(found.group(2)):,} digits "
            f"({excerpt(found.group(2), 24)}), more than the {limit:,} that can be read; "
            "write an amount as a string (\"1e9\"), or check the value",
        ) from None


def write(events: Iterable[Event], target: Target, types: EventTypes | None = None) -> int:
    """Write ``events`` one a line to a path or a text stream; return how many.

    A path is written whole or not at all: a failure part way leaves no
    partial file. Runtime: O(n), streaming.
    """
    types = types or EventTypes.default()
    if isinstance(target, (str, os.PathLike)):
        # written beside the target and moved over it whole: a failure leaves
        # no partial file, and an earlier file at the path as it was
        path = os.fspath(target)
        partial = f"{path}.partial"
        if os.path.isdir(path):
            raise JsonLinesError(path, None, "is a directory; give the path of a file, such "
                                 f"as {os.path.join(path, 'export.jsonl')}")
        try:
            stream = open(partial, "w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as error:
            raise JsonLinesError(path, None, f"cannot be written: {error.strerror or error}; "
                                 "nothing was written there") from None
        try:
            with stream:
                count = write(events, stream, types)
            os.replace(partial, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise
        return count
    count = 0
    target.write(json.dumps({"schema": SCHEMA_VERSION}) + "\n")
    for event in events:
        target.write(dumps(event, types) + "\n")
        count += 1
    return count


def read(source: Source, types: EventTypes | None = None) -> Iterator[Event]:
    """The events of a JSON Lines path or stream, one at a time.

    Blank lines are skipped. Runtime: O(n), streaming; memory O(one line).
    """
    return (event for _, event in numbered(source, types))


def name_of(source: Source) -> str:
    """How errors name a path or a stream."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def numbered(source: Source, types: EventTypes | None = None) -> Iterator[tuple[int, Event]]:
    """The events of a JSON Lines path or stream with their line numbers (from 1)."""
    types = types or EventTypes.default()
    if isinstance(source, (str, os.PathLike)):
        with opened(source) as stream:
            yield from _lines(stream, os.fspath(source), types)
    else:
        yield from _lines(source, name_of(source), types)


def opened(path: str | os.PathLike[str]) -> IO[bytes]:
    """The file at ``path`` open for reading, in binary (whose ``tell()``
    says how far a reader got), or a :class:`JsonLinesError` saying why not."""
    name = os.fspath(path)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise JsonLinesError(name, None, "the file does not exist; check the path") from None
    except OSError as error:
        raise JsonLinesError(name, None, f"cannot be read: {error.strerror or error}") from None


UNMARKED = 2
"""The event schema of a file with no schema line: files said theirs from version 3."""


def _lines(
    stream: IO[str] | IO[bytes], name: str, types: EventTypes
) -> Iterator[tuple[int, Event]]:
    version: int | None = None
    for number, raw in enumerate(stream, 1):
        line: str
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise JsonLinesError(name, number, f"not UTF-8: {error.reason}") from None
        else:
            line = str(raw)
        if number == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark some editors write
        if not line.strip():
            continue
        data = parse(line, name, number)
        if version is None:
            version = _schema(data, name, number)
            if version is not None:
                continue
            version = UNMARKED
        elif isinstance(data, dict) and set(data) == {"schema"}:
            raise JsonLinesError(name, number, "a schema line comes first, once")
        try:
            if version < SCHEMA_VERSION and isinstance(data, dict):
                data = upcast(data, version)
            yield number, types.decode(data)
        except TimelineError as error:
            raise JsonLinesError(name, number, str(error)) from error
        except RecursionError:
            raise JsonLinesError(name, number, _TOO_DEEP) from None
        except (TypeError, ValueError, LookupError, ArithmeticError, AttributeError) as error:
            # no error of a dependency reaches the reader unexplained
            raise JsonLinesError(
                name, number, f"not a valid event ({type(error).__name__}: "
                f"{excerpt(str(error))[1:-1]}); "
                "each line holds one event as EventTypes.encode writes it"
            ) from error


def _schema(data: object, name: str, number: int) -> int | None:
    """The schema version a file's first line names, or None when it is an event."""
    if not (isinstance(data, dict) and set(data) == {"schema"}):
        return None
    version = data["schema"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise JsonLinesError(name, number, f"the schema line names {version!r}; expected a "
                             "whole number, the event schema version the file was written in")
    if version > SCHEMA_VERSION:
        raise JsonLinesError(name, number, f"written at event schema {version}, newer than "
                             f"this release reads ({SCHEMA_VERSION}); upgrade timeline")
    return version
