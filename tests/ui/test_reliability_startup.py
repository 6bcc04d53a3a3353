"""Window start on an encrypted portfolio (passphrase dialog) and the deferred integrity check."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMainWindow

sys.path.insert(0, str(Path(__file__).parents[1] / "services" / "reliability"))
from reliability_helpers import corrupt_an_index, populate

from workbench.services import backup, integrity, lock, privacy
from workbench.store import db as store_db
from workbench.store import open_db
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs import lock_guard
from workbench.ui.dialogs.passphrase import PassphraseDialog, unlock_if_needed
from workbench.ui.dialogs.restore import DamagedDatabaseDialog

PASS = "柜员口令-2026"


@pytest.fixture(autouse=True)
def _forget_passphrases():
    yield
    store_db.clear_passphrase()


@pytest.fixture
def portfolio(db_path):
    db = open_db(db_path)
    populate(db)
    db.close()
    return db_path


@pytest.fixture
def encrypted(portfolio, tmp_path):
    path = tmp_path / "secret.db"
    privacy.encrypt_copy(portfolio, path, PASS)
    return path


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_passphrase_dialog_says_a_wrong_passphrase_and_asks_again(qtbot, encrypted):
    dialog = PassphraseDialog(encrypted)
    qtbot.addWidget(dialog)
    dialog.show()
    assert encrypted.name in dialog.findChildren(type(dialog.message))[0].text()
    dialog.passphrase.setText("wrong one")
    dialog.open_button.click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.isVisible() and dialog.attempts == 1
    assert "口令错误" in dialog.message.text() and "Wrong passphrase" in dialog.message.text()
    assert privacy.needs_passphrase(encrypted)  # nothing remembered
    dialog.passphrase.setText("")
    dialog.open_button.click()
    assert dialog.attempts == 2 and "empty" in dialog.message.text()
    dialog.passphrase.setText(PASS)
    dialog.open_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.passphrase.text() == ""
    assert not privacy.needs_passphrase(encrypted)
    db = open_db(encrypted)  # every later opener finds the passphrase
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 5
    db.close()


def test_plain_file_needs_no_passphrase_and_cancel_stops_the_start(qtbot, portfolio, encrypted, monkeypatch):
    assert unlock_if_needed(portfolio)  # no dialog for a plain file
    monkeypatch.setattr(PassphraseDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert lock_guard.open_portfolio(encrypted, "wangfang") is None
    assert not lock.lock_path(encrypted).exists()


def test_window_start_on_an_encrypted_portfolio_asks_then_opens(qtbot, encrypted, monkeypatch):
    def type_passphrase(self):
        self.passphrase.setText(PASS)
        self.open_button.click()
        return self.result()

    monkeypatch.setattr(PassphraseDialog, "exec", type_passphrase)
    guarded = lock_guard.open_portfolio(encrypted, "wangfang")
    assert guarded is not None and not guarded.readonly and guarded.check_mode == "full"
    assert guarded.db.execute("SELECT count(*) FROM loans").fetchone()[0] == 3
    guarded.db.close()
    guarded.lock.release()


def _ctx(guarded, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return AppContext(guarded.db_path, guarded.db, CurrentUser("wangfang", "王芳", "officer"), settings)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_large_clean_file_is_checked_after_the_window_then_backed_up(qtbot, qapp, portfolio, tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "FULL_CHECK_ON_START_BELOW_BYTES", 0)  # as the 100,000-client file
    guarded = lock_guard.open_portfolio(portfolio, "wangfang")
    assert guarded.check_mode == "sanity" and guarded.deferred_check
    window = QMainWindow()
    qtbot.addWidget(window)
    on_quit = lock_guard.install_reliability(qapp, window, _ctx(guarded, tmp_path), guarded)
    try:
        qtbot.waitUntil(lambda: window._integrity_check.is_done(), timeout=10_000)
        qtbot.waitUntil(lambda: len(backup.backup_files(portfolio)) == 1, timeout=10_000)  # after the check
        assert not guarded.damaged
    finally:
        qapp.aboutToQuit.disconnect(on_quit)
        guarded.db.close()
        guarded.lock.release()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_damage_found_after_the_window_is_shown_offers_the_backup(qtbot, qapp, portfolio, tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "FULL_CHECK_ON_START_BELOW_BYTES", 0)
    good = backup.make_backup(portfolio, reason="close")
    db = open_db(portfolio)
    populate(db, clients=2, loans=0)  # after the backup: lost by the restore
    db.close()
    corrupt_an_index(portfolio)
    guarded = lock_guard.open_portfolio(portfolio, "wangfang")  # the sanity check lets it open
    assert guarded is not None and guarded.check_mode == "sanity"
    offered = []

    def choose_restore(self):
        offered.append((self.backup.path, self.error.message_en, self.error.message_zh))
        self.restore_button.click()
        return 1

    monkeypatch.setattr(DamagedDatabaseDialog, "exec", choose_restore)
    window = QMainWindow()
    qtbot.addWidget(window)
    ctx = _ctx(guarded, tmp_path)
    on_quit = lock_guard.install_reliability(qapp, window, ctx, guarded)
    try:
        qtbot.waitUntil(lambda: bool(offered), timeout=10_000)
        path, en, zh = offered[0]
        assert path == good and "damaged" in en and "已损坏" in zh
        assert not guarded.damaged and ctx.db is guarded.db
        assert ctx.db.execute("SELECT count(*) FROM clients").fetchone()[0] == 5  # the backup's rows
        assert integrity.check_file(portfolio).ok
        assert len(backup.backup_files(portfolio)) == 1  # no backup was made of the damaged file
    finally:
        qapp.aboutToQuit.disconnect(on_quit)
        ctx.db.close()
        guarded.lock.release()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_damage_found_in_the_background_and_quit_makes_no_closing_backup(qtbot, qapp, portfolio, tmp_path, monkeypatch):
    monkeypatch.setattr(integrity, "FULL_CHECK_ON_START_BELOW_BYTES", 0)
    corrupt_an_index(portfolio)
    guarded = lock_guard.open_portfolio(portfolio, "wangfang")
    monkeypatch.setattr(DamagedDatabaseDialog, "exec", lambda self: self.quit_button.click() or 0)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    on_quit = lock_guard.install_reliability(qapp, window, _ctx(guarded, tmp_path), guarded)
    try:
        qtbot.waitUntil(lambda: guarded.damaged, timeout=10_000)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)  # Quit closes the window
        on_quit()
        assert backup.backup_files(portfolio) == [] and not lock.lock_path(portfolio).exists()
    finally:
        qapp.aboutToQuit.disconnect(on_quit)
        guarded.db.close()


def test_an_unclean_shutdown_gets_the_full_check_before_the_window(qtbot, portfolio, monkeypatch):
    monkeypatch.setattr(integrity, "FULL_CHECK_ON_START_BELOW_BYTES", 0)
    import json
    import socket
    import subprocess

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock.lock_path(portfolio).write_text(json.dumps(
        {"hostname": socket.gethostname(), "pid": dead.pid, "user": "王芳", "since": "2026-01-01T00:00:00+00:00"}),
        encoding="utf-8")
    guarded = lock_guard.open_portfolio(portfolio, "wangfang")
    assert guarded.check_mode == "full" and not guarded.deferred_check
    guarded.db.close()
    guarded.lock.release()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_real_start_path_with_a_pre_authenticated_user_closes_cleanly(qtbot, qapp, encrypted, monkeypatch):
    """app.run_window end to end (as the start-up benchmark runs it) on an encrypted file."""
    from PySide6.QtCore import QTimer

    from workbench.app import run_window
    from workbench.cli import window_args
    from workbench.services import users

    monkeypatch.setattr(PassphraseDialog, "exec", lambda self: (self.passphrase.setText(PASS),
                                                                self.open_button.click(), self.result())[-1])
    seen = {}

    def login(db):
        seen["users_table"] = db.execute("SELECT count(*) FROM clients").fetchone()[0]
        return users.User(id=0, username="wangfang", display_name="王芳", role="officer", active=True)

    def on_shown(window):
        seen["title"] = window.windowTitle()
        seen["locked"] = lock.read_holder(encrypted) is not None
        QTimer.singleShot(0, window.close)

    from workbench import paths

    # English, as the other tests expect: run_window installs the saved language on the shared app.
    saved = QSettings(str(paths.data_home() / "settings.ini"), QSettings.Format.IniFormat)
    saved.setValue("ui/language", "en")
    saved.sync()
    quits_before = qapp.receivers("2aboutToQuit()")
    try:
        assert run_window(window_args(["--db", str(encrypted)]), login=login, on_shown=on_shown) == 0
    finally:
        if qapp.receivers("2aboutToQuit()") > quits_before:
            qapp.aboutToQuit.disconnect()
    assert seen["users_table"] == 5 and seen["locked"] and seen["title"]
    assert not lock.lock_path(encrypted).exists()  # released on quit
    assert not integrity.unclean_shutdown(encrypted)  # the WAL is gone: the next start is a clean one
    assert privacy.needs_passphrase(encrypted)  # the passphrase left memory with the window
    closing = backup.backup_files(encrypted)
    assert closing and not store_db.is_plain_sqlite(closing[0])  # the closing backup is encrypted too
