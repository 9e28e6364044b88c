"""What every family of questions shares: reading ``known=``, ``at=`` and
``min_certainty=``, looking names up, asking a ``published=`` view, and
building a roster's entries."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, ParamSpec, Self, TypeVar

import attrs
import pendulum

from timeline.answers.contested import MEMBER, NOT_A_MEMBER, POSSIBLY, ContestedMembership
from timeline.answers.results import Member, Roster, Status, Whereabouts
from timeline.engine import observations
from timeline.engine.contested import contests
from timeline.engine.disputes import other_claim
from timeline.engine.kept_names import KeptName
from timeline.engine.kept_tenures import KeptPair
from timeline.engine.log import Entry
from timeline.engine.projections import Projections
from timeline.engine.publication import Publications, stamp
from timeline.engine.seats import affiliation_of, org_of, seat
from timeline.engine.settling import Settles
from timeline.engine.tenure_records import best
from timeline.engine.tenures import Membership, Tenure
from timeline.model.affiliations import Affiliation
from timeline.model.certainty import Certainty
from timeline.model.dates import EVERYTHING, from_key, instant, known_key, query_day
from timeline.model.errors import (
    AmbiguousNameError,
    InvalidEventError,
    InvalidQueryError,
    UnknownCaseError,
    UnknownEntityError,
)
from timeline.model.events import EventTypes
from timeline.queries import evidence as provenance

__all__ = ["KeptEntries", "QueryBase", "once", "scoped"]

_SAYS = {Membership.CERTAIN: MEMBER, Membership.POSSIBLE: POSSIBLY, None: NOT_A_MEMBER}

S = TypeVar("S")
R = TypeVar("R")
P = ParamSpec("P")
A = TypeVar("A", Roster, Whereabouts)
Clock = Callable[[], _dt.datetime]


def in_scope(method: Callable[P, R]) -> Callable[P, R]:
    """A part of a scoped query's answer worked out later (see
    :func:`scoped`): it reads only what the query read."""
    @functools.wraps(method)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        lazy = getattr(args[0], "_scope", None)
        if lazy is None:
            return method(*args, **kwargs)
        lazy.depth += 1
        try:
            return method(*args, **kwargs)
        finally:
            lazy.depth -= 1
    return run


def scoped(names: Callable[..., Sequence[object] | None], *, kind: str = "names",
           stored: str | None = None, every: str | None = None,
           then: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A query that, on a timeline opened lazily (see :mod:`timeline.scoping`),
    reads only the scope of what ``names`` gives from the call's arguments:
    entities' names (``kind="names"``), events' ids (``"ids"``) or lawsuit
    cases (``"cases"``); None when the query needs the whole log, as with
    ``published=``. A query with ``every`` (a kind of key: ``"c"``, every
    case) reads every key of that kind first. A ``stored``
    method, given the same arguments, is asked first: its answer, unless
    None, is read from what the store keeps. A ``then`` method, given the
    names, reads what the scope read says the answer needs besides."""
    def wrap(method: Callable[P, R]) -> Callable[P, R]:
        within = in_scope(method)

        @functools.wraps(method)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            self = args[0]
            if getattr(self, "_scope", None) is None or any(
                    isinstance(a, Iterator) for a in (*args[1:], *kwargs.values())):
                return method(*args, **kwargs)  # an iterator is read once, by the query
            try:
                wanted = names(*args[1:], **kwargs)
            except TypeError:  # arguments the query itself refuses, saying why
                return method(*args, **kwargs)
            if wanted is None:
                return method(*args, **kwargs)
            if kind == "names" and not all(_askable(name) for name in wanted):
                return within(*args, **kwargs)  # no store holds it: the query says why
            if stored is not None:
                answer: R | None = getattr(self, stored)(*args[1:], **kwargs)
                if answer is not None:
                    return answer
            if every is not None and getattr(self, "_store", None) is None:
                return method(*args, **kwargs)  # closed: only the whole log would do
            if kind == "names":
                self._read_scope(wanted)  # type: ignore[attr-defined]
                if then is not None:
                    getattr(self, then)(wanted)
            elif kind == "ids":
                self._read_scope((), [str(i) for i in wanted])  # type: ignore[attr-defined]
            else:
                self._read_scope((), (), [str(c) for c in wanted])  # type: ignore[attr-defined]
            if every is not None:  # last: reading a scope may forget what was read
                self._read_all(every)  # type: ignore[attr-defined]
            try:
                return within(*args, **kwargs)
            except (UnknownEntityError, UnknownCaseError) as error:
                # not in what was read: the error names or suggests from everything
                whole = "c" if isinstance(error, UnknownCaseError) else "d"
                if not self._read_all(whole):  # type: ignore[attr-defined]
                    raise
            return within(*args, **kwargs)
        return run
    return wrap


