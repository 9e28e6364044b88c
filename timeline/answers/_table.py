"""Plain-text tables for result reprs: aligned columns, long results summarised."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator, Sequence

from timeline.model.dates import moment
from timeline.model.sources import Source

LIMIT = 20
_limit: contextvars.ContextVar[int | None] = contextvars.ContextVar("table_limit", default=LIMIT)


@contextlib.contextmanager
def unabridged() -> Iterator[None]:
    """Within this block, tables print every row (the command line wants them all)."""
    token = _limit.set(None)
    try:
        yield
    finally:
        _limit.reset(token)


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
    lines = [title]
    if not rows:
        lines.append(f"  {empty}")
        return "\n".join(lines)
    texts = [[cell(value) for value in row] for row in rows]
    shown: list[list[str] | None] = list(texts)
    if limit is not None and len(texts) > limit:
        shown = [*texts[: limit - 3], None, *texts[-2:]]
    widths = [len(header) for header in headers] if headers else [0] * len(texts[0])
    for row in shown:
        if row is not None:
            widths = [max(width, len(text)) for width, text in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        return "  " + "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    if headers:
        lines.append(line(headers))
    for row in shown:
        if row is None:
            lines.append(f"  … {len(texts) - len(shown) + 1} more …")
        else:
            lines.append(line(row))
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
