"""Names: which person or organisation a name means, and searching them."""

from __future__ import annotations

from timeline.engine.mentions import tiers, words
from timeline.engine.names import PERSON, Entity, fold_name
from timeline.model.errors import AmbiguousNameError, UnknownEntityError
from timeline.queries._base import QueryBase

__all__ = ["EntityQueries"]


class EntityQueries(QueryBase):
    """Which person or organisation a name means."""

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
            raise UnknownEntityError(repr(text), expected=kind or "entity")
        for tier in tiers(text):
            found: dict[str, str] = {}
            for phrase in tier:
                try:
                    found.setdefault(self._resolve(phrase, k, kind=kind, day=d), phrase)
                except (UnknownEntityError, AmbiguousNameError):
                    continue
            if len(found) == 1:
                return next(iter(found))
            if len(found) > 1:
                raise AmbiguousNameError(
                    text, [f"{self._name(e, k)} ({e}) as {p!r}" for e, p in found.items()],
                    ids=list(found))
        return self._surname(text, k, kind)

    def _surname(self, text: str, known: int, kind: str | None) -> str:
        """The one person one of whose names holds a word of the phrase (a
        surname), or an error: several such people are ambiguous, none unknown."""
        names = self._state.names
        wanted = {fold_name(w) for w in words(text)} if kind in (None, PERSON) else set()
        owners = sorted({e for n, e in names.names(known)
                         if wanted & set(fold_name(n).split()) and names.kind(e, known) == PERSON})
        if len(owners) == 1:
            return owners[0]
        if owners:
            raise AmbiguousNameError(
                text, [f"{self._name(e, known)} ({e})" for e in owners], ids=owners)
        raise UnknownEntityError(
            text, names.suggest(text, known, kind=kind), expected=kind or "entity",
        )
