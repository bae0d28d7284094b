"""Fixtures for the tests that build the dbt project."""

from __future__ import annotations

from pathlib import Path

import pytest

from .dbt_project import DbtWorkspace


@pytest.fixture
def workspace(tmp_path: Path) -> DbtWorkspace:
    return DbtWorkspace(tmp_path)


@pytest.fixture(scope="module")
def module_workspace(tmp_path_factory: pytest.TempPathFactory) -> DbtWorkspace:
    return DbtWorkspace(tmp_path_factory.mktemp("dbt"))
