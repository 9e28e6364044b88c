"""Verifying a timeline's log: its SHA-256 chain, and a head kept outside
the store (see "Tamper evidence" in docs/stores.md). A part of
:class:`~timeline.Timeline`."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from timeline.engine.scopes import VERSION, keys_of
from timeline.erasing import Erasing
from timeline.model.errors import StoreError
from timeline.scoping import kept_of
from timeline.stores import Store, Verification
from timeline.stores.anchors import MemoryChain, checked_against, write_checkpoint
from timeline.stores.base import Head
from timeline.stores.sqlite import copy_events

Row = tuple[object, ...]

__all__ = ["Verifying"]


class Verifying(Erasing):
    """The chain of the log, where it ends, and checks against a kept head."""

    _store: Store | None
    _chain: MemoryChain

    def head(self) -> Head:
        """Where the log ends: its last position and the chained SHA-256 there.
        Keep it outside the store (or write a ``checkpoint``) and ``verify``
        against it later. Runtime: O(log n) over a store; in memory O(events
        since the head was last asked for)."""
        if self._store is not None:
            return self._store.last()
        return self._chain.head(self._payloads(after=self._chain.position))

    def checkpoint(self, path: str | os.PathLike[str], *,
                   key: str | bytes | None = None) -> Head:
        """Write the head to a checkpoint file, signed (HMAC-SHA256) with
        ``key`` when given: a key the store never holds makes the file
        impossible to forge for whoever can write to the store."""
        store = None if self._store is None else self._store.identity()
        return write_checkpoint(path, self.head(), key, store)

    def verify(self, expected: object = None, *, checkpoint: str | os.PathLike[str] | None = None,
               key: str | bytes | None = None) -> Verification:
        """Walk the SHA-256 chain; the first altered position if any.

        ``expected`` (a :class:`~timeline.stores.base.Head` or
        ``"position:hash"``) or ``checkpoint`` (a file ``checkpoint`` wrote,
        with its ``key`` when signed) is a head kept outside the store: the
        log up to it must still hash to it. Without one, a store is checked
        against the head its writers recorded, which someone able to rewrite
        the database can rewrite too; in memory, the chain is checked
        against the head it had when last asked for (``head()``, or an
        earlier ``verify``). Runtime: O(n).
        """
        wanted = None if expected is None else Head.parse(expected)
        if checkpoint is not None:
            identity = None if self._store is None else self._store.identity()
            wanted, other = checked_against(checkpoint, key, identity)
            if other is not None:
                return other
        if self._store is not None:
            report = self._store.verify(wanted)
            read = self.position
            if report.ok and report.checked < read:
                return Verification(
                    False, report.checked, report.checked + 1,
                    f"this timeline has read {read} events: the store lost some",
                )
            return self._verify_keys(self._store, report) if report.ok else report
        report = self._chain.verify(self._payloads(), wanted)
        if report.ok:
            self.head()
        return report

    def _verify_keys(self, store: Store, report: Verification) -> Verification:
        """``report``, or a failure when the store's keys say they reflect its
        log and differ from the keys made again from it."""
        try:
            made = store.keys.head()
        except StoreError:
            return report  # no key tables: a store its reader may not add them to
        if made is None or made[0] != VERSION or made[1] != store.last():
            return report  # not believed: the next open makes them again
        state = self._state
        upto = state.log.position  # a store another process wrote past this timeline's head
        held = {at: keys for at, keys in store.keys.everything().items() if at <= upto}
        for entry in state.log:
            event = entry.event
            root = state.lineages.lineage_of(event.id) or event.id
            expected = keys_of(event, root)
            if held.pop(entry.position, set()) != expected:
                return Verification(
                    False, report.checked, entry.position,
                    f"the keys beside the log differ from those of event {event.id!r} "
                    "at this position: they were written behind the library; delete the "
                    "projection table's row to have them made again on the next open",
                    report.redacted)
        if held:
            first = min(held)
            return Verification(False, report.checked, first,
                                "the keys beside the log name an event the log does not hold",
                                report.redacted)
        if upto != made[1].position:
            return report  # the regions reflect events this timeline has not read
        regions, tenures, names = kept_of(state, list(state.tenures.pairs()),
                                          list(state.names.held()))
        differences: list[tuple[str, tuple[object, ...] | None]] = [
            ("roster regions", _first_difference(store.keys.regions(), sorted(regions))),
            ("tenures kept", _first_difference(store.keys.tenures(), sorted(tenures))),
            ("names kept", _first_difference(store.keys.names(), sorted(names)))]
        for what, wrong in differences:
            if wrong is not None:
                where = f"{wrong[0]!r}" if what == "names kept" else (
                    f"{wrong[1]!r} at {wrong[0]!r}")
                return Verification(
                    False, report.checked, upto,
                    f"the {what} beside the log differ from those folded from it, first for "
                    f"{where}: they were changed by something other than this library's "
                    "appends; delete the projection table's rows to have them made again on "
                    "the next open", report.redacted)
        return report

    def backup(self, path: str | os.PathLike[str]) -> Head:
        """Copy the log to a new SQLite file at ``path``, consistently, while
        writers go on; return the copy's head, where the source's log was
        when the copy was taken. Copying a SQLite file by hand while a writer
        has it open can miss committed events still in its write-ahead log;
        this cannot. A SQLite store is copied page by page in one snapshot
        (SQLite's online backup) and keeps its identity; a PostgreSQL store
        is read in one ``REPEATABLE READ`` snapshot into a new SQLite store;
        in memory, the log is written to one. ``path`` must not exist yet.
        Runtime: O(n).
        """
        if self._store is not None:
            return self._store.backup(path)
        return copy_events("memory", [e.event for e in self._state.log.entries(0)], path,
                           self._types)

    def _payloads(self, after: int = 0) -> Iterator[tuple[int, dict[str, object]]]:
        for entry in self._state.log.entries(after):
            yield entry.position, self._types.encode(entry.event)


def _first_difference(held: Sequence[Row], folded: Sequence[Row]) -> Row | None:
    """The first row (by its first two columns) that one of two lists of
    rows, each row once, holds and the other does not; None when they hold
    the same."""
    differing = set(held).symmetric_difference(folded)
    return min(differing, key=lambda row: (str(row[0]), str(row[1]))) if differing else None
