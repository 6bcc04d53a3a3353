"""Repayment schedules for the four methods.

- 等额本息 ``annuity`` and 等额本金 ``equal_principal``: whole monthly
  periods at the monthly rate (annual / 12).
- 按月付息到期还本 ``interest_only`` and 随借随还 ``revolving``: the daily
  rate (annual / 360) times the actual days of each period. At drawdown the
  schedule is the projection with the whole amount drawn until maturity;
  interest accrues day by day on the balance outstanding each day
  (:func:`accrued_interest`), so when principal is repaid early the unpaid
  instalments are recomputed from the balance history
  (:func:`regenerate_schedule`).

Policy on early repayment (:func:`regenerate_schedule`):

- daily methods (按月付息到期还本, 随借随还): each unpaid period's interest is
  the sum over its days (drawdown/due date inclusive, next due date
  exclusive) of the balance outstanding that day × annual / 360, rounded
  half-up once per period; the principal repaid within a period belongs to
  that period's instalment; the schedule ends at the instalment after which
  nothing is owed.
- whole-period methods (等额本息, 等额本金): the term is kept and the
  remaining instalments are re-amortised on the reduced balance (lower
  instalments, same maturity).

Instalment ``k`` falls on the drawdown's day of the month ``k`` months later,
or on that month's last day when it has no such day (Jan 31 → Feb 28/29 →
Mar 31). Amounts are rounded half-up to the fen (Decimal); the last
instalment takes whatever principal remains, so principal sums exactly to
the loan. Money is integer fen, rates integer basis points.
"""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from workbench.domain.errors import DomainError

METHODS: tuple[str, ...] = ("annuity", "equal_principal", "interest_only", "revolving")
METHOD_LABELS_ZH: dict[str, str] = {
    "annuity": "等额本息",
    "equal_principal": "等额本金",
    "interest_only": "按月付息到期还本",
    "revolving": "随借随还",
}
METHOD_LABELS_EN: dict[str, str] = {
    "annuity": "Equal instalments (annuity)",
    "equal_principal": "Equal principal",
    "interest_only": "Monthly interest, principal at maturity",
    "revolving": "Revolving (draw and repay any time)",
}
_SYNONYMS: dict[str, str] = {
    "annuity": "annuity",
    "equal-instalment": "annuity",
    "equal-instalments": "annuity",
    "equal-installment": "annuity",
    "equal-installments": "annuity",
    "equal-payment": "annuity",
    "等额本息": "annuity",
    "equal-principal": "equal_principal",
    "等额本金": "equal_principal",
    "interest-only": "interest_only",
    "bullet": "interest_only",
    "按月付息到期还本": "interest_only",
    "按月付息,到期还本": "interest_only",
    "按月付息、到期还本": "interest_only",
    "按月付息": "interest_only",
    "先息后本": "interest_only",
    "revolving": "revolving",
    "随借随还": "revolving",
}

MAX_MONTHS = 600  # 50 years; anything longer is a typo
_CENT = Decimal(1)
_BP_PER_UNIT = 10_000  # 1 = 100 % = 10,000 bp


class ScheduleError(DomainError):
    """Bad input to a schedule; ``value`` is what was given."""


@dataclass(frozen=True)
class Instalment:
    """One due date: amounts in fen; ``balance_fen`` is what remains after paying it."""

    seq: int
    due_date: date
    principal_fen: int
    interest_fen: int
    payment_fen: int
    balance_fen: int


@dataclass(frozen=True)
class Schedule:
    instalments: tuple[Instalment, ...]

    @property
    def total_principal_fen(self) -> int:
        return sum(i.principal_fen for i in self.instalments)

    @property
    def total_interest_fen(self) -> int:
        return sum(i.interest_fen for i in self.instalments)

    @property
    def total_payment_fen(self) -> int:
        return sum(i.payment_fen for i in self.instalments)

    @property
    def maturity_date(self) -> date:
        return self.instalments[-1].due_date


def parse_method(text: str) -> str:
    """A method code from a code, a Chinese name (等额本息…) or an English name (annuity, equal-principal…)."""
    raw = "" if text is None else str(text)
    key = unicodedata.normalize("NFKC", raw).strip().lower().replace("_", "-").replace(" ", "-")
    key = key.replace("，", ",")
    if key.replace("-", "_") in METHODS:
        return key.replace("-", "_")
    code = _SYNONYMS.get(key)
    if code is None:
        raise ScheduleError(
            text,
            f"还款方式“{text}”无法识别（应为 等额本息/等额本金/按月付息到期还本/随借随还）",
            f"unknown repayment method {text!r} (expected annuity, equal-principal, interest-only or revolving)",
        )
    return code


