"""The ``timeline`` command: the Python API's questions, from a terminal.

Every command answers from the bundled OpenAI-exodus dataset unless
``--store`` names a SQLite file, a PostgreSQL URL or a JSON Lines
file. ``--json`` prints machine-readable
output. Errors are one line on standard error and a non-zero exit status:
1 for a question that cannot be answered (an unknown name, a bad date), 2 for
a malformed command line.

>>> main(["where", "Suzkwer", "--at", "2024-06-30"])
Ilya Sutskever at 2024-06-30
  organization                 role        since    status  certainty
  Safe Superintelligence Inc.  co-founder  2024-06  active  reported
0
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import pydoc
import shutil
import sys
from collections.abc import Sequence
from typing import TextIO

from timeline.answers._table import fitted, noted, unabridged, with_note
from timeline.cli.completion import script
from timeline.cli.formats import printed
from timeline.cli.handlers import (
    CHECKPOINT_KEY,
    Done,
    answer_of,
    backed_up,
    dry_run,
    load,
    plain,
    signed,
)
from timeline.cli.parser import (
    EXIT_ANSWERED,
    EXIT_INTERRUPTED,
    EXIT_UNANSWERABLE,
    build_parser,
)
from timeline.model.errors import TimelineError
from timeline.stores import Verification, open_store, sqlite_path
from timeline.stores.anchors import checked_against, write_checkpoint
from timeline.stores.base import Head

__all__ = ["build_parser", "main"]

#: How many allocations the command lets pass between collections of the
#: young generation (Python's default is 700).
_YOUNG = 20_000


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the command line; return its exit status.

    A reader that closes standard output early (``timeline export - | head``)
    ends the command quietly, with status 0.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        return _main(argv, out, err)
    except BrokenPipeError:
        if out is sys.stdout:
            # the interpreter flushes stdout at exit: point it at nothing, so
            # that flush does not fail again on the closed pipe
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ANSWERED


_ROWS = frozenset({"verify", "head", "backup"})  # answered from the stored rows


def _from_rows(args: argparse.Namespace) -> object:
    """Verify, head and backup read a store's rows without replaying them: a
    tampered row must be reported, not fail the replay."""
    store = open_store(args.store, create=False)
    try:
        if args.command == "verify":
            expected = None if args.expected is None else Head.parse(args.expected)
            if args.checkpoint is not None:
                expected, other = checked_against(args.checkpoint, os.environ.get(CHECKPOINT_KEY),
                                                  store.identity())
                if other is not None:
                    return other
            return store.verify(expected)
        if args.command == "head":
            if args.checkpoint is None:
                return Done(str(store.last()))
            head = write_checkpoint(args.checkpoint, store.last(), os.environ.get(CHECKPOINT_KEY),
                                    store.identity())
            return Done(f"{head}\nwritten to {args.checkpoint}{signed()}")
        return backed_up(store.backup(args.dest), args)
    finally:
        store.close()


def _main(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    try:
        # usage errors and --help go where this call's output goes
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    answer: object
    fresh = _new_store_file(args)
    try:
        if args.command in _ROWS and args.store and not args.store.endswith(".jsonl"):
            answer = _from_rows(args)
        elif args.command == "import" and args.dry_run:
            answer = dry_run(args, err)
        elif args.command == "completion":
            answer = Done(script(parser, args.shell))
        else:
            timeline = load(args.store, args.command, args.types,
                            getattr(args, "lock_timeout", None), err)
            try:
                answer = answer_of(timeline, args, out, err)
            finally:
                timeline.close()
    except BrokenPipeError:
        raise
    except BaseException as error:
        if fresh is not None:  # an import that made a new store and failed leaves none
            _remove_store_file(fresh)
        if not isinstance(error, (TimelineError, OSError)):
            raise
        notes = getattr(error, "__notes__", ())
        message = " ".join(" ".join([str(error), *notes]).split())
        print(f"timeline: error: {message}", file=err)
        return EXIT_UNANSWERABLE
    return _printed(answer, args, out)


def _new_store_file(args: argparse.Namespace) -> str | None:
    """The SQLite file an import is about to make, if it makes one."""
    if args.command != "import" or args.dry_run or not args.store:
        return None
    path = sqlite_path(args.store)
    return path if path is not None and not os.path.exists(path) else None


def _remove_store_file(path: str) -> None:
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(OSError):
            os.remove(name)


def _printed(answer: object, args: argparse.Namespace, out: TextIO) -> int:
    """Print an answer as the command asked; its exit status."""
    if isinstance(answer, Verification) and not answer.ok:
        if getattr(args, "format", "table") != "table":
            printed(answer, args.format, out)
        elif getattr(args, "json", False):
            print(json.dumps(plain(answer), ensure_ascii=False, indent=2), file=out)
        else:
            print(repr(answer), file=out)
        return EXIT_UNANSWERABLE
    form = getattr(args, "format", "table")
    if isinstance(answer, Done):
        if answer.message:
            print(answer.message, file=out)
    elif form != "table":
        printed(answer, form, out)
    elif getattr(args, "json", False):
        print(json.dumps(plain(answer), ensure_ascii=False, indent=2), file=out)
    else:
        with unabridged(), fitted(_columns(out)), noted(_filter(args)) as pending:
            text = repr(answer)
        if pending:  # the answer's first line is no table's title: say it there
            title, newline, rest = text.partition("\n")
            text = f"{with_note(title, pending[0])}{newline}{rest}"
        _show(text, out)
    return EXIT_ANSWERED


def _filter(args: argparse.Namespace) -> str | None:
    """What a header says of the certainty asked for, when it is not the
    command's default (``rumours included``)."""
    level = getattr(args, "min_certainty", None)
    default = "rumored" if args.command == "history" else "reported"
    if level is None or level == default:
        return None
    return "rumours included" if level == "rumored" else f"counting {level} and above"


def _columns(out: TextIO) -> int | None:
    """How wide a table may be: the terminal's width (``COLUMNS`` when set),
    or ``COLUMNS`` when output goes elsewhere; None: as wide as its cells."""
    if _terminal(out):
        return shutil.get_terminal_size().columns
    if out is not sys.__stdout__:  # a caller's stream: the whole table
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def _terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _show(text: str, out: TextIO) -> None:
    """Print ``text``; on a terminal, through the pager (``$PAGER``, else
    ``less``) when it is taller than the screen."""
    if (_terminal(out) and out is sys.stdout and os.environ.get("PAGER", "less") not in ("", "cat")
            and text.count("\n") + 1 >= shutil.get_terminal_size().lines):
        pydoc.pager(text)
    else:
        print(text, file=out)


def run() -> None:
    """The console-script entry point."""
    # A command is one short process that builds an answer of many small
    # objects and exits: what importing made is never garbage, and
    # collecting the young generation every 700 allocations, which
    # traverses them again and again, took a fifth of a large roster's time.
    gc.freeze()
    gc.set_threshold(_YOUNG, 10, 10)
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(EXIT_ANSWERED)
    except KeyboardInterrupt:
        # a batch or an import cut short is rolled back before this is reached
        print("timeline: interrupted; nothing unfinished was written", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
