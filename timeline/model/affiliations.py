"""Kinds of affiliation: how a person belongs to an organisation.

An employee works there; a board member holds a seat on its board; an
advisor advises it; a founder who is not an employee (an investor-founder,
a founding board member who never worked there) belongs to it as a founder
only. Each kind has tenures of its own, so a chief executive who also sits
on the board has two, and losing the board seat ends only one. Rosters
answer employees unless asked for other kinds (``kinds=``); see "Kinds of
affiliation" in docs/concepts.md.

>>> Affiliation.parse("Board member"), Affiliation.parse("adviser")
(<Affiliation.BOARD: 'board'>, <Affiliation.ADVISOR: 'advisor'>)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from timeline.model.errors import InvalidEventError, InvalidQueryError

__all__ = ["Affiliation", "kinds_of", "one_kind"]


class Affiliation(enum.Enum):
    """How a person belongs to an organisation."""

    EMPLOYEE = "employee"
    BOARD = "board"
    ADVISOR = "advisor"
    FOUNDER = "founder"

    @classmethod
    def parse(cls, value: object) -> Affiliation:
        """An affiliation from itself, its value or another word for it
        ("board member", "director", "adviser", "staff"), case-insensitively."""
        if isinstance(value, Affiliation):
            return value
        if isinstance(value, str):
            text = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
            try:
                return cls(_WORDS.get(text, text))
            except ValueError:
                pass
        raise InvalidEventError(
            None, "affiliation", value,
            f"expected one of {', '.join(a.value for a in cls)} (or 'board member', "
            "'director', 'adviser', 'staff')",
        )


_WORDS = {"employment": "employee", "staff": "employee", "employed": "employee",
          "board member": "board", "board seat": "board", "director": "board",
          "board of directors": "board", "adviser": "advisor", "advisory": "advisor",
          "founding": "founder", "co founder": "founder", "cofounder": "founder"}


def one_kind(value: object) -> bool:
    """Whether a query's ``kinds=`` asks for one kind (so it answers with one
    roster or whereabouts) rather than a list of them or ``"all"``.

    >>> one_kind(None), one_kind("board"), one_kind(["board"]), one_kind("all")
    (True, True, False, False)
    """
    return value is None or isinstance(value, Affiliation) or (
        isinstance(value, str) and value != "all")


def kinds_of(value: object) -> tuple[Affiliation, ...]:
    """The kinds a query's ``kinds=`` asks for: one kind or several, by name
    or value; ``"all"`` for every kind. Default (None): employees.

    >>> kinds_of(None), kinds_of("board")
    ((<Affiliation.EMPLOYEE: 'employee'>,), (<Affiliation.BOARD: 'board'>,))
    >>> len(kinds_of("all"))
    4
    """
    if value is None:
        return (Affiliation.EMPLOYEE,)
    if value == "all":
        return tuple(Affiliation)
    items: Iterable[object] = (value,) if isinstance(value, (str, Affiliation)) else (
        value if isinstance(value, Iterable) else (value,))
    found: list[Affiliation] = []
    for item in items:
        try:
            kind = Affiliation.parse(item)
        except InvalidEventError as error:
            raise InvalidQueryError(
                "kinds", value, error.reason,
                hint="kinds='board', kinds=['employee', 'board'] or kinds='all'",
            ) from None
        if kind not in found:
            found.append(kind)
    if not found:
        raise InvalidQueryError("kinds", value, "no kind of affiliation given",
                                hint="leave kinds out for employees, or kinds='all'")
    return tuple(found)
