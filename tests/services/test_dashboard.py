"""Dashboard figures and the lists behind them."""

from __future__ import annotations

from datetime import date

from tests.services.shell_fixtures import add_client
from workbench.services.dashboard import dashboard_figures

TODAY = date(2026, 3, 15)


def _loan(db, cid, n, balance, maturity, overdue=0, status="active"):
    db["loans"].insert({"loan_no": f"L{n}", "client_id": cid, "amount_fen": balance, "balance_fen": balance,
                        "drawdown_date": "2025-03-01", "maturity_date": maturity, "rate_bp": 385,
                        "repayment_method": "annuity", "guarantee_type": "credit", "overdue_days": overdue,
                        "status": status, "created_at": "x", "updated_at": "x"})


def test_figures(db):
    small = add_client(db, "小企业", 1)  # small
    big = add_client(db, "大企业", 2, employees=2000, revenue_fen=10**12)  # large
    _loan(db, small, 1, 100_000, "2026-03-30")             # within 30 days
    _loan(db, small, 2, 200_000, "2026-05-01", overdue=95)  # within 60, 91–270 band
    _loan(db, big, 3, 1_000_000, "2026-06-10", overdue=400)  # within 90, over 360
    _loan(db, big, 4, 5, "2026-03-20", status="closed")
    db["visits"].insert({"client_id": big, "visit_date": "2026-03-02", "officer": "王芳", "finding": "need",
                         "created_by": "x", "created_at": "x"})
    db["applications"].insert({"app_no": "A1", "client_id": small, "product": "p", "amount_fen": 1, "term_months": 12,
                               "lpr_bp": 310, "rate_bp": 385, "repayment_method": "annuity", "guarantee_type": "credit",
                               "status": "under_review", "created_by": "x", "created_at": "x", "updated_at": "x"})
    f = {x.name: x for x in dashboard_figures(db, TODAY)}
    assert f["clients"].value == 2
    assert (f["active_loans"].value, f["balance"].value) == (3, 1_300_000)
    assert f["inclusive_balance"].value == 300_000 and f["inclusive_loans"].value == 2
    assert (f["maturing_30"].value, f["maturing_60"].value, f["maturing_90"].value) == (1, 2, 3)
    assert f["maturing_30_balance"].value == 100_000
    assert f["overdue_91_270"].value == 1 and f["overdue_361_plus_balance"].value == 1_000_000
    assert f["overdue_1_90"].value == 0
    assert f["applications_under_review"].value == 1 and f["applications_under_review"].filters == {"status": "under_review"}
    assert f["visits_month"].value == 1 and f["visits_month"].filters == {"date_from": "2026-03-01", "date_to": "2026-03-31"}
    assert f["visited_no_credit"].value == 0  # the visited client has loans
    assert f["maturing_60"].page == "maturities" and f["maturing_60"].filters == {"within_days": 60}
    assert f["inclusive_balance"].money and not f["clients"].money
    assert (f["inclusive_balance"].page, f["inclusive_balance"].filters) == ("clients", {"inclusive": True})
    assert f["overdue_91_270"].page == "maturities" and f["overdue_91_270"].filters["bucket"] == "overdue"
