"""Example tests for events: construction, validation, the type registry and the codec."""


from __future__ import annotations

import decimal
import json
from typing import ClassVar

import attrs
import pendulum
import pytest

from tests.helpers import BLOG, GAZETTE, WIRE, build, declare
from timeline import (
    AliasAdded,
    Announced,
    Announcement,
    Certainty,
    Cited,
    Confirmed,
    Corrected,
    Deal,
    Disputed,
    Erased,
    Event,
    EventTypes,
    FigureReported,
    Fold,
    Founded,
    FounderAdded,
    FundingRound,
    GroupDeclared,
    InvalidDateError,
    InvalidEventError,
    InvalidInstantError,
    Joined,
    LawsuitDismissed,
    LawsuitFiled,
    LawsuitJudged,
    LawsuitMotion,
    LawsuitRefiled,
    LawsuitRuling,
    LawsuitSettled,
    LawsuitWithdrawn,
    LeaveEnded,
    LeaveStarted,
    Left,
    Money,
    Observed,
    OrganizationDeclared,
    OrganizationPlaced,
    PersonDeclared,
    PlanCancelled,
    PlanMoved,
    Planned,
    ProductDeclared,
    PublicationCorrected,
    Ranked,
    Reason,
    Rehired,
    Renamed,
    Retracted,
    RoleChanged,
    Source,
    Timeline,
    TimelineError,
    UnknownEntityError,
    UnknownEventTypeError,
    ValidDate,
    ValuationReported,
    organization,
    people,
    person,
)
from timeline.model.events import evolve

RECORDED = "2024-05-20T09:00:00Z"


def joined(**changes: object) -> Joined:
    fields: dict[str, object] = {
        "id": "j1", "valid": "2015-12", "person": "ada", "org": "acme",
        "role": "engineer", "sources": WIRE, "recorded": RECORDED,
    }
    fields.update(changes)
    return Joined(**fields)  # type: ignore[arg-type]


# -- construction -----------------------------------------------------------------


def test_an_event_converts_its_date_certainty_and_recorded_time() -> None:
    event = joined(certainty="Confirmed", recorded="2024-05-20T16:00:00+07:00")
    assert ValidDate.parse("2015-12") == event.valid
    assert Certainty.CONFIRMED == event.certainty
    assert pendulum.datetime(2024, 5, 20, 9, tz="UTC") == event.recorded


def test_an_event_is_reported_and_unrecorded_by_default() -> None:
    event = Joined(id="j", valid="2015", person="ada", org="acme", sources="s")
    assert Certainty.REPORTED == event.certainty
    assert event.recorded is None
    assert event.announced is None
    assert event.role is None


def test_a_source_id_alone_becomes_a_source() -> None:
    assert (Source("nyt-2015"),) == joined(sources="nyt-2015").sources


def test_sources_may_be_mappings_and_lists() -> None:
    event = joined(sources=[
        "a", {"id": "b", "publisher": "B", "published": "2024-01-01T09:00:00+01:00"}, WIRE,
    ])
    assert ("a", "b", WIRE.id) == tuple(s.id for s in event.sources)
    assert pendulum.datetime(2024, 1, 1, 8, tz="UTC") == event.sources[1].published


@pytest.mark.parametrize("sources", [(), []])
def test_an_event_without_sources_is_rejected(sources: object) -> None:
    with pytest.raises(InvalidEventError, match="at least one source") as caught:
        joined(sources=sources)
    assert "sources" == caught.value.field


def test_a_source_with_an_unknown_key_is_rejected() -> None:
    with pytest.raises(InvalidEventError, match="'author'"):
        joined(sources={"id": "s", "author": "someone"})


def test_a_source_without_an_id_is_rejected() -> None:
    with pytest.raises(InvalidEventError, match="source id"):
        joined(sources=Source(""))


def test_sources_of_the_wrong_type_are_rejected() -> None:
    with pytest.raises(InvalidEventError, match="sources=5"):
        joined(sources=5)


@pytest.mark.parametrize("event_id", ["", "   "])
def test_an_empty_id_is_rejected(event_id: str) -> None:
    with pytest.raises(InvalidEventError, match="non-empty string") as caught:
        joined(id=event_id)
    assert ("id", event_id) == (caught.value.field, caught.value.value)


def test_an_unknown_certainty_is_rejected_listing_the_valid_ones() -> None:
    with pytest.raises(
        InvalidEventError, match=r"expected 'rumored' \(or 'rumoured'\), 'reported' or 'confirmed'"
    ) as caught:
        joined(certainty="maybe")
    assert ("certainty", "maybe") == (caught.value.field, caught.value.value)


