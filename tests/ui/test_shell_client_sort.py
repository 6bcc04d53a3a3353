"""Client list: every sortable header sorts in SQL, including the computed Inclusive and Loan balance columns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.shell_support import add_client, ctx, portfolio  # noqa: F401 - fixtures
from workbench.services.clients import SORT_COLUMNS, ClientFilter, client_ids
from workbench.ui.models.client_table import client_columns
from workbench.ui.pages.clients import ClientsPage


def _loan(db, cid: int, n: int, balance: int, status: str = "active") -> None:
    db["loans"].insert({"loan_no": f"L{n}", "client_id": cid, "amount_fen": balance, "balance_fen": balance,
                        "drawdown_date": "2025-03-01", "maturity_date": "2026-03-01", "rate_bp": 385,
                        "repayment_method": "annuity", "guarantee_type": "credit", "status": status,
                        "created_at": "x", "updated_at": "x"})


@pytest.fixture
def book(db, portfolio):
    """Balances 300 / 0 / 5,000 / 20 (yuan) and one large (never inclusive) client."""
    ids = dict(portfolio)
    ids["巨型集团有限公司"] = add_client(db, "巨型集团有限公司", 30, employees=5000, revenue_fen=10**12)
    _loan(db, ids["杭州鑫瑞科技有限公司"], 1, 30_000)
    _loan(db, ids["温州鑫达鞋业有限公司"], 2, 500_000)
    _loan(db, ids["嘉兴华美纺织有限公司"], 3, 2_000)
    _loan(db, ids["宁波海通贸易有限公司"], 4, 9_999_999, status="closed")  # a closed loan has no balance
    _loan(db, ids["巨型集团有限公司"], 5, 100_000)
    return ids


def _column(key: str) -> int:
    return next(i for i, c in enumerate(client_columns()) if c.key == key)


def _rows(page) -> list[dict]:
    return [page.model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(page.model.rowCount())]


def test_every_visible_column_but_personal_data_is_sortable():
    unsortable = {c.key for c in client_columns() if c.sort_key is None}
    assert unsortable == {"phone", "legal_rep_id", "entity_type"}
    assert all(c.sort_key in SORT_COLUMNS for c in client_columns() if c.sort_key)


def test_sort_by_loan_balance(qtbot, ctx, book):
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    page.table.sortByColumn(_column("balance_fen"), Qt.SortOrder.DescendingOrder)
    assert page.model.sort_key == "balance_fen" and page.loading  # a per-client aggregate: on the worker
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    balances = [r["balance_fen"] for r in _rows(page)]
    assert balances == [500_000, 100_000, 30_000, 2_000, 0]
    assert page.model.index(0, _column("balance_fen")).data() == "0.50"  # 10k yuan, as shown
    page.table.sortByColumn(_column("balance_fen"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert [r["balance_fen"] for r in _rows(page)] == sorted(balances)


def test_sort_by_inclusive_flag(qtbot, ctx, book):
    page = ClientsPage(ctx)
    qtbot.addWidget(page)
    page.table.sortByColumn(_column("inclusive"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    flags = [r["inclusive"] for r in _rows(page)]
    assert flags == [False, True, True, True, True]  # the large group first, as the column shows it
    assert _rows(page)[0]["name"] == "巨型集团有限公司"
    page.table.sortByColumn(_column("inclusive"), Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert [r["inclusive"] for r in _rows(page)] == [True, True, True, True, False]
    assert page.table.horizontalHeader().sortIndicatorSection() == _column("inclusive")


def test_computed_sorts_combine_with_filters(db, book):
    ids = client_ids(db, ClientFilter(inclusive=True), "balance_fen", descending=True)
    assert ids[:3] == [book["温州鑫达鞋业有限公司"], book["杭州鑫瑞科技有限公司"], book["嘉兴华美纺织有限公司"]]
    assert book["巨型集团有限公司"] not in ids
