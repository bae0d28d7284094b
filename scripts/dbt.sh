#!/usr/bin/env bash
# `dbt ARGS` with the project venv's dbt, for scheduled runs: when another run holds the
# DuckDB database, it says so in one line and exits 3 at once, before dbt starts
# (scripts/dbt_launcher.py). Run it from the project folder, as dbt.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
exec "$scripts/../.venv/bin/python" "$scripts/dbt_launcher.py" "$@"