def test_certainties_are_ordered() -> None:
    assert Certainty.RUMORED < Certainty.REPORTED < Certainty.CONFIRMED
    assert Certainty.RUMORED == Certainty.parse(" RUMORED ")


def test_a_malformed_valid_date_is_rejected() -> None:
    with pytest.raises(InvalidDateError, match="'2015-13'"):
        joined(valid="2015-13")


def test_a_naive_recorded_time_is_rejected() -> None:
    with pytest.raises(InvalidInstantError, match="no time zone"):
        joined(recorded="2024-05-20T09:00:00")


def test_an_empty_person_is_rejected() -> None:
    with pytest.raises(InvalidEventError, match="person=''"):
        joined(person="")


def test_a_role_may_be_left_out_but_not_empty() -> None:
    assert joined(role=None).role is None
    with pytest.raises(InvalidEventError, match="role=''"):
        joined(role="")


def test_a_role_change_needs_a_role() -> None:
    with pytest.raises(InvalidEventError, match="role=' '"):
        RoleChanged(id="r", valid="2020", person="ada", org="acme", role=" ", sources="s")


def test_a_field_error_names_the_event_it_was_found_in() -> None:
    with pytest.raises(InvalidEventError, match="event 'j1'") as caught:
        joined(person="")
    assert "j1" == caught.value.event_id


def test_leaving_for_the_same_organisation_is_rejected() -> None:
    with pytest.raises(InvalidEventError, match="same org") as caught:
        Left(id="l", valid="2020", person="ada", org="acme", destination="acme", sources="s")
    assert ("l", "destination") == (caught.value.event_id, caught.value.field)


def test_a_reason_is_read_from_its_value() -> None:
    event = Left(id="l", valid="2020", person="ada", org="acme", reason="laid off", sources="s")
    assert Reason.LAID_OFF == event.reason
    unknown = Left(id="l", valid="2020", person="ada", org="acme", sources="s")
    assert Reason.UNKNOWN == unknown.reason


@pytest.mark.parametrize(
    ("written", "reason"),
    [("stepped down", Reason.STEPPED_DOWN), ("Stepped_Down", Reason.STEPPED_DOWN),
     ("poached", Reason.POACHED), ("term ended", Reason.TERM_ENDED),
     ("contract-ended", Reason.CONTRACT_ENDED), ("death", Reason.DIED),
     ("died", Reason.DIED), ("quit", Reason.RESIGNED), ("Laid-Off", Reason.LAID_OFF)],
)
def test_a_reason_is_read_as_reporting_writes_it(written: str, reason: Reason) -> None:
    event = Left(id="l", valid="2020", person="ada", org="acme", reason=written, sources="s")
    assert reason == event.reason
    assert reason.value == Left(id="l", valid="2020", person="ada", org="acme",
                                reason=reason.value, sources="s").reason.value


def test_rumoured_is_read_as_rumored() -> None:
    assert Certainty.RUMORED == joined(certainty="Rumoured").certainty


def test_an_unknown_reason_is_an_invalid_event() -> None:
    with pytest.raises(InvalidEventError, match="resigned") as caught:
        Left(id="l", valid="2020", person="ada", org="acme", reason="bored", sources="s")
    assert "reason" == caught.value.field


def test_an_unknown_announcement_category_is_an_invalid_event() -> None:
    with pytest.raises(InvalidEventError, match="category"):
        Announced(id="a", valid="2024", org="acme", title="X", category="tweet", sources="s")


@pytest.mark.parametrize(
    ("money", "message"),
    [
        ({"amount": -1, "currency": "USD"}, "non-negative"),
        ({"amount": "NaN", "currency": "USD"}, "finite"),
        ({"amount": "Infinity", "currency": "USD"}, "finite"),
        ({"amount": "lots", "currency": "USD"}, "expected a number"),
        ({"amount": True, "currency": "USD"}, "expected a number"),
        ({"amount": 1, "currency": "dollars"}, "ISO 4217 currency code"),
        ({"amount": 1, "currency": "U5D"}, "ISO 4217 currency code"),
        ({"amount": 1, "currency": "ABC"}, "ISO 4217 currency code"),
        ({"amount": 1.5, "currency": "USD"}, "a float is not exact"),
        ({"amount": 1}, "expected Money"),
        (5, "expected Money"),
    ],
)
def test_bad_money_is_rejected(money: object, message: str) -> None:
    with pytest.raises(InvalidEventError, match=message):
        FundingRound(id="f", valid="2024", org="acme", amount=money, sources="s")


