"""What a plain (scheduled) `dbt build` selects, and what CI's `--selector unit` adds
(selectors.yml): the YAML unit tests run in CI, never on a schedule."""

from __future__ import annotations

from pathlib import Path

from .dbt_project import DbtWorkspace


def listed_unit_tests(workspace: DbtWorkspace, *selection: str) -> set[str]:
    """The unit tests `dbt ls` selects with these arguments, by name."""
    result = workspace.run(
        "ls", "--resource-type", "unit_test", "--output", "name", "-q", *selection
    )
    return {line.strip() for line in result.stdout.splitlines() if line.strip()}


def test_unit_tests_run_by_their_selector_only(tmp_path: Path) -> None:
    workspace = DbtWorkspace(tmp_path)
    # An explicit selection replaces the default selector: every unit test of the project.
    every = listed_unit_tests(workspace, "--select", "fqn:*")
    assert len(every) >= 10, f"expected the project's YAML unit tests, found {sorted(every)}"
    assert listed_unit_tests(workspace) == set(), "the default selector must leave them out"
    assert listed_unit_tests(workspace, "--selector", "unit") == every
