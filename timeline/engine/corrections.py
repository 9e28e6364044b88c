"""Lineages: a fact and the corrections appended to it, resolved into versions.

A *lineage* starts with a fact (any event that is not a correction) and
follows every correction aimed at it or at its replacements. Resolving a
lineage gives its *versions*: what the log held of that fact over ranges of
recorded time. A retraction ends the last version; a replacement, a
confirmation or a citation starts a new one. Views ``known=R`` pick, in each
lineage, the version whose range holds ``R``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import TypeVar

import attrs

from timeline.engine.disputes import Claims, Held
from timeline.engine.log import Entry
from timeline.model.catalog import (
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Disputed,
    Ranked,
    Retracted,
)
from timeline.model.dates import END_OF_TIME
from timeline.model.errors import ChronologyError, CorrectionError, UnknownEventError
from timeline.model.events import Event

__all__ = ["END", "FactVersion", "Lineages", "bitemporal"]

END = END_OF_TIME  # a version still current has this as its end of recorded time

_ORDER = {Cited: 0, Confirmed: 1, Corrected: 2, Disputed: 3, Ranked: 4, Retracted: 5}


@attrs.frozen(eq=False)
class FactVersion:
    """What the log held of one fact during ``[known_from, known_until)``.

    ``event`` is the fact as corrected so far: replaced, confirmed, with its
    citations added; of a disputed fact, its accepted claim.
    ``corrections`` are the ids of the corrections applied. ``claims`` are
    every claim held of a disputed fact (see :mod:`timeline.engine.disputes`);
    empty while the fact has one claim.
    """

    root: str
    event: Event
    known_from: int
    known_until: int
    corrections: tuple[str, ...]
    claims: tuple[Held, ...] = ()

    @property
    def level(self) -> int:
        """The certainty rank (0, 1, 2) this version counts at and above."""
        return self.event.certainty.rank

    def visible(self, known: int, level: int) -> bool:
        """Whether a view ``known`` with ``min_certainty`` rank ``level`` holds it."""
        return self.known_from <= known < self.known_until and self.event.certainty.rank >= level

    def same_fact(self, other: FactVersion) -> bool:
        return (self.event == other.event and self.corrections == other.corrections
                and self.claims == other.claims)


def correction_order(entry: Entry) -> tuple[int, int, str]:
    """Corrections apply by recorded time, then kind, then id: never by arrival."""
    return entry.recorded, _ORDER.get(type(entry.event), 9), entry.event.id


class Lineages:
    """Every fact's lineage, kept up to date as entries are logged."""

    __slots__ = ("_correction_root", "_corrections", "_facts", "_root_of", "_touched")

    def __init__(self) -> None:
        self._facts: dict[str, Entry] = {}
        self._corrections: dict[str, list[Entry]] = {}
        self._root_of: dict[str, str] = {}
        self._correction_root: dict[str, str] = {}
        # the ids (facts, replacements, claims) of every lineage a correction touched
        self._touched: set[str] = set()

    def root_of(self, event_id: str) -> str | None:
        """The id of the fact whose lineage holds ``event_id`` (a fact or a
        replacement)."""
        return self._root_of.get(event_id)

    def lineage_of(self, event_id: str) -> str | None:
        """The id of the fact whose lineage holds ``event_id`` (a fact, a
        replacement or a correction)."""
        return self._root_of.get(event_id) or self._correction_root.get(event_id)

    def fact(self, root: str) -> Entry:
        return self._facts[root]

    def corrections(self, root: str) -> list[Entry]:
        return self._corrections.get(root, [])

    @property
    def touched(self) -> AbstractSet[str]:
        """The ids (facts, replacements, claims) of every lineage some
        correction was aimed at: only those may have several versions or
        claims. Answers ask it of every fact they rest on, and most facts
        are in none."""
        return self._touched

    def roots(self) -> Iterator[str]:
        return iter(self._facts)

    def add(self, entries: Iterable[Entry]) -> set[str]:
        """Take logged entries into their lineages; return the roots they touch.

        Raises :class:`UnknownEventError` for a correction whose target is in
        no lineage; the caller checks the versions for sense.
        """
        touched: set[str] = set()
        # facts first, then corrections in the order they apply, so a batch
        # may hold a fact and its corrections in any order; a correction aimed
        # at a replacement waits for the correction that creates it
        batch = list(entries)
        fixes = sorted(
            (e for e in batch if isinstance(e.event, Correction)), key=correction_order
        )
        ordered = [e for e in batch if not isinstance(e.event, Correction)]
        created = {made for e in fixes if (made := _made(e)) is not None}
        placed: set[str] = set()
        while fixes:
            ready = next(
                (
                    e for e in fixes
                    if _target(e) not in created or _target(e) in placed
                ),
                fixes[0],
            )
            ordered.append(ready)
            fixes.remove(ready)
            made = _made(ready)
            if made is not None:
                placed.add(made)
        for entry in ordered:
            event = entry.event
            if isinstance(event, Correction):
                if event.target in self._correction_root:
                    raise CorrectionError(
                        event.id, event.target,
                        "corrections cannot themselves be corrected; "
                        "append a new correction to the fact instead",
                    )
                root = self._root_of.get(event.target)
                if root is None:
                    raise UnknownEventError(event.target, event_id=event.id)
                made = _made(entry)
                if made is not None:
                    if made in self._root_of or made in self._correction_root:
                        what = "replacement" if isinstance(event, Corrected) else "claim"
                        raise CorrectionError(
                            event.id, event.target, f"its {what} id {made!r} is already taken",
                        )
                    self._root_of[made] = root
                    self._touched.add(made)
                self._touched.add(root)
                self._corrections.setdefault(root, []).append(entry)
                self._corrections[root].sort(key=correction_order)
                self._correction_root[event.id] = root
            else:
                root = event.id
                self._facts[root] = entry
                self._root_of[root] = root
            touched.add(root)
        return touched

    def discard(self, entries: Iterable[Entry]) -> None:
        """Undo :meth:`add` for entries that were not logged after all."""
        batch = list(entries)
        for entry in batch:
            event = entry.event
            root = self._correction_root.get(event.id)
            if not isinstance(event, Correction) or root is None:
                continue
            if not any(c is entry for c in self._corrections.get(root, ())):
                continue
            del self._correction_root[event.id]
            self._corrections[root] = [c for c in self._corrections[root] if c is not entry]
            if not self._corrections[root]:
                del self._corrections[root]
                self._touched.discard(root)
            made = _made(entry)
            if made is not None:
                self._root_of.pop(made, None)
                self._touched.discard(made)
        for entry in batch:
            event = entry.event
            if not isinstance(event, Correction) and self._facts.get(event.id) is entry:
                del self._facts[event.id]
                del self._root_of[event.id]

    def _check(self, logged: Iterable[Entry]) -> None:
        """Assert the lineages hold exactly the logged entries, each once."""
        facts = {e.event.id for e in logged if not isinstance(e.event, Correction)}
        fixes = {e.event.id for e in logged if isinstance(e.event, Correction)}
        assert set(self._facts) == facts, "lineage facts differ from the log"
        assert set(self._correction_root) == fixes, "lineage corrections differ from the log"
        held = [c.event.id for cs in self._corrections.values() for c in cs]
        assert sorted(held) == sorted(fixes)
        for root, corrections in self._corrections.items():
            assert corrections == sorted(corrections, key=correction_order)
            for entry in corrections:
                assert self._correction_root[entry.event.id] == root
                made = _made(entry)
                if made is not None:
                    assert self._root_of[made] == root
        replacements = {
            made for cs in self._corrections.values() for c in cs
            if (made := _made(c)) is not None
        }
        assert set(self._root_of) == facts | replacements
        assert self._touched == set(self._corrections) | replacements

    def holding(self, event_id: str) -> str | None:
        """The root of the lineage that holds ``event_id``: a fact, a
        replacement or a correction."""
        return self._root_of.get(event_id) or self._correction_root.get(event_id)

    def steps(self, root: str) -> Iterator[tuple[Entry, Claims]]:
        """The fact's entry with its first claim, then each correction in the
        order it applies with the claims as it leaves them (none once the
        fact is retracted).

        For a lineage :meth:`versions` has already accepted. Recorded times
        never decrease along it, so the steps a view ``known=R`` holds are a
        prefix. Runtime: O(c k), c the corrections, k the claims.
        """
        fact = self._facts[root]
        claims = Claims.first(fact.event, fact.recorded)
        yield fact, claims
        for entry in _in_applying_order(self._corrections.get(root, []), fact.event.id):
            correction = entry.event
            assert isinstance(correction, Correction)
            claims = claims.apply(correction, entry.recorded)
            yield entry, claims

    def versions(self, root: str) -> tuple[FactVersion, ...]:
        """The versions of one lineage, in recorded-time order: each holds
        the accepted claim (see :mod:`timeline.engine.disputes`); none is made
        while every claim is deprecated.

        Raises :class:`CorrectionError` when a correction, in its place in
        recorded time, does not apply: its target was already replaced or
        retracted, or a confirmation would not raise the certainty.
        """
        fact = self._facts[root]
        claims = Claims.first(fact.event, fact.recorded)
        since = fact.recorded
        applied: list[str] = []
        out: list[FactVersion] = []
        for entry in _in_applying_order(self._corrections.get(root, []), fact.event.id):
            correction = entry.event
            assert isinstance(correction, Correction)
            if not claims.held:
                raise CorrectionError(
                    correction.id, correction.target,
                    "the fact was already retracted, in recorded time, before this correction",
                )
            if entry.recorded < since:
                raise CorrectionError(
                    correction.id, correction.target,
                    "recorded before the event it corrects; a correction cannot precede its target",
                )
            following = claims.apply(correction, entry.recorded)
            if entry.recorded > since:
                out.extend(_version(root, claims, since, entry.recorded, applied))
            applied.append(correction.id)
            claims, since = following, entry.recorded
        out.extend(_version(root, claims, since, END, applied))
        return tuple(out)