def test_money_is_an_exact_decimal_with_an_upper_case_currency() -> None:
    money = Money("6.6e9", "usd")
    assert decimal.Decimal("6600000000") == money.amount
    assert "USD" == money.currency
    assert "USD 6,600,000,000" == str(money)
    assert "EUR 1.5" == str(Money("1.50", "EUR"))
    assert {"amount": "1.50", "currency": "EUR"} == Money("1.50", "EUR").to_dict()


def test_a_funding_round_reads_money_from_a_mapping() -> None:
    event = FundingRound(
        id="f", valid="2024", org="acme", amount={"amount": "6.6e9", "currency": "usd"},
        valuation=Money(157_000_000_000, "USD"), sources="s",
    )
    assert Money("6.6e9", "USD") == event.amount
    assert Money("157e9", "USD") == event.valuation


def test_an_investor_named_twice_is_rejected() -> None:
    with pytest.raises(InvalidEventError, match="appears twice"):
        FundingRound(id="f", valid="2024", org="acme", investors=["vc", "vc"], sources="s")


def test_a_single_founder_id_is_a_list_of_one() -> None:
    event = Founded(id="f", valid="2015", org="acme", founders="ada", employees="all", sources="s")
    assert ("ada",) == event.founders
    assert "co-founder" == event.role


def test_a_party_on_both_sides_of_a_lawsuit_is_rejected() -> None:
    with pytest.raises(InvalidEventError, match="both sides") as caught:
        LawsuitFiled(id="l", valid="2024", case="c", plaintiffs=["ada", "bob"],
                     defendants=["bob", "acme"], sources="s")
    assert ("l", ["bob"]) == (caught.value.event_id, caught.value.value)


def test_a_later_lawsuit_step_also_rejects_a_party_on_both_sides() -> None:
    with pytest.raises(InvalidEventError, match="both sides"):
        LawsuitWithdrawn(id="w", valid="2024", case="c", plaintiffs="ada", defendants="ada",
                         sources="s")


def test_a_filing_names_a_plaintiff_and_a_defendant() -> None:
    with pytest.raises(InvalidEventError, match="at least one plaintiff and one defendant"):
        LawsuitFiled(id="l", valid="2024", case="c", plaintiffs="ada", sources="s")


def test_a_lawsuit_needs_a_case_id() -> None:
    with pytest.raises(InvalidEventError, match="case=''"):
        LawsuitWithdrawn(id="w", valid="2024", case="", sources="s")


def test_an_event_cannot_correct_itself() -> None:
    with pytest.raises(InvalidEventError, match="cannot correct itself"):
        Retracted(id="r", valid="2024", target="r", sources="s")


def test_a_replacement_with_a_recorded_time_is_rejected() -> None:
    with pytest.raises(InvalidEventError, match="leave it out") as caught:
        Corrected(id="c", valid="2024", target="j1", sources="s",
                  replacement=joined(id="j2"))
    assert ("c", "replacement.recorded") == (caught.value.event_id, caught.value.field)


def test_a_replacement_cannot_be_a_correction() -> None:
    with pytest.raises(InvalidEventError, match="not a correction"):
        Corrected(id="c", valid="2024", target="j1", sources="s",
                  replacement=Retracted(id="r", valid="2024", target="j1", sources="s"))


@pytest.mark.parametrize("replacement_id", ["j1", "c"])
def test_a_replacement_needs_an_id_of_its_own(replacement_id: str) -> None:
    with pytest.raises(InvalidEventError, match="an id of its own"):
        Corrected(id="c", valid="2024", target="j1", sources="s",
                  replacement=joined(id=replacement_id, recorded=None))


def test_a_replacement_must_be_an_event() -> None:
    with pytest.raises(InvalidEventError, match="replacement"):
        Corrected(id="c", valid="2024", target="j1", sources="s", replacement="j2")


def test_a_confirmation_needs_a_known_level() -> None:
    assert Certainty.CONFIRMED == Confirmed(id="c", valid="2024", target="t", sources="s").level
    with pytest.raises(InvalidEventError, match="certainty='sure'"):
        Confirmed(id="c", valid="2024", target="t", level="sure", sources="s")


def test_events_are_frozen() -> None:
    event = joined()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.role = "boss"  # type: ignore[misc]


