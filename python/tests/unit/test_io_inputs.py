"""Raw inputs are read by column name, in every accepted file type, with one-line errors.

The accepted file types must be the ones the dbt project accepts (the macro
``raw_events_file_format`` in ``macros/inputs/raw_events_relation.sql``).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from firstparty_sessions.cli import main
from firstparty_sessions.io import (
    MissingColumnsError,
    RawFileError,
    raw_format,
    read_raw_events,
    write_raw_events,
)
from firstparty_sessions.schema import RAW_COLUMNS, RAW_FORMATS

from ._helpers import raw_frame

MACRO = Path(__file__).parents[3] / "macros" / "inputs" / "raw_events_relation.sql"


def macro_suffixes() -> dict[str, str]:
    """Suffix -> format, read from the body of the dbt macro ``raw_events_file_format``."""
    text = MACRO.read_text(encoding="utf-8")
    body = text.split("macro raw_events_file_format", 1)[1].split("endmacro", 1)[0]
    found: dict[str, str] = {}
    for condition, fmt in re.findall(r"if\s+(.*?)\s*-?%\}\{\{\s*return\('(\w+)'\)", body):
        for suffix in re.findall(r"endswith\('([^']+)'\)", condition):
            found[suffix] = fmt
    return found


def test_accepted_file_types_equal_the_dbt_macro() -> None:
    suffixes = macro_suffixes()
    assert suffixes  # the macro was found and parsed
    assert dict(RAW_FORMATS) == suffixes


@pytest.mark.parametrize("suffix", sorted(RAW_FORMATS))
def test_every_accepted_type_round_trips(tmp_path: Path, suffix: str) -> None:
    frame = raw_frame(
        {"event_id": "e1", "received_at": "2026-11-01", "payload": "", "cookie": "fsid=x"},
        {"event_id": "e2", "received_at": None, "payload": None, "cookie": None},
    )
    path = tmp_path / f"raw{suffix.upper()}"
    assert raw_format(path) == RAW_FORMATS[suffix]
    write_raw_events(frame, path)
    pd.testing.assert_frame_equal(read_raw_events(path), frame)


def test_csv_gz_is_gzip(tmp_path: Path) -> None:
    path = tmp_path / "raw.csv.gz"
    write_raw_events(raw_frame({"event_id": "e1"}), path)
    assert gzip.decompress(path.read_bytes()).decode().startswith('"event_id",')


def columns_text(names: list[str]) -> str:
    return ",".join(names) + "\n"


def test_extra_columns_are_dropped_and_order_does_not_matter(tmp_path: Path) -> None:
    names = ["cookie_copy", *reversed(RAW_COLUMNS), "x"]
    row = {name: f"v_{name}" for name in names}
    path = tmp_path / "raw.csv"
    path.write_text(columns_text(names) + ",".join(row[n] for n in names) + "\n", "utf-8")
    frame = read_raw_events(path)
    assert tuple(frame.columns) == RAW_COLUMNS
    assert frame.iloc[0].tolist() == [f"v_{name}" for name in RAW_COLUMNS]


@pytest.mark.parametrize("suffix", [".parquet", ".ndjson", ".json"])
def test_extra_columns_are_dropped_in_other_formats(tmp_path: Path, suffix: str) -> None:
    frame = raw_frame({"event_id": "e1", "cookie": "fsid=x"})
    shuffled = frame[list(reversed(RAW_COLUMNS))].assign(secret_cookies="tok=1")
    path = tmp_path / f"raw{suffix}"
    write_raw_events(shuffled, path)
    pd.testing.assert_frame_equal(read_raw_events(path), frame)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".ndjson"])
def test_a_missing_required_column_is_one_line_naming_file_and_columns(
    tmp_path: Path, suffix: str
) -> None:
    frame = raw_frame({"event_id": "e1"}).drop(columns=["cookie", "payload"])
    path = tmp_path / f"x{suffix}"
    write_raw_events(frame, path)
    with pytest.raises(MissingColumnsError) as caught:
        read_raw_events(path)
    assert str(caught.value) == (
        f"raw events file {str(path)!r} lacks required column(s): payload, cookie"
    )
    assert isinstance(caught.value, ValueError)


def test_cli_prints_the_missing_column_as_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.csv"
    path.write_text(columns_text([c for c in RAW_COLUMNS if c != "cookie"]), "utf-8")
    assert main(["resolve", str(path), "--out-dir", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"firstparty-sessions: error: raw events file {str(path)!r} lacks required column(s): "
        "cookie"
    ]


def test_header_only_csv_is_an_empty_input(tmp_path: Path) -> None:
    path = tmp_path / "raw.csv"
    path.write_text(columns_text(list(RAW_COLUMNS)), "utf-8")
    frame = read_raw_events(path)
    assert tuple(frame.columns) == RAW_COLUMNS
    assert len(frame) == 0


@pytest.mark.parametrize("suffix", [".ndjson", ".json", ".parquet", ".csv"])
def test_zero_rows_are_an_empty_input(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"raw{suffix}"
    write_raw_events(raw_frame(), path)
    frame = read_raw_events(path)
    assert (tuple(frame.columns), len(frame)) == (RAW_COLUMNS, 0)


def one_line_error(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``resolve`` on ``path``: it must fail with exactly one stderr line, no traceback."""
    assert main(["resolve", str(path), "--out-dir", str(path.parent / "out")]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert str(path) in lines[0]
    return lines[0]


def test_empty_csv_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "raw.csv"
    path.write_bytes(b"")
    assert "empty" in one_line_error(path, capsys)


def test_broken_ndjson_line_gives_its_1_based_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = '{"event_id": "e1",\r "source_id": null}'  # a CR is JSON white space
    path = tmp_path / "raw.ndjson"
    path.write_text(record + "\n\n" + '{"event_id": "e2", \n', encoding="utf-8", newline="")
    line = one_line_error(path, capsys)
    assert "line 3" in line
    with pytest.raises(RawFileError, match="line 3"):
        read_raw_events(path)


def test_unreadable_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "raw.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    assert "parquet" in one_line_error(path, capsys).lower()


def test_csv_with_a_bad_row_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "raw.csv"
    path.write_text(columns_text(list(RAW_COLUMNS)) + '"a","b"\n', encoding="utf-8")
    one_line_error(path, capsys)


def test_typed_parquet_extra_columns_are_not_read(tmp_path: Path) -> None:
    table = pa.table(
        {
            **{name: pa.array(["x"], type=pa.string()) for name in RAW_COLUMNS},
            "unreadable": pa.array([[1, 2]], type=pa.list_(pa.int64())),
        }
    )
    path = tmp_path / "raw.parquet"
    pq.write_table(table, path)
    assert read_raw_events(path).iloc[0].tolist() == ["x"] * len(RAW_COLUMNS)
