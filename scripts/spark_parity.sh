#!/usr/bin/env bash
# Spark parity. Installs the Spark target into .venv-spark (dbt-spark[session] and pyspark,
# pinned by requirements-spark.txt / constraints-spark.txt; Java 17 must be installed),
# next to the project venv, then runs python/tests/spark:
#  - the demo seed and ~20,000 generated events (+ hostile rows), both modes, built on
#    Spark and on DuckDB: the three outputs equal row for row, IDs byte for byte;
#  - scheduled runs on Spark (insert_overwrite of the state tables, docs/spark.md) over drawn landing
#    batches across midnight: equal to the pandas reference.
# Spark runs once for all of it, in a temporary folder (its spark-warehouse/, metastore_db/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

if ! java -version >/dev/null 2>&1; then
    echo "error: Spark needs Java (17): 'java' was not found" >&2
    exit 1
fi
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv-spark/bin/python ]; then
    "$PYTHON" -m venv .venv-spark
fi
.venv-spark/bin/python -m pip install --quiet --upgrade pip
.venv-spark/bin/python -m pip install --quiet -r requirements-spark.txt -c constraints-spark.txt

export FIRSTPARTY_SPARK_DBT="$PWD/.venv-spark/bin/dbt"
export FIRSTPARTY_SPARK_REQUIRED=1
exec .venv/bin/pytest python/tests/spark "$@"
