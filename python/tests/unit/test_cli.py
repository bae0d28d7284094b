"""The command line, in process through main(argv) and as a real subprocess."""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from firstparty_sessions.cli import build_parser, main
from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.ids import mint_session_id
from firstparty_sessions.io import read_raw_events
from firstparty_sessions.reference import resolve
from firstparty_sessions.schema import RAW_FORMATS

from ._helpers import EXAMPLE_ID, raw_frame


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_mint(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["mint", "ev_0001", "2026-11-01 12:00:00.123"], capsys) == (0, EXAMPLE_ID + "\n", "")
    code, out, _ = run(["mint", "ev_0001", "2026-11-01T13:00:00.123999+01:00"], capsys)
    assert (code, out) == (0, EXAMPLE_ID + "\n")


@pytest.mark.parametrize(
    ("received_at", "reason"),
    [
        ("1969-12-31", "received_at_out_of_range"),
        ("yesterday", "unparseable_received_at"),
        ("", "missing_received_at"),
    ],
)
def test_mint_rejects_bad_times(
    capsys: pytest.CaptureFixture[str], received_at: str, reason: str
) -> None:
    code, out, err = run(["mint", "e", received_at], capsys)
    assert (code, out) == (2, "")
    assert reason in err
    assert "Traceback" not in err


def test_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", " " + EXAMPLE_ID.upper() + "\t"], capsys) == (0, EXAMPLE_ID + "\n", "")
    assert run(["validate", "{" + EXAMPLE_ID + "}"], capsys) == (1, "invalid\n", "")
    assert run(["validate", "--", "-x"], capsys) == (1, "invalid\n", "")


def test_cookie(capsys: pytest.CaptureFixture[str]) -> None:
    header = f'tok=secret; fsid=bad; fsid="{EXAMPLE_ID.upper()}"'
    assert run(["cookie", header], capsys) == (0, f"valid {EXAMPLE_ID}\n", "")
    assert run(["cookie", "fsid=bad; tok=secret"], capsys)[1] == "malformed\n"
    assert run(["cookie", ""], capsys)[1] == "absent\n"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nope"],
        ["mint", "only-one"],
        ["generate", "--events", "-1", "--out", "x.csv"],
        ["generate", "--events", "ten", "--out", "x.csv"],
        ["generate", "--events", "10"],
        ["generate", "--events", "10", "--out", "x.csv", "--seed", "s"],
        ["resolve"],
        ["resolve", "raw.csv"],
    ],
)
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "error" in err
    assert "Traceback" not in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert "generate" in out


def test_generate_and_resolve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw_path = tmp_path / "raw.csv"
    code, _, err = run(
        ["generate", "--events", "400", "--out", str(raw_path), "--seed", "5"], capsys
    )
    assert code == 0
    assert "400" in err
    raw = read_raw_events(raw_path)
    assert len(raw) == 400
    for strict in (False, True):
        out_dir = tmp_path / ("strict" if strict else "format")
        argv = ["resolve", str(raw_path), "--out-dir", str(out_dir)] + (
            ["--strict"] if strict else []
        )
        code, out, _ = run(argv, capsys)
        assert code == 0
        assert len(out.splitlines()) == 3
        expected = resolve(raw, "known" if strict else "format")
        events = pq.read_table(out_dir / "event_sessions.parquet").to_pandas()
        assert events["session_id"].tolist() == expected.event_sessions["session_id"].tolist()
        assert events["payload_session_status"].tolist() == (
            expected.event_sessions["payload_session_status"].tolist()
        )
        sessions = pq.read_table(out_dir / "sessions.parquet").to_pandas()
        assert len(sessions) == len(expected.sessions)
        rejects = pq.read_table(out_dir / "rejected_events.parquet").to_pandas()
        assert len(rejects) == len(expected.rejected_events)


@pytest.mark.parametrize("suffix", [".parquet", ".ndjson", ".jsonl"])
def test_generate_formats(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"raw{suffix}"
    assert run(["generate", "--events", "50", "--out", str(path)], capsys)[0] == 0
    assert read_raw_events(path).shape == (50, 6)


def test_user_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["generate", "--events", "5", "--out", str(tmp_path / "x.txt")], capsys)
    assert code == 2
    assert "extension" in err
    code, _, err = run(
        ["resolve", str(tmp_path / "missing.csv"), "--out-dir", str(tmp_path)], capsys
    )
    assert code == 2
    assert "no such file" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run(["resolve", str(bad), "--out-dir", str(tmp_path / "o")], capsys)
    assert code == 2
    assert "event_id" in err
    for text in (err,):
        assert "Traceback" not in text


