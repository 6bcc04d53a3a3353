"""The credit journey in the window: log in, apply, submit, switch user, review, approve, draw down, schedule."""

from __future__ import annotations

from datetime import date

import argon2
import pytest
from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import QDialog

from workbench.services import applications as apps
from workbench.services import lending
from workbench.store import audit
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs.login import LoginDialog
from workbench.ui.dialogs.schedule_calculator import ScheduleCalculatorDialog
from workbench.ui.pages.applications import ApplicationsPage
from workbench.ui.pages.loans import LoansPage

PASSWORD = "demo1234"
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture(scope="module")
def password_hash() -> str:
    return argon2.PasswordHasher().hash(PASSWORD)


@pytest.fixture
def ctx(db, db_path, tmp_path, password_hash):
    now = audit.utc_now()
    db["users"].insert_all([
        {"username": u, "display_name": d, "role": r, "password_hash": password_hash, "active": 1,
         "failed_attempts": 0, "must_change_password": 0, "created_at": now}
        for u, d, r in (("wangfang", "王芳", "officer"), ("lijun", "李军", "reviewer"), ("zhaomin", "赵敏", "approver"))
    ])
    db["clients"].insert({"uscc": "91330100MA2XXXXX01", "name": "杭州青禾食品有限公司", "entity_type": "enterprise",
                          "size_class": "micro", "officer": "王芳", "created_at": now, "updated_at": now})
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(db_path=db_path, db=db, user=CurrentUser("nobody", "nobody", "officer"), settings=settings)


def log_in(qtbot, ctx, username: str, password: str = PASSWORD) -> LoginDialog:
    dialog = LoginDialog(ctx.db, username)
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(password)
    dialog.ok_button.click()
    if dialog.user is not None:
        ctx.user = CurrentUser(dialog.user.username, dialog.user.display_name, dialog.user.role)
    return dialog


def test_login_refuses_a_wrong_password_and_accepts_the_right_one(qtbot, ctx):
    dialog = log_in(qtbot, ctx, "wangfang", "wrong1234")
    assert dialog.user is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text() in ("用户名或密码错误", "wrong username or password")
    dialog = log_in(qtbot, ctx, "wangfang")
    assert dialog.result() == QDialog.DialogCode.Accepted and ctx.user.role == "officer"


def test_first_start_creates_the_administrator(qtbot, db):
    dialog = LoginDialog(db, "boss")
    qtbot.addWidget(dialog)
    assert dialog.first_admin
    dialog.name_edit.setText("行长")
    dialog.password_edit.setText("boss1234x")
    dialog.confirm_edit.setText("boss1234x")
    dialog.ok_button.click()
    assert dialog.user is not None and dialog.user.role == "admin" and dialog.user.display_name == "行长"