def test_evolve_gives_a_new_event_and_leaves_the_old_one() -> None:
    event = joined()
    changed = evolve(event, role="boss")
    assert ("engineer", "boss") == (event.role, changed.role)


def test_references_name_every_entity_in_field_order() -> None:
    event = FundingRound(id="f", valid="2024", org="acme", investors=["vc1", "vc2"], sources="s")
    assert (("organization", "acme"), ("any", "vc1"), ("any", "vc2")) == (
        event.references()
    )
    assert frozenset({"acme", "vc1", "vc2"}) == event.about()


def test_a_lawsuit_refers_to_parties_of_either_kind() -> None:
    event = LawsuitFiled(id="l", valid="2024", case="c", plaintiffs="ada", defendants="acme",
                         sources="s")
    assert (("any", "ada"), ("any", "acme")) == event.references()


def test_an_entity_event_is_about_its_entity() -> None:
    event = AliasAdded(id="a", valid="2024", entity="ada", alias="Lovelace", sources="s")
    assert frozenset({"ada"}) == event.about()


def test_describe_leaves_out_base_fields_and_empty_values() -> None:
    event = Left(id="l", valid="2024-08", person="ada", org="acme", reason="resigned",
                 destination="globex", sources="s")
    assert "left: person=ada org=acme reason=resigned destination=globex" == event.describe()


# -- the type registry -------------------------------------------------------------


BUILTIN_KINDS = {
    "alias-added", "announced", "cited", "confirmed", "corrected", "deal", "disputed", "erased",
    "figure-reported", "founded", "founder-added", "funding-round", "group-declared", "joined",
    "lawsuit-dismissed", "lawsuit-filed", "lawsuit-judged", "lawsuit-motion", "lawsuit-refiled",
    "lawsuit-ruling", "lawsuit-settled", "lawsuit-withdrawn", "leave-ended", "leave-started",
    "left", "observed", "organization-declared", "organization-placed", "person-declared",
    "plan-cancelled",
    "plan-moved", "planned", "product-declared", "publication-corrected", "ranked", "rehired",
    "renamed", "retracted", "role-changed", "valuation-reported",
}


@attrs.frozen(kw_only=True)
class PatentGranted(Event):
    """An application's own event kind: a patent granted to an inventor and a holder."""

    kind: ClassVar[str] = "patent-granted"
    inventor: str = person()
    holder: str = organization()
    coinventors: tuple[str, ...] = people(default=())
    title: str = attrs.field()


def patent(**changes: object) -> PatentGranted:
    fields: dict[str, object] = {
        "id": "pat", "valid": "2023-04", "inventor": "ada", "holder": "acme",
        "title": "Analytical engine", "sources": WIRE, "recorded": RECORDED,
    }
    fields.update(changes)
    return PatentGranted(**fields)  # type: ignore[arg-type]


def test_the_default_registry_knows_every_builtin_kind() -> None:
    assert sorted(BUILTIN_KINDS) == list(EventTypes.default())
    assert Joined is EventTypes.default()["joined"]
    assert "joined" in EventTypes.default()
    assert "patent-granted" not in EventTypes.default()


def test_looking_up_an_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(UnknownEventTypeError, match=r"'hired'.*joined") as caught:
        EventTypes.default()["hired"]
    assert "hired" == caught.value.kind
    assert BUILTIN_KINDS == set(caught.value.known)


def test_an_unknown_kind_is_a_lookup_error() -> None:
    with pytest.raises(LookupError):
        EventTypes.default()["hired"]


def test_with_types_returns_a_new_registry_and_leaves_the_old_one() -> None:
    default = EventTypes.default()
    extended = default.with_types(PatentGranted)
    assert PatentGranted is extended["patent-granted"]
    assert "patent-granted" not in default
    assert BUILTIN_KINDS | {"patent-granted"} == set(extended)


def test_registering_the_same_type_twice_is_harmless() -> None:
    once = EventTypes.default().with_types(PatentGranted)
    assert once == once.with_types(PatentGranted)


def test_a_kind_name_may_be_taken_once() -> None:
    @attrs.frozen(kw_only=True)
    class Hired(Event):
        kind: ClassVar[str] = "joined"

    with pytest.raises(InvalidEventError, match="already taken by Joined") as caught:
        EventTypes.default().with_types(Hired)
    assert ("kind", "joined") == (caught.value.field, caught.value.value)


def test_an_event_type_must_be_an_attrs_class() -> None:
    class Loose(Event):
        kind: ClassVar[str] = "loose"

    with pytest.raises(InvalidEventError, match=r"@attrs\.frozen"):
        EventTypes.default().with_types(Loose)


