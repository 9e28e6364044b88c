"""Answers about people at organisations: rosters, careers, cohorts and diffs.

Every answer is a frozen value whose repr is a table; every part of it keeps
``evidence``, the ids of the events that produced it, for
:meth:`~timeline.Timeline.explain`.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import attrs
import pendulum

from timeline.answers._table import as_known, as_published, count, not_yet_known, table
from timeline.answers.contested import ContestedMembership, contested_table
from timeline.answers.frames import AsData
from timeline.answers.periods import Bounds, TenureLength, length
from timeline.engine.disputes import Claim, marks
from timeline.engine.names import fold_name
from timeline.engine.observations import Uncertainty
from timeline.model.affiliations import Affiliation
from timeline.model.catalog import Reason
from timeline.model.certainty import Certainty
from timeline.model.dates import ValidDate, day
from timeline.model.errors import InvalidQueryError

__all__ = ["Career", "Member", "Roster", "Status", "TenureView", "Whereabouts"]


class Status(enum.Enum):
    """A member's status on a date: certainly active, certainly on leave, or
    possibly on leave (a leave's start or end has an imprecise date that
    covers the query date, or a return from leave is still ahead whose
    start the log lacks)."""

    ACTIVE = "active"
    ON_LEAVE = "on leave"
    POSSIBLY_ON_LEAVE = "possibly on leave"


_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


def _named(key: str, entity: str, name: str) -> bool:
    """Whether ``key`` is the entity's id or its name (case and accents aside).

    A key written as ids are (lowercase, no spaces: ``"acme"``) means an id
    only: another organisation may have taken the name "Acme".
    """
    if key in (entity, name):
        return True
    if _ID.fullmatch(key):
        return False
    return fold_name(key) == fold_name(name)


def _view(at: _dt.date, known: pendulum.DateTime | None) -> str:
    return f"at {at}" + as_known(known)


def _since(value: ValidDate | None) -> str:
    return str(value) if value is not None else "unknown"


def _until(tenure: TenureView) -> str:
    if tenure.end is not None:
        return str(tenure.end)
    if tenure.ended_before is not None:
        return f"unknown, before {tenure.ended_before}"
    if tenure.last_observed is not None:
        return f"unknown, last observed {tenure.last_observed}"
    return "-"


def _mark(certainty: Certainty) -> str:
    return "" if certainty >= Certainty.REPORTED else " (rumor)"


@attrs.frozen
class Member:
    """One person on a roster, or one organisation in a person's whereabouts.

    ``role`` is the role in effect (else the first one known);
    ``possible_roles`` are the other roles the person may hold instead, named
    by changes whose imprecise dates cover the query date, or observed later
    (empty when the role is certain). ``role_inferred`` says the role is
    only inferred: no step in effect names it, an observation after the date
    does. ``status`` is three-valued in the same way. A member only possibly
    there says why: ``uncertainty`` (an imprecise date, an unknown start or
    end) and ``why``, what bounds it (``"last observed 2024-05"``); both are
    None for a certain member.
    """

    person: str
    name: str
    org: str
    org_name: str
    role: str | None
    possible_roles: tuple[str, ...]
    since: ValidDate | None
    status: Status
    certainty: Certainty
    certain: bool
    evidence: tuple[str, ...]
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)
    role_inferred: bool = False
    uncertainty: Uncertainty | None = None
    why: str | None = None
    affiliation: Affiliation = attrs.field(default=Affiliation.EMPLOYEE, kw_only=True)
    """How the person belongs to the organisation: an employee unless the
    answer was asked for other kinds (``kinds=``)."""


def _roles(member: Member) -> str | None:
    """The role, or every role the member may hold: "A or B"."""
    if member.role is None:
        return None
    roles = " or ".join((member.role, *member.possible_roles))
    return roles + " (inferred)" if member.role_inferred else roles


def by_uncertainty(members: tuple[Member, ...]) -> dict[Uncertainty, tuple[Member, ...]]:
    """Possible members grouped by why they are possible, in the enum's order."""
    return {u: grouped for u in Uncertainty
            if (grouped := tuple(m for m in members if m.uncertainty is u))}


