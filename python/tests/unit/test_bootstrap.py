"""scripts/bootstrap.sh installs only when .venv is not current (on a copy of the repository
files it reads, with a fake venv whose `python` only records how pip was called)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
INPUTS = ("requirements.txt", "constraints.txt", "python/pyproject.toml")
FAKE_PYTHON = '#!/bin/sh\necho "$*" >> "$(dirname "$0")/../../pip-calls.log"\n'


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    for name in ("scripts/bootstrap.sh", *INPUTS):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPOSITORY / name, tmp_path / name)
    fake = tmp_path / ".venv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE_PYTHON, encoding="utf-8")
    fake.chmod(0o755)
    return tmp_path


def bootstrap(checkout: Path, *args: str) -> int:
    command = [str(checkout / "scripts" / "bootstrap.sh"), *args]
    return subprocess.run(command, cwd=checkout, check=False).returncode


def pip_calls(checkout: Path) -> list[str]:
    log = checkout / "pip-calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_a_current_venv_is_left_alone_and_a_changed_input_installs_again(checkout: Path) -> None:
    assert bootstrap(checkout, "--check") == 1  # never installed by bootstrap
    assert pip_calls(checkout) == []  # --check installs nothing

    assert bootstrap(checkout) == 0
    first = pip_calls(checkout)
    assert len(first) == 2
    assert first[0] == "-m pip install --quiet --upgrade pip"
    assert first[1] == "-m pip install --quiet -r requirements.txt -c constraints.txt -e python/"
    assert bootstrap(checkout, "--check") == 0

    started = time.monotonic()
    assert bootstrap(checkout) == 0
    assert time.monotonic() - started < 2
    assert pip_calls(checkout) == first  # nothing run, not even the pip upgrade

    for name in INPUTS:
        with (checkout / name).open("a", encoding="utf-8") as file:
            file.write("\n# changed\n")
        assert bootstrap(checkout, "--check") == 1, name
        assert bootstrap(checkout) == 0
        assert bootstrap(checkout, "--check") == 0, name
    assert len(pip_calls(checkout)) == 2 + 2 * len(INPUTS)


def test_a_failed_install_is_not_taken_for_a_current_venv(checkout: Path) -> None:
    assert bootstrap(checkout) == 0
    fake = checkout / ".venv" / "bin" / "python"
    fake.write_text(FAKE_PYTHON + "exit 1\n", encoding="utf-8")
    (checkout / "constraints.txt").write_text("pandas==0.0.1\n", encoding="utf-8")
    assert bootstrap(checkout) == 1
    fake.write_text(FAKE_PYTHON, encoding="utf-8")
    assert bootstrap(checkout, "--check") == 1


def test_no_venv_is_not_current(checkout: Path) -> None:
    assert bootstrap(checkout) == 0
    shutil.rmtree(checkout / ".venv")
    assert bootstrap(checkout, "--check") == 1
    assert not (checkout / ".venv").exists()  # --check creates nothing
