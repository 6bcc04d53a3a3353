"""The maturities page: open it, filter it, colours, lazy model, export, start a renewal from a row."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt

from workbench.store import audit
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs.renewal import RenewalDialog
from workbench.ui.pages.maturities import MaturitiesPage, TicklerTableModel

TODAY = date(2025, 3, 10)


def _loan(db, n, client_id, days, officer="王芳", **extra):
    now = audit.utc_now()
    maturity = TODAY + timedelta(days=days)
    return db["loans"].insert({
        "loan_no": f"JJ{n:06d}", "client_id": client_id, "product": "流动资金贷款", "amount_fen": 1_000_000,
        "balance_fen": 800_000, "drawdown_date": maturity.replace(year=maturity.year - 1).isoformat(),
        "maturity_date": maturity.isoformat(), "rate_bp": 385, "spread_bp": 75, "repayment_method": "interest_only",
        "guarantee_type": "credit", "officer": officer, "created_at": now, "updated_at": now, **extra}).last_pk


@pytest.fixture
def ctx(db, db_path, tmp_path):
    now = audit.utc_now()
    db["users"].insert({"username": "wangfang", "display_name": "王芳", "role": "officer", "active": 1,
                        "failed_attempts": 0, "must_change_password": 0, "created_at": now})
    ids = [db["clients"].insert({"uscc": f"91330100MA2XXXXX{i:02d}", "name": name, "size_class": "small",
                                 "officer": officer, "created_at": now, "updated_at": now}).last_pk
           for i, (name, officer) in enumerate([("杭州青禾食品有限公司", "王芳"), ("=HYPERLINK(\"x\")商行", "刘强")])]
    _loan(db, 1, ids[0], -5, overdue_days=5, classification="special")
    _loan(db, 2, ids[0], 10)
    _loan(db, 3, ids[1], 45, officer="刘强")
    _loan(db, 4, ids[0], 75)
    _loan(db, 5, ids[0], 200)  # outside 90 days
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(db_path=db_path, db=db, user=CurrentUser("wangfang", "王芳", "officer"), settings=settings)


def _loan_nos(page):
    return [page.model.row(r)["loan_no"] for r in range(page.model.rowCount())]


def test_opens_with_every_bucket_coloured(qtbot, ctx):
    page = MaturitiesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    assert _loan_nos(page) == ["JJ000001", "JJ000002", "JJ000003", "JJ000004"]
    buckets = [page.model.row(r)["bucket"] for r in range(4)]
    assert buckets == ["overdue", "d30", "d60", "d90"]
    colours = [page.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) for r in range(4)]
    assert colours[0].color().name() == "#f8cbad" and colours[1].color().name() == "#ffe699"
    assert colours[3] is None  # 61–90 days: no alarm colour
    assert page.model.index(0, 4).data() == "8,000.00"
    assert "4" in page.counts.text()


def test_filters(qtbot, ctx):
    page = MaturitiesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.officer_combo.setCurrentIndex(page.officer_combo.findData("刘强"))
    assert _loan_nos(page) == ["JJ000003"]
    page.officer_combo.setCurrentIndex(0)
    page.bucket_combo.setCurrentIndex(page.bucket_combo.findData("d30"))
    assert _loan_nos(page) == ["JJ000002"]
    page.apply_filter(within_days=30, bucket=None)
    assert _loan_nos(page) == ["JJ000001", "JJ000002"]
    page.within.setValue(365)
    assert "JJ000005" in _loan_nos(page)
    page.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # balance, re-queried in SQL
    assert page.model.order_by == "balance_fen" and page.model.descending


def test_model_is_lazy_and_passes_model_tester(qtbot, qtmodeltester, ctx):
    client = ctx.db["clients"].rows_where(limit=1).__next__()["id"]
    for n in range(10, 260):
        _loan(ctx.db, n, client, 20 + n % 50)
    model = TicklerTableModel(ctx.db)
    model.set_query({"today": TODAY})
    assert model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 254 and not model.canFetchMore()
    assert len({model.row(r)["loan_id"] for r in range(254)}) == 254
    qtmodeltester.check(model)


def test_export_neutralises_formulas(qtbot, ctx, tmp_path):
    page = MaturitiesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    out = tmp_path / "tickler.xlsx"
    page.export_to(out)
    qtbot.waitUntil(lambda: "tickler.xlsx" in page.message.text(), timeout=10_000)
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["JJ000001", "JJ000002", "JJ000003", "JJ000004"]
    cell = ws.cell(row=5, column=3)
    assert cell.value == '=HYPERLINK("x")商行' and cell.data_type == "s"  # text, not a formula
    assert rows[0][4] == 8000


def test_start_renewal_from_a_row(qtbot, ctx, monkeypatch):
    page = MaturitiesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    assert not page.renew_button.isEnabled()
    page.view.selectRow(1)  # JJ000002, 10 days left
    assert page.renew_button.isEnabled()
    seen = {}

    def fake_exec(dialog: RenewalDialog) -> int:
        qtbot.addWidget(dialog)
        # 无还本续贷 is preselected; unconfirmed needs fail, so a justification is required
        failed = [dialog.rules_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.rules_list.count())]
        seen["failed_before"] = [rule for rule, ok in failed if not ok]
        dialog.submit()
        seen["error"] = dialog.error.text()
        dialog.needs_funds.setChecked(True)
        dialog.good_conduct.setChecked(True)
        seen["failed_after"] = list(dialog.failed_rules)
        assert dialog.amount.text() == "8,000.00"
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(RenewalDialog, "exec", fake_exec)
    page.start_renewal()
    assert seen["failed_before"] == ["needs_funds", "good_conduct"]
    assert seen["error"]  # refused without justification
    assert seen["failed_after"] == []
    app = next(ctx.db.query("SELECT * FROM applications"))
    assert (app["kind"], app["amount_fen"], app["status"]) == ("no_principal", 800_000, "draft")
    assert app["app_no"] in page.message.text()
    row = next(page.model.row(r) for r in range(page.model.rowCount()) if page.model.row(r)["loan_no"] == "JJ000002")
    assert row["renewal_status"] == "draft"
    assert page.model.index(1, 9).data()  # renewal column shows it
    page.view.selectRow(1)
    assert not page.renew_button.isEnabled()  # one renewal at a time


def test_overdue_loan_shows_failed_rules(qtbot, ctx):
    """Past maturity: before_maturity cannot be overridden, so 无还本续贷 is refused; an extension is not."""
    from PySide6.QtWidgets import QDialogButtonBox

    loan_id = ctx.db.execute("SELECT id FROM loans WHERE loan_no = 'JJ000001'").fetchone()[0]
    dialog = RenewalDialog(ctx, loan_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.needs_funds.setChecked(True)
    dialog.good_conduct.setChecked(True)
    assert set(dialog.failed_rules) == {"no_arrears", "before_maturity"}
    assert dialog.blocking_rules == ["before_maturity"]
    texts = {dialog.rules_list.item(i).data(Qt.ItemDataRole.UserRole)[0]: dialog.rules_list.item(i).text()
             for i in range(dialog.rules_list.count())}
    assert "cannot be overridden" in texts["before_maturity"] and "cannot be overridden" not in texts["no_arrears"]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "cannot be overridden" in dialog.error.text()
    dialog.justification.setPlainText("核心企业回款已确认，支行行长书面同意办理。")
    dialog.submit()  # even if reached: the service refuses
    assert dialog.application_id is None and ctx.db["applications"].count == 0
    assert "到期" in dialog.error.text() or "matured" in dialog.error.text()
    dialog.kind_buttons["extension"].setChecked(True)
    assert not dialog.rules_box.isVisibleTo(dialog) and ok.isEnabled() and not dialog.error.text()
    dialog.submit()
    assert ctx.db["applications"].get(dialog.application_id)["kind"] == "extension"


def test_overridable_failure_goes_through_with_a_justification(qtbot, ctx):
    loan_id = ctx.db.execute("SELECT id FROM loans WHERE loan_no = 'JJ000002'").fetchone()[0]
    ctx.db["loans"].update(loan_id, {"overdue_interest_fen": 5_000})
    dialog = RenewalDialog(ctx, loan_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.needs_funds.setChecked(True)
    dialog.good_conduct.setChecked(True)
    assert dialog.failed_rules == ["no_arrears"] and dialog.blocking_rules == []
    dialog.justification.setPlainText("核心企业回款已确认，支行行长书面同意办理。")
    dialog.submit()
    app = ctx.db["applications"].get(dialog.application_id)
    assert app["override_justification"].startswith("核心企业回款")


def test_change_classification_from_a_row(qtbot, ctx, monkeypatch):
    from workbench.ui.dialogs.classification import ClassificationDialog

    page = MaturitiesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.view.selectRow(0)  # JJ000001: 5 days overdue, 关注
    assert page.classify_button.isEnabled()
    seen = {}

    def fake_exec(dialog: ClassificationDialog) -> int:
        qtbot.addWidget(dialog)
        seen["offered"] = [dialog.combo.itemData(i) for i in range(dialog.combo.count())]
        dialog.combo.setCurrentIndex(dialog.combo.findData("substandard"))
        dialog.submit()  # no reason: refused
        seen["error"] = dialog.error.text()
        dialog.reason.setPlainText("经营场所已关闭，联系不上实际控制人")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ClassificationDialog, "exec", fake_exec)
    page.change_classification()
    assert seen["offered"] == ["special", "substandard", "doubtful", "loss"]  # nothing below the floor
    assert seen["error"]
    assert page.model.row(0)["classification"] == "substandard"
    assert "JJ000001" in page.message.text()


def test_officer_is_offered_raises_only(qtbot, ctx):
    """QA finding 12: an officer may raise a classification, never lower it; a reviewer may lower to the floor."""
    from workbench.ui.context import AppContext, CurrentUser
    from workbench.ui.dialogs.classification import ClassificationDialog

    loan_id = ctx.db.execute("SELECT id FROM loans WHERE loan_no = 'JJ000002'").fetchone()[0]
    ctx.db["loans"].update(loan_id, {"classification": "substandard"})
    officer = ClassificationDialog(ctx, loan_id)
    qtbot.addWidget(officer)
    assert [officer.combo.itemData(i) for i in range(officer.combo.count())] == ["substandard", "doubtful", "loss"]
    assert officer.raise_only.isVisibleTo(officer)
    now = audit.utc_now()
    ctx.db["users"].insert({"username": "lijun", "display_name": "李军", "role": "reviewer", "active": 1,
                            "failed_attempts": 0, "must_change_password": 0, "created_at": now})
    reviewer_ctx = AppContext(db_path=ctx.db_path, db=ctx.db, user=CurrentUser("lijun", "李军", "reviewer"), settings=ctx.settings)
    reviewer = ClassificationDialog(reviewer_ctx, loan_id)
    qtbot.addWidget(reviewer)
    offered = [reviewer.combo.itemData(i) for i in range(reviewer.combo.count())]
    assert offered == ["normal", "special", "substandard", "doubtful", "loss"] and not reviewer.raise_only.isVisibleTo(reviewer)
    reviewer.combo.setCurrentIndex(reviewer.combo.findData("special"))
    reviewer.reason.setPlainText("欠息已结清，经审查下调")
    reviewer.submit()
    assert reviewer.changed_to == "special" and ctx.db["loans"].get(loan_id)["classification"] == "special"


def test_renewal_dialog_shows_the_loans_renewal_history(qtbot, ctx):
    from workbench.services import renewals

    loan_id = ctx.db.execute("SELECT id FROM loans WHERE loan_no = 'JJ000004'").fetchone()[0]
    renewals.start_renewal(ctx.db, "wangfang", loan_id, "extension", today=TODAY)
    dialog = RenewalDialog(ctx, loan_id, today=TODAY)
    qtbot.addWidget(dialog)
    assert "JJ000004" in dialog.history.text()
    other = ctx.db.execute("SELECT id FROM loans WHERE loan_no = 'JJ000002'").fetchone()[0]
    fresh = RenewalDialog(ctx, other, today=TODAY)
    qtbot.addWidget(fresh)
    assert "JJ000004" not in fresh.history.text()


def test_drill_down_filters_reset_the_others(qtbot, ctx):
    """Dashboard drill-down: maturing only, an overdue band, any maturity — each starting from the defaults."""
    page = MaturitiesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.apply_filter(overdue_band="1-90")
    assert _loan_nos(page) == ["JJ000001"] and page.band_combo.currentData() == "1-90"
    page.apply_filter(within_days=30, maturing_only=True)  # the band from before no longer applies
    assert _loan_nos(page) == ["JJ000002"] and page.maturing_check.isChecked()
    assert page.band_combo.currentData() is None
    page.maturing_check.setChecked(False)  # the user widens it again: the overdue loan is back
    assert _loan_nos(page) == ["JJ000001", "JJ000002"]
    page.apply_filter(within_days=None)  # any maturity: the loan 200 days out too
    assert page.within.text() == page.within.specialValueText()
    assert "JJ000005" in _loan_nos(page) and page.filters()["within_days"] is None
    page.apply_filter(newly_overdue=True)  # no balance import yet: nothing is newly overdue
    assert _loan_nos(page) == [] and "0" in page.counts.text()
    page.apply_filter(bucket="d60", officer="刘强")
    assert _loan_nos(page) == ["JJ000003"]
    page.band_combo.setCurrentIndex(page.band_combo.findData("91-270"))
    assert _loan_nos(page) == []


def test_export_keeps_the_drill_down_filters(qtbot, ctx, tmp_path):
    page = MaturitiesPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    page.apply_filter(within_days=60, maturing_only=True)
    out = tmp_path / "maturing.xlsx"
    page.export_to(out)
    qtbot.waitUntil(lambda: "maturing.xlsx" in page.message.text(), timeout=10_000)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in rows] == ["JJ000002", "JJ000003"]
