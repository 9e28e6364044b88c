"""What a transaction of batches changed in the projections, to put back if it fails.

A batch changes the state in small steps: it takes its entries into their
lineages, installs each touched lineage's new versions, refolds each key
those touch, and logs the entries. Before each step changes something, the
:class:`Undo` of its transaction notes what was there, the first time only;
putting it back (:meth:`timeline.engine.projections.Projections.roll_back`)
restores exactly that, with no fold run again, so a rollback costs no more
than the steps it undoes, and stops wherever the batch stopped: after any
step, an error or an interrupt leaves nothing half-done to undo.
"""

from __future__ import annotations

import attrs

from timeline.engine.corrections import FactVersion
from timeline.engine.lawsuits import CaseRecord
from timeline.engine.log import Entry
from timeline.engine.tenure_records import TenureRecord
from timeline.model.errors import ChronologyError

__all__ = ["Undo"]

Pair = tuple[str, str]
Problems = list[ChronologyError] | None


@attrs.define
class Undo:
    """The state a transaction changed, as it was when the transaction began.

    ``start`` is the log's position then; ``entries`` those taken into the
    lineages since; ``versions`` each touched lineage's versions before (None:
    it did not exist); ``tenures`` and ``cases`` each refolded key's records
    before, and ``problems`` its contradictions; ``entities`` the entities
    whose names were refolded; ``planned`` when the log first held each
    planned event before (None: it did not).
    """

    start: int
    entries: list[Entry] = attrs.field(factory=list)
    versions: dict[str, tuple[FactVersion, ...] | None] = attrs.field(factory=dict)
    tenures: dict[Pair, tuple[TenureRecord, ...]] = attrs.field(factory=dict)
    cases: dict[str, tuple[CaseRecord, ...]] = attrs.field(factory=dict)
    problems: dict[tuple[str, object], Problems] = attrs.field(factory=dict)
    entities: set[str] = attrs.field(factory=set)
    planned: dict[str, int | None] = attrs.field(factory=dict)
