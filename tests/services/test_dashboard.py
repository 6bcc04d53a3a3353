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
    assert f["maturing_60"].page == "maturities"
    assert f["maturing_60"].filters == {"within_days": 60, "maturing_only": True}
    assert f["inclusive_balance"].money and not f["clients"].money
    assert (f["inclusive_balance"].page, f["inclusive_balance"].filters) == ("loans", {"status": "active", "inclusive": True})
    assert f["overdue_91_270"].page == "maturities" and f["overdue_91_270"].filters == {"overdue_band": "91-270"}


def test_each_figure_counts_what_its_list_shows(db):
    """The service behind each list, under the figure's filters, returns exactly the figure."""
    from workbench.services import lending, maturities
    from workbench.services.applications import list_applications
    from workbench.services.clients import ClientFilter, count_clients
    from workbench.services.visits import VisitFilter, count_visits

    small = add_client(db, "小企业", 1)
    big = add_client(db, "大企业", 2, employees=2000, revenue_fen=10**12)
    _loan(db, small, 1, 100_000, "2026-03-30")
    _loan(db, small, 2, 200_000, "2026-03-20", overdue=95)  # maturing within 30 days AND overdue
    _loan(db, small, 3, 300_000, "2026-02-01")               # past maturity, not overdue: no band, not maturing
    _loan(db, big, 4, 1_000_000, "2026-09-10", overdue=400)  # overdue, matures beyond 90 days
    _loan(db, big, 5, 50_000, "2026-05-30", overdue=30)
    db["credit_lines"].insert_all([
        {"line_no": f"C{i}", "client_id": small, "limit_fen": 5_000_000, "start_date": "2026-01-01",
         "expiry_date": "2027-01-01", "status": status, "created_at": "x"}
        for i, status in enumerate(("active", "active", "closed"))])
    f = {x.name: x for x in dashboard_figures(db, TODAY)}
    for days in (30, 60, 90):
        flt = f[f"maturing_{days}"].filters
        rows = maturities.tickler(db, TODAY, **flt)
        assert len(rows) == f[f"maturing_{days}"].value
        assert sum(r["balance_fen"] for r in rows) == f[f"maturing_{days}_balance"].value
    assert f["maturing_30"].value == 2  # the overdue loan maturing in 5 days counts, the past one does not
    for name, expected in (("overdue_1_90", 1), ("overdue_91_270", 1), ("overdue_271_360", 0), ("overdue_361_plus", 1)):
        rows = maturities.tickler(db, TODAY, **f[name].filters)
        assert len(rows) == f[name].value == expected, name
        assert sum(r["balance_fen"] for r in rows) == f[f"{name}_balance"].value
    active = lending.list_loans(db, **f["active_loans"].filters)
    assert len(active) == f["active_loans"].value == 5
    inclusive = lending.list_loans(db, **f["inclusive_loans"].filters)
    assert len(inclusive) == f["inclusive_loans"].value == 3
    assert sum(r["balance_fen"] for r in inclusive) == f["inclusive_balance"].value
    assert lending.count_loans(db, **f["inclusive_loans"].filters) == 3
    lines = f["credit_lines"].filters
    assert len(lending.list_lines(db, status=lines["line_status"])) == f["credit_lines"].value == 2
    assert count_clients(db, ClientFilter(visited_no_credit=True)) == f["visited_no_credit"].value
    assert count_visits(db, VisitFilter()) >= f["visits_month"].value
    assert len(list_applications(db, status="submitted")) == f["applications_submitted"].value


def test_maturity_alerts_count_their_tickler_lists(db):
    from workbench.services import maturities

    cid = add_client(db, "小企业", 1)
    _loan(db, cid, 1, 100, "2026-03-16")  # next week (TODAY is a Sunday: the week ends today), this month
    _loan(db, cid, 2, 200, "2026-03-15", overdue=3)  # matures today, overdue: this week, this month and overdue
    _loan(db, cid, 3, 300, "2026-03-31")
    _loan(db, cid, 4, 400, "2026-01-31")  # past maturity
    alerts = maturities.maturity_alerts(db, TODAY)
    for key in ("this_week", "this_month", "renewals_waiting", "newly_overdue", "overdue"):
        rows = maturities.tickler(db, TODAY, **alerts["filters"][key])
        assert len(rows) == alerts[key], key
    assert (alerts["this_week"], alerts["this_month"], alerts["overdue"]) == (1, 3, 2)
