"""``workbench --db PATH tickler [--within DAYS] [--as-of DATE] [--officer NAME] [--bucket B] [--json]``.

The maturity tickler headless: loans maturing within DAYS (default 90),
past maturity or overdue, with their renewal status.
"""

from __future__ import annotations

import argparse
from datetime import date

from workbench.cli import READS, resolve_db
from workbench.cli.output import fail, print_json
from workbench.domain.classification import LABELS_ZH
from workbench.services import maturities
from workbench.services.errors import ServiceError
from workbench.store import open_db

_JSON_KEYS = (
    "loan_no", "client", "officer", "maturity_date", "days_left", "balance_fen", "classification", "overdue_days",
    "overdue_band", "bucket", "renewal_status", "renewal_kind", "renewal_app_no",
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tickler", help="loans maturing soon or overdue / 到期提醒")
    p.add_argument("--within", type=int, default=maturities.DEFAULT_WITHIN_DAYS, metavar="DAYS",
                   help="maturing within DAYS days (default 90)")
    p.add_argument("--as-of", default=None, metavar="DATE", help="today's date for the tickler, YYYY-MM-DD")
    p.add_argument("--officer", default=None, help="only this officer's loans (display name, e.g. 王芳)")
    p.add_argument("--bucket", choices=maturities.BUCKETS, default=None, help="only one bucket")
    p.add_argument("--json", action="store_true", help="a JSON list of objects")
    p.set_defaults(func=run, db_access=READS)


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def run(args: argparse.Namespace) -> int:
    try:
        as_of = date.fromisoformat(args.as_of) if args.as_of else date.today()
    except ValueError:
        return fail(f"日期“{args.as_of}”应为 YYYY-MM-DD / --as-of {args.as_of!r} must be YYYY-MM-DD")
    db = open_db(resolve_db(args))
    try:
        rows = maturities.tickler(db, as_of, within_days=args.within, officer=args.officer, bucket=args.bucket,
                                  order_by="maturity_date")
    except ServiceError as exc:
        return fail(f"{exc.message_zh} / {exc.message_en}")
    if args.json:
        print_json([{k: r[k] for k in _JSON_KEYS} for r in rows])
        return 0
    print(f"到期提醒 tickler  as of {as_of.isoformat()}  within {args.within} days  ({len(rows):,} loans)")
    for bucket in maturities.BUCKETS:
        group = [r for r in rows if r["bucket"] == bucket]
        if not group:
            continue
        total = sum(r["balance_fen"] for r in group)
        print()
        print(f"== {maturities.BUCKET_LABELS_ZH[bucket]} / {maturities.BUCKET_LABELS_EN[bucket]}: "
              f"{len(group):,} loans, {_yuan(total)} 元")
        for r in group:
            renewal = "" if r["renewal_status"] == "none" else f"  续贷 renewal: {r['renewal_kind']} {r['renewal_status']}"
            print(
                f"  {r['loan_no']:<14} {r['maturity_date']}  {r['days_left']:>5}d  {_yuan(r['balance_fen']):>16}  "
                f"{LABELS_ZH.get(r['classification'], r['classification'])}"
                f"{'  逾期 ' + str(r['overdue_days']) + 'd' if r['overdue_days'] else ''}  {r['client']}  {r['officer']}{renewal}"
            )
    return 0
