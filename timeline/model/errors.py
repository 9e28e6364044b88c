"""The exception hierarchy: one root, each leaf paired with the fitting builtin.

Every error names what was wrong, the offending value, where it was found and,
where one exists, a hint; the values are kept as attributes for programs.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TypeVar

from timeline.model.distribution import install


class TimelineError(Exception):
    """Root of every error timeline raises on purpose."""


def article(noun: str) -> str:
    """``noun`` with its indefinite article: 'a person', 'an organization'.

    >>> article("organization")
    'an organization'
    """
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


EXCERPT = 80
"""The most characters of an offending value an error message shows."""


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """``value!r``, cut to about ``limit`` characters: an error never echoes a
    whole huge value.

    >>> print(excerpt("x" * 1000, 12))
    'xxxxxxxxxx'... (1000 characters)
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit - 2]!r}... ({len(value)} characters)"
    shown = repr(value)
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."


def _where(event_id: str | None) -> str:
    return f" (event {excerpt(event_id)})" if event_id else ""


class InvalidDateError(TimelineError, ValueError):
    """A valid-time date could not be read.

    >>> raise InvalidDateError("2024-13", "month must be 1..12")
    Traceback (most recent call last):
    ...
    timeline.InvalidDateError: invalid date '2024-13': month must be 1..12; expected ...
    """

    def __init__(self, value: object, reason: str, *, event_id: str | None = None) -> None:
        self.value = value
        self.reason = reason
        self.event_id = event_id
        super().__init__(
            f"invalid date {excerpt(value)}{_where(event_id)}: {reason}; "
            "expected 'YYYY-MM-DD', 'YYYY-MM', 'YYYY', a quarter 'YYYY-Q3', a half "
            "'YYYY-H1', 'early'/'mid'/'late' and a year or month ('late 2024'), "
            "or a range 'START/END' or '../END'"
        )


class InvalidInstantError(TimelineError, ValueError):
    """A recorded-time instant could not be read, or had no time zone."""

    def __init__(self, value: object, reason: str, *, event_id: str | None = None) -> None:
        self.value = value
        self.reason = reason
        self.event_id = event_id
        super().__init__(f"invalid instant {excerpt(value)}{_where(event_id)}: {reason}")


class InvalidEventError(TimelineError, ValueError):
    """An event's field holds a value it cannot hold."""

    def __init__(self, event_id: str | None, field: str, value: object, reason: str) -> None:
        self.event_id = event_id
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"invalid {field}={excerpt(value)}{_where(event_id)}: {reason}")


class InvalidMoneyError(InvalidEventError):
    """Reported text could not be read as money (or as a figure, ``what``): ``value`` is the text,
    ``position`` where in it the trouble is (when one place is), ``hint``
    what to write instead.

    >>> raise InvalidMoneyError("3.5 gazillion $", "cannot read 'gazillion'", position=4)
    Traceback (most recent call last):
    ...
    timeline.InvalidMoneyError: invalid money '3.5 gazillion $' (at character 4): ...
    """

    def __init__(self, value: object, reason: str, *, position: int | None = None,
                 hint: str | None = None, what: str = "money") -> None:
        self.position = position
        self.hint = hint
        where = "" if position is None or position < 0 else f" (at character {position})"
        TimelineError.__init__(
            self,
            f"invalid {what} {excerpt(value)}{where}: {reason}" + (f"; {hint}" if hint else ""),
        )
        self.event_id, self.field, self.value, self.reason = None, what, value, reason


class CurrencyMismatchError(TimelineError, ValueError):
    """Amounts in two currencies were added or compared.

    >>> from timeline import Money
    >>> Money(1, "USD") + Money(1, "EUR")
    Traceback (most recent call last):
    ...
    timeline.CurrencyMismatchError: cannot add USD 1 and EUR 1: ...
    """

    def __init__(self, operation: str, left: object, right: object, hint: str) -> None:
        self.left, self.right = left, right
        super().__init__(f"cannot {operation} {left} and {right}: {hint}")


