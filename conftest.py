"""Doctests of the query modules name ``Timeline``, whose methods they are."""

from __future__ import annotations

from typing import Any

import pytest

from timeline import Timeline


@pytest.fixture(autouse=True)
def _timeline_in_doctests(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["Timeline"] = Timeline
