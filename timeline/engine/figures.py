"""Reported figures in a view: an organisation's figures of some measures,
and, on a day, each measure's value for the latest period certainly over by
then beside those whose periods cover the day."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from timeline.engine.corrections import FactVersion
from timeline.model.catalog import FigureReported

__all__ = ["reported", "settled"]


def _order(event: FigureReported) -> tuple[int, int, str, str]:
    return event.valid.last, event.valid.first, event.measure, event.id


def reported(facts: Iterable[FactVersion], known: int, level: int,
             wanted: Callable[[str], bool]) -> list[FigureReported]:
    """The figures among an organisation's ``facts`` a view holds whose
    measure is ``wanted``, by the end of their period, then its start.
    Runtime: O(f log f), f the facts."""
    found = [v.event for v in facts if isinstance(v.event, FigureReported)
             and v.visible(known, level) and wanted(v.event.measure)]
    return sorted(found, key=_order)


def settled(figures: Iterable[FigureReported],
            day: int) -> tuple[dict[str, FigureReported], list[FigureReported]]:
    """Per measure, the figure for the latest period certainly over by ``day``
    (ties: the later start, then the greater id); and apart, in order, the
    figures whose periods cover ``day``."""
    latest: dict[str, FigureReported] = {}
    possible: list[FigureReported] = []
    for figure in sorted(figures, key=_order):
        if figure.valid.last <= day:
            latest[figure.measure] = figure  # later periods come later
        elif figure.valid.first <= day:
            possible.append(figure)
    return latest, possible