def test_application_to_loan_in_the_window(qtbot, ctx):
    log_in(qtbot, ctx, "wangfang")
    page = ApplicationsPage(ctx)
    qtbot.addWidget(page)
    client_id = ctx.db.execute("SELECT id FROM clients").fetchone()[0]

    form = page.new_application(client_id)
    form.amount_edit.setText("50万")
    form.spread_spin.setValue(50)
    form.text_edits["purpose"].setPlainText("采购原材料")
    assert form.ctx_labels["exposure_after"].text() == "500,000.00"
    assert form.warning_label.text() == ""
    form.amount_edit.setText("1200万")
    assert "10,000,000.00" in form.warning_label.text()  # over the inclusive ceiling
    form.amount_edit.setText("50万")
    form.submit_button.click()
    assert form.result() == QDialog.DialogCode.Accepted
    app = apps.get_application(ctx.db, form.application_id)
    assert (app["status"], app["amount_fen"], app["created_by"]) == ("submitted", 50_000_000, "wangfang")
    assert page.model.rowCount() == 0  # nothing waits for the officer any more

    log_in(qtbot, ctx, "lijun")  # switch user: the reviewer
    page.refresh()
    assert page.model.rowCount() == 1
    page.select_row(0)
    review = page.open_selected()
    qtbot.addWidget(review)
    assert set(review.action_buttons) == {"take_review"}
    review.action_buttons["take_review"].click()
    assert set(review.action_buttons) == {"pass_review", "return", "reject"}
    review.opinion_edit.setPlainText("经营稳定，同意")
    review.action_buttons["pass_review"].click()
    assert review.action_buttons == {}
    assert review.history.model().rowCount() == 3
    review.accept()

    log_in(qtbot, ctx, "zhaomin")  # the approver
    page.refresh()
    assert page.model.rowCount() == 1
    page.select_row(0)
    approval = page.open_selected()
    qtbot.addWidget(approval)
    # Enter never decides: no decision button is the default, Close is
    assert not any(b.isDefault() or b.autoDefault() for b in approval.action_buttons.values())
    assert approval.action_buttons["approve"].isEnabled()
    approval.amount_edit.setText("40万")
    approval.opinion_edit.setPlainText("同意，调整为40万元")
    approval.action_buttons["approve"].click()
    assert approval.error_label.text() == ""
    app = apps.get_application(ctx.db, app["id"])
    assert app["status"] == "approved" and app["approved_amount_fen"] == 40_000_000
    assert app["credit_line"]["limit_fen"] == 40_000_000
    assert approval.history.model().rowCount() == 4
    approval.accept()

    log_in(qtbot, ctx, "wangfang")  # the officer draws down
    loans = LoansPage(ctx)
    qtbot.addWidget(loans)
    assert loans.model.rowCount() == 0
    draw = loans.open_drawdown()
    qtbot.addWidget(draw)
    assert draw.amount_edit.text() == "400,000.00"  # the whole available limit
    draw.amount_edit.setText("30万")
    assert draw.preview.model().rowCount() == 12
    draw.ok_button.click()
    assert draw.result() == QDialog.DialogCode.Accepted
    assert loans.model.rowCount() == 1
    loans.view.selectRow(0)
    schedule = loans.schedule_view.model()
    assert schedule.rowCount() == 12
    loan = lending.loan_detail(ctx.db, draw.loan_id)
    assert sum(i["principal_fen"] for i in loan["instalments"]) == 30_000_000
    assert schedule.data(schedule.index(0, 1)) == loan["instalments"][0]["due_date"]

    pay = loans.open_repayment()
    qtbot.addWidget(pay)
    first = loan["instalments"][0]
    assert pay.principal_edit.text() == f"{first['principal_fen'] // 100:,}.{first['principal_fen'] % 100:02d}"
    assert pay.record()
    assert lending.loan_detail(ctx.db, draw.loan_id)["balance_fen"] == 30_000_000 - first["principal_fen"]
    # paid today: the dialog never dates a repayment ahead of the money arriving
    assert pay.date_edit.maximumDate() == QDate.currentDate()
    assert loans.schedule_view.model().data(loans.schedule_view.model().index(0, 6)) == date.today().isoformat()


def test_loans_page_sorts_in_sql(qtbot, ctx):
    from PySide6.QtCore import Qt

    from workbench.services import workflow

    client_id = ctx.db.execute("SELECT id FROM clients").fetchone()[0]
    app_id = apps.create_application(ctx.db, "wangfang", client_id, product="信用贷", amount_fen=90_000_000,
                                     term_months=12, repayment_method="equal_principal", guarantee_type="credit")
    for who, action in (("wangfang", "submit"), ("lijun", "take_review"), ("lijun", "pass_review"), ("zhaomin", "approve")):
        app = workflow.act(ctx.db, who, app_id, action)
    for amount in (10_000_000, 30_000_000, 20_000_000):
        lending.drawdown(ctx.db, "wangfang", app["credit_line"]["id"], amount, drawdown_date=date.today())
    ctx.user = CurrentUser("wangfang", "王芳", "officer")
    page = LoansPage(ctx)
    qtbot.addWidget(page)
    page.model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [page.model.row(r)["amount_fen"] for r in range(3)] == [30_000_000, 20_000_000, 10_000_000]


