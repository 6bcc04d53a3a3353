"""One loan's life up to the as-of date: instalments, repayments, balance history, overdue state.

Schedules: 等额本息 and 等额本金 amounts do not depend on the dates (whole
monthly periods at annual/12), so they come from
:func:`workbench.domain.schedule.build_schedule` once per (amount, rate,
term, method) and are reused; due dates come from ``due_dates`` once per
(drawdown, term). 按月付息到期还本 interest is ``amount × rate × days / 360``
half-up, computed here in integers (the same figures ``build_schedule``
gives; the tests compare them). 随借随还 loans get no instalments: their
balance moves with ad-hoc repayments.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from workbench.domain.classification import CODES, floor_for_overdue_days, severity
from workbench.domain.schedule import build_schedule, due_dates
from workbench.services.demo_data.rand import between

_RATE_DAYS_DIVISOR = 10_000 * 360  # bp → fraction, per day on a 360-day year


@lru_cache(maxsize=200_000)
def amortising(amount_fen: int, rate_bp: int, months: int, method: str) -> tuple[tuple[int, int, int, int], ...]:
    """``(principal, interest, payment, balance)`` per instalment of an annuity/equal-principal loan."""
    start = date(2001, 1, 1)  # any date: these methods' amounts do not depend on it
    return tuple((i.principal_fen, i.interest_fen, i.payment_fen, i.balance_fen)
                 for i in build_schedule(amount_fen, rate_bp, months, method, start).instalments)


@lru_cache(maxsize=50_000)
def due_iso(start: date, months: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """ISO due dates of ``months`` monthly instalments after ``start``, and payment timestamps on them."""
    dues = tuple(d.isoformat() for d in due_dates(start, months))
    return dues, tuple(d + "T01:30:00+00:00" for d in dues)


def daily_interest(balance_fen: int, rate_bp: int, days: int) -> int:
    """``balance × rate × days / 360`` rounded half-up to the fen (exact integer arithmetic)."""
    numerator = balance_fen * rate_bp * days
    return (2 * numerator + _RATE_DAYS_DIVISOR) // (2 * _RATE_DAYS_DIVISOR)


@dataclass(slots=True)
class LoanOutcome:
    """What the loan row needs after its history is written."""

    balance_fen: int
    status: str
    closed_on: str | None
    overdue_days: int
    overdue_principal_fen: int
    overdue_interest_fen: int
    classification: str


@dataclass(slots=True)
class LoanPlan:
    """A loan's terms and what happened to it by ``as_of``.

    ``fate``: "closed" (repaid at maturity, or by the renewal that replaced it),
    "current" (active, paid as due) or "overdue" (active, unpaid since a due date).
    """

    loan_id: int
    amount_fen: int
    rate_bp: int
    months: int
    method: str
    drawdown: date
    maturity: date
    fate: str
    closing_note: str | None = None
    extra_grade: int = 0  # classification steps worse than the floor (officer's judgement)
    overdue_target_days: int = 0  # overdue loans: unpaid since the last due date this many days before as_of
    imported: bool = False  # mirrored from core banking (drawn before the workbench went live)


def _classify(days: int, extra: int) -> str:
    floor = floor_for_overdue_days(days)
    return CODES[min(len(CODES) - 1, severity(floor) + extra)]


MONTH_ENDS_KEPT = 13  # reports compare with a year earlier: month-end states of at least the last 13 months


def month_ends_between(after: date, before: date) -> tuple[date, ...]:
    """The month-ends M with ``after < M < before``, oldest first."""
    out = []
    year, month = after.year, after.month
    while True:
        m = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)  # last day of (year, month)
        if m >= before:
            return tuple(out)
        if m > after:
            out.append(m)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def history_horizon(as_of: date) -> str:
    """How far back imported loans' balance history goes (ISO date): the start of last year, or the
    13th month-end before ``as_of`` if that is earlier — as far as reports look."""
    m = as_of.replace(day=1) - timedelta(days=1)  # the latest month-end before as_of
    for _ in range(MONTH_ENDS_KEPT - 1):
        m = m.replace(day=1) - timedelta(days=1)
    return min(date(as_of.year - 1, 1, 1), m).isoformat()


@lru_cache(maxsize=4096)
def _month_ends(after: date, before: date) -> tuple[tuple[str, int], ...]:
    """(ISO month-end, days since ``after``) for each month-end strictly between the two dates."""
    return tuple((m.isoformat(), (m - after).days) for m in month_ends_between(after, before))


def overdue_month_ends(plan: LoanPlan, balance: int, missed: date, as_of: date, balances: list) -> None:
    """Month-end rows of a loan unpaid since ``missed``: its balance, the days overdue at each month-end
    and a classification never below their floor — what a monthly core-banking import records.

    Without them the history would jump from the last payment (normal, 0 days) to ``as_of``, and a
    report for a past month would see the loan as current.
    """
    lid, extra = plan.loan_id, plan.extra_grade
    balances.extend([(lid, m, balance, days, _classify(days, extra), "import") for m, days in _month_ends(missed, as_of)])


def write_history(plan: LoanPlan, as_of: date, go_live: date, recorder: str, rng: random.Random,
                  instalments: list, repayments: list, balances: list) -> LoanOutcome:
    """Append the loan's instalment, repayment and balance-history rows; return its state at ``as_of``.

    Repayments are the ones recorded in the workbench: on or after ``go_live``.
    A loan left unpaid gets a balance row at each month-end since its first
    missed payment (:func:`overdue_month_ends`); the other loans' rows at each
    payment already give their state at every month-end.
    Imported loans already closed keep no instalments; imported loans'
    balance history starts at :func:`history_horizon` (with the balance
    then), and those closed before it have none (reports then measure them
    from the loan row). That keeps the 300,000-loan benchmark within its time.
    """
    a = as_of.isoformat()
    live = go_live.isoformat()
    lid = plan.loan_id
    source = "import" if plan.imported else "repayment"
    horizon = history_horizon(as_of)
    if plan.imported and plan.fate == "closed" and plan.maturity.isoformat() < horizon:
        # closed before the history horizon: no instalments, repayments or balance history
        return LoanOutcome(0, "closed", plan.maturity.isoformat(), 0, 0, 0, "normal")
    balances.append((lid, plan.drawdown.isoformat(), plan.amount_fen, 0, "normal",
                     "import" if plan.imported else "drawdown"))
    if plan.method == "revolving":
        return _revolving(plan, as_of, live, source, recorder, rng, repayments, balances)
    dues, paid_at = due_iso(plan.drawdown, plan.months)
    if plan.method == "interest_only":
        rows = interest_only_rows(plan.amount_fen, plan.rate_bp, plan.drawdown, plan.months)
    else:
        rows = amortising(plan.amount_fen, plan.rate_bp, plan.months, plan.method)
    if plan.fate == "closed":
        paid = plan.months
    elif plan.fate == "overdue":
        paid = _first_unpaid(plan, dues, as_of)
    else:
        paid = bisect.bisect_right(dues, a)
    if not (plan.imported and plan.fate == "closed"):
        # paid instalments (paid on their due dates), then the unpaid ones
        instalments.extend([(lid, k + 1, dues[k], *rows[k], rows[k][0], rows[k][1], dues[k]) for k in range(paid)])
        instalments.extend([(lid, k + 1, dues[k], *rows[k], 0, 0, None) for k in range(paid, plan.months)])
    first = bisect.bisect_left(dues, live, 0, paid)
    repayments.extend([(lid, dues[k], rows[k][0], rows[k][1], None, recorder, paid_at[k]) for k in range(first, paid)])
    start = 0
    if plan.imported:
        # the core-banking import carries balances from the history horizon on; the balance then opens it
        start = bisect.bisect_left(dues, horizon, 0, paid)
        if start > 0 and plan.drawdown.isoformat() < horizon:
            days = 0
            if plan.fate == "overdue" and dues[paid] < horizon:  # already unpaid then
                days = (date.fromisoformat(horizon) - date.fromisoformat(dues[paid])).days
            balances.append((lid, horizon, rows[start - 1][3], days, _classify(days, plan.extra_grade) if days else "normal",
                             "import"))
    balances.extend([(lid, dues[k], rows[k][3], 0, "normal", source) for k in range(start, paid) if rows[k][0]])
    if plan.fate == "closed":
        if plan.closing_note and first < paid:
            last = repayments[-1]
            repayments[-1] = (*last[:4], plan.closing_note, *last[5:])
        return LoanOutcome(0, "closed", dues[-1], 0, 0, 0, "normal")
    balance = rows[paid - 1][3] if paid else plan.amount_fen
    overdue_days = overdue_p = overdue_i = 0
    if plan.fate == "overdue":
        late = range(paid, bisect.bisect_right(dues, a))
        missed = date.fromisoformat(dues[paid])
        overdue_days = (as_of - missed).days
        overdue_p = sum(rows[k][0] for k in late)
        overdue_i = sum(rows[k][1] for k in late)
        overdue_month_ends(plan, balance, missed, as_of, balances)
    return _active(plan, balance, overdue_days, overdue_p, overdue_i, a, balances)


@lru_cache(maxsize=50_000)
def period_days(start: date, months: int) -> tuple[int, ...]:
    """Actual days in each monthly period after ``start``."""
    ordinals = [start.toordinal()] + [d.toordinal() for d in due_dates(start, months)]
    return tuple(b - a for a, b in itertools.pairwise(ordinals))


def interest_only_rows(amount_fen: int, rate_bp: int, start: date, months: int) -> list[tuple[int, int, int, int]]:
    """按月付息到期还本: interest on the actual days of each period, principal with the last instalment."""
    rows = [(0, i, i, amount_fen) for i in (daily_interest(amount_fen, rate_bp, d) for d in period_days(start, months))]
    _, i, _, _ = rows[-1]
    rows[-1] = (amount_fen, i, amount_fen + i, 0)
    return rows


def _first_unpaid(plan: LoanPlan, dues: tuple[str, ...], as_of: date) -> int:
    """Index of an overdue loan's first unpaid instalment: the last one due on or before the target date."""
    target = (as_of - timedelta(days=plan.overdue_target_days)).isoformat()
    return max((k for k, d in enumerate(dues) if d <= target), default=0)