class AmountOrderError(TimelineError, TypeError):
    """Two reported amounts whose bounds overlap have no certain order.

    >>> from timeline import Money
    >>> Money(3, "USD", bound="at least") < Money(5, "USD")
    Traceback (most recent call last):
    ...
    timeline.AmountOrderError: cannot say whether at least USD 3 < USD 5: ...
    """

    def __init__(self, operator: str, left: object, right: object) -> None:
        self.left, self.right = left, right
        super().__init__(
            f"cannot say whether {left} {operator} {right}: what they say of the true "
            "amounts overlaps; compare their .low and .high"
        )


_E = TypeVar("_E", bound=enum.Enum)


def choice(kind: type[_E], field: str, value: object) -> _E:
    """``value`` as a member of the enumeration ``kind`` (a member or its
    value), or an :class:`InvalidEventError` naming ``field`` and every choice."""
    try:
        return kind(value)
    except ValueError:
        raise InvalidEventError(
            None, field, value, f"expected one of {', '.join(m.value for m in kind)}"
        ) from None


def choice_of_words(kind: type[_E], field: str, value: object, words: dict[str, str], *,
                    joiner: str = " ") -> _E:
    """As :func:`choice`, reading text case-insensitively with ``_``, ``-``
    or spaces between words (joined by ``joiner``), and other ``words`` for
    a member's value."""
    if isinstance(value, str):
        text = joiner.join(value.strip().lower().replace("_", " ").replace("-", " ").split())
        value = words.get(text, text)
    return choice(kind, field, value)


class RecordedTimeError(InvalidEventError):
    """An event recorded before what the log already holds, or after its clock's now.

    The log's recorded time never goes backwards, so a view ``known=R`` never
    changes after the fact. ``bound`` is the instant the event's ``recorded``
    passed: the log's latest recorded time (``latest_event`` holds it) or the
    clock's now.

    >>> raise RecordedTimeError("late", "2024-05-01T00:00:00+00:00",
    ...                         "2024-06-01T00:00:00+00:00", latest_event="early")
    Traceback (most recent call last):
    ...
    timeline.RecordedTimeError: invalid recorded='2024-05-01T00:00:00+00:00' (event ...
    """

    def __init__(
        self, event_id: str, value: object, bound: object, *, latest_event: str | None = None
    ) -> None:
        self.bound = bound
        self.latest_event = latest_event
        if latest_event is not None:
            reason = (
                f"earlier than the log's latest recorded time {bound} (event "
                f"{excerpt(latest_event)}); recorded time never goes backwards. Omit recorded "
                "to stamp the event now, or import the log in recorded order"
            )
        else:
            reason = (
                f"later than the clock's now {bound}; a date means the end of that day "
                "in UTC. Omit recorded to stamp the event now"
            )
        super().__init__(event_id, "recorded", value, reason)


class PublicationTimeError(InvalidEventError):
    """A source published after the log recorded an event citing it.

    A source cannot be cited before it was out. ``source`` is the source's
    id, ``value`` its publication time, ``recorded`` the recorded time of the
    event citing it (``citing``, when that is another event than
    ``event_id``). A publication date without a time compares by day.

    >>> raise PublicationTimeError("e1", "wire", "2024-05-03", "2024-05-01T09:00:00+00:00")
    Traceback (most recent call last):
    ...
    timeline.PublicationTimeError: invalid sources[wire].published='2024-05-03' (event ...
    """

    def __init__(
        self, event_id: str, source: str, value: object, recorded: object, *,
        citing: str | None = None, field: str | None = None,
    ) -> None:
        self.source = source
        self.recorded = recorded
        self.citing = citing
        whose = "it was" if citing is None else f"event {excerpt(citing)} citing it was"
        reason = (
            f"source {excerpt(source)} would be published after {whose} recorded at {recorded}; "
            "a source cannot be cited before it was out (a date without a time compares "
            "by day). Check the publication date, or correct it with a PublicationCorrected "
            "no later than any event citing the source"
        )
        super().__init__(event_id, field or f"sources[{source}].published", value, reason)


