"""A fact's lineage: its versions, when each was recorded and superseded, on whose word."""

from __future__ import annotations

import copy
import pickle

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import oracle
from tests.helpers import BLOG, GAZETTE, WIRE, build, declare
from timeline import (
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Event,
    Joined,
    Left,
    Retracted,
    Source,
    Timeline,
    UnknownEventError,
)
from timeline.answers.history import HistoryEntry
from timeline.answers.lineage import Step, Version
from timeline.model.dates import known_key
from timeline.testing import EPOCH, ORGANIZATIONS, PEOPLE, corrected_histories

PEOPLE_ = {"ada": ("Ada Lovelace", "Lovelace"), "bob": "Bob Smith"}
ORGS = {"acme": "Acme", "bolt": "Bolt"}
ERRATUM = Source("erratum-2024-01-25", title="Correction", publisher="Example Wire")

JAN_23 = "2024-01-23T09:00:00Z"
JAN_25 = "2024-01-25T09:00:00Z"
JAN_26 = "2024-01-26T09:00:00Z"


def world(*events: Event) -> Timeline:
    return build([*declare(people=PEOPLE_, orgs=ORGS, recorded="2024-01-01T00:00:00Z"),
                  *events])


def _joined(**changes: object) -> Joined:
    fields: dict[str, object] = {
        "id": "j", "valid": "2019-04", "person": "ada", "org": "acme", "role": "engineer",
        "sources": WIRE, "recorded": JAN_23,
    }
    fields.update(changes)
    return Joined(**fields)  # type: ignore[arg-type]


def _inserted_corrected_retracted() -> Timeline:
    return world(
        _joined(),
        Corrected(id="c", valid="2024-01-25", target="j", sources=ERRATUM, recorded=JAN_25,
                  replacement=_joined(id="j2", valid="2019-05", recorded=None, sources=WIRE)),
        Retracted(id="r", valid="2024-01-26", target="j2", reason="no such hire",
                  sources=GAZETTE, recorded=JAN_26),
    )


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text)  # type: ignore[return-value]


# -- examples -------------------------------------------------------------------------


def test_a_fact_inserted_corrected_then_retracted_shows_three_versions() -> None:
    lineage = _inserted_corrected_retracted().lineage("j")
    assert "j" == lineage.fact
    assert [Step.RECORDED, Step.CORRECTED, Step.RETRACTED] == [v.step for v in lineage]
    assert ["j", "c", "r"] == [v.by for v in lineage]
    assert [at(JAN_23), at(JAN_25), at(JAN_26)] == [v.recorded for v in lineage]
    assert [at(JAN_25), at(JAN_26), None] == [v.superseded for v in lineage]
    assert ["c", "r", None] == [v.superseded_by for v in lineage]
    assert [(WIRE,), (ERRATUM,), (GAZETTE,)] == [v.sources for v in lineage]
    assert ["2019-04", "2019-05"] == [str(v.event.valid) for v in lineage[:2] if v.event]
    assert None is lineage[2].event
    assert "no such hire" == lineage[2].reason
    assert lineage.retracted
    assert None is lineage.current
    assert ("c", "r") == lineage.corrections
    assert (WIRE, ERRATUM, GAZETTE) == lineage.sources


def test_a_lineage_prints_as_a_table_of_its_versions() -> None:
    text = repr(_inserted_corrected_retracted().lineage("j"))
    lines = text.splitlines()
    assert "Lineage of j: 3 versions, retracted" == lines[0]
    assert lines[1].split() == [
        "recorded", "step", "by", "version", "certainty", "on", "whose", "word", "superseded",
    ]
    assert "2024-01-23 09:00 UTC  recorded   j" in lines[2]
    assert "2024-01-25 09:00 UTC by c" in lines[2]
    assert "retracted: no such hire" in lines[4]
    assert ("<Version of j: corrected 2024-01-25 09:00 UTC by c, "
            "superseded 2024-01-26 09:00 UTC by r>") == (
        repr(_inserted_corrected_retracted().lineage("j")[1])
    )


