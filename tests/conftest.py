"""One hypothesis profile for every run (at least 200 examples a property, no
deadline) and the PostgreSQL server fixtures."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

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


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    name = f"timeline_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    base, _, _ = postgres_server.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