class UnknownSourceError(TimelineError, LookupError):
    """A publication correction names a source no event cites."""

    def __init__(self, event_id: str, source: str, known: Sequence[str]) -> None:
        self.event_id = event_id
        self.source = source
        self.suggestions = tuple(known)
        close = f"; close: {', '.join(map(repr, known))}" if known else ""
        super().__init__(
            f"unknown source {excerpt(source)} (event {excerpt(event_id)}, field 'source'): "
            f"no event in the log or the batch cites it{close}. Correct the source id, or "
            "append the events citing it first"
        )


class UnknownEventTypeError(TimelineError, LookupError):
    """A serialised event names a kind no registered event type has, or a
    spec that should name event types does not."""

    def __init__(self, kind: object, known: Sequence[str], *, message: str = "") -> None:
        self.kind = kind
        self.known = tuple(known)
        super().__init__(message or (
            f"unknown event kind {excerpt(kind)}; known kinds: {', '.join(sorted(known))}. "
            "Register application event types once: in Python with "
            "EventTypes.default().with_types(...) passed as types=; on the command line "
            "with --types package.module:Attribute; or in the installed package's "
            "entry-point group 'timeline.event_types'"
        ))

    @classmethod
    def loading(cls, spec: str, reason: str) -> UnknownEventTypeError:
        """The error for a types spec that names no event types."""
        return cls(spec, (), message=f"cannot load event types from {excerpt(spec)}: {reason}")


class UnknownEntityError(TimelineError, LookupError):
    """A name or id matches no person or organisation."""

    def __init__(
        self,
        name: str,
        suggestions: Sequence[str] = (),
        *,
        event_id: str | None = None,
        expected: str = "person or organization",
        reason: str = "",
    ) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        self.event_id = event_id
        self.expected = expected
        if reason:
            super().__init__(f"unknown {expected} {excerpt(name)}{_where(event_id)}: {reason}")
            return
        hint = f"; did you mean {', '.join(map(repr, suggestions))}?" if suggestions else ""
        declare = (
            "; declare it first with PersonDeclared, OrganizationDeclared, ProductDeclared "
            "or GroupDeclared" if event_id else ""
        )
        super().__init__(f"unknown {expected} {excerpt(name)}{_where(event_id)}{hint}{declare}")


class GroupNameError(UnknownEntityError):
    """A group's name (a name for several entities) where one entity is
    required; ``members`` are the group's members as ``Name (id)``.

    >>> raise GroupNameError("the PayPal mafia", ["Peter Thiel (peter-thiel)"], expected="person")
    Traceback (most recent call last):
    ...
    timeline.GroupNameError: unknown person 'the PayPal mafia': it names a group of 1 ...
    """

    def __init__(self, name: str, members: Sequence[str], *, expected: str) -> None:
        self.members = tuple(members)
        shown = ", ".join(self.members[:12]) + (", ..." if len(self.members) > 12 else "")
        super().__init__(
            name, expected=expected,
            reason=f"it names a group of {len(self.members)} ({shown}), not one "
            f"{expected}; ask about one of them, or pass the group where a set of "
            "people is taken (a cohort's people, flows(people=...))",
        )


class AmbiguousNameError(TimelineError, LookupError):
    """A name that several entities answer to, and the date cannot decide.

    ``candidates`` displays each as ``id (Name)``; ``ids`` are their ids,
    ``periods`` says when each bore the name, and ``at`` is the date or span
    asked about (None when the question had no date).
    """

    def __init__(
        self, name: str, candidates: Sequence[str], *, ids: Sequence[str] = (),
        periods: Sequence[str] = (), at: str | None = None,
    ) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        self.ids = tuple(ids)
        self.periods = tuple(periods)
        self.at = at
        listed = [
            f"{excerpt(c)} (bore it {p})" if p else excerpt(c)
            for c, p in zip(self.candidates, self.periods or [""] * len(self.candidates),
                            strict=True)
        ]
        when = f" on {at}" if at else ""
        super().__init__(
            f"ambiguous name {excerpt(name)}{when}: it may mean {', '.join(listed)}; "
            "use an id instead"
        )


