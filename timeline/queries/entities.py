"""Names: which person or organisation a name means, and searching them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pendulum

from timeline.engine.mentions import tiers, words
from timeline.engine.names import PERSON, Entity, fold_name
from timeline.model.catalog import Declared, OrganizationDeclared, PersonDeclared, ProductDeclared
from timeline.model.dates import EVERYTHING
from timeline.model.errors import AmbiguousNameError, InvalidQueryError, UnknownEntityError
from timeline.model.events import Event
from timeline.queries._base import QueryBase, scoped

__all__ = ["EntityQueries"]

_DECLARE: dict[str, type[Declared]] = {
    "person": PersonDeclared, "organization": OrganizationDeclared, "product": ProductDeclared}
_LATEST = pendulum.datetime(9999, 12, 31, tz="UTC")


class EntityQueries(QueryBase):
    """Which person or organisation a name means."""

    @scoped(lambda name, published=None, **_: None if published is not None else [name])
    def resolve(
        self, name: str, *, kind: str | None = None, at: object = None, known: object = None,
        published: object = None,
    ) -> str:
        """The id of the person or organisation ``name`` means: an id or any alias.

        Case and accents do not matter; an unknown or ambiguous name raises an
        error that suggests close matches. Where several entities answered to
        the name at different times, ``at`` decides: the one that bore it then,
        else the one that bore it nearest in time; with no ``at``, the one that
        bears it today, if only one does. Runtime: O(1) for an id, O(c log v)
        for a name c entities answer to.

        >>> tl = Timeline.example()
        >>> tl.resolve("SUZKWER"), tl.resolve("openai")
        ('ilya-sutskever', 'openai')
        >>> try:
        ...     tl.resolve("Sutskevar")
        ... except LookupError as error:
        ...     print(error.suggestions)
        ('Ilya Sutskever (ilya-sutskever)',)
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.resolve(name, kind=kind, at=at, known=known))
        d = None if at is None else self._day(at)
        return self._resolve(name, self._known(known), kind=kind, day=d)

    @scoped(lambda name, published=None, **_: None if published is not None else [name])
    def entity(
        self, name: str, *, at: object = None, known: object = None,
        published: object = None,
    ) -> Entity:
        """The entity ``name`` means (at ``at``, as :meth:`resolve`), with its
        name at ``at`` (today when None) and its aliases.

        Runtime: O(events about the entity's names).

        >>> Timeline.example().entity("SSI")
        Entity(id='ssi', kind='organization', name='Safe Superintelligence', aliases=('SSI',))
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.entity(name, at=at, known=known))
        k, d = self._known(known), self._day(at)
        entity = self._resolve(name, k, day=None if at is None else d)
        return self._state.names.entity(entity, k, d)

    def search(
        self, text: str, *, known: object = None,
        published: object = None,
    ) -> tuple[Entity, ...]:
        """Entities whose id or a name contains ``text`` (folded), else the one
        it mentions (:meth:`mention`: "d'OpenAI", "former CTO Murati"), else
        those close to it.

        Runtime: O(names known).

        >>> [e.id for e in Timeline.example().search("schul")]
        ['john-schulman']
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.search(text, known=known))
        k = self._known(known)
        key = fold_name(text)
        found = sorted({e for n, e in self._state.names.names(k) if key in fold_name(n)})
        if not found:
            try:
                found = [self.mention(text, known=known)]
            except LookupError:
                found = [s.rsplit(" (", 1)[1].rstrip(")")
                         for s in self._state.names.suggest(text, k)]
        return tuple(self._state.names.entity(e, k) for e in dict.fromkeys(found))

    def mention(
        self, text: str, *, kind: str | None = None, at: object = None, known: object = None,
        published: object = None,
    ) -> str:
        """The id of the entity a phrase from running text mentions: an elided
        name ("d'OpenAI", "l'université de Princeton"), a title before a
        surname ("former CTO Murati", "l'ancienne directrice technique,
        Murati"), a name in reverse order ("Sutskever Ilya"), a legal name with
        its acronym ("Safe Superintelligence Inc. (SSI)"). The phrases it may
        stand for are tried in tiers (see :mod:`timeline.engine.mentions`);
        the first tier that names one entity decides, two in one tier are an
        :class:`AmbiguousNameError`, none an :class:`UnknownEntityError`
        with close matches. ``kind`` and ``at`` narrow as :meth:`resolve`.

        Runtime: O(w^2) lookups for a phrase of w words, and O(names) for the
        surname rule.

        >>> tl = Timeline.example()
        >>> tl.mention("l'ancien scientifique en chef, Sutskever Ilya")
        'ilya-sutskever'
        >>> tl.mention("d'OpenAI"), tl.mention("Safe Superintelligence Inc. (SSI)")
        ('openai', 'ssi')
        """
        if published is not None:
            return self._published(
                published, known,
                lambda tl: tl.mention(text, kind=kind, at=at, known=known))
        k = self._known(known)
        d = None if at is None else self._day(at)
        if not isinstance(text, str) or not text.strip():
            raise InvalidQueryError("text", text, "expected a phrase that mentions an entity",
                                    hint="mention(\"former CTO Murati\")")
        levels = tiers(text)
        for index, tier in enumerate(levels):
            found = self._named(tier, k, kind, d)
            if len(found) > 1:
                raise AmbiguousNameError(
                    text, [f"{self._name(e, k)} ({e}) as {p!r}" for e, p in found.items()],
                    ids=list(found))
            if found:
                [(entity, phrase)] = found.items()
                self._alone(text, entity, phrase, rest=levels[index + 1:], known=k, day=d)
                return entity
        return self._surname(text, k, kind)

    def _named(self, phrases: list[str], known: int, kind: str | None,
               day: int | None) -> dict[str, str]:
        """Each entity one of ``phrases`` names, with the first phrase naming it."""
        found: dict[str, str] = {}
        for phrase in phrases:
            try:
                found.setdefault(self._resolve(phrase, known, kind=kind, day=day), phrase)
            except (UnknownEntityError, AmbiguousNameError):
                continue
        return found

    def _alone(self, text: str, entity: str, phrase: str, *, rest: list[list[str]],
               known: int, day: int | None) -> None:
        """An AmbiguousNameError when the words outside ``phrase`` name another
        entity of the same kind ("Dario and Daniela Amodei"); a title naming
        an organisation ("OpenAI co-founder John Schulman") is not one."""
        kind = self._state.names.kind(entity, known)
        used = {w.casefold() for w in words(phrase)}
        for tier in rest:
            outside = [p for p in tier if not {w.casefold() for w in words(p)} & used]
            others = {e: p for e, p in self._named(outside, known, kind, day).items()
                      if e != entity}
            if others:
                both = {entity: phrase, **others}
                raise AmbiguousNameError(
                    text, [f"{self._name(e, known)} ({e}) as {p!r}" for e, p in both.items()],
                    ids=list(both))

    def _surname(self, text: str, known: int, kind: str | None) -> str:
        """The one person whose name (or an alias) ends in a word of the phrase
        (a surname: "former CTO Murati"), or an error: several such people are
        ambiguous, none unknown. A first name is never taken for a person."""
        names = self._state.names
        wanted = {fold_name(w) for w in words(text)} if kind in (None, PERSON) else set()
        owners = sorted({e for n, e in names.names(known)
                         if set(fold_name(n).split()[-1:]) & wanted
                         and names.kind(e, known) == PERSON})
        if len(owners) == 1:
            return owners[0]
        if owners:
            raise AmbiguousNameError(
                text, [f"{self._name(e, known)} ({e})" for e in owners], ids=owners)
        raise UnknownEntityError(
            text, names.suggest(text, known, kind=kind), expected=kind or "entity",
        )

    def missing_declarations(
        self, events: Iterable[Event], *, names: Mapping[str, str] | None = None,
        kinds: Mapping[str, str] | None = None,
    ) -> list[Event]:
        """The declaration events an importer needs before ``events``: one for
        every entity they name that neither the log nor the batch declares,
        cited to the sources of the first event naming it, dated no later
        than any of them and recorded with the batch's earliest recorded
        time, so the log stays complete. Append them first. ``names`` gives
        an entity's name (else its id, words capitalised, with a note saying
        so); ``kinds`` its kind where no
        field says (a lawsuit's party may be a person or an organisation).

        Runtime: O(references of the events).

        >>> from timeline import Joined
        >>> tl = Timeline.example()
        >>> join = Joined(id="j", valid="2024-10", person="durk-kingma", org="anthropic",
        ...               sources="wire")
        >>> [(e.kind, e.entity, e.name) for e in tl.missing_declarations(
        ...     [join], names={"durk-kingma": "Durk Kingma"})]
        [('person-declared', 'durk-kingma', 'Durk Kingma')]
        """
        batch = list(events)
        names, kinds = names or {}, kinds or {}
        declared = {e.entity for e in batch if isinstance(e, Declared)}
        taken = {e.id for e in batch}
        first: dict[str, Event] = {}
        wanted: dict[str, str | None] = {}
        for event in batch:
            for expected, entity in event.references():
                if entity in declared or self._state.names.kind(entity, EVERYTHING):
                    continue
                first.setdefault(entity, event)
                earliest = first[entity]
                if (event.valid.first, event.recorded or _LATEST) < (
                        earliest.valid.first, earliest.recorded or _LATEST):
                    first[entity] = event
                specific = expected if expected in _DECLARE else None
                wanted[entity] = wanted.get(entity) or specific
        # recorded with the batch's earliest, so that they can go first
        recorded = min((e.recorded for e in batch if e.recorded is not None), default=None)
        out: list[Event] = []
        for entity, event in first.items():
            kind = kinds.get(entity) or wanted[entity]
            if kind not in _DECLARE:
                raise InvalidQueryError(
                    "kinds", entity, f"no field of event {event.id!r} says whether "
                    f"{entity!r} is a person, an organization or a product",
                    hint=f"pass kinds={{{entity!r}: 'person'}} (or 'organization')")
            ident = f"decl-{entity}"
            while ident in taken or self._state.lineages.root_of(ident) is not None:
                ident += "-new"
            taken.add(ident)
            out.append(_DECLARE[kind](
                id=ident, valid=min((e.valid for e in batch if entity in e.about()),
                                    key=lambda v: (v.first, v.last)),
                entity=entity, name=names.get(entity) or entity.replace("-", " ").title(),
                sources=event.sources, recorded=recorded, certainty=event.certainty,
                note="" if entity in names else "name made from its id; add the real one"))
        return out
