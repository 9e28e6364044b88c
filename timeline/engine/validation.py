"""The checks an appended batch must pass against the projection state,
beside the folds' own: references to entities declared in time and of the
kind a field expects, one declaration an entity, counterclaims that answer
cases the log holds, and the contradiction to blame on the batch.

:class:`Validation` is a part of :class:`~timeline.engine.projections.Projections`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NoReturn

from timeline.engine.corrections import FactVersion, Lineages
from timeline.engine.lawsuits import CaseIndex
from timeline.engine.log import Entry
from timeline.engine.names import ORGANIZATION, PERSON, NameIndex
from timeline.model.catalog import Declared
from timeline.model.dates import EVERYTHING
from timeline.model.errors import (
    ChronologyError,
    EventConflictError,
    InvalidEventError,
    UnknownCaseError,
    UnknownEntityError,
    article,
)

__all__ = ["Validation"]


class Validation:
    """The checks of a batch, over the state :class:`Projections` keeps."""

    lineages: Lineages
    versions: dict[str, tuple[FactVersion, ...]]
    cases: CaseIndex
    names: NameIndex

    def _keys(self, versions: Iterable[FactVersion]) -> set[tuple[str, object]]:
        raise NotImplementedError

    def _entity_versions(self, entity: str) -> list[FactVersion]:
        raise NotImplementedError

    def _check_answers(
        self, case: str, entries: Sequence[Entry],
        previous: dict[str, tuple[FactVersion, ...] | None],
    ) -> None:
        """A counterclaim answers a case the log holds whenever it holds the counterclaim.

        Runtime: O(the case's counterclaims) when it holds; the batch's ids
        are gathered only to name an event in an error."""
        circle = self.cases.circle(case)
        unanswered = list(self.cases.unanswered(case))
        if circle is None and not unanswered:
            return
        batch = {entry.event.id for entry in entries}
        if circle is not None:
            counterclaim, chain = circle
            assert counterclaim.filed is not None
            raise InvalidEventError(
                counterclaim.filed.id if counterclaim.filed.id in batch else sorted(batch)[0],
                "answers", counterclaim.answers,
                f"the cases would answer each other in a circle ({' -> '.join(chain)}); "
                "a counterclaim answers the case it replies to, never one that replies to it",
            )
        for counterclaim, _ in unanswered:
            filing = counterclaim.filed
            answered = counterclaim.answers
            assert filing is not None
            assert answered is not None
            if filing.id in batch:
                others = (c for c in self.cases.cases(None) if c != counterclaim.case)
                raise UnknownCaseError(
                    answered, tuple(others)[:10], event_id=filing.id,
                    field="answers",
                    hint=self._answers_hint(answered),
                )
            roots = {e.event.id: self.lineages.root_of(e.event.id) or "" for e in entries}
            culprits = [
                event_id for event_id, root in roots.items()
                if ("case", answered) in self._keys(
                    self.versions.get(root, ()) + (previous.get(root) or ())
                )
            ]
            raise EventConflictError(
                (culprits or sorted(batch))[0],
                f"case {answered!r} would stop being known while counterclaim "
                f"{counterclaim.case!r} (filed by event {filing.id!r}) answers it; "
                "retract or correct that filing first",
            )

    def _answers_hint(self, answered: str) -> str:
        if answered not in self.cases:
            return "record the case it answers first, or correct the id"
        if self.cases.ever_filed(answered):
            return ("it is recorded only after this filing: record the case no later "
                    "than its counterclaim")
        return ("its filing is not in the log (only later steps are): record the "
                "case's filing first")

    def _blame(
        self, problems: list[tuple[str, object, ChronologyError]], batch: set[str],
        entries: Sequence[Entry], previous: dict[str, tuple[FactVersion, ...] | None],
    ) -> NoReturn:
        """Raise the first contradiction, naming an event of the batch."""
        mine = [p for _, _, p in problems if p.event_id in batch]
        if mine:
            raise mine[0]
        # else name an appended event: first one the contradiction involves,
        # else one whose lineage touches the key (a correction that brought an
        # event in, or took one away)
        related = [(p, sorted(set(p.involved) & batch)) for _, _, p in problems]
        touching = [(p, self._touching((kind, key), entries, previous))
                    for kind, key, p in problems]
        for problem, culprits in related + touching:
            if culprits:
                raise ChronologyError(
                    culprits[0], problem.reason, hint=problem.hint, involved=problem.involved
                )
        problem = problems[0][2]
        problem.add_note("caused by this batch: " + ", ".join(sorted(batch)))
        raise problem

    def _touching(
        self, key: tuple[str, object], entries: Sequence[Entry],
        previous: dict[str, tuple[FactVersion, ...] | None],
    ) -> list[str]:
        """The ids of the appended events whose lineage touches ``key``, before or after."""
        out = []
        for entry in entries:
            root = self.lineages.lineage_of(entry.event.id)
            if root is not None and key in (self._keys(self.versions.get(root, ()))
                                            | self._keys(previous.get(root) or ())):
                out.append(entry.event.id)
        return sorted(out)

    def _check_references(self, version: FactVersion) -> None:
        event = version.event
        for expected, entity in event.references():
            wanted = _wanted(expected, bare=True)
            kind = self.names.declared_over(entity, version.known_from, version.known_until)
            if kind is None:
                if self.names.kind(entity, version.known_from) is not None:
                    raise EventConflictError(
                        event.id,
                        f"{entity!r} would stop being declared while this event names it; "
                        "retract this event first",
                    )
                if self.names.kind(entity, EVERYTHING) is not None:
                    raise UnknownEntityError(
                        entity, event_id=event.id, expected=wanted,
                        reason="it is declared only after this event was recorded; record "
                        "the declaration no later than the events that name it",
                    )
                raise UnknownEntityError(
                    entity,
                    self.names.suggest(
                        entity, EVERYTHING,
                        kind=None if expected in ("any", "entity") else expected
                    ),
                    event_id=event.id,
                    expected=wanted,
                )
            if not _fits(expected, kind):
                raise InvalidEventError(
                    event.id, event.field_naming(entity), entity,
                    f"expected {_wanted(expected)}, but it is {article(kind)}",
                )

    def _check_declarations(self, entity: str) -> None:
        declarations = [
            v for v in self._entity_versions(entity)
            if isinstance(v.event, Declared)
        ]
        for index, first in enumerate(declarations):
            for second in declarations[index + 1:]:
                if first.root != second.root and (
                    first.known_from < second.known_until and second.known_from < first.known_until
                ):
                    raise EventConflictError(
                        max(first.event.id, second.event.id),
                        f"{entity!r} is already declared by event "
                        f"{min(first.event.id, second.event.id)!r}; add names with AliasAdded",
                    )


def _fits(expected: str, kind: str) -> bool:
    """Whether an entity of ``kind`` may stand where a field expects ``expected``:
    ``any`` is a person or an organisation, ``entity`` any kind at all."""
    if expected == "entity":
        return True
    if expected == "any":
        return kind in (PERSON, ORGANIZATION)
    return expected == kind


def _wanted(expected: str, *, bare: bool = False) -> str:
    """What a field expects, in words."""
    words = {"any": "person or organization", "entity": "entity"}.get(expected, expected)
    return words if bare else article(words)