def test_a_version_superseded_after_the_view_shows_as_current_as_known_then() -> None:
    tl = _inserted_corrected_retracted()
    then = tl.lineage("j", known="2024-01-25")
    assert [Step.RECORDED, Step.CORRECTED] == [v.step for v in then]
    assert [at(JAN_25), None] == [v.superseded for v in then]
    assert then[1].current
    assert then.current is not None
    assert "j2" == then.current.id
    assert at("2024-01-25T23:59:59.999999Z") == then.known
    assert "Lineage of j, known 2024-01-25: 2 versions, current" == (
        repr(then).splitlines()[0]
    )


def test_a_view_before_the_fact_was_recorded_holds_no_version_of_it() -> None:
    then = _inserted_corrected_retracted().lineage("j", known="2024-01-22")
    assert () == then.versions
    assert None is then.current
    assert "Lineage of j, known 2024-01-22: 0 versions, not yet recorded" == (
        repr(then).splitlines()[0]
    )


def test_a_lineage_is_found_from_a_replacement_or_a_correction_id() -> None:
    tl = _inserted_corrected_retracted()
    assert tl.lineage("j") == tl.lineage("j2") == tl.lineage("c") == tl.lineage("r")


def test_the_lineage_of_an_unknown_event_raises() -> None:
    with pytest.raises(UnknownEventError, match="'nope'"):
        _inserted_corrected_retracted().lineage("nope")


def test_a_confirmation_and_a_citation_each_make_a_version_on_their_own_word() -> None:
    tl = world(
        _joined(certainty="rumored"),
        Cited(id="cite", valid="2024-01-25", target="j", sources=GAZETTE, recorded=JAN_25),
        Confirmed(id="conf", valid="2024-01-26", target="j", sources=BLOG, recorded=JAN_26),
    )
    lineage = tl.lineage("j")
    assert [Step.RECORDED, Step.CITED, Step.CONFIRMED] == [v.step for v in lineage]
    assert [(WIRE,), (GAZETTE,), (BLOG,)] == [v.sources for v in lineage]
    assert ["rumored", "rumored", "confirmed"] == [
        v.event.certainty.value for v in lineage if v.event
    ]
    assert lineage[2].event is not None
    assert (WIRE, GAZETTE) == lineage[2].event.sources


def test_corrections_recorded_at_one_instant_each_make_a_version() -> None:
    # the view never held the cited version alone, but the lineage says it was made
    tl = world(
        _joined(),
        Cited(id="cite", valid="2024-01-25", target="j", sources=GAZETTE, recorded=JAN_25),
        Retracted(id="r", valid="2024-01-25", target="j", sources=BLOG, recorded=JAN_25),
    )
    lineage = tl.lineage("j")
    assert ["j", "cite", "r"] == [v.by for v in lineage]
    assert at(JAN_25) == lineage[1].recorded == lineage[1].superseded


def test_history_carries_each_fact_s_versions() -> None:
    tl = world(
        _joined(),
        Corrected(id="c", valid="2024-01-25", target="j", sources=ERRATUM, recorded=JAN_25,
                  replacement=_joined(id="j2", valid="2019-05", recorded=None)),
    )
    [entry] = [h for h in tl.history("ada") if h.fact == "j"]
    assert "j2" == entry.event.id
    assert entry.held
    assert ["j", "c"] == [v.by for v in entry.versions]
    assert tl.lineage("j").versions == entry.versions


def test_an_uncorrected_fact_s_history_entry_is_the_same_value_as_one_given_its_version(
) -> None:
    tl = world(_joined())
    [entry] = [h for h in tl.history("ada") if h.fact == "j"]
    given_ = HistoryEntry(entry.event, entry.recorded, (), tl.lineage("j").versions)
    assert tl.lineage("j").versions == entry.versions
    assert given_ == entry
    assert hash(given_) == hash(entry)
    assert repr(given_) == repr(entry)
    assert entry == pickle.loads(pickle.dumps(entry))
    assert entry == copy.deepcopy(entry)
    assert given_ != attrs.evolve(entry, versions=())


