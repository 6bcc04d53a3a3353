"""Tickler benchmark at the store level on a big portfolio.

    python benchmarks/bench_tickler.py PORTFOLIO.db [--as-of YYYY-MM-DD] [--repeat 7]

Build the portfolio first with the demo generator, e.g.
``workbench demo --out big.db --clients 100000 --loans 300000``.

Measures (median and worst of ``--repeat`` runs, after one warm-up):
- fill: what the Maturities page runs to show itself — the bucket counts and
  the first page (200 rows) of the tickler sorted by bucket;
- first page alone, sorted by maturity date; one officer's first page;
- the whole tickler list (every row, as the export and the CLI read it);
- the dashboard alerts (``maturity_alerts``).
Target: fill under 200 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.services import maturities
from workbench.store import open_db

TARGET_FILL_S = 0.200


def _time(fn, repeat: int) -> dict:
    fn()  # warm-up: page cache, statement cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median_ms": round(statistics.median(times) * 1000, 1), "worst_ms": round(max(times) * 1000, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--as-of", default=None, help="today for the tickler (default: the latest balance date in the file)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"no such file: {args.db}", file=sys.stderr)
        return 2
    db = open_db(args.db)  # applies pending migrations (the tickler index), as the app does on open
    if args.as_of:
        today = date.fromisoformat(args.as_of)
    else:
        latest = db.execute("SELECT max(balance_as_of) FROM loans").fetchone()[0]
        today = date.fromisoformat(latest) if latest else date.today()
    loans = db.execute("SELECT count(*) FROM loans").fetchone()[0]
    active = db.execute("SELECT count(*) FROM loans WHERE status = 'active'").fetchone()[0]
    officer = db.execute("SELECT officer FROM loans WHERE status = 'active' AND officer IS NOT NULL LIMIT 1").fetchone()
    counts = maturities.tickler_counts(db, today)

    def fill():
        maturities.tickler_counts(db, today)
        maturities.tickler(db, today, order_by="bucket", limit=200)

    results = {
        "file": str(args.db),
        "loans": loans,
        "active_loans": active,
        "as_of": today.isoformat(),
        "tickler_rows": counts["total"]["count"],
        "by_bucket": {b: counts[b]["count"] for b in maturities.BUCKETS},
        "fill (counts + first page)": _time(fill, args.repeat),
        "first page by maturity": _time(lambda: maturities.tickler(db, today, limit=200), args.repeat),
        "one officer's first page": _time(
            lambda: maturities.tickler(db, today, officer=officer[0] if officer else None, order_by="bucket", limit=200),
            args.repeat),
        "whole list": _time(lambda: maturities.tickler(db, today), max(1, args.repeat // 2)),
        "dashboard alerts": _time(lambda: maturities.maturity_alerts(db, today), args.repeat),
    }
    fill_ms = results["fill (counts + first page)"]["median_ms"]
    results["target_fill_ms"] = TARGET_FILL_S * 1000
    results["fill_within_target"] = fill_ms <= TARGET_FILL_S * 1000
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0 if results["fill_within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
