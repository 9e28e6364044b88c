"""Answers that compare rosters: diffs between two dates (what changed, and
how), headcounts over many dates, and cohorts followed to a later date."""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable

import attrs
import pendulum

from timeline.answers._table import (
    as_known,
    as_published,
    as_viewed,
    count,
    not_yet_known,
    table,
)
from timeline.answers.contested import ContestedMembership, contested_table
from timeline.answers.frames import AsData
from timeline.answers.results import Member, Roster, TenureView, _roles, _since
from timeline.model.affiliations import Affiliation
from timeline.model.dates import ValidDate
from timeline.model.figures import Figure

__all__ = ["ChangeKind", "Cohort", "CohortMember", "Diff", "Headcounts", "RosterChange"]


@attrs.frozen
class CohortMember:
    """One person of a cohort and whether they remain: ``"remaining"``,
    ``"possibly"`` (only possibly there), ``"gone"`` (a member before, not on
    the date), ``"not yet a member"`` (every tenure the log holds starts
    later), ``"never a member"`` (the log holds no tenure there), ``"not an
    employee"`` (no employment there, but a tenure of another kind, named in
    ``kinds``: a board seat, an advisor's, a founder's) or ``"not yet
    known"`` (the view had not heard of the person). The last four are not
    counted in the retention, which follows employment."""

    person: str
    name: str
    status: str
    member: Member | None
    kinds: tuple[Affiliation, ...] = attrs.field(default=(), kw_only=True)


_COUNTED = frozenset({"remaining", "possibly", "gone"})


@attrs.frozen(repr=False)
class Cohort(AsData):
    """Retention of a set of people at an organisation on a date."""

    org: str
    name: str
    at: _dt.date
    people: tuple[CohortMember, ...]
    known: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    """Set when the view had not heard of the organisation yet: the recorded
    time from which the log knows it. A person the view had not heard of yet
    has the status ``"not yet known"``."""
    contested: tuple[ContestedMembership, ...] = attrs.field(default=(), kw_only=True)
    """The people of the cohort whose membership on the date another claim of
    a disputed fact would change (see :class:`~timeline.Roster`)."""
    size: int | None = attrs.field(default=None, kw_only=True)
    """How many people the cohort has by a stated count (a group's ``count``,
    or ``size=``), when it names only some; None when no count is stated."""

    @property
    def remaining(self) -> tuple[str, ...]:
        return tuple(p.person for p in self.people if p.status == "remaining")

    @property
    def gone(self) -> tuple[str, ...]:
        return tuple(p.person for p in self.people if p.status == "gone")

    @property
    def uncertain(self) -> tuple[str, ...]:
        return tuple(p.person for p in self.people if p.status == "possibly")

    @property
    def counted(self) -> tuple[str, ...]:
        """Who counts in the retention: those who are, possibly are, or were
        members by the date (not those whose tenures start later, who never
        were members, or whom the view had not heard of)."""
        return tuple(p.person for p in self.people if p.status in _COUNTED)

    @property
    def not_counted(self) -> tuple[str, ...]:
        """Who the retention leaves out, each with its status in :attr:`people`."""
        return tuple(p.person for p in self.people if p.status not in _COUNTED)

    @property
    def unnamed(self) -> int:
        """How many of the cohort's stated ``size`` are not among its named
        people: whether they remain is unknown (0 with no size stated)."""
        return max(0, (self.size or 0) - len(self.people))

    @property
    def retention(self) -> float:
        """Share of the counted people certainly still there (0.0 when no one
        counts); the unnamed, of unknown status, are not counted."""
        counted = len(self.counted)
        return len(self.remaining) / counted if counted else 0.0

    def __repr__(self) -> str:
        counted = len(self.counted)
        left_out = len(self.people) - counted
        head = (
            f"Cohort at {self.name} at {self.at}{as_viewed(self.known, self.published)}: "
            f"{len(self.remaining)} of {counted} remain"
            + (f" certainly, {len(self.uncertain)} possibly" if self.uncertain else "")
            + f" ({self.retention:.0%})"
            + (f"; {left_out} not counted (never, or not yet, an employee, or not yet known)"
               if left_out else "")
        ) if counted else (
            f"Cohort at {self.name} at {self.at}{as_viewed(self.known, self.published)}: "
            "no one to count"
            + (f" ({left_out} never, or not yet, an employee, or not yet known)"
               if left_out else ""))
        if self.unnamed:
            head += (f"; {self.unnamed} more of the {self.size} stated are unnamed, "
                     "whether they remain unknown")
        rows = [[p.name, p.status + (f" ({', '.join(k.value for k in p.kinds)})"
                                     if p.kinds else ""),
                 _roles(p.member) if p.member else ""] for p in self.people]
        empty = ("(none)" if self.not_known_until is None
                 else not_yet_known(self.name, None, self.not_known_until))
        return (table(head, ["person", "status", "role"], rows, empty=empty)
                + contested_table(self.contested, "person"))


