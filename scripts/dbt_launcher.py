"""`dbt ARGS`, refused at once when another run holds the DuckDB database.

Run as `scripts/dbt.sh ARGS` (this file under the project venv's Python). dbt itself finds
out only after loading and parsing the project, when it first connects, and then prints
DuckDB's lock error under ~200 lines of traceback. This opens the database for writing
first (and closes it at once); if another process holds it, it prints one line and exits 3
without starting dbt. Otherwise it replaces itself with dbt (same arguments, same folder,
same environment). A run that starts in the moment between the two still meets dbt's own
error; the check makes the usual case (a run still going when the next one is due) fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from firstparty_db import database_path, lock_holder

#: The dbt commands that open the database (the others: parse, ls, deps, clean, init).
CONNECTING_COMMANDS = frozenset(
    {
        "build",
        "clone",
        "compile",
        "debug",
        "docs",
        "retry",
        "run",
        "run-operation",
        "seed",
        "show",
        "snapshot",
        "source",
        "test",
    }
)
EXIT_HELD = 3


def uses_duckdb_database(args: Sequence[str]) -> bool:
    """Whether `dbt ARGS` connects to this project's DuckDB target (profiles.yml)."""
    if not any(arg in CONNECTING_COMMANDS for arg in args):
        return False
    target = os.environ.get("DBT_TARGET") or os.environ.get("FIRSTPARTY_TARGET") or "duckdb"
    for position, arg in enumerate(args):
        if arg in ("--target", "-t") and position + 1 < len(args):
            target = args[position + 1]
        elif arg.startswith("--target="):
            target = arg.removeprefix("--target=")
    return target == "duckdb"


def main(args: Sequence[str]) -> int:
    if uses_duckdb_database(args):
        database = database_path()
        holder = lock_holder(database)
        if holder is not None:
            print(
                f"another run holds the database {database} (PID {holder}); "
                "try again when it has finished",
                file=sys.stderr,
            )
            return EXIT_HELD
    dbt = str(Path(sys.executable).with_name("dbt"))
    os.execv(dbt, [dbt, *args])
    return 0  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
