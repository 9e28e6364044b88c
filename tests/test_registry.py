"""An application's event kinds, registered once so that the ``timeline``
command (and any program) can open a store that holds them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import ClassVar

import attrs
import pytest

from timeline import (
    Event,
    EventTypes,
    OrganizationDeclared,
    Timeline,
    UnknownEventTypeError,
    organization,
)
from timeline.cli import main
from timeline.model.registry import installed_types, load_types


@attrs.frozen(kw_only=True)
class PatentGranted(Event):
    kind: ClassVar[str] = "patent-granted"
    holder: str = organization()
    title: str


KINDS = [PatentGranted]


def _store(tmp_path: Path) -> Path:
    path = tmp_path / "patents.sqlite"
    with Timeline.open(path, types=EventTypes.default().with_types(PatentGranted)) as tl:
        tl.extend([
            OrganizationDeclared(id="o", valid="2000", entity="acme", name="Acme", sources="s",
                                 recorded="2024-01-01"),
            PatentGranted(id="p", valid="2023", holder="acme", title="Widget", sources="s",
                          recorded="2024-01-01"),
        ])
    return path


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_a_store_with_kinds_it_cannot_read_says_which_and_how_to_register(
        tmp_path: Path) -> None:
    code, _, err = _cli("history", "Acme", "--store", str(_store(tmp_path)))
    assert 1 == code
    assert "unknown event kind 'patent-granted'" in err
    assert "--types package.module:Attribute" in err
    assert "timeline.event_types" in err


@pytest.mark.parametrize("attribute", ["PatentGranted", "KINDS"])
def test_types_on_the_command_line_open_the_store(tmp_path: Path, attribute: str) -> None:
    code, out, err = _cli("history", "Acme", "--store", str(_store(tmp_path)),
                          "--types", f"{__name__}:{attribute}")
    assert (0, "") == (code, err)
    assert "patent-granted: holder=acme title=Widget" in out


@pytest.mark.parametrize(
    ("spec", "reason"),
    [("no_colon", "expected 'package.module:Attribute'"),
     ("nowhere.at_all:X", "No module named 'nowhere'"),
     (f"{__name__}:missing", "has no attribute 'missing'"),
     (f"{__name__}:_cli", "not an Event subclass")],
)
def test_a_spec_that_names_no_event_types_is_a_clear_error(spec: str, reason: str) -> None:
    with pytest.raises(UnknownEventTypeError, match=reason) as caught:
        load_types(spec)
    assert spec == caught.value.kind


def test_installed_types_include_the_built_in_kinds() -> None:
    assert set(EventTypes.default()) <= set(installed_types())


def test_an_entry_point_registers_kinds(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # a real installed distribution's metadata, found on the path
    info = tmp_path / "patents_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: patents-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[timeline.event_types]\npatents = {__name__}:KINDS\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert PatentGranted is installed_types()["patent-granted"]
