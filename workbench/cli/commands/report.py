"""``workbench --db PATH report NAME --period 2025-03 [--out FILE.xlsx] [--json] ...``.

Builds one Excel submission headless: portfolio, maturities, two-increase
(or two_increase), funnel. ``--json`` prints the report's figures and the
output path (money in fen, rates in basis points, ratios as fractions).

Refused (exit 2, nothing written): a period that has not started, an
``--officer`` name that matches no one, and ``--full-personal-data`` unless
``--user`` is an active account with a password and a reason is given (the
export is audited); the command never creates an account.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from workbench.cli import READS, WRITES, resolve_db, resolve_user
from workbench.cli.output import fail, print_json
from workbench.services.errors import ServiceError
from workbench.services.reports import REPORTS, ReportRequest, build_report, get_report
from workbench.store import open_db


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="build an Excel report / 生成报表")
    p.add_argument("name", help="report: " + ", ".join(REPORTS) + " (two-increase accepted)")
    p.add_argument("--period", required=True, help="month YYYY-MM, quarter YYYY-Qn or year YYYY")
    p.add_argument("--out", type=Path, default=None, help="output .xlsx (default: NAME_PERIOD.xlsx here)")
    p.add_argument("--json", action="store_true", help="print the figures and the output path as JSON")
    p.add_argument("--unit", choices=("wan", "yuan"), default="wan", help="amounts in 万元 (default) or 元")
    p.add_argument("--officer", default=None, help="only this officer's loans / visits (display name, e.g. 王芳)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="sheet and column names in Chinese or English")
    p.add_argument("--full-personal-data", action="store_true",
                   help="unmasked ID numbers and phones (needs --reason and --user with a password)")
    p.add_argument("--reason", default=None, help="why full personal data is exported (recorded in the audit log)")
    p.add_argument("--today", default=None, help=argparse.SUPPRESS)  # fixed clock for tests
    p.set_defaults(func=run, db_access=lambda args: WRITES if args.full_personal_data else READS)


def run(args: argparse.Namespace) -> int:
    try:
        spec = get_report(args.name)
        request = ReportRequest(
            period=args.period,
            unit=args.unit,
            language=args.lang,
            officer=args.officer,
            full_personal_data=args.full_personal_data,
            reason=args.reason,
        )
        request.validate()
        out = args.out or Path(f"{spec.name}_{request.parsed_period().label}.xlsx")
        today = date.fromisoformat(args.today) if args.today else None
        db = open_db(resolve_db(args))
        try:
            result = build_report(db, spec.name, out, request, resolve_user(args), today=today)
        finally:
            db.close()
    except ServiceError as exc:
        return fail(f"{exc.message_zh} / {exc.message_en}")
    if args.json:
        print_json(result.as_dict())
    else:
        print(f"{spec.title_zh} / {spec.title_en}: {result.rows:,} rows → {result.path}", file=sys.stdout)
    return 0
