"""The ``timeline`` command's grammar: its commands, their arguments and the
view options each takes, and its exit statuses."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from timeline.cli.formats import FORMATS
from timeline.model.certainty import Certainty
from timeline.model.distribution import DISTRIBUTION

__all__ = [
    "EXIT_ANSWERED", "EXIT_INTERRUPTED", "EXIT_UNANSWERABLE", "EXIT_USAGE", "LOCK_TIMEOUT_ENV",
    "build_parser",
]

EXIT_ANSWERED, EXIT_UNANSWERABLE, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"timeline: error: {message} (see '{self.prog} --help')\n")

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        """As argparse's, but an unknown option before the command is named
        as such, not reported as a missing command."""
        given = sys.argv[1:] if args is None else list(args)
        if self.prog == "timeline" and given:
            first = str(given[0])
            known = {"-h", "--help", "--version"}
            if first.startswith("-") and first.split("=", 1)[0] not in known:
                self.error(f"unknown option {first}: options go after the command "
                           "(timeline COMMAND --option)")
        return super().parse_known_args(args, namespace)


def _options(parser: argparse.ArgumentParser, options: str, command: str) -> None:
    """Give a command the view options it uses (each a word in ``options``)
    and ``--store``: an option a command would ignore is not offered, so
    passing it is a usage error rather than silently dropped."""
    view = parser.add_argument_group("view")
    if "at" in options:
        view.add_argument("--at", metavar="DATE",
                          help="as of this valid date: 2024-08-19, 2024-08 or 2024 "
                          "(default: today)")
    if "known" in options:
        view.add_argument("--known", metavar="WHEN",
                          help="as known at this recorded instant or date (default: everything)")
    if "known" in options or "published" in options:
        view.add_argument("--published", metavar="WHEN",
                          help="as published at this instant or date: only the events whose "
                          "sources were out by then (default: every event)")
    if "certainty" in options:
        view.add_argument("--min-certainty", metavar="LEVEL",
                          choices=[c.value for c in Certainty],
                          help="the least certainty an event needs to count: rumored, "
                          "reported or confirmed (default: "
                          + ("rumored, every event" if command == "history" else "reported")
                          + ")")
    view.add_argument("--store", metavar="STORE",
                      help="a SQLite file, sqlite:///path, postgresql://... or a .jsonl file "
                      "(default: the bundled OpenAI-exodus dataset)")
    view.add_argument("--types", metavar="MODULE:ATTR", action="append", default=[],
                      help="an application's event kinds, as package.module:Attribute (an "
                      "Event subclass, a list of them or an EventTypes); repeatable. Kinds "
                      "installed packages register under 'timeline.event_types' are read too")
    if "json" in options:
        output = view.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true",
                            help="print indented JSON instead of a table")
        output.add_argument("--format", choices=FORMATS, default="table",
                            help="table (default; fitted to the terminal), json (compact, one "
                            "line), jsonl (one JSON object a row, for jq) or csv (a header, "
                            "then a row a line)")


def _arg(*flags: str, **options: Any) -> tuple[tuple[str, ...], dict[str, Any]]:
    return flags, options


_DATED = "at known certainty json"  # a question about one date
_KINDS = ("the kinds of affiliation, comma-separated: employee (the default), board, "
          "advisor, founder (a founder who is not an employee), or all")
_SPANNING = "known certainty json"  # a question over a span of dates, or all of them

LOCK_TIMEOUT_ENV = "TIMELINE_LOCK_TIMEOUT"

_HELP = {
    "org": "an organisation: its id, name or an alias (OpenAI, openai)",
    "person": "a person: an id, a name or an alias ('John Schulman', Schulman)",
    "entity": "a person or an organisation: an id, a name or an alias",
    "case": "a lawsuit's id (musk-v-openai)",
    "text": "the text to look for",
    "start": "the span's first date: 2024-05-01, 2024-05 or 2024",
    "end": "the span's last date",
    "id": "an event's id",
    "file": "a JSON Lines file ('-' for standard input)",
}
"""What a positional argument is, when its command does not say."""

_COMMANDS: tuple[tuple[str, str, tuple[tuple[tuple[str, ...], dict[str, Any]], ...], str], ...] = (
    ("roster", "who was on an organisation's roster (at a date, or at any time in a span)",
     (_arg("org"),
      _arg("--from", dest="start", metavar="DATE",
           help="who was there at any time from this date (to --to, default today)"),
      _arg("--to", dest="end", metavar="DATE", help="the span's last date (needs --from)"),
      _arg("--kinds", metavar="KINDS", help=_KINDS),
      _arg("--rollup", action="store_true",
           help="add the organisations inside it on the date (a lab inside a company)")),
     _DATED),
    ("overlap", "whether two people were at one organisation together, where and when",
     (_arg("person"), _arg("other", metavar="PERSON"),
      _arg("--org", metavar="ORG", help="only at this organisation")), _SPANNING),
    ("where", "where a person was",
     (_arg("person"), _arg("--kinds", metavar="KINDS", help=_KINDS)), _DATED),
    ("career", "a person's tenures in order", (_arg("person"),), _SPANNING),
    ("org", "the state of an organisation: founders, members, money, lawsuits",
     (_arg("org"),), _DATED),
    ("lawsuits", "open lawsuits, each with its status history",
     (_arg("--party", metavar="NAME", help="a party on either side"),
      _arg("--plaintiff", metavar="NAME", help="a party that brought the case"),
      _arg("--defendant", metavar="NAME", help="a party the case is against")), _DATED),
    ("case", "one lawsuit's status and history", (_arg("case"),), _DATED),
    ("flows", "who left for where between two dates, and what alumni founded",
     (_arg("start", metavar="START", help="the window's first date: 2024-05-01, 2024-05 or 2024"),
      _arg("end", metavar="END", help="the window's last date"),
      _arg("--source", "--from", dest="source", metavar="ORG",
           help="only departures from this organisation, and what its former members "
           "founded (--from is the older name)"),
      _arg("--destination", "--to", dest="destination", metavar="ORG",
           help="only departures to this organisation, stated or inferred, and foundings "
           "of it (--to is the older name)"),
      _arg("--people", nargs="+", metavar="PERSON",
           help="only the departures and foundings of these people (a group's name "
           "stands for its members)"),
      _arg("--rollup", action="store_true",
           help="--source and --destination stand for the organisations inside them too; "
           "a move between two of them is no flow")),
     _SPANNING),
    ("cohort", "how many of a set of people remain at an organisation",
     (_arg("org"), _arg("people", nargs="*", metavar="PERSON",
                        help="the cohort (default: the organisation's founders)")), _DATED),
    ("diff", "who joined, left or changed role between two dates",
     (_arg("org"), _arg("start"), _arg("end")), _SPANNING),
    ("history", "every event about a person or organisation, with sources",
     (_arg("entity"),
      _arg("--versions", action="store_true",
           help="every version of every fact, retracted ones too: when each was recorded, "
           "when and by which correction superseded, on whose word")), _SPANNING),
    ("lineage", "every version of one fact: when recorded, when and by what superseded",
     (_arg("event", metavar="ID"),), "known json"),
    ("explain", "why a person is (or is not) on an organisation's roster",
     (_arg("person"), _arg("org")), _DATED),
    ("event", "events by id, with their sources", (_arg("ids", nargs="+", metavar="ID"),),
     "known json"),
    ("changes", "what the log learned between two recorded times",
     (_arg("--since", metavar="WHEN",
           help="after this recorded instant (a date alone: its start, in UTC)"),
      _arg("--until", metavar="WHEN",
           help="up to this recorded instant (a date alone: its end, in UTC)")),
     "published json"),
    ("names", "people and organisations whose names match", (_arg("text"),), "known json"),
    ("mention", "the entity a phrase from running text mentions ('former CTO Murati')",
     (_arg("text"),), "at known json"),
    ("plans", "what was planned about a person or organisation, and what became of it",
     (_arg("entity"),), _DATED),
    ("announcements", "what organisations announced over a span",
     (_arg("org", nargs="?", help="one organisation (default: every one)"),
      _arg("--from", dest="start", metavar="DATE", help="the span's first date"),
      _arg("--to", dest="end", metavar="DATE", help="the span's last date (default today)"),
      _arg("--category", metavar="KIND", help="product, model, job posting or other")),
     _SPANNING),
    ("series", "a measure reported for an organisation over time (employees, users...)",
     (_arg("org"), _arg("measure", nargs="?", help="one measure (default: every one)")),
     _DATED),
    ("import", "append a JSON Lines file to a store, whole or not at all",
     (_arg("file"),
      _arg("--dry-run", action="store_true",
           help="check the file against the store (or against an empty log, when the store "
           "does not exist yet) and say what would be imported; write nothing"),
      _arg("--lock-timeout", metavar="SECONDS", type=float,
           help="how long to wait for another writer's lock before giving up (default: "
           f"${LOCK_TIMEOUT_ENV}, or 30)")), ""),
    ("erase", "forget a private person on request: their id and names leave every event",
     (_arg("person"),
      _arg("--source", required=True, metavar="ID",
           help="the request the erasure cites (a ticket or letter id); required"),
      _arg("--reason", default="", help="why, kept with the erasure")), ""),
    ("backup", "copy a store to a new SQLite file, consistently, while writers go on",
     (_arg("dest", help="the copy's path; nothing may be there yet"),), ""),
    ("export", ("write a store's events as JSON Lines ('-' for stdout), or its log and "
     "tenures as Parquet, or its people, organisations and affiliations as FollowTheMoney"),
     (_arg("file", help="a file ('-' for stdout), or a folder for --as parquet"),
      _arg("--as", dest="form", choices=["jsonl", "parquet", "ftm"], default="jsonl",
           help="jsonl (the events, default), parquet (events.parquet and "
           "tenures.parquet in a folder) or ftm (FollowTheMoney entities)")), ""),
    ("chart", ("draw a roster's Gantt chart, a career, an organisation's timeline or "
     "talent flows, to SVG, PNG, PDF or self-contained HTML (needs the charts extra)"),
     (_arg("kind", choices=["roster", "career", "org", "flows"],
           help="roster (an organisation's people), career (a person's tenures), org "
           "(an organisation's founding, money and lawsuits) or flows (where people went)"),
      _arg("subject", nargs="?", metavar="NAME",
           help="the organisation or person (for flows: the organisation people left; "
           "default: anywhere)"),
      _arg("--from", dest="start", metavar="DATE",
           help="the chart's first date (default: the earliest day drawn; needed for flows)"),
      _arg("--to", dest="end", metavar="DATE", help="the chart's last date (default: today)"),
      _arg("--at", metavar="DATE",
           help="a date to mark with a line (the chart covers --from to --to either way)"),
      _arg("-o", "--output", required=True, metavar="FILE",
           help="where to write it; its suffix says how: .svg, .png, .pdf, .html or .json "
           "(the Vega-Lite specification); required")),
     "known certainty"),
    ("serve", ("a local, read-only web page over a store: pick an organisation or a person, "
     "drag a slider for the date in the world and one for the date of knowledge "
     "(needs the web extra)"),
     (_arg("--host", default="127.0.0.1", metavar="HOST",
           help="the address to listen on (default: 127.0.0.1, this machine alone)"),
      _arg("--port", type=int, default=8765, metavar="PORT",
           help="the port to listen on (default: 8765)")), ""),
    ("completion", ("print the shell completion script for bash or zsh: "
                    "eval \"$(timeline completion bash)\" in ~/.bashrc (zsh: ~/.zshrc)"),
     (_arg("shell", choices=["bash", "zsh"], help="the shell: bash or zsh"),), "none"),
    ("verify", "check a store's hash chain, and against a head kept outside it",
     (_arg("--expected", metavar="POSITION:HASH",
           help="a head printed by `timeline head` and kept elsewhere"),
      _arg("--checkpoint", metavar="FILE",
           help="a checkpoint `timeline head --checkpoint` wrote (signed ones need "
           "TIMELINE_CHECKPOINT_KEY)")), "json"),
    ("head", "where the log ends (position:hash), to keep outside the store",
     (_arg("--checkpoint", metavar="FILE",
           help="also write it to this checkpoint file, signed with TIMELINE_CHECKPOINT_KEY "
           "when that is set"),), ""),
)


def _version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = _Parser(
        prog="timeline",
        description="Ask a timeline of people and organisations what held at any date.",
        epilog="Example: timeline roster OpenAI --at 2024-08-19",
    )
    parser.add_argument("--version", action="version", version=f"timeline {_version()}")
    commands: Any = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )

    for name, help_, arguments, options in _COMMANDS:
        sub: argparse.ArgumentParser = commands.add_parser(name, help=help_, description=help_)
        for flags, settings in arguments:
            described = dict(settings)
            described.setdefault("help", _HELP.get(flags[0], _HELP.get(
                str(settings.get("metavar", "")).lower(), "")))
            if described.get("required") and "required" not in described["help"]:
                described["help"] += "; required"
            sub.add_argument(*flags, **described)
        if options != "none":
            _options(sub, options, name)
    # asked by the completion script for names; not listed in the help
    names = commands.add_parser("complete-names")
    names.add_argument("word", nargs="?", default="")
    names.add_argument("--store")
    names.set_defaults(types=[])
    return parser
