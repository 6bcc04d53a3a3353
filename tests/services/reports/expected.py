"""The right answers for the tiny portfolio, worked out from its raw rows (no SQL)."""

from __future__ import annotations

from tests.services.reports.conftest import CLIENTS, HISTORY, LINES, LOANS

REPAID = {4: [("2025-03-20", 345_678)]}
LIMIT_FEN = 1_000_000_000
NPL = {"substandard", "doubtful", "loss"}


def loan(lid: int) -> tuple:
    return next(row for row in LOANS if row[0] == lid)


def client(cid: int) -> tuple:
    return next(row for row in CLIENTS if row[0] == cid)


def state_at(lid: int, d: str) -> tuple[int, str]:
    """(balance, classification) of loan ``lid`` at ISO date ``d``."""
    row = loan(lid)
    if row[4] > d or (row[15] is not None and row[15] <= d):
        return 0, row[11]  # not yet drawn, or closed
    hist = [h for h in HISTORY if h[0] == lid]
    if hist:
        before = [h for h in hist if h[1] <= d]
        if not before:
            return 0, row[11]
        last = max(before, key=lambda h: h[1])
        return last[2], last[4]
    repaid = sum(p for day, p in REPAID.get(lid, []) if day <= d)
    return row[3] - repaid, row[11]


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
