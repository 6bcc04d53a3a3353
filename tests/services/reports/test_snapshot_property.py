"""Balance at a date: 0 before drawdown and after closing, else the latest history row on or before it.

And (QA 9) when that row is older than the date and the loan is past maturity with a balance, the days
past maturity and their classification floor apply.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain.classification import CODES, floor_for_overdue_days, severity
from workbench.services.reports.snapshot import outstanding_loans

BASE = date(2024, 1, 1)
NOW = "2025-01-01T00:00:00+00:00"

history = st.lists(
    st.tuples(st.integers(0, 400), st.integers(0, 10**9), st.sampled_from(CODES), st.integers(0, 200)),
    min_size=0, max_size=6,
)  # (day offset, balance fen, classification, overdue days)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    loans=st.lists(st.tuples(st.integers(0, 300), history, st.none() | st.integers(0, 420), st.integers(0, 420)),
                   min_size=1, max_size=5),
    at=st.integers(0, 420),
)
def test_balance_at_date_is_latest_history_row(db, loans, at):
    with db.atomic():
        for table in ("balance_history", "loans", "clients"):
            db.execute(f"DELETE FROM {table}")
        db["clients"].insert({"id": 1, "uscc": "U1", "name": "甲", "created_at": NOW, "updated_at": NOW})
        for i, (drawn, hist, closed, matures) in enumerate(loans, start=1):
            db["loans"].insert(
                {"id": i, "loan_no": f"L{i}", "client_id": 1, "amount_fen": 10**9, "balance_fen": 0,
                 "drawdown_date": (BASE + timedelta(days=drawn)).isoformat(),
                 "maturity_date": (BASE + timedelta(days=drawn + matures)).isoformat(),
                 "classification": "special", "overdue_days": 5,
                 "rate_bp": 400, "repayment_method": "annuity", "guarantee_type": "credit", "created_at": NOW, "updated_at": NOW,
                 "closed_on": None if closed is None else (BASE + timedelta(days=closed)).isoformat()}
            )
            for offset, bal, cls, od in hist:
                db["balance_history"].insert(
                    {"loan_id": i, "as_of": (BASE + timedelta(days=offset)).isoformat(), "balance_fen": bal,
                     "classification": cls, "overdue_days": od, "source": "import"}
                )
    d = BASE + timedelta(days=at)
    rows = list(outstanding_loans(db, d))
    got = {r["loan_id"]: r["balance_fen"] for r in rows}
    state = {r["loan_id"]: (r["classification"], r["overdue_days"]) for r in rows}
    want, want_state = {}, {}
    for i, (drawn, hist, closed, matures) in enumerate(loans, start=1):
        if drawn > at or (closed is not None and closed <= at):
            continue
        if not hist:
            bal, cls, od, row_day = 10**9, "special", 5, None  # no history: the loan's own record
        else:
            before = [(off, n, bal, cls, od) for n, (off, bal, cls, od) in enumerate(hist) if off <= at]
            if not before:
                continue
            row_day, _, bal, cls, od = max(before)  # latest date; the last inserted of equal dates
        if bal <= 0:
            continue
        past = at - (drawn + matures)
        if past > 0 and (row_day is None or row_day < at):  # stale and past maturity: the floor of those days
            od = max(od, past)
            if severity(floor_for_overdue_days(past)) > severity(cls):
                cls = floor_for_overdue_days(past)
        want[i], want_state[i] = bal, (cls, od)
    assert got == want
    assert state == want_state
    assert sum(got.values()) == sum(want.values())
