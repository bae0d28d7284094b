"""Raw file formats: round trips, null vs empty string, typed parquet columns, outputs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from firstparty_sessions.generate import generate_raw_events
from firstparty_sessions.io import (
    RawFileError,
    raw_format,
    read_raw_events,
    write_raw_events,
    write_reference_outputs,
)
from firstparty_sessions.reference import resolve

from ._helpers import raw_frame

NASTY = [
    None,
    "",
    '"',
    '""',
    "a,b",
    "line\nbreak",
    "carriage\rreturn",
    "crlf\r\n",
    " padded ",
    "é😀注",
    "\x00nul",
    "\\N",
    "NULL",
    "null",
    "NaN",
    '{"a": [1, 2,], "b": "x,\\"y"}',
    "tab\tseparated",
]


def nasty_frame() -> pd.DataFrame:
    rows = [
        {
            "event_id": value,
            "received_at": "2026-11-01 12:00:00.000000",
            "payload": value,
            "cookie": value,
            "source_id": value,
        }
        for value in NASTY
    ]
    return raw_frame(*rows)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".ndjson", ".jsonl", ".CSV"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    frame = nasty_frame()
    path = tmp_path / f"raw{suffix}"
    write_raw_events(frame, path)
    pd.testing.assert_frame_equal(read_raw_events(path), frame)


@settings(max_examples=25)
@given(
    st.lists(
        st.one_of(st.none(), st.text(alphabet=st.characters(codec="utf-8"))),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([".csv", ".parquet", ".ndjson"]),
)
def test_round_trip_any_text(
    tmp_path_factory: pytest.TempPathFactory, values: list[str | None], suffix: str
) -> None:
    frame = raw_frame(*({"payload": v, "cookie": v, "event_id": v} for v in values))
    path = tmp_path_factory.mktemp("rt") / f"raw{suffix}"
    write_raw_events(frame, path)
    pd.testing.assert_frame_equal(read_raw_events(path), frame)


def test_csv_nulls_are_unquoted_empty_and_strings_are_quoted(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "a": pd.Series([None, "", "x"], dtype=object),
            "b": pd.Series(["1", None, 'q"'], dtype=object),
        }
    )
    path = tmp_path / "t.csv"
    write_raw_events(frame, path)
    assert path.read_text(encoding="utf-8") == '"a","b"\n,"1"\n"",\n"x","q"""\n'


def test_reads_plain_csv_written_by_other_tools(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text(
        "event_id,source_id,source_type,received_at,payload,cookie\n"
        'e1,s,http,2026-11-01 12:00:00,"{""a"":1}",\n'
        'e2,s,http,2026-11-01,"",fsid=x\n',
        encoding="utf-8",
    )
    frame = read_raw_events(path)
    assert frame["payload"].tolist() == ['{"a":1}', ""]
    assert frame["cookie"].tolist() == [None, "fsid=x"]
    assert frame["received_at"].tolist() == ["2026-11-01 12:00:00", "2026-11-01"]


def test_every_column_is_text_even_when_it_looks_numeric(tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    path.write_text(
        "event_id,source_id,source_type,received_at,payload,cookie\n"
        "001,1,2,2026-11-01,3.0,4\n1e3,1,2,2026-11-02,true,5\n",
        encoding="utf-8",
    )
    frame = read_raw_events(path)
    assert frame["event_id"].tolist() == ["001", "1e3"]
    assert frame["payload"].tolist() == ["3.0", "true"]


def test_typed_parquet_columns_are_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    table = pa.table(
        {
            "event_id": pa.array(["e1", "e2"]),
            "received_at": pa.array(
                [datetime(2026, 11, 1, 12, 0, 0, 123000), None], type=pa.timestamp("us")
            ),
            "source_id": pa.array(
                [datetime(2026, 11, 1, 12), datetime(2026, 11, 1, 13)],
                type=pa.timestamp("ms", tz="UTC"),
            ),
            "source_type": pa.array([1, None], type=pa.int64()),
            "payload": pa.array(["{}", None]),
            "cookie": pa.array([None, None], type=pa.null()),
        }
    )
    pq.write_table(table, path)
    frame = read_raw_events(path)
    assert frame["received_at"].tolist() == ["2026-11-01 12:00:00.123000", None]
    assert frame["source_id"].tolist() == [
        "2026-11-01 12:00:00.000000+00:00",
        "2026-11-01 13:00:00.000000+00:00",
    ]
    assert frame["source_type"].tolist() == ["1", None]
    assert frame["cookie"].tolist() == [None, None]


def test_ndjson_missing_keys_are_null_and_bad_values_fail(tmp_path: Path) -> None:
    path = tmp_path / "r.ndjson"
    others = '"source_id": "s", "source_type": "http", "received_at": "2026-11-01", "cookie": null'
    path.write_text(
        '{"event_id": "e1", ' + others + '}\n\n{"event_id": null, "payload": "{}"}\n',
        encoding="utf-8",
    )
    frame = read_raw_events(path)
    assert frame["event_id"].tolist() == ["e1", None]
    assert frame["payload"].tolist() == [None, "{}"]
    path.write_text('{"event_id": 5}\n', encoding="utf-8")
    with pytest.raises(RawFileError, match=r"r\.ndjson' line 1: column 'event_id'"):
        read_raw_events(path)
    path.write_text("[1]\n", encoding="utf-8")
    with pytest.raises(RawFileError, match="not a JSON object"):
        read_raw_events(path)


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(RawFileError, match="extension"):
        raw_format(tmp_path / "raw.txt")
    with pytest.raises(RawFileError, match="extension"):
        write_raw_events(raw_frame(), tmp_path / "raw")
    with pytest.raises(FileNotFoundError):
        read_raw_events(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"event_id\n\xff\xfe\n")
    with pytest.raises(RawFileError):
        read_raw_events(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(RawFileError, match="empty"):
        read_raw_events(empty)
    with pytest.raises(RawFileError, match="expected a string"):
        write_raw_events(pd.DataFrame({"event_id": [1]}), tmp_path / "x.csv")


def test_write_reference_outputs(tmp_path: Path) -> None:
    out = resolve(generate_raw_events(300, 9))
    written = write_reference_outputs(out, tmp_path / "out")
    assert {path.name for path in written.values()} == {
        "event_sessions.parquet",
        "sessions.parquet",
        "rejected_events.parquet",
    }
    schema = pq.read_schema(written["event_sessions"])
    assert schema.field("received_at").type == pa.timestamp("us")
    assert schema.field("delivery_count").type == pa.int64()
    assert schema.field("payload_session_id").type == pa.string()
    assert pq.read_schema(written["sessions"]).field("is_cross_source").type == pa.bool_()
    back = pq.read_table(written["event_sessions"]).to_pandas()
    assert back["event_id"].tolist() == out.event_sessions["event_id"].tolist()
    empty = resolve(raw_frame())
    written = write_reference_outputs(empty, tmp_path / "empty")
    assert pq.read_schema(written["sessions"]).field("session_id").type == pa.string()