def _version(
    root: str, claims: Claims, since: int, until: int, applied: list[str]
) -> list[FactVersion]:
    accepted = claims.accepted
    if accepted is None:
        return []
    held = claims.held if len(claims.held) > 1 else ()
    return [FactVersion(root, accepted, since, until, tuple(applied), held)]


def _made(entry: Entry) -> str | None:
    """The id of the claim a correction creates: a replacement or a disputing claim."""
    event = entry.event
    if isinstance(event, Corrected):
        return event.replacement.id
    if isinstance(event, Disputed):
        return event.claim.id
    return None


def _target(entry: Entry) -> str:
    assert isinstance(entry.event, Correction)
    return entry.event.target


def _in_applying_order(corrections: list[Entry], first_id: str) -> Iterator[Entry]:
    """Corrections in recorded order; at one instant, each after the one that
    creates its target (a replacement, a disputing claim), else by kind and id."""
    pending = list(corrections)
    held = {first_id}
    while pending:
        earliest = pending[0].recorded
        now = [e for e in pending if e.recorded == earliest]
        pick = next((e for e in now if _target(e) in held), now[0])
        pending.remove(pick)
        made = _made(pick)
        if made is not None:
            held.add(made)
        yield pick


V = TypeVar("V", bound=Hashable)


def bitemporal(
    versions: Sequence[FactVersion],
    fold: Callable[[tuple[Event, ...], tuple[Event, ...]],
                   tuple[Iterable[V], Iterable[ChronologyError]]],
    widen: Callable[[Event], bool] | None = None,
) -> tuple[list[tuple[V, int, int, int]], list[ChronologyError]]:
    """Fold ``versions`` at every recorded time and every certainty level.

    ``fold`` is given the events a view holds and, beside them, those of that
    recorded time the view leaves out for their certainty for which ``widen``
    is true (what may bound the view's possibilities: a founding outside a
    view still makes earlier days possible); none when ``widen`` is None.

    Returns ``(value, known_from, known_until, levels)`` rows: ``value`` is
    what ``fold`` gives for the events visible during ``[known_from,
    known_until)``, and bit ``k`` of ``levels`` is set when it holds for
    views with ``min_certainty`` rank ``k``. Equal values over adjacent
    ranges merge into one row, so an unchanged tenure keeps one row however
    many corrections touch its neighbours.

    Also returns the contradictions the fold found in any recorded-time view,
    all certainties counted: checking every view, not only the latest, keeps
    each ``known=`` view a valid log of its own.
    """
    times = sorted(
        {v.known_from for v in versions} | {v.known_until for v in versions if v.known_until != END}
    )
    spans: dict[V, list[list[int]]] = {}
    problems: dict[tuple[str, str], ChronologyError] = {}
    # folds by the versions they fold (by position: hashing events compares
    # every field, and the same views recur at every recorded time and level)
    cache: dict[tuple[tuple[int, ...], tuple[int, ...]],
                tuple[list[V], list[ChronologyError]]] = {}
    levels = [v.level for v in versions]
    wide = [widen is not None and widen(v.event) for v in versions]
    for index, time in enumerate(times):
        until = times[index + 1] if index + 1 < len(times) else END
        active = [i for i, v in enumerate(versions) if v.known_from <= time < v.known_until]
        for level in range(3):
            held = tuple(i for i in active if levels[i] >= level)
            left_out = tuple(i for i in active if wide[i] and levels[i] < level)
            folded = cache.get((held, left_out))
            if folded is None:
                values, found = fold(tuple(versions[i].event for i in held),
                                     tuple(versions[i].event for i in left_out))
                folded = cache[held, left_out] = (list(values), list(found))
            if level == 0:
                for problem in folded[1]:
                    problems.setdefault((problem.event_id, problem.reason), problem)
            for value in folded[0]:
                rows = spans.setdefault(value, [])
                for row in rows:
                    if row[0] == level and row[2] == time:
                        row[2] = until
                        break
                else:
                    rows.append([level, time, until])
    out: list[tuple[V, int, int, int]] = []
    for value, rows in spans.items():
        grouped: dict[tuple[int, int], int] = {}
        for level, start, end in rows:
            grouped[start, end] = grouped.get((start, end), 0) | (1 << level)
        out.extend((value, start, end, mask) for (start, end), mask in grouped.items())
    return out, list(problems.values())
