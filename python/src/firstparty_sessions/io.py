"""Reading and writing raw event files and the reference outputs.

Raw files hold the six raw columns (:data:`~firstparty_sessions.schema.RAW_COLUMNS`) as
text. Formats, chosen by the end of the file name (:data:`~firstparty_sessions.schema.RAW_FORMATS`,
the same list the dbt project accepts):

* ``.csv`` / ``.csv.gz`` -- UTF-8, header row, ``\\n`` line ends (gzip-compressed for
  ``.csv.gz``). A null is an empty *unquoted* field; every non-null value is written quoted
  (``""`` doubled inside), so an empty string (``""``) stays distinct from a null.
* ``.parquet`` -- one ``string`` column each, real nulls.
* ``.ndjson`` / ``.jsonl`` / ``.json`` -- one JSON object per line, values strings or
  ``null``; a key missing from a line is null.

Reading is by column NAME: the order of the columns does not matter and any other column is
dropped (it could hold cookies, and nothing but the six columns goes further). A required
column that the file lacks (for NDJSON: a key no line has) is a :class:`MissingColumnsError`.
A file with a header and no rows (or an empty NDJSON file) is an empty input, not an error.
Every error is one line that names the file.

Every column is read as text (``object`` dtype holding ``str`` or ``None``). A parquet
timestamp column is turned into ``YYYY-MM-DD HH:MM:SS.ffffff`` text (with its offset when it
has a time zone); other non-text parquet columns are cast to text.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from io import BufferedWriter, TextIOWrapper
from pathlib import Path
from typing import Any, Final, TextIO

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from firstparty_sessions.reference import ReferenceOutputs
from firstparty_sessions.schema import RAW_COLUMNS, RAW_FORMATS, RawFileError, raw_format
from firstparty_sessions.timestamps import format_received_at

__all__ = [
    "OUTPUT_FILES",
    "RAW_FORMATS",
    "MissingColumnsError",
    "RawFileError",
    "open_for_writing",
    "raw_format",
    "read_raw_events",
    "write_raw_events",
    "write_reference_outputs",
]

#: File names written by :func:`write_reference_outputs`.
OUTPUT_FILES: Final = {
    "event_sessions": "event_sessions.parquet",
    "sessions": "sessions.parquet",
    "rejected_events": "rejected_events.parquet",
}


class MissingColumnsError(RawFileError):
    """A raw events file lacks some of the required columns."""

    def __init__(self, path: Path, missing: Sequence[str]) -> None:
        super().__init__(f"{_label(path)} lacks required column(s): {', '.join(missing)}")
        self.path = path
        self.missing = tuple(missing)


def _label(path: Path) -> str:
    return f"raw events file {str(path)!r}"


def _one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks included) as one space."""
    return " ".join(text.split())


def _gzipped(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _check_columns(path: Path, names: Iterable[str]) -> None:
    present = set(names)
    missing = [name for name in RAW_COLUMNS if name not in present]
    if missing:
        raise MissingColumnsError(path, missing)


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


def _open_text(path: Path) -> TextIO:
    if _gzipped(path):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def _read_csv(path: Path) -> pd.DataFrame:
    with _open_text(path) as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise RawFileError(f"{_label(path)}: empty file (no header row)")
    _check_columns(path, header)
    doubled = [name for name in RAW_COLUMNS if header.count(name) > 1]
    if doubled:
        raise RawFileError(f"{_label(path)}: column(s) named more than once: {', '.join(doubled)}")
    source = pa.input_stream(str(path), compression="gzip" if _gzipped(path) else None)
    table = pa_csv.read_csv(
        source,
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            include_columns=list(RAW_COLUMNS),
            column_types={name: pa.string() for name in RAW_COLUMNS},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    return _text_frame({name: _arrow_column_text(table.column(name)) for name in RAW_COLUMNS})


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        schema = pq.read_schema(path)
    except pa.ArrowException as exc:
        raise RawFileError(f"{_label(path)}: not a readable Parquet file: {exc}") from exc
    _check_columns(path, schema.names)
    table = pq.read_table(path, columns=list(RAW_COLUMNS))
    return _text_frame({name: _arrow_column_text(table.column(name)) for name in RAW_COLUMNS})


def _ndjson_record(path: Path, line_number: int, line: str) -> dict[str, str | None]:
    """The required columns of one NDJSON line (missing keys are null)."""
    where = f"{_label(path)} line {line_number}"
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise RawFileError(f"{where}: not a JSON object: {exc}") from exc
    if not isinstance(record, dict):
        raise RawFileError(f"{where}: not a JSON object")
    values: dict[str, str | None] = {}
    for name in RAW_COLUMNS:
        if name not in record:
            continue
        value = record[name]
        if value is not None and not isinstance(value, str):
            raise RawFileError(
                f"{where}: column {name!r} must be a string or null, got {type(value).__name__}"
            )
        values[name] = value
    return values


def _read_ndjson(path: Path) -> pd.DataFrame:
    columns: dict[str, list[str | None]] = {name: [] for name in RAW_COLUMNS}
    seen: set[str] = set()
    # Lines end at LF only (a CR is JSON white space), so line numbers are the editor's.
    with path.open(encoding="utf-8", newline="\n") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = _ndjson_record(path, line_number, line)
            seen.update(record)
            for name, values in columns.items():
                values.append(record.get(name))
    if columns["event_id"]:  # an empty file is an empty input
        _check_columns(path, seen)
    return _text_frame(dict(columns))


def read_raw_events(path: str | Path) -> pd.DataFrame:
    """Read a raw event file (format from the name's ending): the six raw columns, by name.

    Returns a frame with exactly :data:`~firstparty_sessions.schema.RAW_COLUMNS`, in that
    order, every value ``str`` or ``None``; other columns are dropped. Raises
    ``FileNotFoundError``, :class:`MissingColumnsError`, or :class:`RawFileError` (a
    ``ValueError``) with a one-line message naming the file.
    """
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
        raise RawFileError(f"{_label(path)}: not UTF-8 text: {exc.reason}") from exc
    except (gzip.BadGzipFile, EOFError) as exc:
        raise RawFileError(f"{_label(path)}: not a complete gzip file: {exc}") from exc
    except pa.ArrowException as exc:
        raise RawFileError(f"{_label(path)}: cannot read {fmt}: {_one_line(str(exc))}") from exc


@contextmanager
def open_for_writing(path: Path) -> Iterator[BufferedWriter | gzip.GzipFile]:
    """Open ``path`` to write bytes; gzip-compressed (reproducibly: no time stamp) for
    ``.gz`` names."""
    with path.open("wb") as handle:
        if _gzipped(path):
            with gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as zipped:
                yield zipped
        else:
            yield handle


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
    """Write the frame's columns, as given, to ``path`` (format from the name's ending).

    Values must be strings or nulls. Parent directories are created.
    """
    path = Path(path)
    fmt = raw_format(path)
    names = [str(name) for name in frame.columns]
    columns = [_text_values(frame, name) for name in frame.columns]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "parquet":
            table = pa.table(
                {
                    name: pa.array(values, type=pa.string())
                    for name, values in zip(names, columns, strict=True)
                }
            )
            pq.write_table(table, path)
            return
        with (
            open_for_writing(path) as binary,
            TextIOWrapper(binary, encoding="utf-8", newline="") as handle,
        ):
            if fmt == "csv":
                handle.writelines(_csv_lines(names, columns))
            else:
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
