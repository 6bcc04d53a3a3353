"""``workbench schedule --amount 元 --rate PERCENT --months N --method NAME [--start DATE] [--json]``.

Prints a repayment schedule without touching any database: the amount in 元,
the annual rate in percent (3.85 = 3.85 %), parsed exactly into fen and
basis points.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation

from workbench.cli import NO_DB
from workbench.cli.output import fail, print_json
from workbench.domain.money import MoneyError, format_yuan, parse_fen
from workbench.domain.schedule import (
    METHOD_LABELS_ZH,
    Schedule,
    ScheduleError,
    build_schedule,
    parse_method,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schedule", help="print a repayment schedule / 打印还款计划")
    p.add_argument("--amount", required=True, help="loan amount in 元, e.g. 500000, 500,000.00 or 50万")
    p.add_argument("--rate", required=True, help="annual rate in percent, e.g. 3.85")
    p.add_argument("--months", required=True, type=int, help="term in months")
    p.add_argument(
        "--method",
        required=True,
        help="等额本息|等额本金|按月付息到期还本|随借随还 or annuity|equal-principal|interest-only|revolving",
    )
    p.add_argument("--start", default=None, help="drawdown date YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(func=run, db_access=NO_DB)


class _InputError(ValueError):
    pass


def _decimal(text: str, what_zh: str, what_en: str) -> Decimal:
    cleaned = str(text).strip().replace(",", "").replace("，", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise _InputError(f"{what_zh}“{text}”不是数字 / {what_en} {text!r} is not a number") from None
    if not value.is_finite():
        raise _InputError(f"{what_zh}“{text}”不是数字 / {what_en} {text!r} is not a number")
    return value


def yuan_to_fen(text: str) -> int:
    """Exact 元 text → fen (``500000``, ``500,000.00``, ``50万``, full-width digits…), as
    ``workbench.domain.money.parse_fen`` reads amounts everywhere; more than two decimals is refused."""
    try:
        fen = parse_fen(text)
    except MoneyError as exc:
        raise _InputError(f"金额：{exc.reason_zh} / amount: {exc.reason_en}") from None
    if fen <= 0:
        raise _InputError(f"金额“{text}”必须大于0 / amount {text!r} must be greater than zero")
    return fen


def percent_to_bp(text: str) -> int:
    """Exact percent text → basis points (3.85 → 385); fractions of a basis point are refused."""
    text = str(text).strip().rstrip("%％")
    bp = _decimal(text, "利率", "rate") * 100
    if bp != bp.to_integral_value():
        raise _InputError(f"利率“{text}”精度超过 0.01%（1 个基点） / rate {text!r} is finer than one basis point")
    return int(bp)


def schedule_as_dict(schedule: Schedule, amount_fen: int, rate_bp: int, months: int, method: str, start: date) -> dict:
    """The JSON shape of ``workbench schedule --json``."""
    return {
        "amount_fen": amount_fen,
        "rate_bp": rate_bp,
        "months": months,
        "method": method,
        "method_zh": METHOD_LABELS_ZH[method],
        "start": start.isoformat(),
        "maturity_date": schedule.maturity_date.isoformat(),
        "total_principal_fen": schedule.total_principal_fen,
        "total_interest_fen": schedule.total_interest_fen,
        "total_payment_fen": schedule.total_payment_fen,
        "instalments": [
            {
                "seq": i.seq,
                "due_date": i.due_date.isoformat(),
                "principal_fen": i.principal_fen,
                "interest_fen": i.interest_fen,
                "payment_fen": i.payment_fen,
                "balance_fen": i.balance_fen,
            }
            for i in schedule.instalments
        ],
    }


def run(args: argparse.Namespace) -> int:
    try:
        amount_fen = yuan_to_fen(args.amount)
        rate_bp = percent_to_bp(args.rate)
        start = date.fromisoformat(args.start) if args.start else date.today()
    except _InputError as exc:
        return fail(str(exc))
    except ValueError:
        return fail(f"放款日“{args.start}”应为 YYYY-MM-DD / start date {args.start!r} must be YYYY-MM-DD")
    try:
        method = parse_method(args.method)
        schedule = build_schedule(amount_fen, rate_bp, args.months, method, start)
    except ScheduleError as exc:
        return fail(f"{exc.reason_zh} / {exc.reason_en}")
    if args.json:
        print_json(schedule_as_dict(schedule, amount_fen, rate_bp, args.months, method, start))
        return 0
    print(
        f"{METHOD_LABELS_ZH[method]} ({method})  金额 amount {format_yuan(amount_fen)} 元  "
        f"年利率 rate {Decimal(rate_bp) / 100}%  期限 term {args.months} 月  放款 start {start.isoformat()}"
    )
    header = f"{'期次 #':>6}  {'还款日 due':<10}  {'本金 principal':>16}  {'利息 interest':>14}  {'月供 payment':>16}  {'余额 balance':>16}"
    print(header)
    print("-" * len(header))
    for i in schedule.instalments:
        print(
            f"{i.seq:>6}  {i.due_date.isoformat():<10}  {format_yuan(i.principal_fen):>16}  "
            f"{format_yuan(i.interest_fen):>14}  {format_yuan(i.payment_fen):>16}  {format_yuan(i.balance_fen):>16}"
        )
    print("-" * len(header))
    print(
        f"{'合计 total':>6}  {'':<10}  {format_yuan(schedule.total_principal_fen):>16}  "
        f"{format_yuan(schedule.total_interest_fen):>14}  {format_yuan(schedule.total_payment_fen):>16}"
    )
    return 0
