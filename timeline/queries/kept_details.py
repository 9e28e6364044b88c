"""The details of a roster read from the store's regions (see
:mod:`timeline.kept_rosters`): worked out the first time an entry is read,
from what the store keeps, else from events read then."""

from __future__ import annotations

from timeline.answers.contested import ContestedMembership
from timeline.answers.results import Member
from timeline.engine.seats import affiliation_of, org_of
from timeline.model.errors import StoreError
from timeline.queries._base import QueryBase, _Entries

__all__ = ["KeptDetails"]


class KeptDetails:
    """The details of a roster read from the store's regions: worked out, the
    first time they are read, from the tenures of its people at its
    organisation, read then (from the organisation's whole scope when the
    store cannot read them apart)."""

    __slots__ = ("asked", "entries", "people", "place", "timeline", "view")

    def __init__(self, timeline: QueryBase, view: tuple[int, int, int],
                 place: str, asked: str, people: frozenset[str]) -> None:
        self.timeline, self.view, self.place, self.asked = timeline, view, place, asked
        self.people = people
        self.entries: _Entries | None = None

    def __call__(self, key: str, certain: bool) -> Member:
        if self.entries is None:
            self.entries = self.timeline._kept_entries(self.view, self.place, self.people)
        if self.entries is None:
            if not self.timeline._read_pairs(org_of(self.place), self.people):
                self.timeline._read_for([self.asked])
            self.entries = self.timeline._entries_of(self.view, self.place)
        member = self.entries.entry(key, certain)
        if member is None:
            raise StoreError("of this timeline", (
                f"{key!r} is no longer on the roster this answer read from the store: an "
                "erasure by another process redacted its events before its details were "
                "read; ask it again"))
        return member

    def contested(self) -> tuple[ContestedMembership, ...]:
        """Who a dispute puts in doubt: no one, with no dispute in the log;
        else worked out from the organisation's whole scope."""
        if not self.timeline._may_dispute():
            return ()
        day_, known, level = self.view
        self.timeline._read_for([self.asked])
        return self.timeline._contested(day_, known, level, org=self.place,
                                        kinds=(affiliation_of(self.place),))
