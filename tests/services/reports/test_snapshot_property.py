"""Balance at a date: 0 before drawdown and after closing, else the latest history row on or before it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.services.reports.snapshot import outstanding_loans

BASE = date(2024, 1, 1)
NOW = "2025-01-01T00:00:00+00:00"

history = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 10**9)), min_size=0, max_size=6
)  # (day offset, balance fen)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    loans=st.lists(st.tuples(st.integers(0, 300), history, st.none() | st.integers(0, 420)), min_size=1, max_size=5),
    at=st.integers(0, 420),
)
def test_balance_at_date_is_latest_history_row(db, loans, at):
    with db.atomic():
        for table in ("balance_history", "loans", "clients"):
            db.execute(f"DELETE FROM {table}")
        db["clients"].insert({"id": 1, "uscc": "U1", "name": "甲", "created_at": NOW, "updated_at": NOW})
        for i, (drawn, hist, closed) in enumerate(loans, start=1):
            db["loans"].insert(
                {"id": i, "loan_no": f"L{i}", "client_id": 1, "amount_fen": 10**9, "balance_fen": 0,
                 "drawdown_date": (BASE + timedelta(days=drawn)).isoformat(), "maturity_date": "2030-01-01",
                 "rate_bp": 400, "repayment_method": "annuity", "guarantee_type": "credit", "created_at": NOW, "updated_at": NOW,
                 "closed_on": None if closed is None else (BASE + timedelta(days=closed)).isoformat()}
            )
            for offset, bal in hist:
                db["balance_history"].insert(
                    {"loan_id": i, "as_of": (BASE + timedelta(days=offset)).isoformat(), "balance_fen": bal,
                     "classification": "normal", "source": "import"}
                )
    d = BASE + timedelta(days=at)
    got = {r["loan_id"]: r["balance_fen"] for r in outstanding_loans(db, d)}
    want = {}
    for i, (drawn, hist, closed) in enumerate(loans, start=1):
        if drawn > at or (closed is not None and closed <= at):
            continue
        if not hist:
            want[i] = 10**9  # no history: the loan's own record (amount, nothing repaid)
            continue
        before = [(off, n, bal) for n, (off, bal) in enumerate(hist) if off <= at]
        if before:
            bal = max(before)[2]  # latest date; the last inserted of equal dates
            if bal > 0:
                want[i] = bal
    assert got == want
    assert sum(got.values()) == sum(want.values())
