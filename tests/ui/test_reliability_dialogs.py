"""Reliability in the window: damaged file → backup offered, read-only second opener,
restore dialog, audit viewer, idle lock."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMessageBox, QWidget

sys.path.insert(0, str(Path(__file__).parents[1] / "services" / "reliability"))
from reliability_helpers import populate

from workbench.services import backup, lock
from workbench.services.integrity import DatabaseDamaged, ensure_healthy
from workbench.services.portfolio import summary
from workbench.store import open_db
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs import lock_guard
from workbench.ui.dialogs.audit_viewer import AuditTableModel, AuditViewerDialog
from workbench.ui.dialogs.lock_screen import IdleLockController
from workbench.ui.dialogs.restore import DamagedDatabaseDialog, RestoreDialog, restore_in_window


@pytest.fixture
def portfolio(db_path):
    db = open_db(db_path)
    populate(db)
    db.close()
    return db_path


@pytest.fixture
def ctx(portfolio, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    db = open_db(portfolio)
    c = AppContext(portfolio, db, CurrentUser("wangfang", "王芳", "officer"), settings)
    yield c
    c.db.close()


def _corrupt(path: Path) -> None:
    db = open_db(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with open(path, "r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * 1024)


def counts(path):
    db = open_db(path)
    try:
        s = summary(db)
        return s.clients, s.loans
    finally:
        db.close()


def test_damaged_file_dialog_offers_the_newest_backup(qtbot, portfolio):
    good = backup.make_backup(portfolio, reason="start")
    _corrupt(portfolio)
    with pytest.raises(DatabaseDamaged) as err:
        ensure_healthy(portfolio)
    dialog = DamagedDatabaseDialog(err.value)
    qtbot.addWidget(dialog)
    assert dialog.restore_button.isEnabled()
    assert dialog.backup.path == good
    assert good.name in " ".join(label.text() for label in dialog.findChildren(QLabel))
    dialog.restore_button.click()
    assert dialog.choice == "restore" and dialog.result() == QDialog.DialogCode.Accepted


def test_start_on_a_damaged_file_restores_the_backup_with_the_same_counts(qtbot, portfolio, monkeypatch):
    backup.make_backup(portfolio, reason="close")
    before = counts(portfolio)
    _corrupt(portfolio)
    shown = []

    def choose_restore(self):
        shown.append(self.error.message_en)
        self.restore_button.click()
        return 1

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", choose_restore)
    guarded = lock_guard.open_portfolio(portfolio, "wangfang")
    assert shown and "damaged" in shown[0]
    assert guarded is not None and not guarded.readonly
    guarded.db.close()
    guarded.lock.release()
    assert counts(portfolio) == before
    assert list(portfolio.parent.glob("portfolio.replaced-*.db"))  # the damaged file is kept


def test_start_on_a_damaged_file_can_quit(qtbot, tmp_path, monkeypatch):
    p = tmp_path / "portfolio.db"
    p.write_bytes(b"not a database at all" * 100)
    monkeypatch.setattr(DamagedDatabaseDialog, "exec", lambda self: self.quit_button.click() or 0)
    assert lock_guard.open_portfolio(p, "wangfang") is None
    assert p.read_bytes().startswith(b"not a database")  # untouched


def test_second_opener_is_told_who_and_gets_read_only(qtbot, portfolio, monkeypatch):
    # Another live workbench (our parent process) holds the file.
    lock.lock_path(portfolio).write_text(json.dumps(
        {"hostname": socket.gethostname(), "pid": os.getppid(), "user": "刘强", "since": "2999-01-01T00:00:00+00:00"}),
        encoding="utf-8")
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    guarded = lock_guard.open_portfolio(portfolio, "wangfang")
    assert guarded.readonly and "刘强" in told[0]
    with pytest.raises(sqlite3.OperationalError):
        guarded.db.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    assert guarded.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 5
    guarded.db.close()


def test_restore_dialog_lists_backups_with_counts(qtbot, qtmodeltester, ctx):
    backup.make_backup(ctx.db_path)
    populate(ctx.db, clients=2, loans=0)
    backup.make_backup(ctx.db_path, reason="close")
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    m = dialog.model
    assert m.rowCount() == 2
    assert [m.data(m.index(r, 1)) for r in range(2)] == ["7", "5"]
    assert m.data(m.index(0, 2)) == "3" and m.data(m.index(0, 4)) == "Good"
    assert dialog.chosen().clients == 7 and dialog.restore_button.isEnabled()


def test_restore_in_window_replaces_and_reopens(qtbot, ctx, monkeypatch):
    backup.make_backup(ctx.db_path)
    populate(ctx.db, clients=3, loans=1)

    def pick_oldest(self):
        self.view.selectRow(0)
        return 1

    monkeypatch.setattr(RestoreDialog, "exec", pick_oldest)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert restore_in_window(ctx)
    assert ctx.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 5


def test_audit_viewer_fetches_lazily_and_filters(qtbot, qtmodeltester, ctx):
    populate(ctx.db, clients=450, loans=0, actor="liuqiang")
    model = AuditTableModel(ctx.db)
    assert model.total == 458 and model.rowCount() == 200
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 458
    dialog = AuditViewerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.user_box.setCurrentIndex(dialog.user_box.findData("tester"))
    dialog.table_box.setCurrentIndex(dialog.table_box.findData("loans"))
    dialog.apply_button.click()
    assert dialog.model.total == 3 and dialog.model.rowCount() == 3
    assert "3" in dialog.count_label.text()
    dialog.table_box.setCurrentIndex(0)
    dialog.user_box.setCurrentIndex(0)
    dialog.client_edit.setText("2")
    dialog.apply_button.click()
    assert dialog.model.total == 1
    dialog.period_check.setChecked(True)
    from PySide6.QtCore import QDate

    dialog.from_edit.setDate(QDate(2000, 1, 1))
    dialog.to_edit.setDate(QDate(2000, 12, 31))
    dialog.client_edit.clear()
    dialog.apply_button.click()
    assert dialog.model.total == 0


def test_audit_viewer_masks_and_verify_names_the_edited_row(qtbot, ctx, monkeypatch):
    dialog = AuditViewerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.view.selectRow(dialog.model.rowCount() - 1)  # client 1's insert
    assert "110105********002X" in dialog.detail.toPlainText()
    assert "11010519491231002X" not in dialog.detail.toPlainText()
    conn = sqlite3.connect(ctx.db_path)
    conn.execute("UPDATE audit_log SET reason = 'forged' WHERE id = 2")
    conn.commit()
    conn.close()
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    dialog.verify()
    qtbot.waitUntil(lambda: dialog.last_verify is not None, timeout=10_000)
    assert not dialog.last_verify.ok and dialog.last_verify.broken.row_id == 2
    assert warned and "row 2" in warned[0] and "第 2 行" in warned[0]


def _with_password(ctx, password="Demo-1234x"):
    import argon2

    ctx.db["users"].insert({"username": "wangfang", "display_name": "王芳", "role": "officer",
                            "password_hash": argon2.PasswordHasher().hash(password), "created_at": "2026-01-01"})
    return password


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_idle_session_locks_and_asks_for_the_password(qtbot, ctx):
    password = _with_password(ctx)
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    window.show()
    controller = IdleLockController(ctx, window, interval_ms=50)
    assert controller.enabled
    qtbot.waitUntil(lambda: controller.locked, timeout=3000)
    assert not window.centralWidget().isVisible()
    dialog = controller.dialog
    dialog.password.setText("wrong")
    assert not dialog.try_unlock() and dialog.message.text()
    dialog.reject()  # Esc does not unlock
    assert controller.locked
    dialog.password.setText(password)
    dialog.unlock_button.click()
    assert not controller.locked and window.centralWidget().isVisible()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_no_idle_lock_without_a_password_or_when_turned_off(qtbot, ctx):
    window = QMainWindow()
    qtbot.addWidget(window)
    assert not IdleLockController(ctx, window, interval_ms=50).enabled  # no users row
    _with_password(ctx)
    ctx.settings.setValue("security/idle_lock_minutes", 0)
    assert not IdleLockController(ctx, window).enabled


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_window_start_backs_up_once_and_quit_backs_up_and_unlocks(qtbot, qapp, portfolio, tmp_path):
    guarded = lock_guard.open_portfolio(portfolio, "wangfang")
    assert not guarded.readonly and lock.read_holder(portfolio).user == "wangfang"
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(portfolio, guarded.db, CurrentUser("wangfang", "王芳", "officer"), settings)
    window = QMainWindow()
    qtbot.addWidget(window)
    on_quit = lock_guard.install_reliability(qapp, window, ctx, guarded)
    qtbot.waitUntil(lambda: len(backup.backup_files(portfolio)) == 1, timeout=10_000)
    assert backup.backup_files(portfolio)[0].name.endswith("-start.db")
    try:
        qapp.aboutToQuit.emit()
    finally:
        qapp.aboutToQuit.disconnect(on_quit)  # keep the shared QApplication clean for other tests
    names = [p.name for p in backup.backup_files(portfolio)]
    assert len(names) == 2 and any(n.endswith("-close.db") for n in names)
    assert not lock.lock_path(portfolio).exists()
    guarded.db.close()


def test_reveal_dialog_needs_a_reason_and_records_it(qtbot, ctx):
    from workbench.ui.dialogs.audit_reveal import RevealPersonalDataDialog

    dialog = RevealPersonalDataDialog(ctx, 1)
    qtbot.addWidget(dialog)
    assert not dialog.reveal() and dialog.message.text() and dialog.id_number.text() == ""
    dialog.reason.setText("核对借款合同身份证号")
    dialog.show_button.click()
    assert dialog.id_number.text() == "11010519491231002X" and dialog.phone.text() == "13812345678"
    last = ctx.db.execute("SELECT action, actor, reason FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("reveal", "wangfang", "核对借款合同身份证号")


def test_reveal_on_a_read_only_file_shows_nothing(qtbot, ctx):
    from workbench.ui.dialogs.audit_reveal import RevealPersonalDataDialog

    ro = AppContext(ctx.db_path, open_db(ctx.db_path, readonly=True), ctx.user, ctx.settings, readonly=True)
    dialog = RevealPersonalDataDialog(ro, 1)
    qtbot.addWidget(dialog)
    dialog.reason.setText("check")
    assert not dialog.reveal() and dialog.id_number.text() == "" and "read-only" in dialog.message.text()
    ro.db.close()
