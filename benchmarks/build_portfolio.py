"""Build the benchmark portfolio (100,000 clients, 300,000 loans) and report time and size.

    python benchmarks/build_portfolio.py [--out FILE] [--clients N] [--loans M] [--seed S] [--as-of DATE] [--keep]

Prints a table: phase, wall-clock seconds, CPU seconds (this process), and the
file size; then the row counts. The target is under a minute on a 2-core
machine. Without ``--keep`` the file is deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from workbench.services.demo import DemoSpec, build_demo_portfolio


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, help="database file (default: a temporary file)")
    p.add_argument("--clients", type=int, default=100_000)
    p.add_argument("--loans", type=int, default=300_000)
    p.add_argument("--seed", type=int, default=20250331)
    p.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 3, 31))
    p.add_argument("--keep", action="store_true", help="keep the file")
    args = p.parse_args(argv)
    folder = None
    if args.out is None:
        folder = tempfile.mkdtemp(prefix="wb-bench-")
        args.out = Path(folder) / "benchmark-portfolio.db"
    phases: list[tuple[str, float, float]] = []
    marks = {"t": time.perf_counter(), "c": time.process_time(), "phase": "generate"}

    def progress(done: int, total: int, message: str) -> None:
        phase = "write" if message.startswith("写入") else "generate"
        if phase != marks["phase"]:
            now, cpu = time.perf_counter(), time.process_time()
            phases.append((marks["phase"], now - marks["t"], cpu - marks["c"]))
            marks.update(t=now, c=cpu, phase=phase)

    start, cpu0 = time.perf_counter(), time.process_time()
    counts = build_demo_portfolio(args.out, DemoSpec(args.clients, args.loans, args.seed, args.as_of), progress)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    phases.append((marks["phase"] + " + index + finish", time.perf_counter() - marks["t"], time.process_time() - marks["c"]))
    size = args.out.stat().st_size
    print(f"{'phase':<28}{'wall s':>10}{'cpu s':>10}")
    for name, w, c in phases:
        print(f"{name:<28}{w:>10.1f}{c:>10.1f}")
    print(f"{'total':<28}{wall:>10.1f}{cpu:>10.1f}")
    print(f"file size: {size / 1e6:,.0f} MB  ({args.out})")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    print(f"load average at end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for table, n in counts.items():
        print(f"  {table:<24}{n:>12,}")
    if not args.keep:
        args.out.unlink(missing_ok=True)
        if folder:
            os.rmdir(folder)
    return 0 if wall < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