def test_only_event_subclasses_can_be_registered() -> None:
    with pytest.raises(InvalidEventError, match="expected an Event subclass"):
        EventTypes.default().with_types(dict)  # type: ignore[arg-type]


def test_an_application_event_names_its_people_and_organisations() -> None:
    event = patent(coinventors=["bob"])
    assert (("person", "ada"), ("organization", "acme"), ("person", "bob")) == (
        event.references()
    )
    assert frozenset({"ada", "acme", "bob"}) == event.about()


def test_a_timeline_rejects_an_unregistered_event_type() -> None:
    timeline = build(declare(people={"ada": "Ada Lovelace"}, orgs={"acme": "Acme"}))
    with pytest.raises(InvalidEventError, match="not registered") as caught:
        timeline.append(patent())
    assert ("pat", "kind") == (caught.value.event_id, caught.value.field)
    assert 2 == len(timeline)


def test_a_timeline_with_the_type_registered_holds_application_events() -> None:
    types = EventTypes.default().with_types(PatentGranted)
    timeline = Timeline(
        [*declare(people={"ada": "Ada Lovelace"}, orgs={"acme": "Acme"}), patent()],
        types=types,
    )
    timeline._check()
    assert types is timeline.types
    assert ["decl-acme", "decl-ada", "pat"] == [e.id for e in timeline]
    assert ["decl-ada", "pat"] == [h.event.id for h in timeline.history("Ada Lovelace")]
    count = Fold(0, lambda n, _: n + 1, kinds=("patent-granted",))
    assert 0 == timeline.project(count, at="2023-04-29")
    assert 1 == timeline.project(count, at="2023-04-30")


def test_an_application_event_must_name_declared_entities_of_the_right_kind() -> None:
    types = EventTypes.default().with_types(PatentGranted)
    timeline = Timeline(declare(people={"ada": "Ada Lovelace"}, orgs={"acme": "Acme"}),
                        types=types)
    with pytest.raises(UnknownEntityError, match="unknown person 'zed'"):
        timeline.append(patent(inventor="zed"))
    with pytest.raises(InvalidEventError, match=r"invalid inventor='acme' \(event 'pat'\): "
                       "expected a person, but it is an organization"):
        timeline.append(patent(inventor="acme"))
    timeline._check()
    assert 2 == len(timeline)


# -- the codec ----------------------------------------------------------------------


def test_decoding_an_unknown_kind_raises_unknown_event_type_error() -> None:
    with pytest.raises(UnknownEventTypeError, match="'hired'"):
        EventTypes.default().decode({"kind": "hired", "id": "x", "valid": "2024"})


def test_decoding_an_application_kind_needs_the_registry_that_knows_it() -> None:
    data = EventTypes.default().with_types(PatentGranted).encode(patent())
    with pytest.raises(UnknownEventTypeError, match="patent-granted"):
        EventTypes.default().decode(data)


def test_decoding_an_unknown_field_names_the_event_and_the_field() -> None:
    data = {"kind": "joined", "id": "x1", "valid": "2024", "person": "ada", "org": "acme",
            "sources": ["s"], "salary": 3}
    with pytest.raises(InvalidEventError, match="event 'x1'") as caught:
        EventTypes.default().decode(data)
    assert ("x1", "salary", 3) == (caught.value.event_id, caught.value.field, caught.value.value)
    assert "person" in str(caught.value)


def test_decoding_a_missing_field_names_the_event() -> None:
    data = {"kind": "joined", "id": "x1", "valid": "2024", "person": "ada", "org": "acme"}
    with pytest.raises(InvalidEventError, match="'sources'") as caught:
        EventTypes.default().decode(data)
    assert "x1" == caught.value.event_id


def test_decoding_a_bad_field_names_the_event() -> None:
    data = {"kind": "joined", "id": "x1", "valid": "2024", "person": "", "org": "acme",
            "sources": "s"}
    with pytest.raises(InvalidEventError, match="event 'x1'") as caught:
        EventTypes.default().decode(data)
    assert "person" == caught.value.field


def test_decoding_a_bad_date_names_the_event() -> None:
    data = {"kind": "joined", "id": "x1", "valid": "2024-13", "person": "ada", "org": "acme",
            "sources": "s"}
    with pytest.raises(InvalidDateError, match="event 'x1'") as caught:
        EventTypes.default().decode(data)
    assert "x1" == caught.value.event_id