def test_history_with_versions_lists_a_retracted_fact_and_who_retracted_it() -> None:
    tl = _inserted_corrected_retracted()
    assert "j" not in [h.fact for h in tl.history("ada")]
    [entry] = [h for h in tl.history("ada", versions=True) if h.fact == "j"]
    assert not entry.held
    assert "j2" == entry.event.id
    assert ("c",) == entry.corrections
    assert ["j", "c", "r"] == [v.by for v in entry.versions]
    text = repr(tl.history("ada", versions=True))
    assert "History of Ada Lovelace: 2 facts, 4 versions" == text.splitlines()[0]
    assert "retracted: no such hire" in text


def test_history_with_versions_lists_a_fact_a_correction_moved_to_someone_else() -> None:
    tl = world(
        _joined(),
        Corrected(id="c", valid="2024-01-25", target="j", sources=ERRATUM, recorded=JAN_25,
                  replacement=_joined(id="j2", person="bob", recorded=None)),
    )
    assert ["decl-ada"] == [h.event.id for h in tl.history("ada")]
    [moved] = [h for h in tl.history("ada", versions=True) if not h.held]
    assert ("j", "j") == (moved.fact, moved.event.id)
    last = moved.versions[-1].event
    assert isinstance(last, Joined)
    assert "bob" == last.person
    assert ["decl-ada", "j"] == [h.event.id for h in tl.history("ada", versions=True)]
    assert ["decl-ada"] == [
        h.event.id for h in tl.history("ada", versions=True, known="2024-01-22")
    ]


def test_a_fact_retracted_the_instant_it_was_recorded_is_in_no_history_but_has_a_lineage() -> None:
    # no view ever held it: the history of what was said leaves it out
    tl = world(
        _joined(),
        Retracted(id="r", valid="2024-01-23", target="j", sources=GAZETTE, recorded=JAN_23),
    )
    assert ["decl-ada"] == [h.fact for h in tl.history("ada", versions=True)]
    assert [(at(JAN_23), at(JAN_23)), (at(JAN_23), None)] == [
        (v.recorded, v.superseded) for v in tl.lineage("j")
    ]


def test_explain_of_a_member_built_from_a_corrected_event_names_the_correction() -> None:
    tl = world(
        _joined(),
        Corrected(id="c", valid="2024-01-25", target="j", sources=ERRATUM, recorded=JAN_25,
                  replacement=_joined(id="j2", valid="2019-05", recorded=None)),
    )
    why = tl.explain(tl.roster("acme", at="2020")["ada"])
    assert ["j2"] == [e.id for e in why]
    assert [("j", Step.CORRECTED, "c", at(JAN_25), (ERRATUM,))] == [
        (v.fact, v.step, v.by, v.recorded, v.sources) for v in why.corrections
    ]
    assert (WIRE, ERRATUM) == why.sources
    text = repr(why)
    assert "Corrected by" in text
    assert "erratum-2024-01-25" in text.split("Corrected by")[1]
    before = tl.explain(tl.roster("acme", at="2020", known="2024-01-24")["ada"],
                        known="2024-01-24")
    assert ((), (WIRE,)) == (before.corrections, before.sources)


def test_explain_of_a_history_with_versions_names_a_retracted_replacement() -> None:
    tl = _inserted_corrected_retracted()
    why = tl.explain(tl.history("ada", versions=True))
    assert ["decl-ada", "j2"] == [e.id for e in why]
    assert ["c"] == [v.by for v in why.corrections]
    with pytest.raises(UnknownEventError, match="'j2'"):
        tl.explain("j2", known="2024-01-24")