def _askable(name: object) -> bool:
    """Whether a store can be asked about ``name``: None (an optional name
    not given), or text it can keep (not a number, nor a lone surrogate,
    which no store can be given)."""
    if name is None:
        return True
    if not isinstance(name, str):
        return False
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class QueryBase:
    """The state a timeline answers from, and the helpers every question uses.
    :class:`~timeline.Timeline` is the one concrete subclass."""

    _clock: Clock
    _types: EventTypes
    _state: Projections
    _publications: Publications

    def _recorded_between(self, after: int, upto: int) -> list[Entry] | None:
        raise NotImplementedError

    def _empty(self) -> Self:
        """A new timeline with this one's clock and event types, and no events."""
        raise NotImplementedError

    def _known(self, known: object) -> int:
        return known_key(known)

    def _resolve(
        self, name: str, known: int, *, kind: str | None = None, day: int | None = None,
        until: int | None = None,
    ) -> str:
        """``name`` on ``day`` (over the span from ``day`` to ``until``, in
        either order); with no day, at any time."""
        if day is not None and until is not None and until < day:
            day, until = until, day
        return self._state.names.resolve(name, known, kind=kind, day=day, until=until,
                                         today=lambda: self._day(None))

    def _lookup(
        self, name: str, known: int, *, kind: str | None = None, day: int | None = None,
        until: int | None = None,
    ) -> tuple[str, int | None]:
        """The id ``name`` means in the view, and None; or, for a name the view
        has not heard of yet but a later view has, that entity and the recorded
        time from which the log knows it (the query then answers empty, saying
        so). A name no view knows stays an :class:`UnknownEntityError`."""
        try:
            return self._resolve(name, known, kind=kind, day=day, until=until), None
        except UnknownEntityError:
            later = self._state.names.known_later(name, known, kind=kind)
            if later is None:
                raise
            return later

    def _expand(self, names: Iterable[str], known: int, day: int | None = None) -> list[str]:
        """``names`` with each group's name replaced by its members (a group
        of groups by theirs), in order, once each; other names as given,
        for the caller to look up. O(names + members)."""
        out: dict[str, None] = {}
        pending = list(names)[::-1]
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            try:
                found = self._resolve(name, known, day=day)
            except (UnknownEntityError, AmbiguousNameError):
                out[name] = None
                continue
            members = self._state.names.members(found, known)
            if not members:
                out[name] = None
            elif found not in seen:
                seen.add(found)
                pending.extend(reversed(members))
        return list(out)

    def _name(self, entity: str, known: int, at: int | None = None) -> str:
        return self._state.names.name(entity, known, at)

    def _names_of(self, entities: Iterable[str], known: int,
                  at: int | None = None) -> tuple[tuple[str, str], ...]:
        """The id and name at ``at`` of each of ``entities`` the view has
        declared, for an answer's data (see :mod:`timeline.answers.data`);
        on a timeline holding part of the log, their declarations are read
        first (the whole log, when the store cannot say where they are)."""
        ids = sorted({e for e in entities if e})
        if ids:
            self._read_declarations(ids)  # first: making room may start a scope anew
        return self._names_held(ids, known, at)

    @in_scope
    def _names_held(self, ids: Sequence[str], known: int,
                    at: int | None) -> tuple[tuple[str, str], ...]:
        names = self._state.names
        return tuple((e, names.name(e, known, at)) for e in ids
                     if names.kind(e, known) is not None)

    def _name_or_id(self, entity: str, known: int, at: int) -> str:
        """The entity's name at ``at``, or its id when the view has not
        declared it."""
        if self._state.names.kind(entity, known) is None:
            return entity
        return self._name(entity, known, at)

    def _day(self, at: object, argument: str = "at", *, ranges: bool = False) -> int:
        """The one day a date argument asks about (see :func:`query_day`)."""
        if type(at) is _dt.date:  # a plain date is its own day: the common case, made cheap
            return at.toordinal()
        if at is None:
            return instant(self._clock()).date().toordinal()
        return query_day(at, argument, ranges=ranges)

    def _published(self, published: object, known: object, ask: Callable[[Self], R]) -> R:
        """``ask`` of the view published by ``published`` (see
        :mod:`timeline.engine.publication`), the answer saying so."""
        view = self._empty()
        view._state = self._publications.view(self._state, known_key(published),
                                              self._known(known))
        return stamp(ask(view), _instant_of(known_key(published)))

    def _view(
        self, known: object, min_certainty: object
    ) -> tuple[int, int, pendulum.DateTime | None]:
        if known is None:  # the common view, made cheap
            k, shown = EVERYTHING, None
        else:
            k = self._known(known)
            shown = None if k >= EVERYTHING else _instant_of(k)
        level = (min_certainty if type(min_certainty) is Certainty
                 else _certainty(min_certainty)).rank
        return k, level, shown

    def _lazy(self, answer: A) -> A:
        self._state.watch(answer)
        return answer

    # -- what a store keeps (see timeline.scoping, which answers these) ---------

    def _from_regions(self, name: str) -> bool:
        """Whether rosters of ``name`` are read from the store's regions."""
        return False

    def _region_ids(self, seats: Sequence[str], day: int, known: int,
                    level: int) -> list[tuple[frozenset[str], frozenset[str]]] | None:
        """Who is on each of ``seats``' rosters, certainly and possibly, from
        the store's regions; None when they reflect another head."""
        return None

    def _kept_org(self, org: str, known: int, day: int) -> str | None:
        """The name of the organisation whose id is ``org`` as known at
        ``known`` on ``day``, from what the store keeps; None when it cannot say."""
        return None

    def _read_names(self, names: Sequence[str]) -> bool:
        """Read what names the entities ``names`` may mean, not their
        scopes; False when the store cannot say."""
        return True

    def _read_declarations(self, ids: Sequence[str]) -> None:
        """Read the declarations of the entities ``ids`` (held already by a
        timeline holding the whole log)."""

    def _read_for(self, names: Sequence[str]) -> None:
        """Read the scopes of ``names``, for the details of an answer read
        from the store."""

    def _read_pairs(self, org: str, people: Iterable[str]) -> bool:
        """Read the tenures of ``people`` at ``org`` (and what names them),
        for the details of a roster read from the store; False when the
        store cannot say, with nothing read."""
        return False

    def _kept_entries(self, view: tuple[int, int, int], place: str,
                      people: Iterable[str]) -> KeptEntries | None:
        """The entries of a roster of ``place`` read from the store, from the
        tenures it keeps of ``people``; None when it cannot say."""
        return None

    def _may_dispute(self) -> bool:
        """Whether the log this timeline stands on may hold a dispute."""
        return True

    @in_scope
    def _entries_of(self, view: tuple[int, int, int], place: str) -> _Entries:
        """How the entries of a roster of ``place`` in ``view`` are worked out."""
        return _Entries(self._state, *view, org=place)

    def _keep(self, answer: Settles) -> None:
        """Settle ``answer``, read from the store, before this timeline moves
        on or closes its store."""

    @in_scope
    def _contested(self, day_: int, known: int, level: int, *, org: str | None = None,
                   person: str | None = None, people: set[str] | None = None,
                   kinds: tuple[Affiliation, ...] = (Affiliation.EMPLOYEE,),
                   ) -> tuple[ContestedMembership, ...]:
        """Who is at ``org`` (or where ``person`` is; of ``people`` only, when
        given) on ``day_`` by one claim of a disputed fact and not as the
        view's accepted claims have it. Runtime: O(1) with no disputed fact
        there, else a fold of each disputed pair per other claim; see
        :mod:`timeline.engine.contested`."""
        out: list[ContestedMembership] = []
        index = self._state.tenures
        for pair, versions in self._state.disputed_pairs(day_, org=org, person=person):
            if (people is not None and pair[0] not in people) or (
                    affiliation_of(pair[1]) not in kinds):
                continue
            held = index.member(*pair, day_, known, level)
            accepted = held[0] if held is not None else None
            out.extend(
                ContestedMembership(
                    found.person, self._state.names.name(found.person, known, day_),
                    org_of(found.org), self._state.names.name(org_of(found.org), known, day_),
                    _SAYS[found.accepted], _SAYS[found.other],
                    other_claim(found.claim, found.instead))
                for found in contests(pair, versions, day_, known, level, accepted=accepted))
        return tuple(out)


