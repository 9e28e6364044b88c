"""timeline: event-sourced, bitemporal timelines of people and organisations.

>>> import timeline
>>> timeline.Timeline.example().where("Schulman", at="2024-12").orgs[0].org_name
'Anthropic'
"""

from importlib.metadata import PackageNotFoundError, version

from timeline.answers.contested import ContestedMembership
from timeline.engine.disputes import Claim
from timeline.engine.folds import Fold
from timeline.engine.observations import Uncertainty
from timeline.model.catalog import (
    AliasAdded,
    Announced,
    Announcement,
    Cited,
    Confirmed,
    Corrected,
    Correction,
    Disputed,
    EntityEvent,
    Founded,
    FundingRound,
    Joined,
    LawsuitDismissed,
    LawsuitEvent,
    LawsuitFiled,
    LawsuitRefiled,
    LawsuitSettled,
    LawsuitWithdrawn,
    LeaveEnded,
    LeaveStarted,
    Left,
    Observed,
    OrganizationDeclared,
    OrganizationEvent,
    PersonDeclared,
    PublicationCorrected,
    Ranked,
    Reason,
    Rehired,
    Renamed,
    Retracted,
    RoleChanged,
    TenureEvent,
    ValuationReported,
)
from timeline.model.certainty import Certainty
from timeline.model.dates import Effect, Precision, ValidDate
from timeline.model.errors import (
    AmbiguousNameError,
    ChronologyError,
    ConcurrencyError,
    CorrectionError,
    EventConflictError,
    InvalidDateError,
    InvalidEventError,
    InvalidInstantError,
    InvalidQueryError,
    JsonLinesError,
    PublicationTimeError,
    RecordedTimeError,
    StoreError,
    TimelineError,
    UnknownCaseError,
    UnknownEntityError,
    UnknownEventError,
    UnknownEventTypeError,
    UnknownSourceError,
)
from timeline.model.events import Event, EventTypes, organization, organizations, people, person
from timeline.model.money import Money
from timeline.model.ranks import Rank
from timeline.model.sources import Source
from timeline.timeline import Timeline

try:
    __version__ = version("timeline")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "AliasAdded",
    "AmbiguousNameError",
    "Announced",
    "Announcement",
    "Certainty",
    "ChronologyError",
    "Cited",
    "Claim",
    "ConcurrencyError",
    "Confirmed",
    "ContestedMembership",
    "Corrected",
    "Correction",
    "CorrectionError",
    "Disputed",
    "Effect",
    "EntityEvent",
    "Event",
    "EventConflictError",
    "EventTypes",
    "Fold",
    "Founded",
    "FundingRound",
    "InvalidDateError",
    "InvalidEventError",
    "InvalidInstantError",
    "InvalidQueryError",
    "Joined",
    "JsonLinesError",
    "LawsuitDismissed",
    "LawsuitEvent",
    "LawsuitFiled",
    "LawsuitRefiled",
    "LawsuitSettled",
    "LawsuitWithdrawn",
    "LeaveEnded",
    "LeaveStarted",
    "Left",
    "Money",
    "Observed",
    "OrganizationDeclared",
    "OrganizationEvent",
    "PersonDeclared",
    "Precision",
    "PublicationCorrected",
    "PublicationTimeError",
    "Rank",
    "Ranked",
    "Reason",
    "RecordedTimeError",
    "Rehired",
    "Renamed",
    "Retracted",
    "RoleChanged",
    "Source",
    "StoreError",
    "TenureEvent",
    "Timeline",
    "TimelineError",
    "Uncertainty",
    "UnknownCaseError",
    "UnknownEntityError",
    "UnknownEventError",
    "UnknownEventTypeError",
    "UnknownSourceError",
    "ValidDate",
    "ValuationReported",
    "__version__",
    "organization",
    "organizations",
    "people",
    "person",
]
