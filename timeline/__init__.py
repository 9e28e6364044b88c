"""timeline: event-sourced, bitemporal timelines of people and organisations.

>>> import timeline
>>> timeline.Timeline.example().where("Schulman", at="2024-12").orgs[0].org_name
'Anthropic'
"""

from importlib.metadata import PackageNotFoundError, version

from timeline.catalog import (
    AliasAdded,
    Announced,
    Announcement,
    Cited,
    Confirmed,
    Corrected,
    Correction,
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
    OrganizationDeclared,
    OrganizationEvent,
    PersonDeclared,
    PublicationCorrected,
    Reason,
    Rehired,
    Renamed,
    Retracted,
    RoleChanged,
    TenureEvent,
    ValuationReported,
)
from timeline.certainty import Certainty
from timeline.dates import Effect, Precision, ValidDate
from timeline.errors import (
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
from timeline.events import Event, EventTypes, organization, organizations, people, person
from timeline.folds import Fold
from timeline.money import Money
from timeline.sources import Source
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
    "ConcurrencyError",
    "Confirmed",
    "Corrected",
    "Correction",
    "CorrectionError",
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
    "OrganizationDeclared",
    "OrganizationEvent",
    "PersonDeclared",
    "Precision",
    "PublicationCorrected",
    "PublicationTimeError",
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