def test_explain_names_every_correction_that_shaped_an_event_in_order() -> None:
    tl = world(
        _joined(certainty="rumored"),
        Cited(id="cite", valid="2024-01-25", target="j", sources=GAZETTE, recorded=JAN_25),
        Confirmed(id="conf", valid="2024-01-26", target="j", sources=BLOG, recorded=JAN_26),
        Left(id="l", valid="2020", person="ada", org="acme", sources=WIRE, recorded=JAN_26),
    )
    why = tl.explain(tl.career("ada"))
    assert ["j", "l"] == [e.id for e in why]
    assert ["cite", "conf"] == [v.by for v in why.corrections]
    assert (WIRE, GAZETTE, BLOG) == why.sources


# -- properties against the oracle ----------------------------------------------------

KNOWN = [None, *(EPOCH.add(days=10 * k) for k in range(6)), EPOCH.add(days=25)]


def _micros(value: pendulum.DateTime | None) -> int | None:
    return None if value is None else known_key(value)


def _row(version: Version) -> tuple[object, ...]:
    return (
        version.step.value, version.by, version.event, _micros(version.recorded),
        tuple(s.id for s in version.sources), _micros(version.superseded),
        version.superseded_by,
    )


def _facts(events: list[Event]) -> list[str]:
    return [e.id for e in events if not isinstance(e, Correction)]


@given(corrected_histories(), st.sampled_from(KNOWN))
def test_every_lineage_equals_a_naive_walk_of_the_raw_log(events, known):
    tl = Timeline(events)
    k = known_key(known)
    held = []
    for fact in _facts(events):
        expected = oracle.lineage(events, fact, k)
        lineage = tl.lineage(fact, known=known)
        assert expected == [_row(v) for v in lineage]
        if lineage.current is not None:
            held.append(lineage.current)
    # the last version of each lineage is what every other answer reads
    assert sorted(oracle.effective(events, k, 0), key=lambda e: e.id) == sorted(
        held, key=lambda e: e.id
    )


@given(corrected_histories(), st.sampled_from(KNOWN), st.sampled_from(["rumored", "reported"]))
def test_history_with_versions_lists_every_fact_any_version_of_which_was_about_it(
    events, known, level
):
    tl = Timeline(events)
    k, rank = known_key(known), ("rumored", "reported").index(level)
    lineages = {fact: oracle.lineage(events, fact, k) for fact in _facts(events)}
    for entity in (*PEOPLE, *ORGANIZATIONS):
        # a fact some view held, in a version about the entity at the level
        expected = {
            fact: rows for fact, rows in lineages.items()
            if any(r[2] is not None and entity in r[2].about() and r[2].certainty.rank >= rank
                   and r[3] != r[5] for r in rows)
        }
        history = tl.history(entity, known=known, min_certainty=level, versions=True)
        assert expected == {h.fact: [_row(v) for v in h.versions] for h in history}
        plain = tl.history(entity, known=known, min_certainty=level)
        assert [(h.event, h.corrections) for h in plain] == [
            (h.event, h.corrections) for h in history if h.held
        ]


@given(corrected_histories(), st.sampled_from(KNOWN), st.data())
def test_explain_names_the_corrections_behind_every_member(events, known, data):
    tl = Timeline(events)
    k = known_key(known)
    day = data.draw(st.dates(pendulum.date(2018, 1, 1), pendulum.date(2024, 12, 31)),
                    label="day")
    lineages = {f: oracle.lineage(events, f, k) for f in _facts(events)}
    current = {rows[-1][2].id: rows for rows in lineages.values() if rows and rows[-1][2]}
    for org in ORGANIZATIONS:
        roster = tl.roster(org, at=day, known=known, min_certainty="rumored")
        for member in roster.members + roster.possible:
            expected = sorted(
                (r[3], r[1]) for e in member.evidence for r in current[e][1:]
            )
            why = tl.explain(member, known=known)
            assert expected == sorted((_micros(v.recorded), v.by) for v in why.corrections)