def test_schedule_calculator_without_a_client(qtbot):
    dialog = ScheduleCalculatorDialog()
    qtbot.addWidget(dialog)
    dialog.amount_edit.setText("120000")
    dialog.rate_edit.setText("3.60")
    dialog.months_spin.setValue(12)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("equal_principal"))
    model = dialog.table.model()
    assert model.rowCount() == 12
    assert model.data(model.index(0, 3)) == "10,000.00"  # 120,000 / 12 principal each month
    assert dialog.schedule.total_principal_fen == 12_000_000
    assert "120,000.00" in dialog.totals_label.text()
    dialog.rate_edit.setText("abc")
    assert model.rowCount() == 0 and dialog.error_label.text()


def test_loan_model_passes_the_model_tester(qtbot, qtmodeltester, ctx):
    from workbench.services import workflow
    from workbench.ui.pages.loans import LoanTableModel

    client_id = ctx.db.execute("SELECT id FROM clients").fetchone()[0]
    app_id = apps.create_application(ctx.db, "wangfang", client_id, product="信用贷", amount_fen=9_000_000,
                                     term_months=6, repayment_method="annuity", guarantee_type="credit")
    for who, action in (("wangfang", "submit"), ("lijun", "take_review"), ("lijun", "pass_review"), ("zhaomin", "approve")):
        app = workflow.act(ctx.db, who, app_id, action)
    for _ in range(5):
        lending.drawdown(ctx.db, "wangfang", app["credit_line"]["id"], 1_000_000, drawdown_date=date.today())
    page = LoansPage(ctx)
    qtbot.addWidget(page)
    model = LoanTableModel(ctx, page._columns())
    model.PAGE = 2  # force paging
    model.reload(status="active")
    assert model.rowCount() == 2 and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 5
    assert len({model.row(r)["id"] for r in range(5)}) == 5


def test_a_reset_password_must_be_changed_at_login(qtbot, ctx):
    from workbench.services import users

    ctx.db["users"].insert({"username": "admin", "display_name": "管理员", "role": "admin",
                            "password_hash": ctx.db.execute("SELECT password_hash FROM users").fetchone()[0],
                            "created_at": audit.utc_now()})
    users.reset_password(ctx.db, "admin", "wangfang", "temp12345")
    dialog = LoginDialog(ctx.db, "wangfang")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText("temp12345")
    dialog.ok_button.click()
    assert dialog.user is None and dialog.changing
    dialog.new_password_edit.setText("mine12345")
    dialog.new_confirm_edit.setText("mine12345")
    dialog.ok_button.click()
    assert dialog.user is not None and not dialog.user.must_change_password
    assert users.authenticate(ctx.db, "wangfang", "mine12345").username == "wangfang"


def test_demo_portfolio_login_names_the_demo_account(qtbot, ctx):
    ctx.db["settings"].insert({"key": "demo_seed", "value": "1"})
    dialog = LoginDialog(ctx.db)
    qtbot.addWidget(dialog)
    assert dialog.username_edit.text() == "wangfang"
    assert "demo1234" in dialog.findChild(type(dialog.error_label), "demo_hint").text()
    dialog.password_edit.setText("demo1234")
    dialog.ok_button.click()
    assert dialog.user.display_name == "王芳"


def _approved_line(ctx, term_months=6, method="annuity", spread_bp=50) -> dict:
    from workbench.services import workflow

    client_id = ctx.db.execute("SELECT id FROM clients").fetchone()[0]
    app_id = apps.create_application(ctx.db, "wangfang", client_id, product="信用贷", amount_fen=20_000_000,
                                     term_months=term_months, repayment_method=method, guarantee_type="credit",
                                     spread_bp=spread_bp)
    for who, action in (("wangfang", "submit"), ("lijun", "take_review"), ("lijun", "pass_review"), ("zhaomin", "approve")):
        app = workflow.act(ctx.db, who, app_id, action)
    return app["credit_line"]