def add_months(start: date, months: int) -> date:
    """``start`` moved ``months`` months on, on the same day or the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_dates(start: date, months: int) -> list[date]:
    """The due dates of ``months`` monthly instalments after drawdown on ``start``."""
    return [add_months(start, k) for k in range(1, months + 1)]


def round_fen(value: Decimal) -> int:
    """Half-up to a whole fen."""
    return int(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _validate(amount_fen: object, annual_rate_bp: object, months: object, start: object) -> None:
    def is_int(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    if not is_int(amount_fen) or amount_fen <= 0:  # type: ignore[operator]
        raise ScheduleError(amount_fen, f"贷款金额应为正整数分，收到 {amount_fen!r}", f"amount must be a positive integer of fen, got {amount_fen!r}")
    if not is_int(annual_rate_bp) or annual_rate_bp < 0:  # type: ignore[operator]
        raise ScheduleError(
            annual_rate_bp, f"年利率应为非负整数基点，收到 {annual_rate_bp!r}", f"annual rate must be a non-negative integer of basis points, got {annual_rate_bp!r}"
        )
    if not is_int(months) or not 1 <= months <= MAX_MONTHS:  # type: ignore[operator]
        raise ScheduleError(months, f"期限应为 1 至 {MAX_MONTHS} 个月，收到 {months!r}", f"term must be 1 to {MAX_MONTHS} months, got {months!r}")
    if not isinstance(start, date):
        raise ScheduleError(start, f"放款日应为日期，收到 {start!r}", f"start must be a date, got {start!r}")


def build_schedule(amount_fen: int, annual_rate_bp: int, months: int, method: str, start: date) -> Schedule:
    """The schedule of a loan of ``amount_fen`` drawn on ``start`` for ``months`` months.

    ``annual_rate_bp``: the annual rate in basis points (3.85 % = 385).
    ``method``: a code of :data:`METHODS` or a name :func:`parse_method` accepts.
    Raises :class:`ScheduleError` naming the bad value.
    """
    _validate(amount_fen, annual_rate_bp, months, start)
    code = parse_method(method)
    dates = due_dates(start, months)
    with localcontext() as ctx:
        ctx.prec = 60  # (1 + r)^600 stays exact enough to round the payment right
        if code == "annuity":
            rows = _annuity(amount_fen, annual_rate_bp, dates)
        elif code == "equal_principal":
            rows = _equal_principal(amount_fen, annual_rate_bp, dates)
        else:
            rows = _interest_only(amount_fen, annual_rate_bp, dates, start)
    return Schedule(tuple(rows))


def _monthly_rate(annual_rate_bp: int) -> Decimal:
    return Decimal(annual_rate_bp) / Decimal(_BP_PER_UNIT * 12)


def _annuity(amount_fen: int, rate_bp: int, dates: list[date]) -> list[Instalment]:
    """Fixed payment; interest on the exact (unrounded) amortisation balance.

    Charging interest on the rounded balance would let the payment's rounding
    compound (over 360 months, yuan of drift pushed into the last instalment);
    tracking the exact balance keeps every interest figure equal to the
    textbook ``ipmt`` rounded to the fen, and the payment equal to ``pmt``.
    Principal = payment - interest; the last instalment repays what is left.
    """
    n = len(dates)
    r = _monthly_rate(rate_bp)
    if r == 0:
        exact_payment = Decimal(amount_fen) / n
    else:
        growth = (1 + r) ** n
        exact_payment = Decimal(amount_fen) * r * growth / (growth - 1)
    payment = round_fen(exact_payment)
    rows = []
    balance = amount_fen
    exact_balance = Decimal(amount_fen)
    for seq, due in enumerate(dates, start=1):
        exact_interest = exact_balance * r
        interest = round_fen(exact_interest)
        principal = balance if seq == n else min(max(payment - interest, 0), balance)
        balance -= principal
        exact_balance -= exact_payment - exact_interest
        rows.append(Instalment(seq, due, principal, interest, principal + interest, balance))
    return rows


def _equal_principal(amount_fen: int, rate_bp: int, dates: list[date]) -> list[Instalment]:
    n = len(dates)
    r = _monthly_rate(rate_bp)
    share = round_fen(Decimal(amount_fen) / n)
    rows = []
    balance = amount_fen
    for seq, due in enumerate(dates, start=1):
        interest = round_fen(Decimal(balance) * r)
        principal = balance if seq == n else min(share, balance)
        balance -= principal
        rows.append(Instalment(seq, due, principal, interest, principal + interest, balance))
    return rows


def _interest_only(amount_fen: int, rate_bp: int, dates: list[date], start: date) -> list[Instalment]:
    """Interest = balance × annual / 360 × actual days of the period; principal at the last date."""
    return _daily_rows(amount_fen, rate_bp, dates, start, [(start, amount_fen)], first_seq=1)


def whole_months_until(start: date, end: date) -> int:
    """The most whole months ``m`` (>= 0) with ``add_months(start, m) <= end``."""
    if end < start:
        return 0
    m = (end.year - start.year) * 12 + end.month - start.month
    while m > 0 and add_months(start, m) > end:
        m -= 1
    return m


def balance_on(balances: Sequence[tuple[date, int]], day: date) -> int:
    """The balance on ``day`` from steps ``(from_date, balance)``: the last step dated on or before it (0 before any).

    Steps on the same date apply in the order given (the last one wins).
    """
    value = 0
    for when, balance in _ordered(balances):
        if when > day:
            break
        value = balance
    return value


def _ordered(balances: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    return sorted(balances, key=lambda step: step[0])  # stable: same-date steps keep their order


def accrued_interest(balances: Sequence[tuple[date, int]], annual_rate_bp: int, start: date, end: date) -> int:
    """Interest (fen) for the days ``start <= day < end`` on the balance outstanding each day.

    ``balances``: steps ``(from_date, balance_fen)`` (see :func:`balance_on`).
    The sum over the days of balance × annual rate / 360, rounded half-up once
    for the whole period. Raises :class:`ScheduleError` for a negative rate or
    balance, or ``end`` before ``start``.
    """
    if isinstance(annual_rate_bp, bool) or not isinstance(annual_rate_bp, int) or annual_rate_bp < 0:
        raise ScheduleError(annual_rate_bp, f"年利率应为非负整数基点，收到 {annual_rate_bp!r}",
                            f"annual rate must be a non-negative integer of basis points, got {annual_rate_bp!r}")
    if end < start:
        raise ScheduleError(end, f"计息止日 {end} 早于起日 {start}", f"interest period ends {end} before it starts {start}")
    steps = _ordered(balances)
    if any(b < 0 for _, b in steps):
        raise ScheduleError(balances, "余额不能为负数", "a balance cannot be negative")
    # balance × days, segment by segment (a step function of the day)
    balance_days = 0
    day = start
    current = balance_on(steps, start)
    for when, balance in steps:
        if when <= start:
            continue
        if when >= end:
            break
        balance_days += current * (when - day).days
        day, current = when, balance
    balance_days += current * (end - day).days
    divisor = _BP_PER_UNIT * 360
    numerator = balance_days * annual_rate_bp
    return (2 * numerator + divisor) // (2 * divisor)  # half-up, exact integers


def _daily_rows(opening_fen: int, rate_bp: int, dates: Sequence[date], previous: date,
                balances: Sequence[tuple[date, int]], first_seq: int) -> list[Instalment]:
    """Instalments ``first_seq``… of a daily-interest loan from ``opening_fen`` owed after the due date ``previous``.

    Principal repaid within a period (the balance on its due date is lower
    than the opening) belongs to that period; the last date takes the rest;
    the rows end early once nothing is owed.
    """
    rows: list[Instalment] = []
    opening = opening_fen
    last = first_seq + len(dates) - 1
    for seq, due in enumerate(dates, start=first_seq):
        interest = accrued_interest(balances, rate_bp, previous, due)
        closing = 0 if seq == last else min(opening, balance_on(balances, due))
        principal = opening - closing
        rows.append(Instalment(seq, due, principal, interest, principal + interest, closing))
        if closing == 0:
            break
        opening, previous = closing, due
    return rows


def regenerate_schedule(
    kept: Sequence[Instalment],
    amount_fen: int,
    annual_rate_bp: int,
    months: int,
    method: str,
    start: date,
    balances: Sequence[tuple[date, int]],
) -> Schedule:
    """The schedule after the balance changed: ``kept`` (instalments 1…k, unchanged) then k+1… recomputed.

    ``balances``: the loan's balance steps ``(from_date, balance_fen)`` from
    the drawdown ``(start, amount_fen)`` on (used by the daily methods).
    Daily methods: interest per :func:`accrued_interest`, principal repaid
    within a period in that period's instalment. Whole-period methods: the
    balance after ``kept`` re-amortised over the remaining due dates (term
    kept). Nothing is recomputed when ``kept`` already ends the loan.
    ``regenerate_schedule([], a, r, n, m, s, [(s, a)]) == build_schedule(a, r, n, m, s)``.
    """
    _validate(amount_fen, annual_rate_bp, months, start)
    code = parse_method(method)
    kept = tuple(kept)
    if [i.seq for i in kept] != list(range(1, len(kept) + 1)):
        raise ScheduleError(kept, "保留的期次必须从第1期起连续", "kept instalments must be 1, 2, … in order")
    dates = due_dates(start, months)
    opening = kept[-1].balance_fen if kept else amount_fen
    rest = dates[len(kept):]
    if opening <= 0 or not rest:
        return Schedule(kept)
    with localcontext() as ctx:
        ctx.prec = 60
        if code == "annuity":
            rows = _annuity(opening, annual_rate_bp, rest)
        elif code == "equal_principal":
            rows = _equal_principal(opening, annual_rate_bp, rest)
        else:
            previous = kept[-1].due_date if kept else start
            return Schedule(kept + tuple(_daily_rows(opening, annual_rate_bp, rest, previous, balances, len(kept) + 1)))
    offset = len(kept)
    return Schedule(kept + tuple(Instalment(r.seq + offset, r.due_date, r.principal_fen, r.interest_fen, r.payment_fen,
                                            r.balance_fen) for r in rows))
