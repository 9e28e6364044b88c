"""Names: which person or organisation a name means, and searching them."""

from __future__ import annotations

from timeline.engine.names import Entity, fold_name
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
        """Entities whose id or a name contains ``text`` (folded), or is close to it.

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
            found = [s.rsplit(" (", 1)[1].rstrip(")") for s in self._state.names.suggest(text, k)]
        return tuple(self._state.names.entity(e, k) for e in dict.fromkeys(found))
