"""Ctrl-C held back while a batch changes the state, and raised where it is safe.

Python raises :class:`KeyboardInterrupt` between any two bytecodes, so an
interrupt could stop an index halfway through a change that nothing could
then undo. While a batch is applied, :class:`Deferred` notes a SIGINT
instead, and :meth:`Deferred.check` raises it at the points where every
structure is whole and the batch can be rolled back: between entries, roots
and keys, before the store writes and before it commits. The batch then
costs at most one of those steps more before the interrupt reaches the
caller, with nothing changed. Only the main thread receives signals, and
only Python's own handler is held back: a program that installed its own
keeps it.

>>> with Deferred() as interrupts:
...     interrupts.check()  # nothing pending
"""

from __future__ import annotations

import signal
import threading
from types import FrameType, TracebackType

__all__ = ["Deferred"]


class Deferred:
    """A SIGINT noted while inside, raised by :meth:`check` or on leaving.

    Nested ones share the outermost's note. Leaving with an error already on
    its way lets that error go on (the interrupt it may stand for needs no
    second one); leaving cleanly with an interrupt noted raises it.
    """

    __slots__ = ("_outer", "_pending", "_previous")

    def __init__(self) -> None:
        self._pending = False
        self._outer: Deferred | None = None
        self._previous: object = None

    def __enter__(self) -> Deferred:
        if threading.current_thread() is not threading.main_thread():
            return self
        handler = signal.getsignal(signal.SIGINT)
        outer = getattr(handler, "__self__", None)
        if isinstance(outer, Deferred):
            self._outer = outer
        elif handler is signal.default_int_handler:
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self._pending = True

    @property
    def pending(self) -> bool:
        """Whether an interrupt arrived and was not raised yet."""
        return self._outer.pending if self._outer is not None else self._pending

    def check(self) -> None:
        """Raise the interrupt noted, if any: call only where a rollback is sound."""
        if self._outer is not None:
            self._outer.check()
        elif self._pending:
            self._pending = False
            raise KeyboardInterrupt

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)  # type: ignore[arg-type]
            self._previous = None
        if kind is None and self._outer is None:
            self.check()