def test_decoding_a_naive_recorded_time_names_the_event() -> None:
    data = {"kind": "joined", "id": "x1", "valid": "2024", "person": "ada", "org": "acme",
            "sources": "s", "recorded": "2024-01-01T10:00"}
    with pytest.raises(InvalidInstantError, match="event 'x1'"):
        EventTypes.default().decode(data)


def test_decoding_an_unknown_reason_names_the_event() -> None:
    data = {"kind": "left", "id": "x1", "valid": "2024", "person": "ada", "org": "acme",
            "sources": "s", "reason": "bored"}
    with pytest.raises(InvalidEventError, match="event 'x1'"):
        EventTypes.default().decode(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["joined"], "expected a JSON object"),
        ({"id": "x1"}, "every event names its kind"),
        ({"kind": 3, "id": "x1"}, "every event names its kind"),
    ],
)
def test_decoding_something_that_is_not_an_event_is_rejected(data: object, message: str) -> None:
    with pytest.raises(InvalidEventError, match=message):
        EventTypes.default().decode(data)  # type: ignore[arg-type]


def test_encoding_puts_the_kind_first_and_leaves_defaults_out() -> None:
    data = EventTypes.default().encode(
        Joined(id="j1", valid="2015-12", person="ada", org="acme", sources="s",
               recorded="2024-05-20T16:00:00+07:00")
    )
    assert {
        "kind": "joined", "id": "j1", "valid": "2015-12", "sources": [{"id": "s"}],
        "recorded": "2024-05-20T09:00:00+00:00", "person": "ada", "org": "acme",
    } == data
    assert "kind" == next(iter(data))


def test_encoding_writes_money_as_plain_decimal_strings_with_no_exponent() -> None:
    data = EventTypes.default().encode(
        ValuationReported(id="v", valid="2024", org="acme", valuation=Money("157e9", "usd"),
                          sources="s")
    )
    assert {"amount": "157000000000", "currency": "USD"} == data["valuation"]


def test_encoding_an_unregistered_kind_is_rejected() -> None:
    with pytest.raises(UnknownEventTypeError, match="patent-granted"):
        EventTypes.default().encode(patent())


def _replacement() -> Left:
    return Left(id="l1-fixed", valid="2024-04-15", person="ada", org="acme",
                reason="resigned", destination="globex", sources=[WIRE, GAZETTE])