def _possible_tables(title: str, members: tuple[Member, ...], headers: list[str],
                     by: str) -> str:
    """One table per reason the members are possible, with what bounds each."""
    groups = by_uncertainty(members)
    rest = tuple(m for m in members if m.uncertainty is None)
    parts = [(f"{title}, {u.value}: {len(g)}", g) for u, g in groups.items()]
    if rest:
        parts.append((f"{title}: {len(rest)}", rest))
    return "\n".join(
        table(head, [*headers, "why"],
              [[*_member_row(m, by=by), m.why or "-"] for m in group])
        for head, group in parts
    )


def _kind(affiliation: Affiliation) -> str:
    """How a row names a kind of affiliation other than employment."""
    return "" if affiliation is Affiliation.EMPLOYEE else f" ({affiliation.value})"


def _member_row(member: Member, *, by: str) -> list[object]:
    who = member.name if by == "person" else member.org_name + _kind(member.affiliation)
    return [
        who + _mark(member.certainty) + marks(member.disputed), _roles(member),
        _since(member.since),
        member.status.value, member.certainty.value,
    ]


ROSTER_HEADS = {Affiliation.EMPLOYEE: "Roster of", Affiliation.BOARD: "Board of",
                Affiliation.ADVISOR: "Advisors of",
                Affiliation.FOUNDER: "Founders (not employees) of"}
"""How a roster of each kind is headed."""


def _sort_key(member: Member) -> tuple[str, str, str, str]:
    return (member.name.casefold(), member.person, member.org_name.casefold(), member.org)


#: Builds the entry of one id (a person on a roster, an organisation in a
#: person's whereabouts), given whether it is certain.
Detail = Callable[[str, bool], Member]
Contests = Callable[[], tuple[ContestedMembership, ...]]


def _no_contests() -> tuple[ContestedMembership, ...]:
    return ()


