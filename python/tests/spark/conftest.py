"""The Spark tests need the Spark target (scripts/spark_parity.sh installs it).

Without FIRSTPARTY_SPARK_DBT they are skipped, so that `scripts/test.sh` runs without
Spark; with FIRSTPARTY_SPARK_REQUIRED=1 (set by scripts/spark_parity.sh) a missing Spark
target fails them instead, so that the parity command can never pass by skipping.
"""

from __future__ import annotations

import os

import pytest

from .spark_project import SPARK_DBT_VARIABLE, spark_dbt


@pytest.fixture(scope="module")
def spark_dbt_path() -> str:
    path = spark_dbt()
    if path is None:
        if os.environ.get("FIRSTPARTY_SPARK_REQUIRED") == "1":
            pytest.fail(f"{SPARK_DBT_VARIABLE} is not set: the Spark target is not installed")
        pytest.skip(f"the Spark target is not installed ({SPARK_DBT_VARIABLE} unset)")
    return path
