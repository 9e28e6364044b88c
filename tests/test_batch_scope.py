"""An append to a store opened lazily reads only what its batch bears on,
and lands exactly when an append to the timeline holding the whole log
does: same events, same error, the same answers after, keys and kept
rows that ``verify()`` re-derives alike. Batches are drawn from generated
histories with corrections, disputes, late records and publication fixes:
their next events, a gappy selection of them (a departure without its
hire, a correction without its target), events redated or moved to
another person or organisation, and events already stored."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import emptied
from tests.test_scopes import QUESTIONS
from timeline import (
    ChronologyError,
    FundingRound,
    Joined,
    LawsuitFiled,
    Left,
    PlanCancelled,
    Timeline,
    TimelineError,
)
from timeline._example import example_events
from timeline.datasets import openai_exodus
from timeline.io import jsonl
from timeline.model.catalog import TenureEvent
from timeline.testing import ORGANIZATIONS, PEOPLE, corrected_histories, valid_dates

#: The clock both timelines stamp an event given without a recorded time by.
NOW = pendulum.datetime(2026, 1, 1, tz="UTC")


def _clock() -> pendulum.DateTime:
    return NOW


def _outcome(tl: Timeline, batch: list[Any]) -> object:
    try:
        return tl.extend(batch)
    except TimelineError as error:
        return type(error).__name__, str(error)


@st.composite
def _split(draw: st.DrawFn) -> tuple[list[Any], list[Any]]:
    """A stored log and a batch to append to it."""
    events = draw(corrected_histories())
    cut = draw(st.integers(0, len(events)))
    stored, rest = events[:cut], events[cut:]
    shape = draw(st.sampled_from(["next", "gappy", "changed", "again", "repeated"]))
    if shape == "next":
        batch = rest[:draw(st.integers(1, 4))]
    elif shape == "gappy":
        batch = [e for e in rest if draw(st.booleans())]
    elif shape == "changed" and rest:
        batch = list(rest[:draw(st.integers(1, 3))])
        at = draw(st.integers(0, len(batch) - 1))
        event = batch[at]
        changes: dict[str, object] = {"valid": draw(valid_dates(2015, 2025))}
        if isinstance(event, TenureEvent):
            changes[draw(st.sampled_from(["person", "org"]))] = draw(
                st.sampled_from(PEOPLE if draw(st.booleans()) else ORGANIZATIONS))
        with contextlib.suppress(TimelineError):  # a date the event cannot take (a plan
            batch[at] = attrs.evolve(event, **changes)  # for a date before it was made)
    elif shape == "repeated" and stored:  # a stored event told again, under a new id
        old = draw(st.sampled_from(stored))
        batch = [attrs.evolve(old, id=f"{old.id}-again", recorded=None,
                              valid=draw(st.sampled_from([old.valid,
                                                          draw(valid_dates(2015, 2025))])))]
    else:  # an event stored already, as it is or changed, then the next
        batch = rest[:1]
        if stored:
            old = draw(st.sampled_from(stored))
            if draw(st.booleans()):
                old = attrs.evolve(old, recorded=None, valid=draw(valid_dates(2015, 2025)))
            batch = [old, *batch]
    return stored, batch


def _compare(memory: Timeline, url: str, batches: list[list[Any]],
             cache: int | None = None) -> None:
    """Append ``batches`` to memory and to the store at ``url`` opened
    lazily (holding about ``cache`` events), one after another, then
    compare the two: outcomes, answers and the store's kept rows."""
    with Timeline.open(url, clock=_clock, cache=cache) as stored:
        assert stored.lazy
        whole = False  # only an unknown source's error reads the whole log, to suggest from it
        for batch in batches:
            outcome = _outcome(memory, batch)
            assert outcome == _outcome(stored, batch)
            whole |= isinstance(outcome, tuple) and outcome[0] == "UnknownSourceError"
            assert stored.lazy or whole, outcome
            assert stored.position == memory.position
        for subject, ask in QUESTIONS:
            assert ask(memory, subject) == ask(stored, subject), (ask.__name__, subject)
    with Timeline.open(url) as again:
        assert again.lazy
        report = again.verify()
        assert report.ok, report.reason


@settings(max_examples=60, deadline=None)
@given(_split(), _split(), st.sampled_from([None, 1, 30]))
def test_a_lazy_append_to_sqlite_lands_as_an_append_to_the_whole_log(
        split, other, cache) -> None:
    """Two batches, one after the other (the second drawn from another
    history: mostly refused, some of it taken), on a timeline that may
    forget what it read between them."""
    stored, batch = split
    memory = Timeline(stored, clock=_clock)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "log.sqlite")
        with Timeline.open(path) as writer:
            writer.extend(stored)
        _compare(memory, path, [batch, other[1]], cache)


@settings(max_examples=12, deadline=None)
@given(_split())
def test_a_lazy_append_to_postgres_lands_as_an_append_to_the_whole_log(scratch, split) -> None:
    stored, batch = split
    emptied(scratch)
    with Timeline.open(scratch) as writer:
        writer.extend(stored)
    _compare(Timeline(stored, clock=_clock), scratch, [batch])


def test_an_append_reads_the_pair_not_the_organisation(tmp_path: Path) -> None:
    """A hire at a large organisation reads that pair's events, the
    declarations and the last event; not the organisation's other people."""
    path = tmp_path / "log.sqlite"
    events = list(openai_exodus())
    with Timeline.open(path) as writer:
        writer.extend(events)
    with Timeline.open(path) as tl:
        tl.extend([Left(id="brockman-leaves-again", valid="2025-01", person="greg-brockman",
                        org="openai", sources="note")])
        assert tl.lazy
        read = {entry.event.id for entry in tl._held.log}
        assert "brockman-leaves-again" in read
        joined_openai = {e.id for e in events if isinstance(e, Joined) and e.org == "openai"}
        assert len(read) < len(events) // 4
        assert len(joined_openai - read) >= 5  # others' hires there were not read
        assert "Greg Brockman" not in tl.roster("OpenAI", at="2025-02").people
        assert tl.verify().ok