class UnknownEventError(TimelineError, LookupError):
    """An event id that the log does not hold."""

    def __init__(self, target: str, *, event_id: str | None = None) -> None:
        self.target = target
        self.event_id = event_id
        super().__init__(f"no event {excerpt(target)} in the log{_where(event_id)}")


class EventConflictError(TimelineError, ValueError):
    """An event id reused for a different event, or an entity declared twice."""

    def __init__(self, event_id: str, reason: str) -> None:
        self.event_id = event_id
        self.reason = reason
        super().__init__(f"event {excerpt(event_id)} conflicts with the log: {reason}")


class ChronologyError(TimelineError, ValueError):
    """Events that contradict each other in valid time.

    A tenure, leave or case that would end before it starts, or a second
    ending with no new start between.
    """

    def __init__(
        self, event_id: str, reason: str, *, hint: str = "", involved: tuple[str, ...] = ()
    ) -> None:
        self.event_id = event_id
        self.reason = reason
        self.hint = hint
        self.involved = tuple(dict.fromkeys((event_id, *involved)))
        super().__init__(f"event {excerpt(event_id)} contradicts the log: {reason}" + (
            f"; {hint}" if hint else ""
        ))


class CorrectionError(TimelineError, ValueError):
    """A correction that cannot apply to its target."""

    def __init__(self, event_id: str, target: str, reason: str) -> None:
        self.event_id = event_id
        self.target = target
        self.reason = reason
        super().__init__(
            f"correction {excerpt(event_id)} cannot apply to {excerpt(target)}: {reason}")


class ConcurrencyError(TimelineError, RuntimeError):
    """An append expected the log at a position it is no longer at."""

    def __init__(self, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"expected the log at position {expected}, but it is at {actual}: another writer "
            "appended first; nothing was written. Read the new events and retry"
        )


class JsonLinesError(TimelineError, ValueError):
    """A JSON Lines file holds a line that is not a valid event, or cannot be read.

    ``line`` is None when the file itself could not be read (it does not
    exist, or may not be opened).

    >>> raise JsonLinesError("missing.jsonl", None, "the file does not exist")
    Traceback (most recent call last):
    ...
    timeline.JsonLinesError: missing.jsonl: the file does not exist
    """

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}{'' if line is None else f', line {line}'}: {reason}")


class UnknownCaseError(TimelineError, LookupError):
    """A lawsuit case id the log does not hold."""

    def __init__(
        self, case: str, known: tuple[str, ...] = (), *, event_id: str | None = None,
        field: str | None = None, hint: str = "",
    ) -> None:
        self.case = case
        self.known = known
        self.event_id = event_id
        self.field = field
        where = (f" (event {excerpt(event_id)}, field {field})" if event_id and field
                 else _where(event_id))
        cases = f"; known cases: {', '.join(known)}" if known else ""
        super().__init__(f"no lawsuit case {excerpt(case)}{where}{cases}"
                         + (f"; {hint}" if hint else ""))


class StoreError(TimelineError, RuntimeError):
    """A store could not be opened, read or written; nothing was written."""

    def __init__(self, store: str, reason: str) -> None:
        self.store = store
        self.reason = reason
        super().__init__(f"store {store}: {reason}")


def unreadable_kept(table: str, what: str, value: object) -> StoreError:
    """The error of a row kept beside the log (see docs/stores.md, "Opening
    a large store") that this release cannot read: changed behind it."""
    return StoreError(table, (
        f"the row kept for {what} cannot be read ({excerpt(value)}): it was changed by "
        "something other than this library's appends; delete the projection table's rows "
        "to have everything kept made again on the next open"))


def _seconds(value: float) -> str:
    return f"{value:g} s"


