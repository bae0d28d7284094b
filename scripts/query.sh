#!/usr/bin/env bash
# Runs one SQL statement on the project's DuckDB database, read-only, and prints the rows:
#   scripts/query.sh "select * from sessions order by created_at limit 10"
# The database: $FIRSTPARTY_DUCKDB_PATH, else firstparty.duckdb in the current folder (as dbt).
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
exec "$scripts/../.venv/bin/python" "$scripts/tables.py" query "$@"