def once(work: Callable[[], R]) -> Callable[[], R]:
    """``work``, done the first time it is asked for and kept: what an answer
    works out on first read (making a ``functools.cache`` wrapper costs about
    8 µs, a sixth of a warm roster)."""
    kept: list[R] = []

    def get() -> R:
        if not kept:
            kept.append(work())
        return kept[0]
    return get


def _member(
    tenure: Tenure, day_: int, membership: Membership, name: Callable[[str], str]
) -> Member:
    role, others, on_leave, certainty, evidence, inferred = tenure.at(day_)
    certain = membership is Membership.CERTAIN
    uncertainty, why = (None, None) if certain else observations.why(tenure, day_)
    org = org_of(tenure.org)
    return Member(
        person=tenure.person,
        name=name(tenure.person),
        org=org,
        org_name=name(org),
        affiliation=affiliation_of(tenure.org),
        role=role,
        possible_roles=others,
        since=tenure.start.valid if tenure.start is not None else None,
        status=(Status.POSSIBLY_ON_LEAVE if on_leave is None
                else Status.ON_LEAVE if on_leave else Status.ACTIVE),
        certainty=certainty,
        certain=certain,
        evidence=evidence,
        role_inferred=inferred,
        uncertainty=uncertainty,
        why=why,
    )


