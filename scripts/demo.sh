#!/usr/bin/env bash
# The main job on the bundled demo data: install, `dbt build` (seed, models, tests) on
# DuckDB, then show a few sessions. Extra arguments go to `dbt build`
# (e.g. --vars '{session_id_validation: known}').
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
dbt build "$@"
dbt show --select sessions --limit 10 "$@"
