"""Taking the log elsewhere, and bringing others' data in, in other formats
than JSON Lines: Parquet for analysts' tools, FollowTheMoney for
newsrooms' (see docs/interchange.md), and charts of its answers (see
docs/charts.md). A part of :class:`~timeline.Timeline`."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

import attrs
import pendulum

from timeline.answers.results import Career
from timeline.charts import Charts
from timeline.engine.names import ORGANIZATION, PERSON
from timeline.engine.projections import Projections
from timeline.io import ftm
from timeline.io.parquet import write_parquet
from timeline.model.catalog import EntityEvent, FundingRound, ValuationReported
from timeline.model.certainty import Certainty
from timeline.model.dates import instant, known_key
from timeline.model.errors import (
    ExportError,
    InvalidQueryError,
    JsonLinesError,
    UnknownEventError,
)
from timeline.model.events import Event, EventTypes
from timeline.model.sources import Source, as_sources

if TYPE_CHECKING:
    from timeline.timeline import Timeline

__all__ = ["Exports"]

#: The kinds of event that start a tenure.
_STARTS = frozenset({"joined", "rehired", "founded", "founder-added"})


class Exports:
    """Exports of the log and its projections, and imports of others' data."""

    _state: Projections
    _types: EventTypes
    _clock: Any

    def career(self, person: str, *, known: object = None, published: object = None,
               min_certainty: object = Certainty.REPORTED) -> Career:
        raise NotImplementedError

    def event(self, event_id: str) -> Event:
        raise NotImplementedError

    def extend(self, events: Iterable[Event], *, expected_position: int | None = None) -> int:
        raise NotImplementedError

    @property
    def chart(self) -> Charts:
        """The charts of this timeline's answers: ``tl.chart.roster("OpenAI",
        start="2015", end="2025")``, ``.career(person)``,
        ``.organization(org)``, ``.flows(start, end, source=org)``, each
        asked as the queries are and returning a :class:`~timeline.Chart`
        that displays itself in Jupyter and saves as SVG, PNG, PDF or
        self-contained HTML (see docs/charts.md; drawing needs the
        ``charts`` extra)."""
        # a part of Timeline: the charts ask it the timeline's questions
        return Charts(cast("Timeline", self), lambda: instant(self._clock()).date())

    def export_parquet(self, folder: str | os.PathLike[str]) -> dict[str, int]:
        """Write the log (``events.parquet``) and the tenure projection the
        rosters read (``tenures.parquet``, with valid and recorded ranges)
        into ``folder``, for DuckDB, Polars or Spark; return the rows written
        to each. Needs pyarrow (the ``frames`` extra). A timeline opened
        lazily reads its whole log first. See docs/interchange.md for the
        columns, and a roster computed in DuckDB SQL that agrees with
        :meth:`roster`. Runtime: O(events + regions).

        >>> import tempfile
        >>> Timeline.example().export_parquet(tempfile.mkdtemp())
        {'events.parquet': 17, 'tenures.parquet': 20}
        """
        return write_parquet(self._state, self._types, Path(folder))

    def to_ftm(self, *, known: object = None) -> list[dict[str, Any]]:
        """The people, organisations and affiliations the log holds as known
        at ``known``, as FollowTheMoney entities (rumours too, with
        ``status`` saying so): see :mod:`timeline.io.ftm` and
        docs/interchange.md. Runtime: O(entities + tenures).

        >>> [e["schema"] for e in Timeline.example().to_ftm()][-3:]
        ['Employment', 'Employment', 'Employment']
        """
        k = known_key(known)
        names, state = self._state.names, self._state
        people, orgs, relations = [], [], []
        for entity in sorted(names.entities(k)):
            kind = names.kind(entity, k)
            found = names.entity(entity, k)
            if kind == PERSON:
                people.append((entity, found.name, found.aliases))
                relations.extend(self._relations(entity, known))
            elif kind == ORGANIZATION:
                facts = state.org_facts.get(entity, ())
                company = any(isinstance(v.event, FundingRound | ValuationReported)
                              for v in facts if v.visible(k, 0))
                orgs.append((entity, found.name, found.aliases, company))
        return list(ftm.entities(people, orgs, relations))

    def _relations(self, person: str, known: object) -> list[ftm.Relation]:
        out = []
        for tenure in self.career(person, known=known, min_certainty=Certainty.RUMORED):
            sources: dict[Source, None] = {}
            steps = [self.event(event_id) for event_id in tenure.evidence]
            for step in steps:
                sources.update(dict.fromkeys(step.sources))
            starts = [s.certainty for s in steps if s.kind in _STARTS]
            ends = [s.certainty for s in steps if s.kind == "left"]
            ended = ([tenure.reason.value] if tenure.reason else []) + (
                [f"to {tenure.destination_name}"] if tenure.destination_name else [])
            out.append(ftm.Relation(
                person, tenure.org, tenure.affiliation, tenure.start, tenure.end,
                tuple(dict.fromkeys(role for _, role in tenure.roles)),
                min(starts) if starts else tenure.certainty,
                tenure.evidence, ("left: " + ", ".join(ended)) if ended else "",
                tuple(sources), end_certainty=min(ends) if ends else None))
        return out

    def export_ftm(self, target: str | os.PathLike[str] | TextIO, *,
                   known: object = None) -> int:
        """Write :meth:`to_ftm` as FollowTheMoney JSON Lines (one entity a
        line, as ``ftm`` and Aleph read them) to a path, whole or not at all,
        or to a text stream; return how many entities.

        >>> out = io.StringIO()
        >>> Timeline.example().export_ftm(out)
        12
        """
        import json  # noqa: PLC0415 - only an export writes the lines

        entities = self.to_ftm(known=known)
        lines = "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                        for e in entities)
        if not isinstance(target, (str, os.PathLike)):
            target.write(lines)
            return len(entities)
        path = Path(target)
        partial = path.with_name(f".{path.name}.partial")
        try:
            partial.write_text(lines, encoding="utf-8")
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise ExportError(path, f"cannot be written: {error.strerror or error}") from None
        return len(entities)

    def import_ftm(self, source: str | os.PathLike[str] | TextIO
                   | Iterable[Mapping[str, Any]], *, cited: object = "ftm-import",
                   recorded: object = None) -> ftm.Imported:
        """Append the people, organisations and affiliations of FollowTheMoney
        entities (a JSON Lines path or stream, or the entities themselves)
        as events, whole or not at all: each affiliation a ``Joined`` at its
        start date and a ``Left`` at its end date, cited to ``cited`` (a
        source id or :class:`~timeline.Source`, beside the entity's own
        ``sourceUrl``), recorded at ``recorded`` (default now). Returns what
        was made, with the ids of the relations that carry no date (reported,
        not appended) and of the entities of other schemas. A bad line is a
        :class:`~timeline.JsonLinesError` naming it.

        >>> tl = Timeline()
        >>> made = tl.import_ftm(Timeline.example().to_ftm(), recorded="2024-12-01T00:00Z")
        >>> len(made.events), made.undated, tl.roster("OpenAI", at="2024-06").people
        (14, (), ('greg-brockman', 'john-schulman'))
        """
        places: ftm.Places = {}
        if isinstance(source, (str, os.PathLike)):
            try:
                with open(source, encoding="utf-8") as stream:
                    found = list(ftm.read(stream, os.fspath(source), places))
            except OSError as error:
                raise JsonLinesError(os.fspath(source), None,
                                     f"cannot be read: {error.strerror or error}") from None
        elif isinstance(source, io.TextIOBase) or hasattr(source, "readline"):
            found = list(ftm.read(source, "<stream>", places))  # type: ignore[arg-type]
        else:
            found = []
            for number, entity in enumerate(source):
                found.append(ftm.checked(entity, lambda reason, number=number, entity=entity:
                                         InvalidQueryError("source", entity,
                                                           f"entity {number}: {reason}")))
                places.setdefault(found[-1]["id"], f"entity {number} of the list")
        when = instant(recorded if recorded is not None else self._clock())
        (cite,) = as_sources(cited)
        made = ftm.events(found, cite, pendulum.instance(when), places)
        names, known = self._state.names, known_key(None)
        fresh = tuple(event for event in made.events if not (
            isinstance(event, EntityEvent) and names.kind(event.entity, known) is not None)
            and not self._holds(event))
        self.extend(fresh)
        return attrs.evolve(made, events=fresh)

    def _holds(self, event: Event) -> bool:
        """Whether the log holds ``event`` already (recorded time aside): an
        affiliation imported from the same file before."""
        try:
            held = self.event(event.id)
        except UnknownEventError:
            return False
        return attrs.evolve(held, recorded=None) == attrs.evolve(event, recorded=None)
