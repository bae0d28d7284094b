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


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> DbtWorkspace:
    """The demo seed built once (`dbt build --full-refresh`), shared by the tests that only
    read the built tables (semantic layer, health report)."""
    workspace = DbtWorkspace(tmp_path_factory.mktemp("demo"))
    workspace.build()
    return workspace
