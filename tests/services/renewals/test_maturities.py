"""The tickler: buckets at their edges, filters, paging, counts, dashboard alerts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workbench.services import maturities, renewals
from workbench.services.errors import ValidationError

from .conftest import TODAY, add_client, add_loan

D = lambda n: TODAY + timedelta(days=n)


@pytest.fixture
def book(rdb):
    """Loans at every bucket edge; returns {label: loan_id}."""
    other = add_client(rdb, name="宁波海曙五金商行", officer="刘强")
    ids = {
        "past": add_loan(rdb, rdb.client_id, D(-1)),
        "today": add_loan(rdb, rdb.client_id, D(0)),
        "d30": add_loan(rdb, rdb.client_id, D(30)),
        "d31": add_loan(rdb, other, D(31), officer="刘强"),
        "d60": add_loan(rdb, rdb.client_id, D(60)),
        "d61": add_loan(rdb, rdb.client_id, D(61)),
        "d90": add_loan(rdb, other, D(90), officer="刘强"),
        "d91": add_loan(rdb, rdb.client_id, D(91)),
        "overdue_far": add_loan(rdb, rdb.client_id, D(300), overdue_days=45, classification="special"),
        "closed": add_loan(rdb, rdb.client_id, D(5), status="closed", balance_fen=0),
    }
    return ids


def by_loan(rows):
    return {r["loan_id"]: r for r in rows}


def test_buckets_at_their_edges(rdb, book):
    rows = by_loan(maturities.tickler(rdb, TODAY))
    expected = {"past": "overdue", "today": "d30", "d30": "d30", "d31": "d60", "d60": "d60", "d61": "d90",
                "d90": "d90", "overdue_far": "overdue"}
    assert {k: rows[v]["bucket"] for k, v in book.items() if v in rows} == expected
    assert book["d91"] not in rows and book["closed"] not in rows
    assert rows[book["past"]]["days_left"] == -1 and rows[book["past"]]["overdue_band"] == "past_maturity"
    assert rows[book["overdue_far"]]["overdue_band"] == "1-90"
    r = rows[book["d31"]]
    assert (r["client"], r["officer"], r["balance_fen"], r["maturity_date"], r["classification"], r["days_left"]) == (
        "宁波海曙五金商行", "刘强", 80_000_000, D(31).isoformat(), "normal", 31)


def test_within_and_filters(rdb, book):
    ids = lambda **kw: {r["loan_id"] for r in maturities.tickler(rdb, TODAY, **kw)}
    assert ids(within_days=30) == {book["past"], book["today"], book["d30"], book["overdue_far"]}
    assert ids(officer="刘强") == {book["d31"], book["d90"]}
    assert ids(bucket="d60") == {book["d31"], book["d60"]}
    assert ids(bucket="overdue") == {book["past"], book["overdue_far"]}
    assert ids(search="五金") == {book["d31"], book["d90"]}
    with pytest.raises(ValidationError):
        maturities.tickler(rdb, TODAY, bucket="d45")
    with pytest.raises(ValidationError):
        maturities.tickler(rdb, TODAY, order_by="1; DROP TABLE loans")


def test_renewal_status_and_filter(rdb, book):
    app_id = renewals.start_renewal(rdb, "wangfang", book["d30"], "renewal", today=TODAY)
    rows = by_loan(maturities.tickler(rdb, TODAY))
    r = rows[book["d30"]]
    assert (r["renewal_status"], r["renewal_kind"], r["renewal_application_id"]) == ("draft", "renewal", app_id)
    assert rows[book["d60"]]["renewal_status"] == "none"
    assert {r["loan_id"] for r in maturities.tickler(rdb, TODAY, renewal="in_progress")} == {book["d30"]}
    assert book["d30"] not in {r["loan_id"] for r in maturities.tickler(rdb, TODAY, renewal="none")}


@pytest.mark.parametrize(("order_by", "descending"), [("maturity_date", False), ("balance_fen", True), ("client", False), ("bucket", False), ("days_left", True), ("classification", True)])
def test_keyset_pages_add_up_to_the_whole(rdb, book, order_by, descending):
    whole = [r["loan_id"] for r in maturities.tickler(rdb, TODAY, order_by=order_by, descending=descending)]
    paged, after = [], None
    while True:
        page = maturities.tickler(rdb, TODAY, order_by=order_by, descending=descending, after=after, limit=3)
        if not page:
            break
        paged += [r["loan_id"] for r in page]
        after = page[-1]["_key"]
    assert paged == whole and len(whole) == 8


def test_sorted_by_maturity(rdb, book):
    dates = [r["maturity_date"] for r in maturities.tickler(rdb, TODAY)]
    assert dates == sorted(dates)


def test_counts(rdb, book):
    counts = maturities.tickler_counts(rdb, TODAY)
    assert {b: counts[b]["count"] for b in maturities.BUCKETS} == {"overdue": 2, "d30": 2, "d60": 2, "d90": 2}
    assert counts["total"] == {"count": 8, "balance_fen": 8 * 80_000_000}
    assert maturities.tickler_counts(rdb, TODAY, officer="刘强")["total"]["count"] == 2


def test_maturity_alerts(rdb):
    monday = date(2025, 3, 10)  # a Monday
    add_loan(rdb, rdb.client_id, date(2025, 3, 16))  # Sunday: this week
    add_loan(rdb, rdb.client_id, date(2025, 3, 17))  # next Monday: this month only
    add_loan(rdb, rdb.client_id, date(2025, 3, 31))  # month end
    add_loan(rdb, rdb.client_id, date(2025, 4, 1))  # neither
    waiting = add_loan(rdb, rdb.client_id, date(2025, 4, 20))
    renewals.start_renewal(rdb, "wangfang", waiting, "renewal", today=monday)
    # balances imported as of 2025-03-09: one loan newly overdue, one overdue before and still
    was_ok = add_loan(rdb, rdb.client_id, date(2025, 9, 1), overdue_days=5)
    still = add_loan(rdb, rdb.client_id, date(2025, 9, 1), overdue_days=40)
    # its last row before the import (373 days earlier) says 0 days, yet it is 400 days overdue: not new
    long_ago = add_loan(rdb, rdb.client_id, date(2025, 9, 1), overdue_days=400)
    add_loan(rdb, rdb.client_id, date(2025, 9, 1), overdue_days=3)  # no earlier state: first seen in this import, new
    rdb["balance_history"].insert_all([
        {"loan_id": was_ok, "as_of": "2025-02-28", "balance_fen": 1, "overdue_days": 0, "classification": "normal", "source": "import"},
        {"loan_id": still, "as_of": "2025-02-28", "balance_fen": 1, "overdue_days": 12, "classification": "special", "source": "import"},
        {"loan_id": long_ago, "as_of": "2024-03-01", "balance_fen": 1, "overdue_days": 0, "classification": "normal", "source": "repayment"},
        {"loan_id": was_ok, "as_of": "2025-03-09", "balance_fen": 1, "overdue_days": 5, "classification": "special", "source": "import"},
        {"loan_id": still, "as_of": "2025-03-09", "balance_fen": 1, "overdue_days": 40, "classification": "special", "source": "import"},
    ])
    rdb["imports"].insert({"kind": "loans", "file_name": "x.csv", "file_sha256": "0" * 64, "as_of": "2025-03-09",
                           "imported_by": "wangfang", "imported_at": "2025-03-09T08:00:00+00:00"})
    alerts = maturities.maturity_alerts(rdb, monday)
    assert (alerts["this_week"], alerts["this_month"], alerts["renewals_waiting"], alerts["newly_overdue"]) == (1, 3, 1, 2)
    assert alerts["newly_overdue_since"] == "2025-03-09"
    assert alerts["overdue"] == 4
    assert alerts["filters"]["this_week"] == {"within_days": 6, "maturing_only": True}
    for key in ("this_week", "this_month", "renewals_waiting", "newly_overdue", "overdue"):  # each figure = its list
        assert len(maturities.tickler(rdb, monday, **alerts["filters"][key])) == alerts[key], key
    assert {r["loan_id"] for r in maturities.tickler(rdb, monday, **alerts["filters"]["renewals_waiting"])} == {waiting}


def test_officers_for_the_filter(rdb, book):
    assert maturities.officers(rdb) == sorted(["王芳", "刘强"])


def test_drill_down_filters(rdb, book):
    """maturing_only, overdue bands and no horizon: the narrowing filters behind the dashboard's figures."""
    ids = lambda **kw: {r["loan_id"] for r in maturities.tickler(rdb, TODAY, **kw)}
    assert ids(within_days=30, maturing_only=True) == {book["today"], book["d30"]}  # not the past or overdue ones
    assert ids(within_days=None) == set(book.values()) - {book["closed"]}  # every active loan, d91 too
    assert ids(within_days=None, maturing_only=True) == set(book.values()) - {book["closed"], book["past"]}
    assert ids(overdue_band="1-90") == {book["overdue_far"]}  # 45 days overdue, maturing in 300
    assert ids(overdue_band="91-270") == set()
    counts = maturities.tickler_counts(rdb, TODAY, within_days=60, maturing_only=True)
    assert counts["total"]["count"] == 4
    with pytest.raises(ValidationError):
        maturities.tickler(rdb, TODAY, overdue_band="1-30")
    with pytest.raises(ValidationError):
        maturities.tickler(rdb, TODAY, within_days=-1)


def test_newly_overdue_without_an_import_is_empty(rdb, book):
    assert maturities.tickler(rdb, TODAY, newly_overdue=True) == []
    assert maturities.tickler_counts(rdb, TODAY, newly_overdue=True)["total"]["count"] == 0
