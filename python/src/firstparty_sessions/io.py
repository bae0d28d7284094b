"""Reading and writing raw event files and the reference outputs.

Raw files hold the six raw columns as text. Supported formats, chosen by file extension:

* ``.csv`` -- UTF-8, header row, ``\\n`` line ends. A null is an empty *unquoted* field;
  every non-null value is written quoted (``""`` doubled inside), so an empty string
  (``""``) stays distinct from a null.
* ``.parquet`` -- one ``string`` column each, real nulls.
* ``.ndjson`` / ``.jsonl`` -- one JSON object per line, values strings or ``null``.

Every column is read as text (``object`` dtype holding ``str`` or ``None``). A parquet
timestamp column is turned into ``YYYY-MM-DD HH:MM:SS.ffffff`` text (with its offset when it
has a time zone); other non-text parquet columns are cast to text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from firstparty_sessions.reference import ReferenceOutputs
from firstparty_sessions.timestamps import format_received_at

__all__ = [
    "OUTPUT_FILES",
    "RAW_FORMATS",
    "RawFileError",
    "raw_format",
    "read_raw_events",
    "write_raw_events",
    "write_reference_outputs",
]

#: Extension -> format name.
RAW_FORMATS: Final = {".csv": "csv", ".parquet": "parquet", ".ndjson": "ndjson", ".jsonl": "ndjson"}
#: File names written by :func:`write_reference_outputs`.
OUTPUT_FILES: Final = {
    "event_sessions": "event_sessions.parquet",
    "sessions": "sessions.parquet",
    "rejected_events": "rejected_events.parquet",
}


class RawFileError(ValueError):
    """A raw file cannot be read or written (bad extension, bad content, bad values)."""


def raw_format(path: str | Path) -> str:
    """The format of ``path`` from its extension (case-insensitive), or raise RawFileError."""
    suffix = Path(path).suffix.lower()
    try:
        return RAW_FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(RAW_FORMATS))
        raise RawFileError(
            f"unsupported file extension {suffix or '(none)'!r} for {str(path)!r}: use {known}"
        ) from None


def _text_frame(columns: dict[str, list[Any]]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in columns.items()})


def _arrow_column_text(column: pa.ChunkedArray) -> list[str | None]:
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        values: list[str | None] = column.to_pylist()
        return values
    if pa.types.is_timestamp(kind):
        return [None if v is None else format_received_at(v) for v in column.to_pylist()]
    if pa.types.is_null(kind):
        return [None] * len(column)
    try:
        values = column.cast(pa.string()).to_pylist()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise RawFileError(f"cannot read a {kind} column as text: {exc}") from exc
    return values


def _read_csv(path: Path) -> pd.DataFrame:
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise RawFileError(f"{path}: empty CSV file (no header row)")
    if len(set(header)) != len(header):
        raise RawFileError(f"{path}: duplicate column names in the header")
    table = pa_csv.read_csv(
        path,
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    return _text_frame({name: _arrow_column_text(table.column(name)) for name in header})


def _read_parquet(path: Path) -> pd.DataFrame:
    table = pq.read_table(path)
    return _text_frame(
        {name: _arrow_column_text(table.column(name)) for name in table.column_names}
    )


def _read_ndjson(path: Path) -> pd.DataFrame:
    columns: dict[str, list[str | None]] = {}
    rows = 0
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise RawFileError(f"{path}:{line_number}: not a JSON object: {exc}") from exc
            if not isinstance(record, dict):
                raise RawFileError(f"{path}:{line_number}: not a JSON object")
            for name, value in record.items():
                if value is not None and not isinstance(value, str):
                    raise RawFileError(
                        f"{path}:{line_number}: column {name!r} must be a string or null, "
                        f"got {type(value).__name__}"
                    )
                if name not in columns:
                    columns[name] = [None] * rows
            for name, values in columns.items():
                values.append(record.get(name))
            rows += 1
    return _text_frame(dict(columns))


def read_raw_events(path: str | Path) -> pd.DataFrame:
    """Read a raw event file (format from the extension), every column as text."""
    path = Path(path)
    fmt = raw_format(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {str(path)!r}")
    try:
        if fmt == "csv":
            return _read_csv(path)
        if fmt == "parquet":
            return _read_parquet(path)
        return _read_ndjson(path)
    except UnicodeDecodeError as exc:
        raise RawFileError(f"{path}: not UTF-8 text: {exc}") from exc
    except pa.ArrowException as exc:
        raise RawFileError(f"{path}: cannot read {fmt}: {exc}") from exc


def _text_values(frame: pd.DataFrame, name: str) -> list[str | None]:
    series = frame[name]
    values: list[Any] = series.tolist()
    nulls = series.isna().tolist()
    out: list[str | None] = []
    for index, (value, null) in enumerate(zip(values, nulls, strict=True)):
        if null:
            out.append(None)
        elif isinstance(value, str):
            out.append(value)
        else:
            kind = type(value).__name__
            raise RawFileError(
                f"column {name!r} row {index}: expected a string or null, got {kind}"
            )
    return out


def _csv_field(value: str | None) -> str:
    if value is None:
        return ""
    return '"' + value.replace('"', '""') + '"'


def _csv_lines(names: Sequence[str], columns: Sequence[list[str | None]]) -> Iterable[str]:
    yield ",".join(_csv_field(name) for name in names) + "\n"
    for row in zip(*columns, strict=True):
        yield ",".join(_csv_field(value) for value in row) + "\n"


def write_raw_events(frame: pd.DataFrame, path: str | Path) -> None:
    """Write raw rows to ``path`` (format from the extension); every column as text.

    Values must be strings or nulls. Parent directories are created.
    """
    path = Path(path)
    fmt = raw_format(path)
    names = [str(name) for name in frame.columns]
    columns = [_text_values(frame, name) for name in frame.columns]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(_csv_lines(names, columns))
        elif fmt == "parquet":
            table = pa.table(
                {
                    name: pa.array(values, type=pa.string())
                    for name, values in zip(names, columns, strict=True)
                }
            )
            pq.write_table(table, path)
        else:
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                for row in zip(*columns, strict=True):
                    record = dict(zip(names, row, strict=True))
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    except UnicodeEncodeError as exc:
        raise RawFileError(f"{path}: value is not encodable as UTF-8: {exc}") from exc
    except pa.ArrowException as exc:
        raise RawFileError(f"{path}: cannot write {fmt}: {exc}") from exc


def _arrow_type(series: pd.Series) -> pa.DataType:
    kind = str(series.dtype)
    if kind == "int64":
        return pa.int64()
    if kind == "bool":
        return pa.bool_()
    if kind.startswith("datetime64"):
        return pa.timestamp("us")
    return pa.string()


def write_reference_outputs(outputs: ReferenceOutputs, out_dir: str | Path) -> dict[str, Path]:
    """Write the three relations as parquet files into ``out_dir`` (created if needed).

    Returns relation name -> written path. Text columns are ``string``, timestamps
    ``timestamp[us]`` (naive UTC), counts ``int64``, flags ``bool``.
    """
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for relation, file_name in OUTPUT_FILES.items():
        frame: pd.DataFrame = getattr(outputs, relation)
        schema = pa.schema([(str(name), _arrow_type(frame[name])) for name in frame.columns])
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        target = directory / file_name
        pq.write_table(table, target)
        written[relation] = target
    return written