def test_subprocess(tmp_path: Path) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "firstparty_sessions", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    result = cli("mint", "ev_0001", "2026-11-01 12:00:00.123")
    assert (result.returncode, result.stdout) == (0, EXAMPLE_ID + "\n")
    result = cli("mint", "ev_0001", "garbage")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    result = cli("generate", "--events", "-5", "--out", str(tmp_path / "x.csv"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    result = cli("cookie", f"auth=secret; fsid={EXAMPLE_ID}")
    assert result.stdout == f"valid {EXAMPLE_ID}\n"
    assert "secret" not in result.stdout
    raw_path = tmp_path / "raw.parquet"
    assert cli("generate", "--events", "200", "--out", str(raw_path)).returncode == 0
    result = cli("resolve", str(raw_path), "--out-dir", str(tmp_path / "out"), "--strict")
    assert result.returncode == 0, result.stderr
    frame = pd.read_parquet(tmp_path / "out" / "sessions.parquet")
    assert len(frame) > 0


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("firstparty-sessions")
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    result = subprocess.run(
        [str(script), "validate", EXAMPLE_ID],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, EXAMPLE_ID + "\n")


@pytest.mark.parametrize("event_id", ["", " ", " \t\n\r\x0b\x0c"])
def test_mint_refuses_a_missing_event_id(capsys: pytest.CaptureFixture[str], event_id: str) -> None:
    code, out, err = run(["mint", event_id, "2026-11-01 12:00:00.123"], capsys)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert "event_id is missing" in err
    assert "missing_event_id" in err


def test_mint_keeps_an_event_id_with_non_ascii_space(capsys: pytest.CaptureFixture[str]) -> None:
    # Only the six ASCII white space characters make an event_id blank (docs/rules.md).
    code, out, _ = run(["mint", "\u00a0", "2026-11-01 12:00:00.123"], capsys)
    assert code == 0
    assert out.strip() == mint_session_id("\u00a0", datetime(2026, 11, 1, 12, 0, 0, 123000))


@pytest.mark.parametrize(
    ("received_at", "reason"),
    [
        ("1969-12-31 23:59:59", "received_at_out_of_range"),
        ("2026-02-30", "unparseable_received_at"),
    ],
)
def test_mint_refuses_a_rejected_time_in_one_line(
    capsys: pytest.CaptureFixture[str], received_at: str, reason: str
) -> None:
    code, out, err = run(["mint", "ev_0001", received_at], capsys)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert f"rejects it as {reason}" in err
    # the same reason as the reference resolver gives such a row
    raw = raw_frame({"event_id": "ev_0001", "received_at": received_at})
    assert resolve(raw).rejected_events["reason"].tolist() == [reason]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    choices: dict[str, argparse.ArgumentParser] = action.choices
    return choices


def test_every_positional_argument_has_help() -> None:
    for name, sub in subcommands().items():
        for action in sub._actions:
            if not action.option_strings:
                assert action.help, f"{name} {action.metavar} has no help"


def test_every_subcommand_documents_its_exit_codes() -> None:
    for name, sub in subcommands().items():
        text = " ".join(sub.format_help().split())
        assert "exit status: 0" in text, name
        assert "2 bad arguments" in text, name
    for name in ("validate", "cookie"):
        text = " ".join(subcommands()[name].format_help().split())
        assert "exit status: 0" in text
        assert ", 1 " in text, name


def test_cookie_exits_1_unless_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["cookie", "fsid=bad; tok=secret"], capsys) == (1, "malformed\n", "")
    assert run(["cookie", ""], capsys) == (1, "absent\n", "")
    assert run(["cookie", f"fsid={EXAMPLE_ID}"], capsys) == (0, f"valid {EXAMPLE_ID}\n", "")


@pytest.mark.parametrize("suffix", [".json", ".csv.gz", ".JSON"])
def test_generate_and_resolve_accept_every_raw_file_type(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"raw{suffix}"
    assert run(["generate", "--events", "60", "--out", str(path), "--seed", "2"], capsys)[0] == 0
    pd.testing.assert_frame_equal(read_raw_events(path), generate_raw_events(60, 2))
    code, out, err = run(["resolve", str(path), "--out-dir", str(tmp_path / "o")], capsys)
    assert code == 0, err
    assert len(out.splitlines()) == 3


def test_generate_help_lists_the_accepted_file_types() -> None:
    text = subcommands()["generate"].format_help()
    for suffix in RAW_FORMATS:
        assert suffix in text
