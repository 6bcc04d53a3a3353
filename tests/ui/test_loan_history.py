"""A loan's history on the Loans page (repayments, renewal chain, classification), Start renewal, Print packet.

Everything is built through the real services: application → approval chain
→ drawdown, then ``renewals.start_renewal`` → approval chain → drawdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from workbench.services import applications, classification, lending, renewals, repayments, workflow
from workbench.store import audit
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.pages.applications import ApplicationsPage
from workbench.ui.pages.loans import LoansPage

TODAY = date(2025, 3, 10)
START = TODAY - timedelta(days=340)
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@dataclass
class Renewed:
    old_id: int
    new_id: int
    old_no: str
    new_no: str
    renewal_app_id: int
    renewal_app_no: str


def _approve(db, app_id: int, today: date) -> int:
    """The approval chain by the reviewer and the approver; returns the credit line id."""
    workflow.act(db, "wangfang", app_id, "submit", today=today)
    workflow.act(db, "lijun", app_id, "take_review", today=today)
    workflow.act(db, "lijun", app_id, "pass_review", opinion="经营稳定，同意", today=today)
    return workflow.act(db, "zhaomin", app_id, "approve", opinion="同意", today=today)["credit_line"]["id"]


@pytest.fixture
def ctx(db, db_path, tmp_path):
    now = audit.utc_now()
    db["users"].insert_all([
        {"username": u, "display_name": d, "role": r, "password_hash": None, "active": 1, "failed_attempts": 0,
         "must_change_password": 0, "created_at": now}
        for u, d, r in (("wangfang", "王芳", "officer"), ("lijun", "李军", "reviewer"), ("zhaomin", "赵敏", "approver"))
    ])
    db["clients"].insert({"uscc": "91330100MA2XXXXX01", "name": "杭州青禾食品有限公司", "entity_type": "enterprise",
                          "size_class": "small", "industry": "制造业", "officer": "王芳", "still_operating": 1,
                          "created_at": now, "updated_at": now})
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(db_path=db_path, db=db, user=CurrentUser("wangfang", "王芳", "officer"), settings=settings)


@pytest.fixture
def renewed(ctx) -> Renewed:
    """Loan A (drawn 340 days ago, one repayment, raised to 关注 by hand) renewed (续贷) into loan B."""
    db = ctx.db
    client_id = db.execute("SELECT id FROM clients").fetchone()[0]
    app0 = applications.create_application(
        db, "wangfang", client_id, product="流动资金贷款", amount_fen=50_000_000, term_months=12,
        repayment_method="interest_only", guarantee_type="credit", spread_bp=60, purpose="采购原材料", today=START)
    old = lending.drawdown(db, "wangfang", _approve(db, app0, START), 50_000_000, drawdown_date=START)
    repayments.record_repayment(db, "wangfang", old, START + timedelta(days=100), 10_000_000, 150_000, note="提前还款")
    classification.set_classification(db, "wangfang", old, "special", "主要客户回款放缓")
    app1 = renewals.start_renewal(db, "wangfang", old, "renewal", today=TODAY, amount_fen=40_000_000)
    new = lending.drawdown(db, "wangfang", _approve(db, app1, TODAY), 40_000_000, drawdown_date=TODAY + timedelta(days=20))
    loans = {r["id"]: r["loan_no"] for r in db.query("SELECT id, loan_no FROM loans")}
    return Renewed(old, new, loans[old], loans[new], app1, applications.get_application(db, app1)["app_no"])


def _page(qtbot, ctx) -> LoansPage:
    page = LoansPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.apply_filter(status=None)  # closed loans too: the old loan is closed by its renewal
    return page


def _select(page: LoansPage, loan_id: int) -> None:
    row = next(r for r in range(page.model.rowCount()) if page.model.row(r)["id"] == loan_id)
    page.view.selectRow(row)


def _cells(view) -> list[list[str]]:
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_renewal_history_shows_on_the_old_and_the_new_loan(qtbot, ctx, renewed):
    page = _page(qtbot, ctx)
    assert page.model.rowCount() == 2

    _select(page, renewed.old_id)
    [link] = _cells(page.renewals_view)
    # kind, old loan, old amount, old maturity, new loan, new amount, new drawn, new maturity, application, status
    assert link[:10] == ["Renewal", renewed.old_no, "500,000.00", (START.replace(year=START.year + 1)).isoformat(),
                         renewed.new_no, "400,000.00", (TODAY + timedelta(days=20)).isoformat(),
                         (TODAY + timedelta(days=20)).replace(year=TODAY.year + 1).isoformat(),
                         renewed.renewal_app_no, "Approved"]
    assert link[11]  # completed date
    assert "renewed by " + renewed.new_no in page.detail_label.text()
    # the old loan's own repayment and its hand-made classification change
    assert _cells(page.repayments_view) == [[(START + timedelta(days=100)).isoformat(), "101,500.00", "100,000.00",
                                             "1,500.00", "wangfang", "提前还款"]]
    [change] = _cells(page.classification_view)
    assert change[1:6] == ["Normal", "Special mention", "Normal", "By hand", "wangfang"] and change[6] == "主要客户回款放缓"
    assert page.detail_tabs.tabText(2) == "Renewals (1)" and page.detail_tabs.tabText(1) == "Repayments (1)"
    assert not page.renew_button.isEnabled()  # closed by the renewal

    _select(page, renewed.new_id)
    assert [row[:5] for row in _cells(page.renewals_view)] == [["Renewal", renewed.old_no, "500,000.00",
                                                               link[3], renewed.new_no]]
    assert "renews " + renewed.old_no in page.detail_label.text()
    assert "Special mention" in page.detail_label.text()
    assert _cells(page.repayments_view) == []
    [inherited] = _cells(page.classification_view)  # renewal neither worsens nor cures: 关注 carried over
    assert inherited[1:5] == ["Normal", "Special mention", "Normal", "Inherited on renewal"]
    assert renewed.old_no in inherited[6]
    assert page.renew_button.isEnabled()

    page.view.clearSelection()
    assert page.renewals_view.model().rowCount() == 0 and page.detail_tabs.tabText(2) == "Renewals"


def test_start_renewal_from_the_loan_and_see_the_whole_chain(qtbot, ctx, renewed):
    page = _page(qtbot, ctx)
    _select(page, renewed.new_id)
    page.renew_button.click()
    dialog = page.renewal_dialog
    assert dialog is not None and dialog.isVisible() and dialog.loan_id == renewed.new_id
    assert renewed.old_no in dialog.history.text()  # the dialog shows the loan's earlier renewal too
    dialog.kind_buttons["extension"].click()
    assert dialog.amount.text() == "400,000.00"  # the new loan's balance
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.error.text() == "" and dialog.result() == QDialog.DialogCode.Accepted

    app = applications.get_application(ctx.db, dialog.application_id)
    assert (app["kind"], app["renews_loan_id"], app["status"]) == ("extension", renewed.new_id, "draft")
    assert app["app_no"] in page.message.text()
    assert page.selected()["id"] == renewed.new_id and not page.renew_button.isEnabled()  # one under way
    pending = _cells(page.renewals_view)[1]
    assert pending[:2] == ["Extension", renewed.new_no] and pending[4] == "" and pending[8:10] == [app["app_no"], "Draft"]

    # complete it: A → B → C, and the old loan A now shows the whole chain
    third = lending.drawdown(ctx.db, "wangfang", _approve(ctx.db, app["id"], TODAY), 40_000_000,
                             drawdown_date=TODAY + timedelta(days=30))
    page.refresh()
    _select(page, renewed.old_id)
    chain = _cells(page.renewals_view)
    assert [(r[1], r[4]) for r in chain] == [(renewed.old_no, renewed.new_no),
                                            (renewed.new_no, ctx.db["loans"].get(third)["loan_no"])]
    assert page.detail_tabs.tabText(2) == "Renewals (2)"


def test_print_packet_opens_the_preview(qtbot, ctx, renewed):
    page = ApplicationsPage(ctx)
    qtbot.addWidget(page)
    page.apply_filter(queue=False)
    assert not page.packet_button.isEnabled()
    row = next(r for r in range(page.model.rowCount()) if page.model.row(r)["id"] == renewed.renewal_app_id)
    page.select_row(row)
    assert page.packet_button.isEnabled()
    seen: dict = {}

    def inspect() -> None:  # runs inside the dialog's exec() loop
        dialog = page.packet_dialog
        seen["modal"] = dialog.isVisible() and dialog.isModal()

        def ready(pages: int) -> None:
            seen["pages"], seen["title"] = pages, dialog.windowTitle()
            dialog.accept()

        def failed(text: str) -> None:
            seen["error"] = text
            dialog.reject()

        dialog.packet_ready.connect(ready)
        dialog.packet_failed.connect(failed)
        QTimer.singleShot(20_000, dialog, dialog.reject)  # never hang the suite

    QTimer.singleShot(0, inspect)
    page.packet_button.click()  # returns when the dialog closes
    assert seen.get("error") is None
    assert seen["modal"] and seen["pages"] >= 1
    assert renewed.renewal_app_no in seen["title"]


def test_client_record_lists_the_clients_renewals(qtbot, ctx, renewed):
    from workbench.ui.dialogs.client import ClientDialog

    client_id = ctx.db.execute("SELECT id FROM clients").fetchone()[0]
    dialog = ClientDialog(ctx, client_id)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "Renewals (1)" in titles
    view = dialog.tabs.widget(titles.index("Renewals (1)"))
    [row] = _cells(view)
    assert row[:6] == ["Renewal", renewed.old_no, "500,000.00", (START.replace(year=START.year + 1)).isoformat(),
                       renewed.new_no, "400,000.00"]
    assert row[7] == renewed.renewal_app_no