def _active(plan: LoanPlan, balance: int, days: int, overdue_p: int, overdue_i: int, a: str,
            balances: list) -> LoanOutcome:
    cls = _classify(days, plan.extra_grade)
    balances.append((plan.loan_id, a, balance, days, cls, "import"))
    return LoanOutcome(balance, "active", None, days, overdue_p, overdue_i, cls)


def _revolving(plan: LoanPlan, as_of: date, live: str, source: str, recorder: str, rng: random.Random,
               repayments: list, balances: list) -> LoanOutcome:
    """随借随还: up to three partial repayments, each with the interest accrued since the previous one."""
    lid = plan.loan_id
    end = plan.maturity if plan.fate == "closed" else min(as_of, plan.maturity)
    span = (end - plan.drawdown).days
    picks = sorted({plan.drawdown + timedelta(days=between(rng, 1, span - 1)) for _ in range(between(rng, 0, 3))}) if span > 2 else []
    balance, last = plan.amount_fen, plan.drawdown
    for d in picks:
        principal = balance * between(rng, 10, 40) // 10_000 * 100  # whole 元
        if principal <= 0:
            continue
        interest = daily_interest(balance, plan.rate_bp, (d - last).days)
        balance -= principal
        day = d.isoformat()
        if day >= live:
            repayments.append((lid, day, principal, interest, None, recorder, day + "T01:30:00+00:00"))
        balances.append((lid, day, balance, 0, "normal", source))
        last = d
    if plan.fate == "closed":
        m = plan.maturity.isoformat()
        interest = daily_interest(balance, plan.rate_bp, (plan.maturity - last).days)
        if m >= live:
            repayments.append((lid, m, balance, interest, plan.closing_note, recorder, m + "T01:30:00+00:00"))
        balances.append((lid, m, 0, 0, "normal", source))
        return LoanOutcome(0, "closed", m, 0, 0, 0, "normal")
    days = overdue_p = overdue_i = 0
    if plan.fate == "overdue":
        days = (as_of - plan.maturity).days
        overdue_p = balance
        overdue_i = daily_interest(balance, plan.rate_bp, (as_of - last).days)
        overdue_month_ends(plan, balance, plan.maturity, as_of, balances)
    return _active(plan, balance, days, overdue_p, overdue_i, as_of.isoformat(), balances)