class _Lazy:
    """Entries worked out on first use: an answer is its ids until asked for more."""

    __slots__ = ()
    certain_ids: frozenset[str]
    possible_ids: frozenset[str]
    _detail: Detail
    _contests: Contests

    def _entries(self, ids: frozenset[str], certain: bool) -> tuple[Member, ...]:
        return tuple(sorted((self._detail(i, certain) for i in ids), key=_sort_key))

    def fields(self) -> dict[str, object]:
        """The answer as named parts, entries worked out (what ``--json`` prints)."""
        raise NotImplementedError

    def _key(self) -> tuple[object, ...]:
        return tuple(self.fields().values())

    def _all(self) -> tuple[Member, ...]:
        """Every entry, certain then possible, worked out."""
        raise NotImplementedError

    def settle(self) -> None:
        """Work out every entry now (the timeline calls this before it changes)."""
        self._all()
        _ = self.contested

    @property
    def contested(self) -> tuple[ContestedMembership, ...]:
        """Membership on this date that another claim of a disputed fact would
        change: someone the accepted claims keep off (or put on) it, apart.
        Worked out on first read, once (see :mod:`timeline.engine.contested`)."""
        return self._contests()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _id_of(self, member: Member) -> str:
        raise NotImplementedError

    def _name_of(self, member: Member) -> str:
        raise NotImplementedError

    def _certain(self) -> tuple[Member, ...]:
        """The certain entries, worked out."""
        raise NotImplementedError

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` (an id, or a name in any case and with or without
        accents) is certainly an entry: O(1) for an id."""
        if key in self.certain_ids:
            return True
        return isinstance(key, str) and any(
            _named(key, self._id_of(m), self._name_of(m)) for m in self._certain())

    def __getitem__(self, key: str) -> Member:
        """The entry of ``key`` (an id, or a name in any case and with or
        without accents), certain or possible."""
        for member in self._all():
            if _named(key, self._id_of(member), self._name_of(member)):
                return member
        raise KeyError(f"{key!r} is not in this answer, certainly or possibly (looked up "
                       "by id and by full name; an alias or a surname needs "
                       "Timeline.resolve() first)")

    def _not_known(self) -> dict[str, object]:
        """``not_known_until``, where it is set (an answer the view had nothing
        for), and ``published``, for a view as published."""
        until = getattr(self, "not_known_until", None)
        published = getattr(self, "published", None)
        return (({} if until is None else {"not_known_until": until})
                | ({} if published is None else {"published": published}))

    def _empty(self, otherwise: str = "(none)") -> str:
        """What the table says when it has no rows."""
        until = getattr(self, "not_known_until", None)
        if until is None:
            return otherwise
        return not_yet_known(getattr(self, "name", ""), getattr(self, "known", None), until)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle (and copy) with the entries worked out, never the timeline."""
        known = {self._id_of(m): m for m in self._all()}
        kind: Any = type(self)
        args = {a.alias: getattr(self, a.name) for a in attrs.fields(kind)
                if a.name not in ("_detail", "_contests")}
        return (_rebuild, (type(self), args, known, self.contested))


class _Known:
    """The entries of an answer already worked out, by id."""

    __slots__ = ("entries",)

    def __init__(self, entries: dict[str, Member]) -> None:
        self.entries = entries

    def __call__(self, key: str, certain: bool) -> Member:
        return self.entries[key]


def _rebuild(kind: type[_Lazy], args: dict[str, object], entries: dict[str, Member],
             contested: tuple[ContestedMembership, ...] = ()) -> _Lazy:
    return kind(**args, detail=_Known(entries),  # type: ignore[call-arg]
                contests=lambda: contested)


@attrs.frozen(repr=False, eq=False)
class Roster(_Lazy, AsData):
    """Who is on an organisation's roster: ``members`` certainly, ``possible``
    only possibly (an imprecise date covers the query date, or the start is
    unknown). Iterating gives the certain members.

    The ids (``certain_ids``, ``possible_ids``) are the answer itself; each
    member's details — name, role, since, status, evidence — are worked out
    the first time ``members`` or ``possible`` is read, so ``len(roster)`` and
    ``person in roster`` for an id cost O(1) whatever the roster's size (a
    name is compared with every certain member's).
    """

    org: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    certain_ids: frozenset[str]
    possible_ids: frozenset[str]
    _detail: Detail = attrs.field(alias="detail")
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    _contests: Contests = attrs.field(default=_no_contests, kw_only=True, alias="contests")
    kind: Affiliation = attrs.field(default=Affiliation.EMPLOYEE, kw_only=True)
    """The kind of affiliation this roster lists: employees unless asked."""
    #: The entries its data lists, worked out (see timeline.answers.schema).
    _PARTS: ClassVar[tuple[str, ...]] = ("members", "possible")

    @functools.cached_property
    def members(self) -> tuple[Member, ...]:
        """The certain members, by name."""
        return self._entries(self.certain_ids, True)

    @functools.cached_property
    def possible(self) -> tuple[Member, ...]:
        """The members only possibly there, by name."""
        return self._entries(self.possible_ids, False)

    @property
    def possible_by_reason(self) -> dict[Uncertainty, tuple[Member, ...]]:
        """The members only possibly there, grouped by why: an imprecise date,
        an unknown start, an unknown end (such as "last observed 2024-05")."""
        return by_uncertainty(self.possible)

    def fields(self) -> dict[str, object]:
        return {"org": self.org, "name": self.name, "kind": self.kind, "at": self.at,
                "known": self.known, "members": self.members, "possible": self.possible,
                "contested": self.contested} | self._not_known()

    def __len__(self) -> int:
        return len(self.certain_ids)

    def _id_of(self, member: Member) -> str:
        return member.person

    def _all(self) -> tuple[Member, ...]:
        return self.members + self.possible

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def _name_of(self, member: Member) -> str:
        return member.name

    def _certain(self) -> tuple[Member, ...]:
        return self.members

    @property
    def people(self) -> tuple[str, ...]:
        """The ids of the certain members, in the order of ``members``."""
        return tuple(m.person for m in self.members)

    def __repr__(self) -> str:
        view = _view(self.at, self.known) + as_published(self.published)
        head = f"{ROSTER_HEADS[self.kind]} {self.name} {view}: {count(len(self.members), 'member')}"
        if self.possible:
            head += f", {len(self.possible)} possible"
        headers = ["person", "role", "since", "status", "certainty"]
        text = table(head, headers, [_member_row(m, by="person") for m in self.members],
                     empty=self._empty())
        if self.possible:
            text += "\n" + _possible_tables("Possibly members", self.possible, headers, "person")
        return text + contested_table(self.contested, "person")


@attrs.frozen(repr=False, eq=False)
class Whereabouts(_Lazy, AsData):
    """Where a person was at a date: certainly in ``orgs``, possibly in ``possible``.

    As with :class:`Roster`, the organisation ids are the answer and each
    entry's details are worked out when ``orgs`` or ``possible`` is read;
    ``whereabouts[org]`` gives the entry at an organisation (id or name),
    certain or possible, and raises ``KeyError`` elsewhere.

    >>> from timeline import Timeline
    >>> Timeline.example().where("John Schulman", at="2024-12")["Anthropic"].since
    ValidDate('2024-08')
    """

    person: str
    name: str
    at: _dt.date
    known: pendulum.DateTime | None
    certain_ids: frozenset[str]
    possible_ids: frozenset[str]
    _detail: Detail = attrs.field(alias="detail")
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    _contests: Contests = attrs.field(default=_no_contests, kw_only=True, alias="contests")
    kind: Affiliation = attrs.field(default=Affiliation.EMPLOYEE, kw_only=True)
    """The kind of affiliation these whereabouts follow: employment unless asked."""
    #: The entries its data lists, worked out (see timeline.answers.schema).
    _PARTS: ClassVar[tuple[str, ...]] = ("orgs", "possible")

    @functools.cached_property
    def orgs(self) -> tuple[Member, ...]:
        """Where the person certainly was, by organisation name."""
        return tuple(sorted((self._detail(o, True) for o in self.certain_ids),
                            key=_sort_key))

    @functools.cached_property
    def possible(self) -> tuple[Member, ...]:
        """Where the person possibly was, by organisation name."""
        return tuple(sorted((self._detail(o, False) for o in self.possible_ids),
                            key=_sort_key))

    def fields(self) -> dict[str, object]:
        return {"person": self.person, "name": self.name, "kind": self.kind, "at": self.at,
                "known": self.known, "orgs": self.orgs, "possible": self.possible,
                "contested": self.contested} | self._not_known()

    def _id_of(self, member: Member) -> str:
        return member.org

    def _all(self) -> tuple[Member, ...]:
        return self.orgs + self.possible

    def __iter__(self) -> Iterator[str]:
        return (m.org for m in self.orgs)

    def _name_of(self, member: Member) -> str:
        return member.org_name

    def _certain(self) -> tuple[Member, ...]:
        return self.orgs

    def __len__(self) -> int:
        return len(self.certain_ids)

    def __repr__(self) -> str:
        head = (f"{self.name}{_kind(self.kind)} {_view(self.at, self.known)}"
                f"{as_published(self.published)}")
        headers = ["organization", "role", "since", "status", "certainty"]
        text = table(head, headers, [_member_row(m, by="org") for m in self.orgs],
                     empty=self._empty("(nowhere known)"))
        if self.possible:
            text += "\n" + _possible_tables("Possibly at", self.possible, headers, "org")
        return text + contested_table(self.contested, "org")


@attrs.frozen
class TenureView:
    """One tenure in a career: where, when, in which roles, and how it ended.

    ``ended_before`` is the date of a rehire that shows the tenure ended,
    at a date the log does not know, before it; the tenure is ``inferred``
    when the log holds none of its steps, only that rehire (``start`` and
    ``end`` are then unknown: None). ``last_observed`` is the date of its last
    observation when observations are all the log holds of it: its end is
    unknown, not open.
    """

    org: str
    org_name: str
    start: ValidDate | None
    end: ValidDate | None
    roles: tuple[tuple[ValidDate, str], ...]
    reason: Reason | None
    destination: str | None
    destination_name: str | None
    certainty: Certainty
    evidence: tuple[str, ...]
    bounds: Bounds
    inferred: bool = False
    ended_before: ValidDate | None = None
    disputed: tuple[Claim, ...] = attrs.field(default=(), kw_only=True)
    last_observed: ValidDate | None = None
    affiliation: Affiliation = attrs.field(default=Affiliation.EMPLOYEE, kw_only=True)
    leaves: tuple[tuple[ValidDate | None, ValidDate | None], ...] = attrs.field(
        default=(), kw_only=True)
    """Each leave's start and end (None: a start the log lacks, a leave not
    yet over)."""
    start_certainty: Certainty | None = attrs.field(default=None, kw_only=True)
    """The certainty of the step that began it (None: its start unknown);
    ``certainty`` is the weakest of all its steps'."""
    end_certainty: Certainty | None = attrs.field(default=None, kw_only=True)
    """The certainty of its departure (None: no departure)."""

    @property
    def role(self) -> str | None:
        """The last role held."""
        return self.roles[-1][1] if self.roles else None

    def length(self, until: object = None) -> TenureLength:
        """How long the tenure lasted, shortest and longest, as its dates allow:
        measured to the end of ``until`` when given (an open tenure needs it),
        "at least" when the start is unknown. Runtime: O(1).

        >>> from timeline import Timeline
        >>> schulman = Timeline.example().career("Schulman")
        >>> schulman[0].length()
        <TenureLength 8y 7m to 8y 8m, 3136 to 3186 days>
        >>> str(schulman[1].length(until="2024-12-31"))
        '4m to 4m 30d (to 2024-12-31)'
        >>> schulman[1].length()
        Traceback (most recent call last):
        ...
        timeline.InvalidQueryError: invalid until=None: the tenure at 'anthropic' is ...
        """
        last = None if until is None else day(until)
        if last is None and not self.bounds.ended:
            raise InvalidQueryError(
                "until", until, f"the tenure at {self.org!r} is still open",
                hint="pass until=DATE to measure it to that date",
            )
        return length(self.bounds, last)


@attrs.frozen(repr=False)
class Career(AsData):
    """A person's tenures in valid-time order."""

    person: str
    name: str
    known: pendulum.DateTime | None
    tenures: tuple[TenureView, ...]
    published: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)
    not_known_until: pendulum.DateTime | None = attrs.field(default=None, kw_only=True)

    def __iter__(self) -> Iterator[TenureView]:
        return iter(self.tenures)

    def __len__(self) -> int:
        return len(self.tenures)

    def __getitem__(self, index: int) -> TenureView:
        return self.tenures[index]

    def __repr__(self) -> str:
        rows = [
            [
                t.org_name + _kind(t.affiliation) + _mark(t.certainty)
                + (" (inferred)" if t.inferred else "") + marks(t.disputed),
                _since(t.start), _until(t), " → ".join(r for _, r in t.roles) or None,
                t.reason.value if t.reason else "", t.destination_name or "",
            ]
            for t in self.tenures
        ]
        head = f"Career of {self.name}" + (
            as_known(self.known, parenthesised=True)
        ) + as_published(self.published)
        empty = ("(no tenures)" if self.not_known_until is None
                 else not_yet_known(self.name, self.known, self.not_known_until))
        return table(head, ["organization", "from", "until", "roles", "left", "to"], rows,
                     empty=empty)


