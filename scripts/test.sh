#!/usr/bin/env bash
# The whole test suite: install, then lint (ruff, mypy, sqlfluff), dbt build, the unit
# tests and the audit on the demo seed in both modes, the static dbt docs, and pytest
# (helper, parity, end-to-end against the pandas reference, privacy, conservation, the
# anomaly checks, the semantic layer (mf), the health report).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

# A database of its own, so that a demo database is never touched.
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
export FIRSTPARTY_DUCKDB_PATH="$workdir/test.duckdb"

echo "== ruff"
ruff check python scripts
ruff format --check python scripts
echo "== mypy"
mypy --config-file python/pyproject.toml python/src python/tests scripts/*.py
echo "== dbt build + the unit tests + the audit (demo seed, default mode)"
dbt build --full-refresh
dbt test --selector unit
dbt test --selector audit
echo "== dbt build + the unit tests + the audit (demo seed, strict mode)"
dbt build --full-refresh --vars '{session_id_validation: known}'
dbt test --selector unit --vars '{session_id_validation: known}'
dbt test --selector audit --vars '{session_id_validation: known}'
echo "== dbt docs generate --static (one HTML file: target/static_index.html)"
dbt docs generate --static --target-path "$workdir/docs"
test -s "$workdir/docs/static_index.html"
echo "== dbt build --empty (every model and test compiles and runs on no rows; own database)"
FIRSTPARTY_DUCKDB_PATH="$workdir/empty.duckdb" dbt build --empty --full-refresh
echo "== sqlfluff"
# On a database of its own: the templater then renders the models as a first (full)
# build renders them.
FIRSTPARTY_DUCKDB_PATH="$workdir/lint.duckdb" sqlfluff lint models macros tests
echo "== pytest"
pytest python/tests "$@"