class ChangeKind(enum.Enum):
    """What changed in one row of a :class:`Diff`.

    Someone only possibly on one roster and absent from the other *possibly*
    joined or left; someone on both whose entry differs has a row naming each
    part that differs (``evidence`` only when nothing else does; ``disputed``
    when only the other claims about its facts do). Someone on both rosters
    by two different tenures *left and returned* in between (*possibly*,
    when either entry is only possible).
    """

    JOINED = "joined"
    POSSIBLY_JOINED = "possibly joined"
    LEFT = "left"
    POSSIBLY_LEFT = "possibly left"
    NAME = "name"
    ORGANIZATION = "organization"
    ORGANIZATION_NAME = "organization name"
    AFFILIATION = "affiliation"
    ROLE = "role"
    ROLE_STATED = "role (inferred → stated)"
    ROLE_INFERRED = "role (stated → inferred)"
    SINCE = "since"
    STATUS = "status"
    BECAME_CERTAIN = "membership (possible → certain)"
    BECAME_POSSIBLE = "membership (certain → possible)"
    CERTAINTY = "certainty"
    DISPUTED = "disputed"
    WHY_POSSIBLE = "why possible"
    EVIDENCE = "evidence"
    LEFT_AND_RETURNED = "left and returned"
    POSSIBLY_LEFT_AND_RETURNED = "possibly left and returned"


@attrs.frozen
class RosterChange:
    """How one person's roster entry differs between two dates, and ``what``
    differs (see :class:`ChangeKind`)."""

    person: str
    name: str
    before: Member | None
    after: Member | None
    what: tuple[ChangeKind, ...]


def _part(member: Member, kind: ChangeKind) -> str:
    """The part of ``member`` a change of ``kind`` is about, as the diff prints it."""
    parts: dict[ChangeKind, Callable[[Member], object]] = {
        ChangeKind.NAME: lambda m: m.name,
        ChangeKind.ORGANIZATION: lambda m: m.org,
        ChangeKind.ORGANIZATION_NAME: lambda m: m.org_name,
        ChangeKind.AFFILIATION: lambda m: m.affiliation.value,
        ChangeKind.SINCE: lambda m: _since(m.since),
        ChangeKind.STATUS: lambda m: m.status.value,
        ChangeKind.BECAME_CERTAIN: lambda m: "certain" if m.certain else "possible",
        ChangeKind.BECAME_POSSIBLE: lambda m: "certain" if m.certain else "possible",
        ChangeKind.CERTAINTY: lambda m: m.certainty.value,
        ChangeKind.DISPUTED: lambda m: "; ".join(c.text() for c in m.disputed) or "-",
        ChangeKind.EVIDENCE: lambda m: ", ".join(m.evidence),
        ChangeKind.WHY_POSSIBLE: lambda m: m.why,
    }
    value = parts.get(kind, _roles)(member)
    return "?" if value is None else str(value)


