#!/usr/bin/env bash
# The main job on the bundled demo data: install, `dbt build` (seed, models, tests) on
# DuckDB, then show a few sessions. Extra arguments go to `dbt build`
# (e.g. --vars '{session_id_validation: known}').
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
dbt build "$@"

echo
echo "sessions (first 10 by created_at), in ${FIRSTPARTY_DUCKDB_PATH:-firstparty.duckdb}:"
python - <<'PY'
import os

import duckdb

database = os.environ.get("FIRSTPARTY_DUCKDB_PATH", "firstparty.duckdb")
with duckdb.connect(database, read_only=True) as connection:
    connection.sql(
        """
        select session_id, created_at, updated_at, profile_id, event_count, created_by,
               source_types, is_cross_source
        from sessions
        order by created_at, session_id
        limit 10
        """
    ).show(max_width=200)
PY
