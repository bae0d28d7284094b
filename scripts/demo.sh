#!/usr/bin/env bash
# The main job on the bundled demo data: install, `dbt build` (seed, models, tests) on
# DuckDB, then a summary of the outputs and the health report (health_report.html). Extra arguments go to `dbt build`
# (e.g. --vars '{session_id_validation: known}'). dbt prints only errors here; its full
# log is logs/dbt.log.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

echo "dbt build on ${FIRSTPARTY_DUCKDB_PATH:-firstparty.duckdb}" \
    "(errors only here; dbt's full log: logs/dbt.log)"
scripts/dbt.sh --quiet build "$@"
echo
.venv/bin/python scripts/tables.py summary
database="${FIRSTPARTY_DUCKDB_PATH:-firstparty.duckdb}"
echo
echo "health report (README.md, \"The health report\"):"
.venv/bin/firstparty-sessions report --database "$database" --out health_report.html
