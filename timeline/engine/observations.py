"""Why a member is only possibly on a roster, and what observations say.

An observation ("Lilian Weng, OpenAI's VP of safety research", in an article
of 2024-05-15) places a person at an organisation on its days without saying
when they joined or whether they left. The tenure fold takes it as a step
(see :mod:`timeline.engine.tenures`): membership is certain on its days, an unknown
start is bounded by the first observed day, an unknown or imprecise end
cannot come before the last observed one. A tenure only observed is certain
from its first observation to its last, and only possible before and after:
the log does not invent a start or a departure.

A member who is only possibly there says why, so that a roster can group its
"possibly" rows: an imprecise date covers the day, the start is unknown, or
the end is.

>>> from timeline.model.catalog import Observed
>>> from timeline.engine.tenure_fold import fold_tenures
>>> seen = Observed(id="o", valid="2024-05-15", person="p", org="o", role="VP",
...                 sources="s")
>>> [tenure], problems = fold_tenures("p", "o", [seen])
>>> from timeline.model.dates import day
>>> why(tenure, day("2024-05-01"))
(<Uncertainty.UNKNOWN_START: 'unknown start'>, 'first observed 2024-05-15')
>>> why(tenure, day("2024-06-01"))
(<Uncertainty.UNKNOWN_END: 'unknown end'>, 'last observed 2024-05-15')
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from timeline.engine.tenures import Tenure, still_there
from timeline.model.catalog import Observed

__all__ = ["Uncertainty", "why"]


class Uncertainty(enum.Enum):
    """Why a person is only possibly a member on a date.

    ``IMPRECISE_DATE``: a start, a departure or the organisation's founding
    has a date that covers the day. ``UNKNOWN_START``: nothing says when the
    tenure began, and the day is before the first one it certainly holds.
    ``UNKNOWN_END``: nothing says when it ended (it was last observed, or it
    ended at an unknown date before a return), and the day is after the last
    one it certainly holds.
    """

    IMPRECISE_DATE = "imprecise date"
    UNKNOWN_START = "unknown start"
    UNKNOWN_END = "unknown end"


def why(tenure: Tenure, day: int) -> tuple[Uncertainty, str]:
    """Why ``tenure`` holds ``day`` only possibly, and what bounds it there:
    ``(reason, detail)``, the detail such as ``"last observed 2024-05"``.

    ``day`` must be one of the tenure's possible days, not a certain one.
    Runtime: O(k) for the tenure's k steps.
    """
    first, stop = tenure.sure_days
    observed = tenure.observations
    start, end, before = tenure.start, tenure.end, tenure.ended_before
    if first < stop and day >= stop:
        if end is not None:
            return Uncertainty.IMPRECISE_DATE, f"left {end.valid}"
        if before is not None:
            return Uncertainty.UNKNOWN_END, f"ended before the return on {before.valid}"
        return Uncertainty.UNKNOWN_END, f"last observed {_last(observed).valid}"
    if start is not None:
        if day < start.valid.last:
            return Uncertainty.IMPRECISE_DATE, f"started {start.valid}"
        if first >= stop and end is not None:
            return Uncertainty.IMPRECISE_DATE, f"left {end.valid}"
        if first >= stop and before is not None:
            return Uncertainty.UNKNOWN_END, f"ended before the return on {before.valid}"
        return Uncertainty.IMPRECISE_DATE, "founding date imprecise"
    if not tenure.steps:
        assert before is not None
        return Uncertainty.UNKNOWN_START, f"inferred from the return on {before.valid}"
    if observed:
        last = _last(observed)
        if first >= stop and day >= still_there(last):
            return Uncertainty.UNKNOWN_END, f"last observed {last.valid}"
        return Uncertainty.UNKNOWN_START, f"first observed {observed[0].valid}"
    if end is not None and tenure.steps[0] is end:
        return Uncertainty.UNKNOWN_START, f"start not reported; left {end.valid}"
    return Uncertainty.UNKNOWN_START, f"start not reported; first step {tenure.steps[0].valid}"


def _last(observed: Sequence[Observed]) -> Observed:
    """The observation that bounds the end: the latest first day."""
    return max(observed, key=lambda s: (s.valid.first, s.valid.last))
