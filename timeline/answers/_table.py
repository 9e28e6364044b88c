"""Plain-text tables for result reprs: aligned columns, long results summarised."""

from __future__ import annotations

import contextlib
import contextvars
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from timeline.model.dates import moment
from timeline.model.sources import Source

LIMIT = 20
_limit: contextvars.ContextVar[int | None] = contextvars.ContextVar("table_limit", default=LIMIT)
_width: contextvars.ContextVar[int | None] = contextvars.ContextVar("table_width", default=None)
_NARROWEST = 8  # characters a column keeps when a table is fitted to a width
_LONGEST_KEPT = 20  # a word up to this long is not broken when a table is fitted


@contextlib.contextmanager
def unabridged() -> Iterator[None]:
    """Within this block, tables print every row (the command line wants them all)."""
    token = _limit.set(None)
    try:
        yield
    finally:
        _limit.reset(token)


_note: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("table_note",
                                                                        default=None)


@contextlib.contextmanager
def noted(note: str | None) -> Iterator[list[str]]:
    """Within this block, the first table's title says ``note`` too
    (``Roster of OpenAI at 2024-08-19, rumours included: 4 members``), before
    it is fitted; the list yielded is emptied once a title took it."""
    pending = [note] if note else []
    token = _note.set(pending)
    try:
        yield pending
    finally:
        _note.reset(token)


@contextlib.contextmanager
def fitted(width: int | None) -> Iterator[None]:
    """Within this block, tables fit ``width`` characters (None: as wide as
    their cells): the widest columns are narrowed and their cells wrapped
    onto more lines, words kept whole where they fit."""
    token = _width.set(width)
    try:
        yield
    finally:
        _width.reset(token)