@attrs.frozen(repr=False)
class Diff(AsData):
    """Who joined, left or changed between two dates.

    ``joined`` and ``left`` are who certainly joined or left;
    ``possibly_joined`` and ``possibly_left`` who is only possibly on the
    roster at one date and absent at the other; ``changed`` who is on both
    with an entry that differs (each row's ``what`` says how). Together they
    turn ``roster(org, start)`` into ``roster(org, end)`` (see :meth:`apply`);
    ``passed_through`` lists those whose tenures certainly began and ended
    between the two dates, and ``possibly_passed_through`` those whose
    tenures' start and end dates only overlap the span (a month, a year, a
    range).
    """

    org: str
    name: str
    start: _dt.date
    end: _dt.date
    joined: tuple[RosterChange, ...]
    left: tuple[RosterChange, ...]
    changed: tuple[RosterChange, ...]
    passed_through: tuple[TenureView, ...]
    passers: tuple[str, ...] = ()
    possibly_joined: tuple[RosterChange, ...] = ()
    possibly_left: tuple[RosterChange, ...] = ()
    possibly_passed_through: tuple[TenureView, ...] = ()
    possible_passers: tuple[str, ...] = ()
    known: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    contested_start: tuple[ContestedMembership, ...] = attrs.field(default=(), kw_only=True)
    contested_end: tuple[ContestedMembership, ...] = attrs.field(default=(), kw_only=True)
    """The memberships at ``start`` and at ``end`` that another claim of a
    disputed fact would change (each roster's ``contested``): the diff
    compares the rosters by the accepted claims."""
    passer_ids: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """The ids of ``passers``, the people whose tenures ``passed_through`` are."""
    possible_passer_ids: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    """The ids of ``possible_passers``."""

    def apply(self, roster: Roster) -> dict[str, Member]:
        """Every entry (certain and possible) of ``roster`` after this diff."""
        entries = {m.person: m for m in roster.members + roster.possible}
        for change in self.left + self.possibly_left:
            entries.pop(change.person, None)
        for change in self.joined + self.possibly_joined + self.changed:
            assert change.after is not None
            entries[change.person] = change.after
        return entries

    def __repr__(self) -> str:
        rows: list[list[object]] = []
        for changes in (self.joined, self.possibly_joined, self.left, self.possibly_left,
                        self.changed):
            for c in changes:
                parts = [k for k in c.what if k not in _PRESENCE] or [ChangeKind.ROLE]
                if changes is self.possibly_joined or changes is self.possibly_left:
                    parts.append(ChangeKind.WHY_POSSIBLE)  # a possible row says why
                before = "; ".join(_part(c.before, k) for k in parts) if c.before else ""
                after = "; ".join(_part(c.after, k) for k in parts) if c.after else ""
                rows.append([c.what, c.name, before, after])
        for name, tenure in zip(self.passers, self.passed_through, strict=True):
            rows.append(["came and went", name, _since(tenure.start), str(tenure.end)])
        for name, tenure in zip(self.possible_passers, self.possibly_passed_through,
                                strict=True):
            rows.append(["possibly came and went", name, _since(tenure.start),
                         str(tenure.end)])
        head = (f"Changes at {self.name} from {self.start} to {self.end}"
                f"{as_viewed(self.known, self.published)}")
        empty = ("(no changes)" if self.not_known_until is None
                 else not_yet_known(self.name, None, self.not_known_until))
        return (table(head, ["change", "person", "before", "after"], rows, empty=empty)
                + contested_table(self.contested_start, "person", f"at {self.start}")
                + contested_table(self.contested_end, "person", f"at {self.end}"))


_PRESENCE = frozenset({ChangeKind.JOINED, ChangeKind.POSSIBLY_JOINED, ChangeKind.LEFT,
                       ChangeKind.POSSIBLY_LEFT, ChangeKind.LEFT_AND_RETURNED,
                       ChangeKind.POSSIBLY_LEFT_AND_RETURNED})


@attrs.frozen(repr=False)
class Headcounts(AsData):
    """How many people each organisation had on each date: certainly, and
    at most (certain plus possible members).

    ``counts[i][j]`` is ``(certain, possible)`` for ``orgs[i]`` at ``dates[j]``;
    ``headcounts[org, date]`` looks one up by id and date.
    """

    orgs: tuple[str, ...]
    names: tuple[str, ...]
    dates: tuple[_dt.date, ...]
    known: pendulum.DateTime | None
    counts: tuple[tuple[tuple[int, int], ...], ...]
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    reported: tuple[tuple[Figure | None, ...], ...] = attrs.field(default=(), kw_only=True)
    """Beside each count, the size reported for the latest period over by
    the date (employees, headcount or staff), or None."""
    reported_periods: tuple[tuple[ValidDate | None, ...], ...] = attrs.field(
        default=(), kw_only=True)
    """The period each reported size describes (a size can be old news)."""

    def __getitem__(self, key: tuple[str, _dt.date]) -> tuple[int, int]:
        org, date = key
        return self.counts[self.orgs.index(org)][self.dates.index(date)]

    def series(self, org: str) -> tuple[int, ...]:
        """The certain headcount of ``org`` (an id) on each date."""
        return tuple(certain for certain, _ in self.counts[self.orgs.index(org)])

    def __repr__(self) -> str:
        view = as_known(self.known)
        view += as_published(self.published)
        head = (f"Headcounts of {count(len(self.orgs), 'organization')} on "
                f"{count(len(self.dates), 'date')}{view}")
        sizes = self.reported or tuple((None,) * len(self.dates) for _ in self.orgs)
        rows = [[name, date, certain, certain + possible]
                for name, row in zip(self.names, self.counts, strict=True)
                for date, (certain, possible) in zip(self.dates, row, strict=True)]
        headers = ["organization", "date", "certain", "at most"]
        if any(size is not None for row in sizes for size in row):
            flat = [size for row in sizes for size in row]
            periods = [p for row in self.reported_periods for p in row] or [None] * len(flat)
            rows = [[*r, "-" if size is None else str(size) if period is None
                     else f"{size} ({period})"]
                    for r, size, period in zip(rows, flat, periods, strict=True)]
            headers.append("reported (for)")
        return table(head, headers, rows)