EVERY_KIND: list[Event] = [
    PersonDeclared(id="e1", valid="2000", entity="ada", name="Ada Lovelace",
                   aliases=["Lovelace", "Ada King"], sources=WIRE, recorded=RECORDED),
    OrganizationDeclared(id="e2", valid="2015-12-11", entity="acme", name="Acme",
                         aliases="ACME", sources=WIRE, recorded=RECORDED),
    AliasAdded(id="e3", valid="2024", entity="ada", alias="Ada Byron", language="en",
               sources=GAZETTE, recorded=RECORDED, certainty="rumored"),
    Renamed(id="e4", valid="2021-10-28", entity="acme", name="Acme Labs", sources=WIRE,
            recorded=RECORDED),
    Joined(id="e5", valid="2015-12", person="ada", org="acme", role="engineer",
           sources=WIRE, recorded=RECORDED, certainty="confirmed", note="from the blog"),
    Rehired(id="e6", valid="2023-02-01", person="ada", org="acme", role="vp", sources=WIRE,
            recorded=RECORDED),
    Left(id="e7", valid="2024-12", announced="2024-08", person="ada", org="acme",
         reason="retired", destination="globex", sources=WIRE, recorded=RECORDED),
    RoleChanged(id="e8", valid="2020-01-06", person="ada", org="acme", role="cto",
                sources=WIRE, recorded=RECORDED),
    LeaveStarted(id="e9", valid="2021-03", person="ada", org="acme", reason="sabbatical",
                 sources=WIRE, recorded=RECORDED),
    LeaveEnded(id="e10", valid="2021-09", person="ada", org="acme", sources=WIRE,
               recorded=RECORDED),
    Founded(id="e11", valid="2015-12-11", org="acme", founders=["ada", "bob"],
            employees="all", role="founder",
            sources=WIRE, recorded=RECORDED),
    FundingRound(id="e12", valid="2024-10-02", org="acme",
                 amount={"amount": "6.6e9", "currency": "USD"}, investors=["vc1", "vc2"],
                 valuation=Money("157e9", "USD"), round="series F", sources=WIRE,
                 recorded=RECORDED),
    ValuationReported(id="e13", valid="2024-09", org="acme", valuation=Money("150e9", "USD"),
                      sources=WIRE, recorded=RECORDED, certainty="rumored"),
    Announced(id="e14", valid="2024-05-13", org="acme", category=Announcement.MODEL,
              title="Acme-4o", people=["ada"], sources=WIRE, recorded=RECORDED),
    LawsuitFiled(id="e15", valid="2024-02-29", case="ada-v-acme", plaintiffs="ada",
                 defendants=["acme", "bob"], claims=["breach of contract", "fraud"],
                 court="SF Superior Court", sources=WIRE, recorded=RECORDED),
    LawsuitWithdrawn(id="e16", valid="2024-06-11", case="ada-v-acme", sources=WIRE,
                     recorded=RECORDED),
    LawsuitRefiled(id="e17", valid="2024-08-05", case="ada-v-acme", claims="racketeering",
                   court="N.D. Cal.", sources=WIRE, recorded=RECORDED),
    LawsuitSettled(id="e18", valid="2025", case="ada-v-acme", terms="undisclosed",
                   sources=WIRE, recorded=RECORDED),
    LawsuitDismissed(id="e19", valid="2025-01", case="bob-v-acme", plaintiffs="bob",
                     defendants="acme", sources=WIRE, recorded=RECORDED),
    Retracted(id="e20", valid="2024-06", target="e13", reason="denied", sources=BLOG,
              recorded=RECORDED),
    Corrected(id="e21", valid="2024-06", target="e7", replacement=_replacement(), sources=BLOG,
              recorded=RECORDED),
    Confirmed(id="e22", valid="2024-06", target="e3", level="reported", sources=BLOG,
              recorded=RECORDED),
    Cited(id="e23", valid="2024-06", target="e5", sources=[GAZETTE, BLOG], recorded=RECORDED),
    FounderAdded(id="e11c", valid="2015-12-11", org="acme", person="cy", employee=True,
                 sources=WIRE, recorded=RECORDED),
    ProductDeclared(id="e11h", valid="2024-05-13", entity="gpt-4o", name="GPT-4o",
                    category="model", maker="acme", aliases=("GPT4o",), sources=WIRE,
                    recorded=RECORDED),
    FigureReported(id="e11j", valid="2024-05", org="acme", measure="employees",
                   value={"amount": "3000", "unit": "employees", "bound": "less than",
                          "approximate": True}, sources=WIRE, recorded=RECORDED),
    FigureReported(id="e11k", valid="2024", org="acme", measure="revenue",
                   value=Money("3.7e9", "USD", approximate=True), sources=WIRE,
                   recorded=RECORDED),
    LawsuitMotion(id="e11l", valid="2024-11", case="c", motion="motion to dismiss",
                  movants="acme", sources=WIRE, recorded=RECORDED),
    LawsuitRuling(id="e11m", valid="2025-03", case="c", on="e11l", outcome="denied in part",
                  ruling="some claims stand", court="N.D. Cal.", sources=WIRE,
                  recorded=RECORDED),
    LawsuitJudged(id="e11n", valid="2026", case="c", winners="acme", sources=WIRE,
                  recorded=RECORDED),
    Deal(id="e11o", valid="2024-03-19", org="acme", target="vc1", deal="acqui-hire",
         people=["bob"], amount=Money("650e6", "USD"), sources=WIRE, recorded=RECORDED),
    Deal(id="e11p", valid="2019-07", org="vc2", target="acme", deal="stake", stake="49%",
         voting=False, sources=WIRE, recorded=RECORDED),
    OrganizationPlaced(id="e11q", valid="2020", org="vc1", parent="acme", sources=WIRE,
                       recorded=RECORDED),
    GroupDeclared(id="e11i", valid="2015", entity="founders", name="the founders",
                  members=["ada", "bob"], sources=WIRE, recorded=RECORDED),
    Planned(id="e11d", valid="2024-08-01", sources=WIRE, recorded=RECORDED,
            plan=Left(id="e11e", valid="2024-12", person="ada", org="acme", sources=WIRE)),
    PlanMoved(id="e11f", valid="2024-09", plan="e11d", to="2025-01", sources=WIRE,
              recorded=RECORDED),
    PlanCancelled(id="e11g", valid="2024-10", plan="e11d", reason="stays", sources=WIRE,
                  recorded=RECORDED),
    Disputed(id="e24", valid="2024-06", target="e11", sources=GAZETTE, recorded=RECORDED,
             claim=Founded(id="e11b", valid="2015", org="acme", sources=GAZETTE),
             rank="preferred"),
    Ranked(id="e25", valid="2024-07", target="e11", rank="deprecated", sources=BLOG,
           recorded=RECORDED),
    Observed(id="e8-seen", valid="2024-05", person="ada", org="acme", role="cto",
             sources=WIRE, recorded=RECORDED),
    PublicationCorrected(id="e26", source="wire-2024-01-01", published="2024-01-01",
                         sources=BLOG, recorded=RECORDED),
    Erased(id="e27", valid="2024-08", pseudonym="erased-27", redacted=[(3, "ab" * 32)],
           reason="on request", sources=BLOG, recorded=RECORDED),
]