class _Entries:
    """How a lazy answer builds the entry of one id: a person at ``org``, or an
    organisation ``person`` is at. It reads the state as it is when the answer
    is made: the state settles such answers before it next changes."""

    __slots__ = ("day", "kind", "known", "level", "names", "org", "person", "state")

    def __init__(self, state: Projections, day_: int, known: int, level: int, *,
                 org: str | None = None, person: str | None = None,
                 kind: Affiliation = Affiliation.EMPLOYEE) -> None:
        self.state, self.day, self.known, self.level = state, day_, known, level
        self.org, self.person, self.kind = org, person, kind
        self.names: dict[str, str] = {}

    def name(self, entity: str) -> str:
        # an answer names its organisation (or person) once, not once per entry
        names = self.names
        if entity not in names:
            names[entity] = self.state.names.name(entity, self.known, self.day)
        return names[entity]

    def __call__(self, key: str, certain: bool) -> Member:
        member = self.entry(key, certain)
        assert member is not None, key
        return member

    def entry(self, key: str, certain: bool) -> Member | None:
        """The entry of ``key``; None when the state does not hold it as
        surely as ``certain``."""
        who, where = ((key, self.org) if self.org is not None
                      else (self.person, seat(key, self.kind)))
        assert who is not None
        assert where is not None
        found = self._found(who, where)
        if found is None or (found[0] is Membership.CERTAIN) is not certain:
            return None
        member = _member(found[1], self.day, found[0], self.name)
        disputed = provenance.disputed_of(self.state, member.evidence, self.known)
        return attrs.evolve(member, disputed=disputed) if disputed else member

    def _found(self, who: str, where: str) -> tuple[Membership, Tenure] | None:
        """The tenure that puts ``who`` at the seat ``where`` in the view."""
        return self.state.tenures.member(who, where, self.day, self.known, self.level)


class KeptEntries(_Entries):
    """The entries of a roster read from the store's regions, worked out from
    the tenures the store keeps of its people (see
    :mod:`timeline.engine.kept_tenures`), with no event read but what names
    them. Only for a log without a dispute: no entry then names another
    claim."""

    __slots__ = ("kept",)

    def __init__(self, state: Projections, view: tuple[int, int, int], org: str,
                 kept: dict[str, KeptPair], names: dict[str, KeptName]) -> None:
        super().__init__(state, *view, org=org)
        self.kept = kept
        for entity, held in names.items():  # one renamed is named from its declarations
            name = held.name(self.known)
            if name is not None:
                self.names[entity] = name

    def _found(self, who: str, where: str) -> tuple[Membership, Tenure] | None:
        pair = self.kept.get(who)
        if pair is None:
            return None
        return best(pair.records(self.known, self.level), self.day, self.known, self.level)


def _certainty(value: object) -> Certainty:
    """The query argument ``min_certainty``, or an :class:`InvalidQueryError`
    naming it, the value and the choices."""
    try:
        return Certainty.parse(value)
    except InvalidEventError:
        raise InvalidQueryError(
            "min_certainty", value,
            f"expected one of {', '.join(repr(c.value) for c in Certainty)}",
            hint="the least certainty an event needs to count (default 'reported')",
        ) from None


def _many(value: object) -> list[Any]:
    """One value, or each of an iterable of them (a string is one value)."""
    if isinstance(value, (str, _dt.date)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _date(ordinal: int) -> _dt.date:
    return _dt.date.fromordinal(ordinal)


def _instant_of(key: int) -> pendulum.DateTime:
    return from_key(key)