class LockTimeoutError(StoreError, TimeoutError):
    """A writer waited ``timeout`` seconds for a store's write lock, which
    another writer held all that time; nothing was written.

    >>> raise LockTimeoutError("sqlite:///log.sqlite", 0.5)
    Traceback (most recent call last):
    ...
    timeline.LockTimeoutError: store sqlite:///log.sqlite: waited 0.5 s for the write lock, ...
    """

    def __init__(self, store: str, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(store, (
            f"waited {_seconds(timeout)} for the write lock, which another writer held "
            "all that time; nothing was written. Hint: a writer stopped or hung mid-batch "
            "holds it until it ends; try again, or pass a longer lock_timeout="))


class StoreUnavailableError(StoreError, ConnectionError):
    """The connection to a store's server was lost and could not be made
    again within ``timeout`` seconds; ``last`` is the driver's last word,
    ``doing`` what was under way."""

    def __init__(self, store: str, timeout: float, last: str, *, doing: str = "",
                 writing: bool = False) -> None:
        self.timeout = timeout
        self.last = last
        self.doing = doing
        during = f" while {doing}" if doing else ""
        written = "; nothing was written" if writing else ""
        super().__init__(store, (
            f"the connection to the server was lost{during} and could not be made again "
            f"within {_seconds(timeout)} (last error: {last}){written}. Hint: check that "
            "the server is running and reachable, or pass a longer reconnect_timeout="))


class WriteInterruptedError(StoreError, ConnectionError):
    """The connection to a store's server was lost during a write, which did
    not land: nothing of it was written, and it is safe to try again.

    >>> raise WriteInterruptedError("db:5432/log", "committing a batch of 3 events",
    ...                             "server closed the connection")
    Traceback (most recent call last):
    ...
    timeline.WriteInterruptedError: store db:5432/log: the connection to the server was lost
    while committing a batch of 3 events (last error: server closed the connection); none of
    it was stored, nothing was written; appending again is safe
    """

    def __init__(self, store: str, step: str, last: str) -> None:
        self.step = step
        self.last = last
        super().__init__(store, (
            f"the connection to the server was lost while {step} (last error: {last}); "
            "none of it was stored, nothing was written; appending again is safe"))


class StoreAddressError(StoreError, TypeError):
    """A store address that is neither text nor a path.

    >>> raise StoreAddressError(42)
    Traceback (most recent call last):
    ...
    timeline.StoreAddressError: store 42: expected a path, 'sqlite:///path', ...
    """

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__(
            excerpt(value), f"expected a path, 'sqlite:///path', 'postgresql://...', a "
            f"PostgreSQL keyword string, ':memory:' or None; got {type(value).__name__}")


class InvalidQueryError(TimelineError, ValueError):
    """A query's argument cannot be answered as given.

    >>> raise InvalidQueryError("end", "2023", "the span ends before it starts (2024)",
    ...                         hint="give the earlier date first")
    Traceback (most recent call last):
    ...
    timeline.InvalidQueryError: invalid end='2023': the span ends ... first
    """

    def __init__(self, argument: str, value: object, reason: str, *,
                 hint: str | None = None) -> None:
        self.argument = argument
        self.value = value
        self.reason = reason
        self.hint = hint
        super().__init__(f"invalid {argument}={excerpt(value)}: {reason}"
                         + (f"; {hint}" if hint else ""))


class ExportError(TimelineError, OSError):
    """An export could not be written where asked; no file there was
    changed or left half-written."""

    def __init__(self, path: object, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}; nothing was written there")


class MissingExtraError(TimelineError, ImportError):
    """An optional dependency a feature needs is not installed: names it
    and the extra that installs it."""

    def __init__(self, module: str, extra: str) -> None:
        self.module, self.extra = module, extra
        super().__init__(f"{module} is not installed; install timeline's {extra} extra "
                         f"({install(extra)})")


# Every error is public as timeline.<Name>: tracebacks and reprs say so, not
# the module that defines it.
for _error in [v for v in list(globals().values())
               if isinstance(v, type) and issubclass(v, Exception) and v.__module__ == __name__]:
    _error.__module__ = "timeline"
