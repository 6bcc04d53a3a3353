"""``workbench --db PATH info [--json]``: the portfolio's key counts."""

from __future__ import annotations

import argparse

from workbench.cli import READS, resolve_db
from workbench.cli.output import print_json
from workbench.services.portfolio import summary
from workbench.store import open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="print portfolio counts / 打印组合概况")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=run, db_access=READS)


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def run(args: argparse.Namespace) -> int:
    db = open_db(resolve_db(args))
    s = summary(db)
    if args.json:
        print_json(s.as_dict())
        return 0
    print(f"clients 客户: {s.clients:,}")
    print(f"visits 走访: {s.visits:,}")
    print(f"applications 授信申请: {s.applications:,}")
    for status, count in s.applications_by_status.items():
        print(f"  {status}: {count:,}")
    print(f"credit lines 授信额度: {s.credit_lines:,}")
    print(f"loans 贷款: {s.loans:,} (active 在贷 {s.active_loans:,})")
    print(f"balance 余额: {_yuan(s.balance_fen)} 元")
    return 0
