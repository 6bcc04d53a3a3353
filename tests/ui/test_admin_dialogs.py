"""Account and LPR administration in the window, driven as an admin (or a refused officer) would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import argon2
import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QTableView

from workbench.services import lpr, users
from workbench.services.errors import NotFound, PermissionDenied
from workbench.store import audit
from workbench.ui import i18n
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs.admin_menu import admin_actions, install_admin_actions
from workbench.ui.dialogs.change_password import ChangePasswordDialog
from workbench.ui.dialogs.lpr_admin import LprAdminDialog, LprTableModel, publications
from workbench.ui.dialogs.users_admin import (
    NewUserDialog,
    ResetPasswordDialog,
    UsersAdminDialog,
    UsersTableModel,
)

# The offscreen platform warns when a (window-modal) dialog is shown; it means nothing here.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PASSWORD = "demo1234"
PEOPLE = {"admin": ("管理员", "admin"), "wangfang": ("王芳", "officer"), "lijun": ("李军", "reviewer")}


@pytest.fixture(scope="session")
def password_hash() -> str:
    return argon2.PasswordHasher().hash(PASSWORD)  # one hash for the session: each costs ~0.1 s


@pytest.fixture
def adb(db, password_hash):
    now = audit.utc_now()
    db["users"].insert_all([
        {"username": u, "display_name": d, "role": r, "password_hash": password_hash, "active": 1,
         "failed_attempts": 0, "must_change_password": 0, "created_at": now}
        for u, (d, r) in PEOPLE.items()
    ])
    return db


def make_ctx(db, db_path, tmp_path, username: str, language: str = "en", readonly: bool = False) -> AppContext:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("ui/language", language)
    i18n.install_language(language)
    name, role = PEOPLE[username]
    return AppContext(db_path, db, CurrentUser(username, name, role), settings, readonly=readonly)


@pytest.fixture
def admin_ctx(adb, db_path, tmp_path):
    return make_ctx(adb, db_path, tmp_path, "admin")


def actions(db, action: str) -> list[dict]:
    return list(db.query("SELECT actor, action, table_name FROM audit_log WHERE action = ?", [action]))


def open_users(qtbot, ctx) -> UsersAdminDialog:
    dialog = UsersAdminDialog(ctx)
    qtbot.addWidget(dialog)
    return dialog


def select(dialog, username: str) -> None:
    dialog.select(username)
    assert dialog.selected_username() == username


def lock(db, username: str) -> None:
    for _ in range(users.MAX_FAILED_ATTEMPTS):
        with pytest.raises(PermissionDenied):
            users.authenticate(db, username, "wrong1234")


# ------------------------------------------------------------------ accounts


def test_officer_is_refused_with_a_clear_message(qtbot, adb, db_path, tmp_path):
    dialog = open_users(qtbot, make_ctx(adb, db_path, tmp_path, "wangfang"))
    assert dialog.allowed is False
    assert "Only an administrator" in dialog.notice.text() and "wangfang" in dialog.notice.text()
    assert dialog.findChild(QTableView) is None
    assert not hasattr(dialog, "add_button")


def test_accounts_table_lists_every_account_without_hashes(qtbot, admin_ctx, qtmodeltester):
    dialog = open_users(qtbot, admin_ctx)
    model = dialog.model
    assert [model.row(i)["username"] for i in range(model.rowCount())] == ["admin", "lijun", "wangfang"]
    assert all("password_hash" not in model.row(i) for i in range(model.rowCount()))
    role_col = [c.key for c in model.columns].index("role")
    assert model.index(model.row_of("lijun"), role_col).data() == "Risk reviewer"
    qtmodeltester.check(model)


def test_admin_adds_a_user_who_can_then_log_in(qtbot, admin_ctx):
    dialog = open_users(qtbot, admin_ctx)
    form = dialog.add_user()
    assert isinstance(form, NewUserDialog) and form.isVisible()
    form.username_edit.setText("chenjing")
    form.name_edit.setText("陈静")
    form.set_role("approver")
    form.password_edit.setText("chen2025x")
    form.confirm_edit.setText("chen2025x")
    form.ok_button.click()
    assert form.result() == QDialog.DialogCode.Accepted
    assert dialog.selected_username() == "chenjing"
    assert "chenjing" in dialog.message.text()
    user = users.authenticate(admin_ctx.db, "chenjing", "chen2025x")
    assert (user.display_name, user.role, user.must_change_password) == ("陈静", "approver", True)
    assert actions(admin_ctx.db, "user.create")[0]["actor"] == "admin"


def test_weak_initial_password_is_refused_at_the_field(qtbot, admin_ctx):
    form = open_users(qtbot, admin_ctx).add_user()
    form.username_edit.setText("chenjing")
    form.password_edit.setText("abc123")
    form.confirm_edit.setText("abc123")
    assert form.submit() is False
    assert "8 characters" in form.errors.message("password")
    form.password_edit.setText("abcdefgh")
    form.confirm_edit.setText("abcdefgh")
    assert form.submit() is False
    assert "letters and digits" in form.errors.message("password")
    assert users.find_user(admin_ctx.db, "chenjing") is None
    assert form.isVisible()


def test_password_reason_is_in_chinese_for_a_chinese_user(qtbot, adb, db_path, tmp_path):
    form = open_users(qtbot, make_ctx(adb, db_path, tmp_path, "admin", language="zh_CN")).add_user()
    form.username_edit.setText("chenjing")
    form.password_edit.setText("short1")
    form.confirm_edit.setText("short1")
    form.submit()
    assert "至少需要 8 个字符" in form.errors.message("password")


def test_taken_username_and_differing_passwords_are_named(qtbot, admin_ctx):
    form = open_users(qtbot, admin_ctx).add_user()
    form.username_edit.setText("wangfang")
    form.password_edit.setText("abcd1234")
    form.confirm_edit.setText("abcd1235")
    assert form.submit() is False
    assert form.errors.message("confirm") and not form.errors.message("password")
    form.confirm_edit.setText("abcd1234")
    assert form.submit() is False
    assert "already taken" in form.errors.message("username")


def test_reset_password_unlocks_and_forces_a_change(qtbot, admin_ctx):
    db = admin_ctx.db
    lock(db, "wangfang")
    dialog = open_users(qtbot, admin_ctx)
    select(dialog, "wangfang")
    assert dialog.selected()["locked_until"]
    form = dialog.reset_password()
    assert isinstance(form, ResetPasswordDialog)
    form.password_edit.setText("fresh2025")
    form.confirm_edit.setText("fresh2025")
    form.ok_button.click()
    assert form.result() == QDialog.DialogCode.Accepted
    assert dialog.selected()["locked_until"] is None
    assert dialog.selected()["must_change_password"] is True
    with pytest.raises(PermissionDenied):
        users.authenticate(db, "wangfang", PASSWORD)
    assert users.authenticate(db, "wangfang", "fresh2025").must_change_password is True
    assert actions(db, "user.reset_password")[0]["actor"] == "admin"


def test_reset_password_refuses_a_weak_one(qtbot, admin_ctx):
    dialog = open_users(qtbot, admin_ctx)
    select(dialog, "lijun")
    form = dialog.reset_password()
    form.password_edit.setText("password")
    form.confirm_edit.setText("password")
    assert form.submit() is False
    assert "letters and digits" in form.errors.message("password")
    assert users.authenticate(admin_ctx.db, "lijun", PASSWORD).must_change_password is False


def test_unlock_lets_a_locked_user_log_in_again(qtbot, admin_ctx):
    db = admin_ctx.db
    lock(db, "lijun")
    dialog = open_users(qtbot, admin_ctx)
    select(dialog, "lijun")
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    assert not dialog.unlock_button.isEnabled()
    assert users.authenticate(db, "lijun", PASSWORD).username == "lijun"
    assert [a["actor"] for a in actions(db, "user.unlock")] == ["admin"]


def test_deactivate_then_reactivate(qtbot, admin_ctx):
    db = admin_ctx.db
    dialog = open_users(qtbot, admin_ctx)
    select(dialog, "wangfang")
    assert dialog.active_button.text() == "Deactivate"
    dialog.active_button.click()
    with pytest.raises(PermissionDenied) as err:
        users.authenticate(db, "wangfang", PASSWORD)
    assert err.value.code == "inactive"
    assert dialog.selected()["active"] is False and dialog.active_button.text() == "Reactivate"
    dialog.active_button.click()
    assert users.authenticate(db, "wangfang", PASSWORD).active is True
    assert len(actions(db, "user.deactivate")) == len(actions(db, "user.activate")) == 1


def test_admin_cannot_deactivate_themselves(qtbot, admin_ctx):
    dialog = open_users(qtbot, admin_ctx)
    select(dialog, "admin")
    assert not dialog.active_button.isEnabled()
    assert users.may_manage_users(admin_ctx.db, "admin") and not users.may_manage_users(admin_ctx.db, "wangfang")


def test_read_only_portfolio_disables_every_change(qtbot, adb, db_path, tmp_path):
    dialog = open_users(qtbot, make_ctx(adb, db_path, tmp_path, "admin", readonly=True))
    select(dialog, "wangfang")
    assert "read-only" in dialog.notice.text()
    assert not any(b.isEnabled() for b in (dialog.add_button, dialog.reset_button, dialog.active_button))


def test_users_model_colours_nothing_for_a_plain_row(adb):
    model = UsersTableModel()
    model.load(adb)
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    users.set_active(adb, "admin", "wangfang", False)
    model.load(adb)
    assert model.index(model.row_of("wangfang"), 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_list_accounts_shows_only_a_lock_still_in_force(adb):
    t0 = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)
    for n in range(users.MAX_FAILED_ATTEMPTS):
        with pytest.raises(PermissionDenied):
            users.authenticate(adb, "lijun", "wrong1234", now=t0 + timedelta(seconds=n))
    during = {a["username"]: a for a in users.list_accounts(adb, now=t0 + timedelta(minutes=5))}
    after = {a["username"]: a for a in users.list_accounts(adb, now=t0 + timedelta(minutes=20))}
    assert during["lijun"]["locked_until"] and after["lijun"]["locked_until"] is None
    assert during["wangfang"]["locked_until"] is None and during["wangfang"]["can_log_in"] is True


def test_unlock_user_service_rules(adb):
    assert users.unlock_user(adb, "admin", "wangfang") is False  # nothing to lift: nothing written
    assert not actions(adb, "user.unlock")
    with pytest.raises(PermissionDenied):
        users.unlock_user(adb, "lijun", "wangfang")
    with pytest.raises(NotFound):
        users.unlock_user(adb, "admin", "nobody")


# ------------------------------------------------------------------ own password


def test_change_own_password(qtbot, adb, db_path, tmp_path):
    ctx = make_ctx(adb, db_path, tmp_path, "wangfang")
    dialog = ChangePasswordDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.current_edit.setText("wrong1234")
    dialog.new_edit.setText("mine2025a")
    dialog.confirm_edit.setText("mine2025a")
    assert dialog.submit() is False
    assert "wrong username or password" in dialog.errors.message("current")
    dialog.current_edit.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert users.authenticate(adb, "wangfang", "mine2025a").username == "wangfang"
    assert actions(adb, "user.change_password")[0]["actor"] == "wangfang"


def test_change_own_password_checks_the_rules_first(qtbot, adb, db_path, tmp_path):
    dialog = ChangePasswordDialog(make_ctx(adb, db_path, tmp_path, "lijun"))
    qtbot.addWidget(dialog)
    dialog.current_edit.setText(PASSWORD)
    dialog.new_edit.setText("12345678")
    dialog.confirm_edit.setText("12345678")
    assert dialog.submit() is False
    assert "letters and digits" in dialog.errors.message("password")
    assert users.authenticate(adb, "lijun", PASSWORD).username == "lijun"


# ------------------------------------------------------------------ LPR


def open_lpr(qtbot, ctx) -> LprAdminDialog:
    dialog = LprAdminDialog(ctx)
    qtbot.addWidget(dialog)
    return dialog


def fill(dialog, published: date, one: str, five: str) -> None:
    dialog.published_edit.setDate(QDate(published))
    dialog.rate_1y_edit.setText(one)
    dialog.rate_5y_edit.setText(five)


def test_lpr_table_lists_the_seeded_history_newest_first(qtbot, admin_ctx, qtmodeltester):
    dialog = open_lpr(qtbot, admin_ctx)
    model = dialog.model
    assert model.rowCount() == len(publications(lpr.list_rates(admin_ctx.db))) > 10
    assert model.row(0)["published_on"] > model.row(model.rowCount() - 1)["published_on"] == "2019-08-20"
    first = model.row_of("2019-08-20")
    assert (model.index(first, 1).data(), model.index(first, 2).data()) == ("4.25%", "4.85%")
    qtmodeltester.check(model)


def test_rate_in_force_shown_for_the_chosen_date(qtbot, admin_ctx):
    dialog = open_lpr(qtbot, admin_ctx)
    dialog.on_date.setDate(QDate(2020, 5, 1))
    assert "3.85% (published 2020-04-20)" in dialog.in_force_label.text()
    assert "4.65%" in dialog.in_force_label.text()
    dialog.on_date.setDate(QDate(2019, 1, 1))
    assert "none published yet" in dialog.in_force_label.text()


def test_admin_adds_a_publication_and_rate_in_force_follows(qtbot, admin_ctx):
    db = admin_ctx.db
    dialog = open_lpr(qtbot, admin_ctx)
    fill(dialog, date(2030, 1, 20), "2.95", "3.45%")
    dialog.save_button.click()
    assert lpr.rate_in_force(db, "1Y", date(2030, 1, 25)) == (date(2030, 1, 20), 295)
    assert lpr.rate_in_force(db, "5Y", date(2030, 1, 25)) == (date(2030, 1, 20), 345)
    assert dialog.selected_date() == "2030-01-20" and dialog.model.row(0)["published_on"] == "2030-01-20"
    dialog.on_date.setDate(QDate(2030, 1, 25))
    assert "2.95% (published 2030-01-20)" in dialog.in_force_label.text()
    assert [a["actor"] for a in actions(db, "lpr.add")] == ["admin", "admin"]


def test_admin_corrects_a_publication(qtbot, admin_ctx):
    db = admin_ctx.db
    before_5y = lpr.rate_in_force(db, "5Y", date(2024, 11, 1))
    dialog = open_lpr(qtbot, admin_ctx)
    dialog.view.selectRow(dialog.model.row_of("2024-10-21"))
    assert (dialog.rate_1y_edit.text(), dialog.rate_5y_edit.text()) == ("3.10", "3.60")
    dialog.rate_1y_edit.setText("3.05")
    dialog.rate_5y_edit.clear()  # left empty: unchanged
    assert dialog.save() is True
    assert lpr.rate_in_force(db, "1Y", date(2024, 11, 1)) == (date(2024, 10, 21), 305)
    assert lpr.rate_in_force(db, "5Y", date(2024, 11, 1)) == before_5y
    assert len(actions(db, "lpr.update")) == 1


def test_admin_deletes_a_publication(qtbot, admin_ctx, monkeypatch):
    db = admin_ctx.db
    dialog = open_lpr(qtbot, admin_ctx)
    monkeypatch.setattr(dialog, "confirm_delete", lambda published_on: published_on == "2024-10-21")
    dialog.view.selectRow(dialog.model.row_of("2024-10-21"))
    assert dialog.delete_button.isEnabled()
    dialog.delete_button.click()
    assert dialog.model.row_of("2024-10-21") == -1
    assert lpr.rate_in_force(db, "1Y", date(2024, 11, 1)) == (date(2024, 7, 22), 335)
    assert len(actions(db, "lpr.delete")) == 2


def test_bad_rates_are_named_and_nothing_is_written(qtbot, admin_ctx):
    db = admin_ctx.db
    count = len(lpr.list_rates(db))
    dialog = open_lpr(qtbot, admin_ctx)
    fill(dialog, date(2030, 2, 20), "2.955", "60")
    assert dialog.save() is False
    assert "two decimals" in dialog.errors.message("rate_1y")
    assert "below 50" in dialog.errors.message("rate_5y")
    fill(dialog, date(2030, 2, 20), "", "")
    assert dialog.save() is False and dialog.errors.message("rate_1y")
    assert len(lpr.list_rates(db)) == count and not actions(db, "lpr.add")


def test_officer_may_look_but_not_edit_the_lpr(qtbot, adb, db_path, tmp_path):
    ctx = make_ctx(adb, db_path, tmp_path, "wangfang")
    dialog = open_lpr(qtbot, ctx)
    assert dialog.model.rowCount() > 10 and dialog.in_force_label.text()
    assert "Only an administrator" in dialog.edit_note.text()
    assert not dialog.save_button.isEnabled() and not dialog.rate_1y_edit.isEnabled()
    dialog.view.selectRow(0)
    assert not dialog.delete_button.isEnabled()
    with pytest.raises(PermissionDenied):
        lpr.set_rate(adb, "wangfang", date(2030, 1, 20), "1Y", 295)


def test_lpr_model_loads_without_a_dialog(adb):
    model = LprTableModel()
    model.load(adb)
    assert model.row(0)["rate_1y"] is not None and model.columnCount() == 3


# ------------------------------------------------------------------ menu


def test_actions_go_into_the_main_window_tools_menu(qtbot, admin_ctx):
    from workbench.ui.main_window import MainWindow

    window = MainWindow(admin_ctx, start_page="dashboard")
    qtbot.addWidget(window)
    installed = install_admin_actions(window, admin_ctx)
    names = [a.objectName() for a in window._menu("tools").actions()]
    assert names == ["user_accounts", "lpr_history", "change_password"]
    assert [a.text() for a in installed] == [a.text() for a in admin_actions(admin_ctx, window)]


@pytest.mark.parametrize("name, kind", [("user_accounts", UsersAdminDialog), ("lpr_history", LprAdminDialog),
                                        ("change_password", ChangePasswordDialog)])
def test_each_action_opens_its_dialog(qtbot, admin_ctx, name, kind):
    window = QMainWindow()
    qtbot.addWidget(window)
    action = next(a for a in admin_actions(admin_ctx, window) if a.objectName() == name)
    seen = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog))
        dialog.reject()

    QTimer.singleShot(0, close_it)
    action.trigger()  # returns once the modal dialog is closed
    assert seen == [kind]
