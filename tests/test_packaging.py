"""The distribution: ``python -m build`` makes an sdist and a wheel that
install into a fresh virtual environment and answer there, under the name
the package index gives it (``bitemporal-timeline``; the import name and
the command are ``timeline``)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    return out


def test_the_sdist_and_the_wheel_carry_what_a_user_needs(built: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "bitemporal-timeline" == project["name"]
    version = project["version"]
    wheel = zipfile.ZipFile(built / f"bitemporal_timeline-{version}-py3-none-any.whl")
    names = set(wheel.namelist())
    for needed in ("timeline/py.typed", "timeline/data/openai_exodus.jsonl",
                   "timeline/data/answers.schema.json", "timeline/web/static/index.html",
                   "timeline/web/static/app.js",
                   f"bitemporal_timeline-{version}.dist-info/licenses/LICENSE"):
        assert needed in names
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]
    metadata = wheel.read(f"bitemporal_timeline-{version}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert "Project-URL: Homepage, https://pypi.org/project/bitemporal-timeline/" in metadata
    assert "Provides-Extra: charts" in metadata
    with tarfile.open(built / f"bitemporal_timeline-{version}.tar.gz") as sdist:
        inside = set(sdist.getnames())
    top = f"bitemporal_timeline-{version}"
    for needed in ("LICENSE", "README.md", "CHANGELOG.md", "docs/charts.md",
                   "tests/test_packaging.py", "timeline/data/openai_exodus.jsonl"):
        assert f"{top}/{needed}" in inside


def test_the_wheel_installs_into_a_fresh_environment_and_answers(built: Path,
                                                                  tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python, timeline = venv / "bin" / "python", venv / "bin" / "timeline"
    wheel = next(built.glob("*.whl"))
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True,
                   capture_output=True, text=True, timeout=600)
    answer = subprocess.run([str(timeline), "roster", "OpenAI", "--at", "2024-08-19"],
                            check=True, capture_output=True, text=True, timeout=120)
    assert answer.stdout.startswith("Roster of OpenAI at 2024-08-19: 4 members, 6 possible")
    version = subprocess.run([str(python), "-c", "import timeline; print(timeline.__version__)"],
                             check=True, capture_output=True, text=True, timeout=120)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == version.stdout.strip()
    # without the charts extra, a chart names the command that installs it
    chart = subprocess.run([str(timeline), "chart", "roster", "OpenAI", "-o",
                            str(tmp_path / "x.svg")], capture_output=True, text=True, timeout=120,
                           check=False)
    assert 1 == chart.returncode
    assert "pip install 'bitemporal-timeline[charts]'" in chart.stderr
