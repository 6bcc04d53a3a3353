"""``workbench demo --out FILE [--clients N] [--loans M] [--seed S] [--as-of DATE] [--force] [--json]``.

Generates the demo portfolio headless (the same generator as ``workbench --demo``).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from workbench.cli import EXIT_LOCKED, NO_DB, locked_message, resolve_user
from workbench.cli.output import fail, print_json
from workbench.services import lock
from workbench.services.demo import DEFAULT_CLIENTS, DemoSpec, build_demo_portfolio
from workbench.services.errors import ServiceError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD) / 日期格式应为 YYYY-MM-DD: {text!r}") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a non-negative whole number / 应为非负整数: {text!r}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="generate a demo portfolio / 生成演示数据")
    p.add_argument("--out", type=Path, required=True, help="database file to create")
    p.add_argument("--clients", type=_count, default=DEFAULT_CLIENTS, help=f"clients (default {DEFAULT_CLIENTS})")
    p.add_argument("--loans", type=_count, default=None, help="loans (default 3 per client)")
    p.add_argument("--seed", type=int, default=DemoSpec.seed, help="random seed (same seed, same portfolio)")
    p.add_argument("--as-of", type=_date, default=None, help="portfolio date YYYY-MM-DD (default today)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument("--json", action="store_true", help="print the row counts as one JSON object")
    # NO_DB: the file written is --out, not --db; run() takes --out's writer lock itself.
    p.set_defaults(func=run, db_access=NO_DB)


def run(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not args.force:
        return fail(f"{out} already exists; use --force to replace it / 文件已存在，如需覆盖请加 --force")
    # Replacing a portfolio a workbench has open would pull the file from under it: the lock first.
    held = lock.acquire(out, resolve_user(args))
    if not held.acquired:
        return fail(locked_message(held.holder), code=EXIT_LOCKED)
    try:
        return _build(args, out)
    finally:
        held.lock.release()


def _build(args: argparse.Namespace, out: Path) -> int:
    spec = DemoSpec(clients=args.clients, loans=args.loans, seed=args.seed, as_of=args.as_of or date.today())
    last = [-1]

    def progress(done: int, total: int, message: str) -> None:
        pct = done * 100 // max(total, 1)
        if pct // 10 != last[0] and not args.json:
            last[0] = pct // 10
            print(f"  {pct:3d}%  {message}", file=sys.stderr)

    started = time.perf_counter()
    try:
        counts = build_demo_portfolio(out, spec, progress)
    except ServiceError as exc:
        return fail(str(exc))
    elapsed = time.perf_counter() - started
    if args.json:
        print_json(counts)
        return 0
    print(f"demo portfolio 演示数据: {out}  ({elapsed:.1f} s, seed {spec.seed}, as of {spec.as_of.isoformat()})")
    for table, n in counts.items():
        print(f"  {table}: {n:,}")
    return 0
