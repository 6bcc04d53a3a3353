"""The right answers for the tiny portfolio, worked out from its raw rows (no SQL)."""

from __future__ import annotations

from datetime import date

from tests.services.reports.conftest import CLIENTS, HISTORY, LINES, LOANS

REPAID = {4: [("2025-03-20", 345_678)]}
LIMIT_FEN = 1_000_000_000
NPL = {"substandard", "doubtful", "loss"}


def loan(lid: int) -> tuple:
    return next(row for row in LOANS if row[0] == lid)


def client(cid: int) -> tuple:
    return next(row for row in CLIENTS if row[0] == cid)


ORDER = ["normal", "special", "substandard", "doubtful", "loss"]


def floor(days: int) -> str:
    """The classification floor for ``days`` overdue, written out from the rule (1–90, 91–270, 271–360, > 360)."""
    return "normal" if days <= 0 else "special" if days <= 90 else "substandard" if days <= 270 else (
        "doubtful" if days <= 360 else "loss")


def full_state_at(lid: int, d: str) -> tuple[int, str, int]:
    """(balance, classification, overdue days) of loan ``lid`` at ISO date ``d``.

    The latest history row on or before ``d`` (else the loan's own record); when that is older than
    ``d`` and the loan is past maturity with a balance, the days past maturity and their floor apply.
    """
    row = loan(lid)
    if row[4] > d or (row[15] is not None and row[15] <= d):
        return 0, row[11], 0  # not yet drawn, or closed
    hist = [h for h in HISTORY if h[0] == lid]
    if hist:
        before = [h for h in hist if h[1] <= d]
        if not before:
            return 0, row[11], 0
        last = max(before, key=lambda h: h[1])
        bal, cls, days, row_date = last[2], last[4], last[3], last[1]
    else:
        bal = row[3] - sum(p for day, p in REPAID.get(lid, []) if day <= d)
        cls, days, row_date = row[11], row[12], None
    if bal > 0 and row[5] < d and (row_date is None or row_date < d):
        past = (date.fromisoformat(d) - date.fromisoformat(row[5])).days
        days = max(days, past)
        cls = max(cls, floor(past), key=ORDER.index)
    return bal, cls, days


def state_at(lid: int, d: str) -> tuple[int, str]:
    """(balance, classification) of loan ``lid`` at ISO date ``d``."""
    bal, cls, _ = full_state_at(lid, d)
    return bal, cls


def total_credit(cid: int, d: str) -> int:
    outstanding = [r for r in LOANS if r[1] == cid and state_at(r[0], d)[0] > 0]
    used_lines = {r[13] for r in outstanding if r[13] is not None}
    lines = sum(l[4] for l in LINES if l[2] == cid and ((l[5] <= d <= l[6]) or l[0] in used_lines))
    return lines + sum(r[3] for r in outstanding if r[13] is None)


def inclusive(cid: int, d: str) -> bool:
    c = client(cid)
    if total_credit(cid, d) > LIMIT_FEN:
        return False
    return c[2] in ("individual_business", "owner") or (c[2] == "enterprise" and c[3] in ("small", "micro"))


def outstanding(d: str) -> list[int]:
    return [r[0] for r in LOANS if state_at(r[0], d)[0] > 0]
