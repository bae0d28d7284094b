"""The project's DuckDB database file, as profiles.yml names it, and who holds it.

Shared by the scripts in this folder (dbt_launcher.py, tables.py); run none of it directly.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

#: profiles.yml: path: "{{ env_var('FIRSTPARTY_DUCKDB_PATH', 'firstparty.duckdb') }}"
#: (python/tests/integration/test_concurrent_run.py checks the two agree).
PATH_VARIABLE = "FIRSTPARTY_DUCKDB_PATH"
DEFAULT_PATH = "firstparty.duckdb"

_LOCK_ERROR = "Could not set lock on file"
_HOLDER_PID = re.compile(r"\(PID (\d+)\)")


def database_path() -> Path:
    """The database dbt's `duckdb` target uses when run from the current folder."""
    return Path(os.environ.get(PATH_VARIABLE) or DEFAULT_PATH)


def lock_holder(database: Path) -> str | None:
    """None when `database` can be opened for writing now (or does not exist yet);
    otherwise the PID of the process that holds it ("?" when DuckDB does not say).
    Opens the file and closes it at once: it creates nothing and changes nothing."""
    if not database.exists():
        return None
    try:
        duckdb.connect(str(database)).close()
    except duckdb.IOException as error:
        message = str(error)
        if _LOCK_ERROR not in message:
            return None  # not a lock: dbt opens the file next and reports it in its words
        match = _HOLDER_PID.search(message)
        return match.group(1) if match else "?"
    return None
