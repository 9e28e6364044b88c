"""One hypothesis profile for every run (at least 200 examples a property, no
deadline) and the PostgreSQL server fixtures."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import attrs
import psycopg
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    parent=settings.get_profile("ci"),
    max_examples=2000,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of the test PostgreSQL server that ``scripts/test`` starts."""
    url = os.environ.get("TIMELINE_TEST_POSTGRES")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("CI runs the PostgreSQL tests: run them through bash scripts/test")
    pytest.skip(
        "PostgreSQL test left out: no server (run bash scripts/test, which starts one, or set "
        "TIMELINE_TEST_POSTGRES=postgresql://...)"
    )


@pytest.fixture(scope="session")
def chromedriver() -> str:
    """The path of the headless browser's driver that ``scripts/test`` finds
    or installs (``scripts/browser``)."""
    path = os.environ.get("TIMELINE_TEST_CHROMEDRIVER") or shutil.which("chromedriver")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("CI runs the browser tests: run them through bash scripts/test")
    pytest.skip("browser test left out: no chromedriver (run bash scripts/test, which "
                "installs Debian's chromium-driver as root, or set TIMELINE_TEST_CHROMEDRIVER)")


def _database(server: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    name = f"timeline_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    base, _, _ = server.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    yield from _database(postgres_server)


@pytest.fixture(scope="module")
def scratch(postgres_server: str) -> Iterator[str]:
    """One database for a module's property tests, each example emptying
    it first (:func:`tests.helpers.emptied`), dropped afterwards."""
    yield from _database(postgres_server)


@attrs.frozen
class OwnServer:
    """A PostgreSQL server a test may restart or stop (scripts/postgres)."""

    directory: str
    port: int
    url: str

    def _run(self, *command: str) -> None:
        subprocess.run(["bash", str(_SCRIPT), *command], check=True, capture_output=True)

    def restart(self) -> None:
        """Stop it as a crash would, and start it again on the same data."""
        self._run("restart", self.directory, str(self.port))

    def halt(self) -> None:
        """Stop it as a crash would, keeping its data."""
        self._run("halt", self.directory)


_SCRIPT = Path(__file__).parent.parent / "scripts" / "postgres"


@pytest.fixture
def own_postgres(postgres_server: str) -> Iterator[OwnServer]:
    """A throwaway PostgreSQL server of the test's own, to restart under it
    while the shared one serves other tests; on the port in
    TIMELINE_TEST_OWN_POSTGRES_PORT, or one the system finds free."""
    port = int(os.environ.get("TIMELINE_TEST_OWN_POSTGRES_PORT") or 0)
    if not port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    directory = tempfile.mkdtemp(prefix="timeline-own-pg.")
    started = subprocess.run(["bash", str(_SCRIPT), "start", directory, str(port)],
                             check=True, capture_output=True, text=True)
    server = OwnServer(directory, port, started.stdout.strip().splitlines()[-1])
    try:
        yield server
    finally:
        subprocess.run(["bash", str(_SCRIPT), "stop", directory], check=False,
                       capture_output=True)


def _store_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """A store of ``kind``: None in memory, a new SQLite file, or a fresh
    PostgreSQL database."""
    if kind == "memory":
        return None
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'log.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each durable store in turn."""
    return str(_store_url(request.param, request, tmp_path))


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """Each store in turn, in memory too."""
    return _store_url(request.param, request, tmp_path)

