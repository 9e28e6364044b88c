"""A pair's tenures kept as text read back to the same roster entries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from timeline import StoreError, Timeline
from timeline.datasets import openai_exodus
from timeline.engine import observations
from timeline.engine.kept_names import KeptName
from timeline.engine.kept_tenures import kept_body, records_of
from timeline.engine.tenure_records import TenureRecord, best
from timeline.engine.tenures import Membership
from timeline.model.dates import EVERYTHING
from timeline.model.events import Event
from timeline.testing import corrected_histories


def _entry(records: list[TenureRecord], day: int, known: int, level: int) -> object:
    found = best(records, day, known, level)
    if found is None:
        return None
    membership, tenure = found
    why = (observations.why(tenure, day) if membership is Membership.POSSIBLE else None)
    return (membership, tenure.at(day), why, tenure.key, tenure.inferred,
            str(tenure.start.valid) if tenure.start is not None else None,
            (tenure.lo, tenure.hi, tenure.sure_days))


def _same_entries(tl: Timeline, events: list[Event]) -> None:
    index = tl._state.tenures
    edges = sorted({day for e in events for day in (e.valid.first, e.valid.last)})
    days = sorted({*edges[::max(1, len(edges) // 12)], *(d + 1 for d in edges[::7])})
    knowns = [*sorted({e.recorded for e in tl._state.log})[::3], EVERYTHING]
    for person, seat in index.pairs():
        records = list(index.records((person, seat)))
        body = kept_body(records)
        assert body is not None
        kept = records_of(body, person, seat)
        assert [(r.known_from, r.known_until, r.levels, r.lo, r.hi, r.sure_lo, r.sure_hi)
                for r in records] == [
            (r.known_from, r.known_until, r.levels, r.lo, r.hi, r.sure_lo, r.sure_hi)
            for r in kept]
        for day in days:
            for known in knowns:
                for level in range(3):
                    assert _entry(records, day, known, level) == _entry(kept, day, known, level)


def test_every_pair_of_the_dataset_reads_back_to_the_same_entries() -> None:
    tl = openai_exodus()
    _same_entries(tl, list(tl))


@settings(max_examples=40)
@given(corrected_histories())
def test_every_pair_of_a_corrected_history_reads_back_to_the_same_entries(
        events: list[Event]) -> None:
    _same_entries(Timeline(events), events)


def test_a_history_without_tenures_keeps_nothing() -> None:
    assert "[]" == kept_body([])
    assert [] == records_of("[]", "p", "o")


@pytest.mark.parametrize("body", ["{", '"Greg"', "[1, 2, 3]"])
def test_a_kept_name_changed_behind_the_library_is_a_store_error_naming_it(body: str) -> None:
    with pytest.raises(StoreError, match="store entity_names: the row kept for 'greg' cannot"):
        KeptName("greg", body).name(EVERYTHING)
