"""The progress line a long command shows on a terminal: how far it is, of
what total, and about how long is left of it.

Shown only when standard error is a terminal and ``CI`` is not set to a
true value: a pipe, a log file or a CI run gets nothing. The line is
redrawn at most a few times a second and ended with a newline before any
other message (an error, Ctrl-C's line).

>>> import io
>>> clock = iter([0.0, 2.0, 4.0]).__next__
>>> out = io.StringIO()
>>> meter = Meter(out, total=1_000_000, done=iter([250_000, 500_000]).__next__,
...               clock=clock, shown=True)
>>> meter(10_000); meter(20_000); meter.end()
>>> for line in out.getvalue().split("\\r")[1:]:
...     print(repr(line))
'read 10,000 events, 25% of 1.0 MB, about 6 s left to read '
'read 20,000 events, 50% of 1.0 MB, about 4 s left to read \\n'
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Meter", "Steps", "on_terminal"]

INTERVAL = 0.25
"""The least time, in seconds, between two redraws of the line."""


def on_terminal(err: TextIO) -> bool:
    """Whether ``err`` is a terminal a person watches: not a pipe or a file,
    and not a CI run (``CI`` set to anything but ``0`` or ``false``)."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    try:
        return err.isatty()
    except (AttributeError, ValueError):  # a stream without one, or closed
        return False


class Meter:
    """A progress line for reading ``total`` bytes: called with the number
    of events read so far; ``done`` says how many bytes that took."""

    def __init__(self, err: TextIO, *, total: int, done: Callable[[], int],
                 clock: Callable[[], float] = time.monotonic, shown: bool | None = None) -> None:
        self._err = err
        self._total = total
        self._done = done
        self._clock = clock
        self._shown = on_terminal(err) if shown is None else shown
        self._started = clock() if self._shown else 0.0
        self._last = float("-inf")
        self._width = 0  # of the line drawn last, to blank what a shorter one leaves
        self._count = 0

    def __call__(self, count: int) -> None:
        if not self._shown:
            return
        now = self._clock()
        if now - self._last < INTERVAL and count and self._done() < self._total:
            return  # drawn a moment ago, and not the last time
        self._last = now
        self._count = count
        self._draw(f"read {count:,} events{self._eta(now)}")

    def _draw(self, line: str) -> None:
        pad = " " * max(self._width - len(line), 1)
        self._width = len(line)
        self._err.write(f"\r{line}{pad}")
        self._err.flush()

    def _eta(self, now: float) -> str:
        if self._total <= 0:
            return ""
        done = min(max(self._done(), 0), self._total)
        if done >= self._total:  # read: the events are checked, folded and stored next
            return f", all {_size(self._total)}; checking and storing them"
        text = f", {done / self._total:.0%} of {_size(self._total)}"
        elapsed = now - self._started
        if done and elapsed > 0:
            text += f", about {_duration(elapsed * (self._total - done) / done)} left to read"
        return text

    def end(self, *, finished: bool = False) -> None:
        """End the line, so what is written next starts a line of its own;
        ``finished``: the work is done, and the line says so."""
        if self._shown and self._width:
            if finished:
                took = _duration(self._clock() - self._started)
                self._draw(f"read and stored {self._count:,} events in {took}")
            self._err.write("\n")
            self._err.flush()
            self._width = 0


def _size(count: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} bytes"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(round(seconds), 1)} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


class Steps:
    """A progress line for the steps of opening a store whose keys must be
    made again: ``steps(step, done, total)`` (see :meth:`Timeline.open`).

    >>> import io
    >>> out = io.StringIO()
    >>> steps = Steps(out, clock=iter([0.0, 1.0, 2.0, 3.0, 4.0]).__next__, shown=True)
    >>> steps("reading", 10_000, 40_000); steps("reading", 40_000, 40_000)
    >>> steps("indexing", 0, 40_000); steps("indexing", 40_000, 40_000); steps.end()
    >>> for line in out.getvalue().split("\\r")[1:]:
    ...     print(repr(line.rstrip()))
    'opening the store: read 10,000 of 40,000 events (25%), about 3 s left'
    'opening the store: read 40,000 of 40,000 events (100%)'
    'opening the store: making its keys again from 40,000 events (a step once a release)'
    'opened the store: 40,000 events read and indexed in 4 s'
    """

    def __init__(self, err: TextIO, *, clock: Callable[[], float] = time.monotonic,
                 shown: bool | None = None) -> None:
        self._err = err
        self._clock = clock
        self._shown = on_terminal(err) if shown is None else shown
        self._started = clock() if self._shown else 0.0
        self._width = 0

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self._shown or not total:  # a new, empty store opens at once
            return
        now = self._clock()
        total = max(total, done)  # a writer appended while it opened
        if step == "reading":
            line = f"opening the store: read {done:,} of {total:,} events"
            if total:
                line += f" ({done / total:.0%})"
                elapsed = now - self._started
                if 0 < done < total and elapsed > 0:
                    line += f", about {_duration(elapsed * (total - done) / done)} left"
        elif done < total:
            line = (f"opening the store: making its keys again from {total:,} events "
                    "(a step once a release)")
        else:
            line = (f"opened the store: {total:,} events read and indexed in "
                    f"{_duration(now - self._started)}")
        pad = " " * max(self._width - len(line), 1)
        self._width = len(line)
        self._err.write(f"\r{line}{pad}")
        self._err.flush()

    def end(self) -> None:
        """End the line, if one was drawn."""
        if self._shown and self._width:
            self._err.write("\n")
            self._err.flush()
            self._width = 0
