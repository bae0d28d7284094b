"""The raw input's shape: its required columns and the file types it may come in.

The one place the package defines them; the readers, the writer, the generator, the
reference resolver and the command line's help all use these names. The file types are the
ones the dbt project accepts for ``raw_events_path`` (macro ``raw_events_file_format``; a
unit test checks that the two lists are equal).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Final

__all__ = ["RAW_COLUMNS", "RAW_FORMATS", "RawFileError", "raw_format", "raw_suffixes_text"]

#: The six columns every raw input has (read by name; any other column is ignored).
RAW_COLUMNS: Final = ("event_id", "source_id", "source_type", "received_at", "payload", "cookie")

#: File name ending (lowercase) -> format: ``csv``, ``parquet`` or ``ndjson``.
RAW_FORMATS: Final = MappingProxyType(
    {
        ".csv": "csv",
        ".csv.gz": "csv",
        ".parquet": "parquet",
        ".ndjson": "ndjson",
        ".jsonl": "ndjson",
        ".json": "ndjson",
    }
)


class RawFileError(ValueError):
    """A raw file cannot be read or written (bad extension, bad content, bad values)."""


def raw_suffixes_text() -> str:
    """The accepted file name endings as text for messages and help: ``.csv, .csv.gz, ...``."""
    return ", ".join(RAW_FORMATS)


def raw_format(path: str | Path) -> str:
    """The format of ``path`` from its name's ending (case-insensitive), or raise RawFileError.

    >>> raw_format("events.CSV.gz")
    'csv'
    """
    name = Path(path).name.lower()
    # Longest ending first, so that ``.csv.gz`` is never mistaken for something shorter.
    for suffix in sorted(RAW_FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return RAW_FORMATS[suffix]
    suffix = "".join(Path(name).suffixes[-2:]) or "(none)"
    raise RawFileError(
        f"unsupported file extension {suffix!r} for {str(path)!r}: use {raw_suffixes_text()}"
    )
