"""Visits: log one in the dialog, see it listed, start a credit application from it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.ui.shell_support import ctx, portfolio  # noqa: F401 - fixtures
from workbench.services.visits import VisitFilter, list_visits
from workbench.ui.dialogs.visit import VisitDialog
from workbench.ui.pages.visits import VisitsPage


def _fill(dialog: VisitDialog) -> None:
    dialog.contact_edit.setText("张经理")
    dialog.finding_combo.setCurrentIndex(dialog.finding_combo.findData("need"))
    dialog.amount_edit.setText("200")  # 万元
    dialog.purpose_edit.setText("采购原材料")
    for check in dialog.screen_checks.values():
        check.setChecked(True)
    dialog.declared_check.setChecked(True)


def test_log_visit_from_search_and_see_it_listed(qtbot, db, ctx, portfolio):
    dialog = VisitDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.client_search.setText("hzxr")
    assert dialog.client_combo.count() == 1
    _fill(dialog)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    rows = list_visits(db, VisitFilter(client_id=portfolio["杭州鑫瑞科技有限公司"]))
    assert len(rows) == 1
    v = rows[0]
    assert (v["amount_needed_fen"], v["officer"], v["screening_passed"], v["declared"], v["credit_granted"]) == (
        200_000_000, "王芳", 5, 1, 0)
    assert db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'visits'").fetchone()[0] == 1

    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    assert page.model.index(0, 1).data() == "杭州鑫瑞科技有限公司"
    assert page.model.index(0, 6).data() == "5/5"
    page.officer_combo.setCurrentIndex(page.officer_combo.findData("王芳"))
    assert page.model.rowCount() == 1
    page.apply_filter(date_from="2000-01-01", date_to="2000-12-31")
    assert page.model.rowCount() == 0
    page.apply_filter(client_id=portfolio["宁波海通贸易有限公司"])
    assert page.model.rowCount() == 0
    page.apply_filter(client_id=portfolio["杭州鑫瑞科技有限公司"])
    assert page.model.rowCount() == 1


def test_visit_with_need_requires_amount(qtbot, db, ctx, portfolio):
    dialog = VisitDialog(ctx, client_id=portfolio["宁波海通贸易有限公司"])
    qtbot.addWidget(dialog)
    dialog.finding_combo.setCurrentIndex(dialog.finding_combo.findData("need"))
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.errors.message("amount_needed_fen")
    dialog.amount_edit.setText("12abc")
    dialog.save()
    assert dialog.errors.message("amount_needed_fen")
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_start_application_from_visit(qtbot, db, ctx, portfolio):
    from workbench.services.users import ensure_headless_user

    ensure_headless_user(db, "wangfang")  # the credit workflow acts only for known officers
    cid = portfolio["温州鑫达鞋业有限公司"]
    dialog = VisitDialog(ctx, client_id=cid)
    qtbot.addWidget(dialog)
    _fill(dialog)
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    app = dialog.application
    assert app is not None and app.isVisible()
    qtbot.addWidget(app)
    assert db.execute("SELECT visit_date FROM visits WHERE client_id = ?", [cid]).fetchone()[0] == date.today().isoformat()
    assert app.client_id == cid
    assert app.client_combo.currentData() == cid
    assert app.amount_edit.text().replace(",", "").startswith("2000000")  # 200 万元 in 元
    assert app.save(submit=False), app.error_label.text()  # the officer saves the draft
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=2000)
    row = db.execute("SELECT client_id, visit_id, amount_fen, status FROM applications").fetchone()
    assert row == (cid, dialog.visit_id, 200_000_000, "draft")


def test_visits_model_tester(qtbot, qtmodeltester, db, ctx, portfolio):
    from workbench.services.visits import save_visit
    for _i in range(210):
        save_visit(db, "wangfang", {"client_id": portfolio["杭州鑫瑞科技有限公司"], "visit_date": date.today(),
                                    "officer": "王芳", "finding": "no_need"})
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 200 and page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 210 and not page.model.canFetchMore()
    qtmodeltester.check(page.model)


def test_visit_list_scrolls_through_keyset_pages(qtbot, db, ctx, portfolio):
    """QA 24: pages continue after the last row shown (visit date, id) — 450 visits, 30 on each day."""
    from PySide6.QtCore import QModelIndex

    ids = list(portfolio.values())
    db["visits"].insert_all([
        {"client_id": ids[i % 4], "visit_date": f"2025-{1 + i // 30 // 28:02d}-{1 + i // 30 % 28:02d}",
         "officer": "王芳", "finding": "no_need", "created_by": "x", "created_at": "x"} for i in range(450)])
    page = VisitsPage(ctx)
    qtbot.addWidget(page)
    page.apply_filter(date_from="2025-01-01", date_to="2025-12-31")
    assert page.model.rowCount() == 200 and page.model.canFetchMore(QModelIndex())
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        while page.model.canFetchMore(QModelIndex()):
            page.model.fetchMore(QModelIndex())
    finally:
        db.conn.set_trace_callback(None)
    rows = [page.model.row(r) for r in range(page.model.rowCount())]
    assert len(rows) == len({r["id"] for r in rows}) == 450
    assert [(r["visit_date"], r["id"]) for r in rows] == sorted(((r["visit_date"], r["id"]) for r in rows), reverse=True)
    pages = [q for q in seen if "FROM visits" in q]
    assert pages and not any("OFFSET" in q.upper() for q in pages)
    assert "450" in page.count_label.text()
