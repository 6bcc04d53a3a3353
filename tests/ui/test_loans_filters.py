"""Loans page filters for the dashboard's drill-down: inclusive borrowers, and the credit-lines tab (keyset pages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from tests.ui.shell_support import add_client, ctx, portfolio  # noqa: F401 - fixtures
from workbench.services import lending
from workbench.ui.pages.loans import LoansPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _loan(db, cid: int, n: int, balance: int, status: str = "active") -> None:
    db["loans"].insert({"loan_no": f"JJ{n:06d}", "client_id": cid, "amount_fen": balance, "balance_fen": balance,
                        "drawdown_date": "2025-03-01", "maturity_date": "2026-03-01", "rate_bp": 385,
                        "repayment_method": "annuity", "guarantee_type": "credit", "status": status,
                        "created_at": "x", "updated_at": "x"})


def _all(model) -> list[dict]:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.row(r) for r in range(model.rowCount())]


def test_inclusive_borrowers_filter(qtbot, db, ctx, portfolio):
    big = add_client(db, "巨型集团有限公司", 30, employees=5000, revenue_fen=10**12)
    small = portfolio["杭州鑫瑞科技有限公司"]
    _loan(db, small, 1, 100)
    _loan(db, small, 2, 200)
    _loan(db, small, 3, 300, status="closed")
    _loan(db, big, 4, 400)
    page = LoansPage(ctx)
    qtbot.addWidget(page)
    page.apply_filter(status="active", inclusive=True)
    assert [r["loan_no"] for r in _all(page.model)] == ["JJ000001", "JJ000002"]
    assert page.count_label.text().startswith("2")
    page.inclusive_combo.setCurrentIndex(page.inclusive_combo.findData(False))
    assert [r["loan_no"] for r in _all(page.model)] == ["JJ000004"]
    page.apply_filter(status=None)  # a new drill-down resets the borrower filter
    assert page.inclusive_combo.currentData() is None and len(_all(page.model)) == 4


def test_credit_lines_tab_pages_by_keyset(qtbot, db, ctx, portfolio):
    cid = portfolio["宁波海通贸易有限公司"]
    db["credit_lines"].insert_all([
        {"line_no": f"SX{i:04d}", "client_id": cid, "limit_fen": 1_000_000 + i, "start_date": "2025-01-01",
         "expiry_date": "2026-01-01", "status": "closed" if i % 10 == 0 else "active", "created_at": "x"}
        for i in range(1, 451)])
    page = LoansPage(ctx)
    qtbot.addWidget(page)
    page.apply_filter(view="lines", line_status="active")
    assert page.tabs.currentWidget() is page.lines_panel
    panel = page.lines_panel
    assert panel.model.rowCount() == 200 and panel.model.canFetchMore()  # lazily, a page at a time
    rows = _all(panel.model)
    assert len(rows) == len({r["id"] for r in rows}) == 405 == lending.count_lines(db, status="active")
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)  # newest first
    assert panel.count_label.text().startswith("405")
    assert panel.model.index(0, 8).data() == "已过期"  # active, but past its expiry (2026-01-01); ctx is Chinese
    panel.status_combo.setCurrentIndex(panel.status_combo.findData(None))
    assert len(_all(panel.model)) == 450
    page.apply_filter(status="active")  # back to the loans tab
    assert page.tabs.currentWidget() is page.view


def test_the_loan_count_hides_on_the_credit_lines_tab(qtbot, db, ctx, portfolio):
    page = LoansPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.count_label.isVisible()
    page.tabs.setCurrentWidget(page.lines_panel)
    assert not page.count_label.isVisible()
    page.tabs.setCurrentWidget(page.view)
    assert page.count_label.isVisible()