def test_a_small_file_imported_into_a_lazy_store_reads_only_what_it_bears_on(
        tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as writer:
        writer.extend(openai_exodus())
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    leaves = Left(id="zaremba-leaves", valid="2025-03", person="wojciech-zaremba", org="openai",
                  sources="note", recorded="2026-12-03T10:00Z")
    again = attrs.evolve(leaves, id="zaremba-leaves-again", valid="2025-04")
    jsonl.write([leaves], good)
    jsonl.write([leaves, again], bad)  # a second departure with no return between
    with Timeline.open(path) as tl:
        with pytest.raises(ChronologyError) as caught:
            tl.import_jsonl(bad)
        assert f"at {bad}, line 3" in caught.value.__notes__
        assert tl.lazy
        assert 1 == tl.import_jsonl(good)
        assert tl.lazy
        assert "wojciech-zaremba" not in tl.roster("OpenAI", at="2025-04")
        assert tl.verify().ok


def _example_store(tmp_path: Path, extra: list[Any]) -> tuple[list[Any], Path]:
    events = [*example_events(), *extra]
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as writer:
        writer.extend(events)
    return events, path


LATER = "2025-01-01T00:00Z"


@pytest.mark.parametrize("bad", [
    PlanCancelled(id="b1", valid="2025", plan="schulman-joins", sources="news", recorded=LATER),
    Joined(id="b2", valid="2024-12", person="greg-brockman", org="anthropic",
           fulfills="ilya-leaves", sources="news", recorded=LATER),
    FundingRound(id="b3", valid="2024-11", org="anthropic", tranche_of="openai-round-2024",
                 sources="news", recorded=LATER),
], ids=["plan", "fulfills", "tranche_of"])
def test_a_link_to_an_event_of_the_wrong_kind_is_refused_lazily_as_in_memory(
        tmp_path: Path, bad: Any) -> None:
    """The event a link names is read, not only those linking to it."""
    tail = Joined(id="tail", valid="2024-10", person="elon-musk", org="ssi", sources="news",
                  recorded="2024-11-01T00:00Z")  # the last event, always read: not the target
    events, path = _example_store(tmp_path, [tail])
    expected = _outcome(Timeline(events), [bad])
    assert isinstance(expected, tuple)
    assert expected[0] == "InvalidEventError"
    with Timeline.open(path) as tl:
        assert expected == _outcome(tl, [bad])
        assert tl.lazy


def test_a_counterclaim_answering_no_case_names_every_case_lazily_as_in_memory(
        tmp_path: Path) -> None:
    zeta = LawsuitFiled(id="zeta", valid="2024-03", case="zeta-v-openai",
                        plaintiffs=("greg-brockman",), defendants=("openai",), sources="news",
                        recorded="2024-10-04T00:00Z")
    tail = Joined(id="tail", valid="2024-10", person="elon-musk", org="ssi", sources="news",
                  recorded="2024-11-01T00:00Z")
    events, path = _example_store(tmp_path, [zeta, tail])
    answer = LawsuitFiled(id="cc", valid="2024-09", case="openai-v-musk", plaintiffs=("openai",),
                          defendants=("elon-musk",), answers="musk-v-openaj", sources="news",
                          recorded=LATER)
    expected = _outcome(Timeline(events), [answer])
    assert "musk-v-openai, zeta-v-openai" in str(expected)
    with Timeline.open(path) as tl:
        assert expected == _outcome(tl, [answer])


@pytest.mark.parametrize("cache", [1, 5, None])
def test_an_unknown_person_is_suggested_lazily_as_in_memory_whatever_the_cache(
        tmp_path: Path, cache: int | None) -> None:
    events, path = _example_store(tmp_path, [])
    bad = Joined(id="x", valid="2025-01", person="john-schulmann", org="ssi", sources="news",
                 recorded=LATER)
    expected = _outcome(Timeline(events), [bad])
    assert "did you mean 'John Schulman (john-schulman)'" in str(expected)
    with Timeline.open(path, cache=cache) as tl:
        assert expected == _outcome(tl, [bad])
        assert tl.lazy


_RETRACT_DECLARATION = """
import pathlib, sys
from timeline import Timeline, TimelineError, Retracted
from timeline._example import example_events
path = pathlib.Path(sys.argv[1])
bad = Retracted(id="b1", target="decl-john", valid="2025", sources="news",
                recorded="2025-01-01T00:00Z")
for tl in (Timeline(example_events()), Timeline.open(path)):
    if tl.lazy:  # events read in another order first
        tl.event("schulman-joins-anthropic")
        tl.event("schulman-leaves")
    try:
        tl.extend([bad])
    except TimelineError as error:
        print(str(error))
"""


def test_a_refused_batch_names_the_same_event_whatever_the_order_things_were_read(
        tmp_path: Path) -> None:
    """The events an error could name are checked in a fixed order: in
    memory and lazily, under any hash seed, the same one is named."""
    _, path = _example_store(tmp_path, [])
    said = set()
    for seed in ("0", "1", "2", "3", "5", "8"):
        done = subprocess.run([sys.executable, "-c", _RETRACT_DECLARATION, str(path)],
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        lines = done.stdout.splitlines()
        assert len(lines) == 2, done.stdout + done.stderr
        said.update(lines)
    assert len(said) == 1, said
