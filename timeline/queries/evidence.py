"""Where answers come from: an entity's history and the explanation of an answer.

Both read each fact's lineage (:mod:`timeline.answers.lineage`): a history can list
every version of every fact about an entity, and an explanation names, with
the events behind an answer, the corrections that shaped them and their
sources.
"""

from __future__ import annotations

from collections.abc import Iterable

from timeline.answers.history import Explanation, History, HistoryEntry
from timeline.answers.lineage import Version, uncorrected, versions
from timeline.engine.disputes import Claim, disputed
from timeline.engine.projections import Projections
from timeline.model.errors import UnknownEventError
from timeline.model.events import Event

__all__ = ["disputed_of", "explain", "history"]


def disputed_of(state: Projections, evidence: Iterable[str], known: int) -> tuple[Claim, ...]:
    """The other claims about the facts behind an answer, from its evidence
    (see :mod:`timeline.engine.disputes`): every answer names its disputes this way.

    Runtime: O(sum over the evidence of its fact's versions and claims);
    a fact no correction touched (so with one claim) costs one set lookup.
    """
    touched = state.lineages.touched
    if touched.isdisjoint(evidence):  # most answers: nothing behind them was corrected
        return ()
    found = []
    for event_id in evidence:
        if event_id not in touched:
            continue
        version = state.version_of(event_id, known)
        if version is not None and version.claims:
            found.append((version.event, version.claims))
    return disputed(found) if found else ()


def _order(entry: HistoryEntry) -> tuple[int, int, str]:
    event = entry.event
    return event.valid.first, event.valid.last, event.id


def history(
    state: Projections, entity: str, name: str, known: int, level: int, *, all_versions: bool
) -> History:
    """Every fact about ``entity`` a view holds, each with its versions.

    With ``all_versions``, also every fact some version of which was about
    the entity, at ``level`` or above, in some earlier view (a version
    superseded at the instant it was recorded was in none), though this
    view no longer holds it: retracted, moved to another entity by a
    correction, or now below ``level``. Such an entry shows the last version about the entity
    and has ``held`` false. Runtime: O(e log e + c), e the facts ever about
    the entity, c their corrections.
    """
    entries = []
    lineages = state.lineages
    for root in state.about.get(entity, ()):
        if lineages.root_of(root) != root:
            continue  # left by a batch refused: every reader filters them
        version = next((
            v for v in state.versions.get(root, ())
            if v.visible(known, level) and entity in v.event.about()
        ), None)
        if version is not None:
            event = version.event
            assert event.recorded is not None
            if uncorrected(lineages, root):  # most facts: its versions made only if read
                entries.append(HistoryEntry(event, event.recorded, (), event))
                continue
            entries.append(HistoryEntry(
                event, event.recorded, version.corrections, versions(lineages, root, known),
                disputed=disputed([(event, version.claims)]),
            ))
            continue
        if not all_versions:
            continue
        lineage = versions(state.lineages, root, known)
        about = [
            index for index, v in enumerate(lineage)
            if v.event is not None and entity in v.event.about() and v.event.certainty.rank >= level
            and v.superseded != v.recorded  # one some view held
        ]
        if about:
            last = lineage[about[-1]]
            assert last.event is not None
            applied = tuple(v.by for v in lineage[1:about[-1] + 1])
            entries.append(HistoryEntry(last.event, last.recorded, applied, lineage, held=False))
    entries.sort(key=_order)
    return History(entity, name, tuple(entries), versions=all_versions)


def explain(state: Projections, ids: Iterable[str], known: int, subject: str) -> Explanation:
    """The events named by ``ids`` as a view holds them, and the corrections
    that made them so. Runtime: O(events named + their corrections)."""
    events: list[Event] = []
    made: dict[tuple[str, str], Version] = {}
    for event_id in dict.fromkeys(ids):
        version = state.version_of(event_id, known)
        if version is not None:
            events.append(version.event)
            if version.corrections:
                applied = set(version.corrections)
                for step in versions(state.lineages, version.root, known):
                    if step.by in applied:
                        made.setdefault((step.fact, step.by), step)
            continue
        entry = state.log.get(event_id)
        if entry is not None:
            events.append(entry.event)
            continue
        # a replacement this view no longer holds (``history(versions=True)``
        # lists such): the last version of its lineage that was it
        root = state.lineages.root_of(event_id)
        lineage = versions(state.lineages, root, known) if root is not None else ()
        was = [i for i, v in enumerate(lineage) if v.event is not None and v.event.id == event_id]
        if not was:
            raise UnknownEventError(event_id)
        held = lineage[was[-1]].event
        assert held is not None
        events.append(held)
        for step in lineage[1:was[-1] + 1]:
            made.setdefault((step.fact, step.by), step)
    events.sort(key=lambda e: (e.valid.first, e.valid.last, e.id))
    corrections = sorted(made.values(), key=lambda v: (v.recorded, v.fact))
    return Explanation(subject, tuple(events), tuple(corrections))
