"""The growth aim of issue 9 alone: a scheduled `dbt build` with the load column on a 1M and a
10M history (the same 20,000-row landing), in alternating pairs. A quicker check than
scheduled_run_cost.py (which measures every contender); same histories, same dbt commands.

    .venv/bin/python bench/scheduled_growth.py --pairs 4
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

import scheduled_run_cost as bench

SIZES = (1_000_000, 10_000_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scheduled_growth_") as folder:
        work = Path(folder)
        snapshots = {}
        for size in SIZES:
            inputs = bench.prepare_inputs(size, args.seed, work)
            snapshots[size] = bench.build_history(size, True, inputs, work)
            for path in inputs:
                path.unlink()
        walls: dict[int, list[float]] = {size: [] for size in SIZES}
        for pair in range(args.pairs):
            for size in SIZES if pair % 2 == 0 else SIZES[::-1]:
                shutil.copyfile(snapshots[size], bench.fresh(work / "run.duckdb"))
                timing = bench.dbt(work, True, ["build"])
                if timing.error:
                    raise SystemExit(f"the build at {size:,} failed: {timing.error}")
                walls[size].append(timing.wall)
                models = {
                    node.split(".")[-1]: round(seconds, 2)
                    for node, seconds in timing.nodes.items()
                    if node.startswith("model.") and seconds >= 0.15
                }
                bench.progress(
                    f"pair {pair + 1}, {size:>10,}: {timing.wall:.1f} s wall, "
                    f"start-up {timing.wall - timing.elapsed:.1f} s, models {models}"
                )
    small, large = (walls[size] for size in SIZES)
    ratios = ", ".join(f"{b / a:.2f}" for a, b in zip(small, large, strict=True))
    print(
        f"scheduled build, load column: 1M median {statistics.median(small):.2f} s, "
        f"10M median {statistics.median(large):.2f} s, ratio of medians "
        f"{statistics.median(large) / statistics.median(small):.2f} (per pair: {ratios}); "
        f"load average {os.getloadavg()[2]:.1f} (15 min)"
    )


if __name__ == "__main__":
    main()