def width_of(text: str) -> int:
    """How many columns ``text`` takes on a terminal: East Asian wide and
    full-width characters take two, combining marks none.

    >>> width_of("Sutskever"), width_of("苏茨克维"), width_of("Mądry")
    (9, 8, 5)
    """
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - width_of(text))


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` columns, broken between words,
    and inside a word longer than a line."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if width_of(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        rest = word
        while width_of(rest) > width:  # a word longer than a line: break after / , - if can
            cut = max((i + 1 for i, c in enumerate(rest) if c in "/,-_"
                       and width_of(rest[:i + 1]) <= width), default=0)
            if cut == 0:
                cut = max(1, next((i for i in range(len(rest), 0, -1)
                                   if width_of(rest[:i]) <= width), 1))
            lines.append(rest[:cut])
            rest = rest[cut:]
        line = rest
    return [*lines, line]


def _fit(widths: list[int], floors: list[int], room: int) -> list[int]:
    """Column widths that fit ``room``: the narrow columns keep their width
    and the wide ones share what is left (none below its floor), as a
    browser lays out a table."""
    fitted = list(widths)
    left, wide = room, sorted(range(len(widths)), key=lambda i: widths[i])
    while wide:
        share = left // len(wide)
        if widths[wide[0]] <= share:  # narrow enough: it keeps its width
            left -= widths[wide[0]]
            wide.pop(0)
            continue
        for i in wide:
            fitted[i] = max(floors[i], share)
        break
    return fitted


def with_note(title: str, note: str) -> str:
    """``title`` with ``note`` after its subject, before a colon if it has one.

    >>> with_note("Roster of OpenAI at 2024-08-19: 4 members", "rumours included")
    'Roster of OpenAI at 2024-08-19, rumours included: 4 members'
    """
    head, colon, tail = title.partition(": ")
    return f"{head}, {note}{colon}{tail}"


def cell(value: object) -> str:
    if value is None:
        return "?"
    if isinstance(value, (tuple, list)):
        return ", ".join(cell(item) for item in value) or "-"
    if hasattr(value, "value") and not isinstance(value, (int, float)):
        return str(value.value)
    return str(value)


def table(
    title: str,
    headers: Sequence[str] | None,
    rows: Sequence[Sequence[object]],
    *,
    limit: int | None = None,
    empty: str = "(none)",
) -> str:
    """A title line, then the rows under aligned headers.

    More than ``limit`` rows (default 20; none inside :func:`unabridged`)
    show the first ``limit - 3`` and the last two with a count of what was
    left out.

    >>> print(table("Fruit", ["name", "n"], [["apple", 3], ["fig", None]]))
    Fruit
      name   n
      apple  3
      fig    ?
    """
    limit = limit if limit is not None else _limit.get()
    pending = _note.get()
    if pending:
        title = with_note(title, pending.pop())
    lines = [title]
    if not rows:
        lines.append(f"  {empty}")
        return "\n".join(lines)
    texts = [[cell(value) for value in row] for row in rows]
    shown: list[list[str] | None] = list(texts)
    if limit is not None and len(texts) > limit:
        shown = [*texts[: limit - 3], None, *texts[-2:]]
    widths = [width_of(header) for header in headers] if headers else [0] * len(texts[0])
    for row in shown:
        if row is not None:
            widths = [max(width, width_of(text)) for width, text in zip(widths, row, strict=True)]
    room = _width.get()
    if room is not None:
        # a column keeps its longest word (an id is what one types next) up to a point
        longest = [max([width_of(w) for row in shown if row is not None
                        for w in row[i].split(" ")], default=0) for i in range(len(widths))]
        floors = [min(w, max(_NARROWEST, min(word, _LONGEST_KEPT),
                             width_of(h) if headers else 0))
                  for w, word, h in zip(widths, longest, headers or [""] * len(widths),
                                        strict=True)]
        space = room - 2 - 2 * (len(widths) - 1)
        while sum(floors) > space and max(floors) > _NARROWEST:  # too many long words
            floors[floors.index(max(floors))] -= 1
        widths = _fit(widths, floors, space)
        if width_of(title) > room:
            lines = _wrapped(title, room)

    def line(values: Sequence[str]) -> list[str]:
        cells = [_wrapped(v, w) if width_of(v) > w else [v]
                 for v, w in zip(values, widths, strict=True)]
        return ["  " + "  ".join(_pad(c[i] if i < len(c) else "", w)
                                 for c, w in zip(cells, widths, strict=True)).rstrip()
                for i in range(max(len(c) for c in cells))]

    if headers:
        lines.extend(line(headers))
    for row in shown:
        if row is None:
            lines.append(f"  … {len(texts) - len(shown) + 1} more …")
        else:
            lines.extend(line(row))
    return "\n".join(lines)


def not_yet_known(name: str, known: object, until: object) -> str:
    """The note of an answer about an entity the view had not heard of yet:
    ``"OpenAI was not yet known on 2023-01-01 (first recorded 2024-05-15)"``.

    ``known`` is the view's recorded bound (None: not shown), ``until`` the
    recorded time from which the log knows the entity; a time at the very end
    of a day (how ``known="2023-01-01"`` reads) prints as that day.
    """
    view = f" on {_instant(known)}" if known is not None else ""
    return f"{name} was not yet known{view} (first recorded {_instant(until)})"


_instant = moment


def as_published(published: object) -> str:
    """What a title says of the view as published (nothing for every event)."""
    if published is None:
        return ""
    return f", published {moment(published)}"


def as_known(known: object, *, parenthesised: bool = False) -> str:
    """What a title says of a ``known=`` view (nothing for everything known)."""
    if known is None:
        return ""
    return f" (known {moment(known)})" if parenthesised else f", known {moment(known)}"


def as_viewed(known: object, published: object) -> str:
    """What a title says of its ``known=`` and ``published=`` views."""
    return as_known(known) + as_published(published)


def count(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural but for one: "1 version", "3 versions"."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def source_ids(sources: Iterable[Source]) -> str:
    """The ids of sources, comma-separated."""
    return ", ".join(s.id for s in sources)
