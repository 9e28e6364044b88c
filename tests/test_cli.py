"""The ``timeline`` command, end to end, in subprocesses as a user runs it."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeline import (
    EventTypes,
    Joined,
    OrganizationDeclared,
    PersonDeclared,
    Retracted,
    Source,
    Timeline,
)
from timeline.answers._table import fitted, table, width_of
from timeline.cli import build_parser, main
from timeline.datasets import openai_exodus
from timeline.io import jsonl


def run(*args: str, check_exit: int | None = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False,
        env={k: v for k, v in os.environ.items() if k != "COLUMNS"},  # whole tables
    )
    if check_exit is not None:
        assert check_exit == done.returncode, done.stderr
    return done


def test_the_roster_of_openai_on_2024_08_19() -> None:
    out = run("roster", "OpenAI", "--at", "2024-08-19").stdout
    assert out.startswith("Roster of OpenAI at 2024-08-19: 4 members, 6 possible\n")
    for name in ("Sam Altman", "Wojciech Zaremba", "Greg Brockman", "Aleksander Madry"):
        assert name in out.split("Possibly members")[0]
    assert "on leave" in out
    assert "Mira Murati" in out.split("Possibly members")[1]


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "timeline"
    assert script.exists()
    done = subprocess.run([str(script), "where", "Schulman", "--at", "2024-12"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert 0 == done.returncode
    assert "Anthropic" in done.stdout


def test_json_output_is_machine_readable() -> None:
    data = json.loads(run("roster", "OpenAI", "--at", "2024-08-19", "--json").stdout)
    assert {"id": "openai", "name": "OpenAI"} == data["org"]
    assert ["aleksander-madry", "greg-brockman", "sam-altman", "wojciech-zaremba"] == [
        m["person"]["id"] for m in data["members"]
    ]
    assert "2024-08-19" == data["at"]


def test_known_shows_what_was_known_then() -> None:
    now = run("org", "xAI", "--at", "2024-12").stdout
    then = run("org", "xAI", "--at", "2024-12", "--known", "2024-08-19").stdout
    assert "2023-07-12" in now
    assert "2024-07" in then


def test_a_misspelled_name_gets_did_you_mean_and_no_traceback() -> None:
    done = run("where", "Sutskevr", check_exit=1)
    assert "" == done.stdout
    assert 1 == len(done.stderr.splitlines())
    assert "did you mean 'Ilya Sutskever (ilya-sutskever)'?" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_date_is_one_line_and_exit_1() -> None:
    done = run("roster", "OpenAI", "--at", "2024-13", check_exit=1)
    assert done.stderr.startswith("timeline: error: invalid date '2024-13'")
    assert 1 == len(done.stderr.splitlines())


def test_a_malformed_command_line_exits_2() -> None:
    done = run("roster", check_exit=2)
    assert "timeline: error:" in done.stderr
    assert 2 == run("frobnicate", check_exit=None).returncode


@pytest.mark.parametrize(
    "args",
    [
        ("changes", "--known", "2024-10-01"),
        ("changes", "--min-certainty", "rumored"),
        ("event", "fix-xai-founded", "--min-certainty", "rumored"),
        ("names", "amodei", "--at", "2024"),
        ("career", "Karpathy", "--at", "2024"),
        ("export", "-", "--json"),
        ("verify", "--known", "2024"),
        ("lineage", "xai-founded", "--min-certainty", "rumored"),
    ],
)
def test_an_option_the_command_would_ignore_is_a_usage_error(args: tuple[str, ...]) -> None:
    done = run(*args, check_exit=2)
    assert "unrecognized arguments" in done.stderr
    assert "" == done.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("career", "Karpathy"), "Tesla"),
        (("lawsuits", "--party", "Musk", "--at", "2024-09"), "musk-v-openai"),
        (("case", "musk-v-openai", "--at", "2024-07"), "withdrawn"),
        (("flows", "2024", "2024", "--from", "OpenAI", "--to", "Anthropic"), "Jan Leike"),
        (("cohort", "OpenAI", "--at", "2024-08-19"), "3 of 6 remain"),
        (("diff", "OpenAI", "2024-01", "2024-12"), "Ilya Sutskever"),
        (("history", "Brockman"), "brockman-return-plan"),
        (("explain", "Brockman", "OpenAI", "--at", "2024-08-19"), "cbn-2024-08-19-id"),
        (("event", "fix-xai-founded"), "xai-2023-07-12"),
        (("changes", "--since", "2024-10-01", "--until", "2024-10-10"), "brooks-left"),
        (("names", "amodei"), "daniela-amodei"),
        (("lineage", "xai-founded"), "2026-11-21 00:00 UTC by fix-xai-founded"),
        (("history", "Karpathy", "--versions"), "retract-karpathy-leave"),
        (("explain", "Murati", "OpenAI", "--at", "2024-10"), "Corrected by"),
        (("where", "Bubeck", "--at", "2024-11", "--min-certainty", "rumored"), "OpenAI"),
    ],
)
def test_every_command_answers(args: tuple[str, ...], expected: str) -> None:
    assert expected in run(*args).stdout


def test_lineage_says_when_and_on_whose_word_a_fact_changed_as_known_then() -> None:
    out = io.StringIO()
    assert 0 == main(["lineage", "fix-murati-left", "--known", "2024-10-20"], stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Lineage of murati-left, known 2024-10-20")
    assert ["recorded", "cited"] == [line.split()[3] for line in lines[2:]]
    assert lines[2].endswith("2024-10-15 00:00 UTC by cite-murati-left")
    assert "downcodes-2024-10-15-fr" in lines[3]
    data = json.loads(run("lineage", "murati-left", "--json").stdout)
    assert ["murati-left", "cite-murati-left", "fix-murati-left"] == [
        v["by"] for v in data["versions"]
    ]
    assert ["murati-2024-09-25"] == [s["id"] for s in data["versions"][2]["sources"]]
    assert "no event 'nope'" in run("lineage", "nope", check_exit=1).stderr


def test_store_reads_any_json_lines_file(tmp_path: Path) -> None:
    path = tmp_path / "example.jsonl"
    Timeline.example().export_jsonl(path)
    out = run("roster", "OpenAI", "--at", "2024-06", "--store", str(path)).stdout
    assert "John Schulman" in out
    assert "Aleksander Madry" not in out


def test_a_corrupt_store_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text('{"kind": "person-declared", "id": "p"}\nnot json\n', encoding="utf-8")
    done = run("names", "x", "--store", str(path), check_exit=1)
    assert f"{path}, line 1:" in done.stderr


def test_import_export_and_verify_a_sqlite_store(tmp_path: Path) -> None:
    exported = tmp_path / "exodus.jsonl"
    store = tmp_path / "exodus.sqlite"
    assert "exported 221 events" in run("export", str(exported)).stdout
    assert "imported 221 new events" in run("import", str(exported), "--store",
                                             str(store)).stdout
    assert "imported 0 new events" in run("import", str(exported), "--store", str(store)).stdout
    assert "ok: 221 events chained" in run("verify", "--store", str(store)).stdout
    out = run("roster", "OpenAI", "--at", "2024-08-19", "--store", f"sqlite:///{store}").stdout
    assert out.startswith("Roster of OpenAI at 2024-08-19: 4 members, 6 possible")


def test_a_bad_line_in_an_import_appends_nothing(tmp_path: Path) -> None:
    store = tmp_path / "log.sqlite"
    good = tmp_path / "good.jsonl"
    count = Timeline.example().export_jsonl(good)
    lines = good.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([*lines[:5], '{"kind": "joined", "id": "x"}', *lines[5:]]) + "\n",
                   encoding="utf-8")
    done = run("import", str(bad), "--store", str(store), check_exit=1)
    assert f"{bad}, line 6:" in done.stderr
    assert [] == [p.name for p in tmp_path.iterdir() if p.name.startswith("log.sqlite")]
    # into a store there already, nothing is appended
    run("import", str(good), "--store", str(store))
    run("import", str(bad), "--store", str(store), check_exit=1)
    assert f"ok: {count} events chained" in run("verify", "--store", str(store)).stdout


def test_a_dry_run_checks_a_file_and_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "log.sqlite"
    good = tmp_path / "good.jsonl"
    count = Timeline.example().export_jsonl(good)
    done = run("import", str(good), "--store", str(store), "--dry-run")
    assert f"would add {count:,} new events" in done.stdout
    assert not store.exists()
    run("import", str(good), "--store", str(store))
    again = run("import", str(good), "--store", str(store), "--dry-run")
    assert "would add 0 new events" in again.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "joined"}\n', encoding="utf-8")
    refused = run("import", str(bad), "--store", str(store), "--dry-run", check_exit=1)
    assert f"{bad}, line 1" in refused.stderr
    assert f"ok: {count} events chained" in run("verify", "--store", str(store)).stdout


def test_the_command_line_says_its_version_and_names_an_unknown_option() -> None:
    assert run("--version").stdout.startswith("timeline ")
    done = run("--bogus", "roster", "OpenAI", check_exit=2)
    assert "unknown option --bogus" in done.stderr


def test_an_import_that_names_an_unknown_entity_names_its_line(tmp_path: Path) -> None:
    store = tmp_path / "log.sqlite"
    good = tmp_path / "good.jsonl"
    Timeline.example().export_jsonl(good)
    lines = good.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    stray = ('{"kind": "joined", "id": "stray", "valid": "2020", "sources": ["s"], '
             '"person": "nobody", "org": "openai"}')
    bad.write_text("\n".join([*lines, stray]) + "\n", encoding="utf-8")
    done = run("import", str(bad), "--store", str(store), check_exit=1)
    assert "unknown person 'nobody'" in done.stderr
    assert f"at {bad}, line {len(lines) + 1}" in done.stderr


def test_import_needs_a_store(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    Timeline.example().export_jsonl(path)
    assert "import writes into a store; name one with --store" in run(
        "import", str(path), check_exit=1).stderr
    assert "import needs a store it can write" in run(
        "import", str(path), "--store", str(path), check_exit=1).stderr


def test_usage_errors_and_help_go_to_the_streams_main_is_given() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert 2 == main(["roster"], stdout=out, stderr=err)
    assert "" == out.getvalue()
    assert err.getvalue().startswith("timeline: error: the following arguments are required")
    assert 0 == main(["--help"], stdout=out, stderr=err)
    assert out.getvalue().startswith("usage: timeline")


def test_the_roster_over_a_span_holds_who_left_on_its_day() -> None:
    out = io.StringIO()
    assert 0 == main(["roster", "OpenAI", "--from", "2024-09-25", "--to", "2024-09-25"],
                     stdout=out)
    certain = out.getvalue().split("Possibly members")[0]
    assert certain.startswith("Roster of OpenAI from 2024-09-25 to 2024-09-25: 7 members")
    assert "Mira Murati" in certain


def test_a_span_needs_its_first_date_and_is_not_asked_with_at() -> None:
    err = io.StringIO()
    assert 1 == main(["roster", "OpenAI", "--to", "2024-06"], stdout=io.StringIO(), stderr=err)
    assert "add --from DATE" in err.getvalue()
    err = io.StringIO()
    assert 1 == main(["roster", "OpenAI", "--from", "2023", "--at", "2024"],
                     stdout=io.StringIO(), stderr=err)
    assert "--at" in err.getvalue()


def test_the_overlap_of_two_people_as_json() -> None:
    out = io.StringIO()
    assert 0 == main(["overlap", "Murati", "Zoph", "--org", "OpenAI", "--json"], stdout=out)
    answer = json.loads(out.getvalue())
    assert ["openai"] == [s["org"]["id"] for s in answer["spells"]]
    spell = answer["spells"][0]
    # both left on 2024-09-25, neither start is known: each may have come and
    # gone that day after the other left, so the overlap is only possible
    assert (False, None, {"first": "2015-12-11", "last": "2024-09-25"}) == (
        spell["certain"], spell["certain_days"], spell["possible_days"])


def test_flows_over_a_reversed_span_is_one_line_and_exit_1() -> None:
    done = run("flows", "2025", "2024", "--from", "OpenAI", check_exit=1)
    assert "" == done.stdout
    assert done.stderr.startswith("timeline: error: invalid end='2024'")


def test_flows_json_says_which_destinations_are_stated_and_which_inferred() -> None:
    out = io.StringIO()
    assert 0 == main(["flows", "2024", "2024", "--from", "OpenAI", "--json"], stdout=out)
    departures = json.loads(out.getvalue())["departures"]
    schulman = next(d for d in departures if d["person"]["id"] == "john-schulman")
    anthropic = {"id": "anthropic", "name": "Anthropic"}
    assert (anthropic, anthropic, False, None) == (
        schulman["destination"], schulman["stated_destination"], schulman["inferred"],
        schulman["destination_start"])
    assert all({"stated_destination", "inferred", "destination_start"} <= set(d)
               for d in departures)


def test_explaining_why_someone_is_not_on_a_roster_shows_retracted_evidence_and_its_retraction(
    tmp_path: Path,
) -> None:
    src = Source("s", published="2024-01-01")
    tl = Timeline([
        OrganizationDeclared(id="o1", valid="2000", entity="acme", name="Acme", sources=src,
                             recorded="2024-01-01"),
        PersonDeclared(id="p1", valid="1990", entity="ada", name="Ada", sources=src,
                       recorded="2024-01-01"),
        Joined(id="j", valid="2020", person="ada", org="acme", sources=src,
               recorded="2024-01-01"),
        Retracted(id="x", valid="2024", target="j", sources=src, recorded="2024-01-02"),
    ])
    store = tmp_path / "log.jsonl"
    tl.export_jsonl(str(store))
    out = io.StringIO()
    assert 0 == main(["explain", "ada", "acme", "--at", "2021", "--store", str(store)],
                     stdout=out)
    lines = out.getvalue().splitlines()
    assert "Why Ada is not on the roster of Acme at 2021-12-31" == lines[0]
    assert ["j", "x"] == [line.split()[0] for line in lines[2:]]


# Errors and the command line: what a user sees when something is wrong


def _main(*args: str, out: io.StringIO | None = None) -> tuple[int, str, str]:
    stdout, stderr = out or io.StringIO(), io.StringIO()
    status = main(list(args), stdout=stdout, stderr=stderr)
    return status, stdout.getvalue(), stderr.getvalue()


def test_a_line_missing_fields_names_the_file_line_event_and_fields_without_python_internals(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"kind": "joined", "id": "x", "valid": "2024"}\n', encoding="utf-8")
    status, _, err = _main("roster", "X", "--store", str(path))
    assert 1 == status
    assert f"{path}, line 1:" in err
    assert "(event 'x')" in err
    assert "missing the required fields 'sources', 'person' and 'org'" in err
    assert "Add the missing fields" in err
    assert "__init__" not in err
    assert "keyword" not in err


def test_a_source_with_an_unknown_field_is_named_without_python_internals(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"kind": "person-declared", "id": "p", "valid": "2024", "entity": "a", '
                    '"name": "A", "sources": [{"id": "s", "by": "me"}]}\n', encoding="utf-8")
    status, _, err = _main("names", "a", "--store", str(path))
    assert 1 == status
    assert "a source has no field 'by'" in err
    assert "__init__" not in err


@pytest.mark.parametrize("command", [("roster", "X", "--store"), ("import", "--store")])
def test_a_missing_json_lines_file_is_said_not_to_exist_with_no_line_number(
    tmp_path: Path, command: tuple[str, ...],
) -> None:
    missing = tmp_path / "missing.jsonl"
    args = ([*command, str(missing)] if command[0] == "roster"
            else ["import", str(missing), "--store", str(tmp_path / "log.sqlite")])
    status, _, err = _main(*args)
    assert 1 == status
    assert f"timeline: error: {missing}: the file does not exist; check the path\n" == err


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_standard_output_ends_quietly() -> None:
    err = io.StringIO()
    assert 0 == main(["export", "-"], stdout=_ClosedPipe(), stderr=err)
    assert 0 == main(["roster", "OpenAI"], stdout=_ClosedPipe(), stderr=err)
    assert "" == err.getvalue()



def test_every_amount_in_json_is_a_plain_decimal_string_beside_its_currency() -> None:
    status, out, _ = _main("org", "OpenAI", "--at", "2024-12", "--json")
    assert 0 == status
    data = json.loads(out)
    assert [{"amount": "6600000000", "currency": "USD"}] == data["raised"]
    assert {"amount": "157000000000", "currency": "USD"} == data["valuation"]["money"]
    assert "E+" not in out


def test_flows_takes_source_and_destination_and_keeps_from_and_to() -> None:
    status, preferred, _ = _main("flows", "2015", "2024", "--source", "OpenAI",
                                 "--destination", "Anthropic", "--json")
    assert 0 == status
    assert {"id": "openai", "name": "OpenAI"} == json.loads(preferred)["source"]
    assert (0, preferred) == _main("flows", "2015", "2024", "--from", "OpenAI",
                                   "--to", "Anthropic", "--json")[:2]


def test_every_flows_option_and_argument_has_help() -> None:
    status, out, _ = _main("flows", "--help")
    assert 0 == status
    assert "--source ORG, --from ORG" in out
    assert "--destination ORG, --to ORG" in out
    parser = build_parser()
    flows = next(
        choice for action in parser._actions if isinstance(action, argparse._SubParsersAction)
        for name, choice in action.choices.items() if name == "flows"
    )
    assert [] == [a.dest for a in flows._actions if not a.help]


def test_roster_help_describes_certainty_for_roster_and_history_help_for_history() -> None:
    roster = " ".join(_main("roster", "--help")[1].split())
    history = " ".join(_main("history", "--help")[1].split())
    assert "rumored for history" not in roster
    assert "(default: reported)" in roster
    assert "(default: rumored, every event)" in history


def test_the_options_table_lists_published() -> None:
    text = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "| `--published WHEN` |" in text


def test_changes_since_and_until_one_date_list_what_was_recorded_that_day() -> None:
    status, out, _ = _main("changes", "--since", "2024-10-09", "--until", "2024-10-09")
    assert 0 == status
    assert out.startswith("Learned after 2024-10-08 until 2024-10-09: 19 events\n")


def test_ctrl_c_during_an_import_exits_130_at_once_with_one_line_and_writes_nothing(
        tmp_path: Path) -> None:
    lines = tmp_path / "people.jsonl"
    jsonl.write((
        PersonDeclared(id=f"d{i}", valid="2000", entity=f"p{i}", name=f"P {i}",
                       sources=Source("wire"), recorded="2024-01-01T00:00:00Z")
        for i in range(40_000)
    ), lines, EventTypes.default())
    store = tmp_path / "log.sqlite"
    importing = subprocess.Popen(
        [sys.executable, "-m", "timeline", "import", str(lines), "--store", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
    )
    started = time.monotonic()
    while not store.exists() and time.monotonic() - started < 30:
        time.sleep(0.05)
    time.sleep(1.0)  # well into the file
    assert importing.poll() is None, importing.communicate()
    importing.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = importing.communicate(timeout=30)
    assert time.monotonic() - sent < 5, time.monotonic() - sent
    assert 130 == importing.returncode, err
    assert ["timeline: interrupted; nothing unfinished was written"] == err.splitlines()
    assert "" == out
    with Timeline.open(store) as tl:
        assert 0 == tl.position
        assert tl.verify().ok


def test_erase_forgets_a_person_in_a_store_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite"
    with Timeline.open(path) as tl:
        tl.extend(Timeline.example())
    out = io.StringIO()
    assert 0 == main(["erase", "John Schulman", "--source", "ticket-17", "--reason",
                      "data-protection request", "--store", str(path)], stdout=out)
    assert out.getvalue().startswith("erased as erased-18: 4 events redacted in sqlite:///")
    out = io.StringIO()
    assert 0 == main(["roster", "OpenAI", "--at", "2024-06", "--store", str(path)], stdout=out)
    assert "[erased]" in out.getvalue()
    assert "Schulman" not in out.getvalue()
    err = io.StringIO()
    assert 2 == main(["erase", "Greg Brockman", "--store", str(path)], stderr=err)
    assert "--source" in err.getvalue()
    err = io.StringIO()
    assert 1 == main(["erase", "Greg Brockman", "--source", "t", "--store",
                      str(tmp_path / "none.sqlite")], stderr=err)
    assert "no such store" in err.getvalue()
    assert not (tmp_path / "none.sqlite").exists()


def test_export_to_a_directory_says_so_and_writes_nothing(tmp_path: Path) -> None:
    err = io.StringIO()
    assert 1 == main(["export", str(tmp_path)], stderr=err)
    assert "is a directory; give the path of a file" in err.getvalue()
    assert [] == list(tmp_path.iterdir())


def test_the_command_collects_garbage_seldom_and_leaves_what_importing_made_alone() -> None:
    code = ("import gc, sys\n"
            "from timeline import cli\n"
            "sys.argv = ['timeline', 'where', 'Suzkwer', '--at', '2024-06-30']\n"
            "try:\n"
            "    cli.run()\n"
            "except SystemExit as exit:\n"
            "    print(exit.code, gc.get_threshold()[0], gc.get_freeze_count() > 0)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, check=True)
    assert "Ilya Sutskever at 2024-06-30" in done.stdout
    assert "0 20000 True" == done.stdout.strip().splitlines()[-1]


def test_tables_fit_the_width_columns_gives(tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "60"}
    done = subprocess.run([sys.executable, "-m", "timeline", "history", "John Schulman"],
                          capture_output=True, text=True, timeout=60, env=env, check=True)
    lines = done.stdout.splitlines()
    assert max(width_of(line) for line in lines) <= 60
    assert done.stdout.startswith("History of John Schulman: 7 events")
    wide = subprocess.run([sys.executable, "-m", "timeline", "history", "John Schulman"],
                          capture_output=True, text=True, timeout=60, check=True,
                          env={k: v for k, v in os.environ.items() if k != "COLUMNS"})
    assert max(width_of(line) for line in wide.stdout.splitlines()) > 60
    assert len(wide.stdout.splitlines()) < len(lines)  # the cells wrapped, not cut


def test_wide_characters_align_in_a_fitted_table() -> None:
    with fitted(30):
        text = table("names", ["name", "note"], [["苏茨克维", "chief scientist, co-founder"],
                                                 ["Ilya", "x"]])
    lines = text.splitlines()
    assert ["names", "  name      note", "  苏茨克维  chief scientist,",
            "            co-founder", "  Ilya      x"] == lines
    assert all(width_of(line) <= 30 for line in lines)


def test_every_answer_prints_as_json_json_lines_and_csv() -> None:
    tl = openai_exodus()
    roster = tl.roster("OpenAI", at="2024-08-19")
    compact = run("roster", "OpenAI", "--at", "2024-08-19", "--format", "json").stdout
    assert 1 == compact.count("\n")
    assert roster.to_dict() == json.loads(compact)
    lines = run("roster", "OpenAI", "--at", "2024-08-19", "--format", "jsonl").stdout
    rows = [json.loads(line) for line in lines.splitlines()]
    assert len(roster.to_rows()) == len(rows)
    assert {"aleksander-madry", "greg-brockman"} <= {row["person_id"] for row in rows}
    table_ = run("flows", "2024", "2024", "--source", "OpenAI", "--format", "csv").stdout
    parsed = list(csv.DictReader(io.StringIO(table_)))
    flows = tl.flows("2024", "2024", source="OpenAI")
    assert len(flows.to_rows()) == len(parsed)
    assert {"true", "false", ""} >= {row["inferred"] for row in parsed}  # "": a founding
    names = run("names", "amodei", "--format", "csv").stdout.splitlines()
    assert "id,kind,name,aliases" == names[0]
    assert 2 == run("roster", "OpenAI", "--json", "--format", "csv", check_exit=2).returncode


def test_verify_prints_json_when_the_check_fails(tmp_path: Path) -> None:
    store = tmp_path / "log.sqlite"
    good = tmp_path / "good.jsonl"
    Timeline.example().export_jsonl(good)
    run("import", str(good), "--store", str(store))
    db = sqlite3.connect(store, isolation_level=None)
    db.execute("DROP TRIGGER events_redact_only")  # as one who tampers with the file would
    db.execute("UPDATE events SET payload = replace(payload, 'co-founder', 'intern')")
    db.close()
    done = run("verify", "--store", str(store), "--json", check_exit=1)
    assert json.loads(done.stdout)["ok"] is False


def test_every_argument_of_every_command_is_described() -> None:
    commands = next(action for action in build_parser()._actions
                    if isinstance(action, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        if name == "complete-names":
            continue  # the completion script's, not a person's
        for action in sub._actions:
            assert action.help, (name, action.dest)
            if action.required and action.option_strings:
                assert "required" in action.help, (name, action.dest)


def test_bash_completes_commands_options_and_the_names_of_entities(tmp_path: Path) -> None:
    store = tmp_path / "own.sqlite"
    with Timeline.open(store) as own:
        own.extend([PersonDeclared(id="d", valid="2000", entity="ada-lovelace",
                                   name="Ada Lovelace", sources="s")])
    bin_dir = os.path.dirname(sys.executable)
    probe = ('eval "$(timeline completion bash)"; '
             'complete_() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _timeline; '
             'printf "%s|" "${COMPREPLY[@]}"; echo; }; '
             'complete_ timeline ro; complete_ timeline roster --min; '
             'complete_ timeline where Joh; complete_ timeline where schul; '
             'complete_ timeline chart roster -o x --sto; '
             f'complete_ timeline where --store {store} Ad; '
             'complete_ timeline roster --min-certainty r; complete_ timeline chart ca; '
             # bash splits --store=PATH at "=": the line as typed says which store
             f'COMP_LINE="timeline where --store={store} Ad"; '
             f'complete_ timeline where --store = {store} Ad')
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
                          check=True)
    commands, options, names, alias, store_, own, levels, kinds, typed = (
        done.stdout.splitlines())
    assert own == typed
    assert "roster|" == commands
    assert "--min-certainty|" == options
    assert {"John\\ Schulman", "john-schulman"} == set(names.strip("|").split("|"))
    assert "Schulman|" == alias
    assert "--store|" == store_
    assert {"Ada\\ Lovelace", "ada", "ada-lovelace"} >= set(own.strip("|").split("|")) != {""}
    assert "rumored|reported|" == levels
    assert "career|" == kinds
    assert done.stdout == done.stdout.replace("Traceback", "")


def test_a_header_says_the_certainty_asked_for() -> None:
    out = run("roster", "OpenAI", "--at", "2024-08-19", "--min-certainty", "rumored",
              "--known", "2024-10-09").stdout
    assert out.startswith("Roster of OpenAI at 2024-08-19, known 2024-10-09, rumours included: ")
    assert run("history", "OpenAI", "--min-certainty", "reported").stdout.startswith(
        "History of OpenAI, counting reported and above: ")
    assert run("roster", "OpenAI").stdout.startswith("Roster of OpenAI at ")


def test_zsh_completes_the_names_of_entities_through_its_bash_completion() -> None:
    zsh = shutil.which("zsh")
    if zsh is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the zsh completion test: scripts/browser installs zsh")
        pytest.skip("zsh completion test left out: no zsh (bash scripts/test installs it)")
    bin_dir = os.path.dirname(sys.executable)
    # zsh's bashcompinit runs a bash completion function in sh emulation
    probe = ('autoload -U +X compinit && compinit -u; eval "$(timeline completion zsh)"; '
             "emulate sh -c 'COMP_WORDS=(timeline where Joh); COMP_CWORD=2; _timeline; "
             'printf "%s|" "${COMPREPLY[@]}"\'')
    done = subprocess.run([zsh, "-c", probe], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
                          check=True)
    assert {"John\\ Schulman", "john-schulman"} == set(done.stdout.strip("|").split("|"))


def test_a_dry_run_refuses_what_the_import_would(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    Timeline.example().export_jsonl(good)
    missing = run("import", str(good), "--store", str(tmp_path / "no" / "x.db"), "--dry-run",
                  check_exit=1)
    assert "does not exist" in missing.stderr
    read_only = run("import", str(good), "--store", str(good), "--dry-run", check_exit=1)
    assert "a .jsonl file is only read" in read_only.stderr


def test_a_fitted_header_keeps_the_certainty_in_its_title() -> None:
    env = {**os.environ, "COLUMNS": "45"}
    done = subprocess.run([sys.executable, "-m", "timeline", "roster", "OpenAI", "--at",
                           "2024-08-19", "--min-certainty", "rumored"], capture_output=True,
                          text=True, timeout=60, env=env, check=True)
    title = done.stdout.split("\n  ")[0]  # the lines before the columns' names
    assert " ".join(title.split()).startswith(
        "Roster of OpenAI at 2024-08-19, rumours included: ")
    assert max(width_of(line) for line in title.splitlines()) <= 45