def test_drawdown_dialog_caps_the_term_and_shows_the_rate_in_force(qtbot, ctx):
    from datetime import timedelta

    from PySide6.QtCore import QDate

    from workbench.services import lpr
    from workbench.ui.dialogs.drawdown import DrawdownDialog

    line = _approved_line(ctx, term_months=6, spread_bp=50)
    today = date.today()
    ctx.db["users"].insert({"username": "admin", "display_name": "管理员", "role": "admin", "active": 1,
                            "failed_attempts": 0, "must_change_password": 0, "created_at": audit.utc_now()})
    _, lpr_today = lpr.rate_in_force(ctx.db, "1Y", today)
    lpr.set_rate(ctx.db, "admin", today + timedelta(days=1), "1Y", lpr_today - 25)  # a cut published tomorrow
    ctx.user = CurrentUser("wangfang", "王芳", "officer")
    dialog = DrawdownDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.term_spin.maximum() == 6 and dialog.term_spin.value() == 6  # the approved term
    dialog.term_spin.setValue(360)
    assert dialog.term_spin.value() == 6
    rate_now = f"{(lpr_today + 50) / 100:.2f}%"
    assert dialog.rate_label.text().startswith(rate_now) and today.isoformat() not in dialog.rate_label.text()
    dialog.amount_edit.setText("12万")
    assert dialog.preview.model().rowCount() == 6 and dialog.terms["rate_bp"] == lpr_today + 50
    dialog.date_edit.setDate(QDate(today + timedelta(days=1)))
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert dialog.terms["rate_bp"] == lpr_today + 25 and tomorrow in dialog.rate_label.text()
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    loan = lending.loan_detail(ctx.db, dialog.loan_id)
    assert (loan["rate_bp"], loan["lpr_bp"], loan["spread_bp"]) == (lpr_today + 25, lpr_today - 25, 50)
    assert len(loan["instalments"]) == 6 and loan["credit_line_id"] == line["id"]


def test_medium_client_gets_a_note_not_the_inclusive_warning(qtbot, ctx):
    now = audit.utc_now()
    medium = ctx.db["clients"].insert({"uscc": "91330100MA2XXXXX04", "name": "中型制造企业", "entity_type": "enterprise",
                                       "size_class": "medium", "officer": "王芳", "created_at": now,
                                       "updated_at": now}).last_pk
    ctx.user = CurrentUser("wangfang", "王芳", "officer")
    page = ApplicationsPage(ctx)
    qtbot.addWidget(page)
    form = page.new_application(medium)
    qtbot.addWidget(form)
    assert form.client_combo.currentText() == "中型制造企业"  # the name comes through the service
    form.amount_edit.setText("1200万")
    assert form.warning_label.text() == ""
    assert form.note_label.text() in ("客户为中型企业，不属于普惠型小微企业贷款口径（与金额无关）",
                                      "the client is a medium enterprise: not an inclusive small-business borrower, "
                                      "whatever the amount")


def test_credit_dialogs_hold_no_sql():
    from pathlib import Path

    import workbench.ui.dialogs as dialogs

    folder = Path(dialogs.__file__).parent
    for name in ("application", "approval", "drawdown", "repayment"):
        text = (folder / f"{name}.py").read_text(encoding="utf-8")
        for needle in (".execute(", "SELECT ", "INSERT ", "UPDATE ", "sqlite"):
            assert needle not in text, (name, needle)


def test_a_new_application_picks_no_client_until_the_officer_does(qtbot, ctx):
    from workbench.ui.pages.applications import ApplicationsPage

    page = ApplicationsPage(ctx)
    qtbot.addWidget(page)
    form = page.new_application()
    qtbot.addWidget(form)
    assert form.selected_client() is None and form.client_combo.count() >= 2
    form.amount_edit.setText("50万")
    assert not form.save(submit=False)
    assert ctx.db.execute("SELECT count(*) FROM applications").fetchone()[0] == 0
    form.client_combo.setCurrentIndex(1)
    assert form.selected_client() is not None
    form.client_search.setText("青禾")  # a search that names exactly one client selects it
    assert form.client_combo.count() == 1 and form.selected_client() is not None