def test_the_round_trip_samples_cover_every_builtin_kind() -> None:
    assert BUILTIN_KINDS == {event.kind for event in EVERY_KIND}


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda event: event.kind)
def test_every_builtin_kind_survives_encoding_and_decoding(event: Event) -> None:
    types = EventTypes.default()
    assert event == types.decode(types.encode(event))


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda event: event.kind)
def test_every_builtin_kind_survives_a_json_round_trip(event: Event) -> None:
    types = EventTypes.default()
    text = json.dumps(types.encode(event))
    decoded = types.decode(json.loads(text))
    assert event == decoded
    assert type(event) is type(decoded)


def test_a_replacement_is_decoded_as_an_event() -> None:
    types = EventTypes.default()
    corrected = EVERY_KIND[20]
    assert isinstance(corrected, Corrected)
    decoded = types.decode(json.loads(json.dumps(types.encode(corrected))))
    assert isinstance(decoded, Corrected)
    assert _replacement() == decoded.replacement


def test_an_application_event_survives_a_round_trip() -> None:
    types = EventTypes.default().with_types(PatentGranted)
    event = patent(coinventors=["bob", "cy"], certainty="rumored")
    assert event == types.decode(json.loads(json.dumps(types.encode(event))))


def test_decoded_money_keeps_every_digit() -> None:
    types = EventTypes.default()
    event = FundingRound(id="f", valid="2024", org="acme",
                         amount=Money("0.1000000000000000055511151231257827", "USD"), sources="s")
    assert event.amount == types.decode(json.loads(json.dumps(types.encode(event)))).amount


def test_every_error_raised_on_purpose_is_a_timeline_error() -> None:
    with pytest.raises(TimelineError):
        EventTypes.default().decode({"kind": "hired"})
    with pytest.raises(TimelineError):
        joined(sources=())


# -- decoding bad data: only timeline's own errors ----------------------------------


@attrs.frozen(kw_only=True)
class _Measured(Event):
    kind: ClassVar[str] = "measured"
    size: int = attrs.field(converter=int)


def test_a_converter_raising_its_own_error_while_decoding_is_an_invalid_event_error() -> None:
    types = EventTypes.default().with_types(_Measured)
    with pytest.raises(InvalidEventError) as caught:
        types.decode({"kind": "measured", "id": "m", "valid": "2024", "sources": "s",
                      "size": "big"})
    assert ("m", "event") == (caught.value.event_id, caught.value.field)
    assert "ValueError" in str(caught.value)
    assert "size" in str(caught.value)


_BAD_VALUES: tuple[object, ...] = (
    None, 5, -1, 1e400, True, [], [1], {}, {"a": 1}, "", "x", "2024-13", "2024/2023",
    {"amount": "x", "currency": "USD"}, {"amount": 1}, [{"id": "s", "by": 1}], [{}],
    "2024-01-01T00:00:00+99:00",
)


def _decode_message(types: EventTypes, data: dict[str, object]) -> str:
    """The message of the timeline error decoding ``data`` raises, or "" when it
    decodes; any other exception fails the test."""
    try:
        types.decode(data)
    except TimelineError as error:
        return str(error)
    return ""


def test_decoding_any_bad_field_or_a_missing_one_raises_only_timeline_errors() -> None:
    types = EventTypes.default()
    samples = [types.encode(event) for event in Timeline.example()]
    messages = []
    for sample in samples:
        for key in [k for k in sample if k != "kind"]:
            # an optional field may be left out
            messages.append(_decode_message(types, {k: v for k, v in sample.items() if k != key}))
            messages.extend(_decode_message(types, {**sample, key: value})
                            for value in _BAD_VALUES)
    assert [] == [m for m in messages if "__init__" in m or "keyword" in m]
