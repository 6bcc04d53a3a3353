"""Switching portfolio in a running window: the quit hook (closing backup, lock release) follows the new file."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

from workbench.services import backup, lock
from workbench.store import open_db
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs import lock_guard


@pytest.fixture
def two_files(db_path, tmp_path):
    other = tmp_path / "other.db"
    open_db(other).close()
    return db_path, other


def _start(qapp, qtbot, path, tmp_path):
    guarded = lock_guard.open_portfolio(path, "wangfang")
    window = QMainWindow()
    qtbot.addWidget(window)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(path, guarded.db, CurrentUser("wangfang", "王芳", "officer"), settings, readonly=guarded.readonly)
    on_quit = lock_guard.install_reliability(qapp, window, ctx, guarded)
    return window, ctx, guarded, on_quit


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_after_a_switch_quit_backs_up_and_unlocks_the_new_file(qtbot, qapp, two_files, tmp_path):
    first, other = two_files
    window, ctx, guarded, on_quit = _start(qapp, qtbot, first, tmp_path)
    qtbot.waitUntil(lambda: len(backup.backup_files(first)) == 1, timeout=10_000)  # the start backup
    new = lock_guard.open_portfolio(other, "zhaomin")
    old_db = ctx.db
    ctx.user = CurrentUser("zhaomin", "赵敏", "approver")
    try:
        assert lock_guard.adopt_portfolio(window, ctx, new) is guarded  # updated in place
        old_db.close()
        assert lock.read_holder(first) is None and lock.read_holder(other).user == "赵敏 (zhaomin)"
        assert ctx.db_path == other and ctx.db is new.db
        qapp.aboutToQuit.emit()
    finally:
        qapp.aboutToQuit.disconnect(on_quit)
    assert any(p.name.endswith("-close.db") for p in backup.backup_files(other))
    assert not any(p.name.endswith("-close.db") for p in backup.backup_files(first))
    assert lock.read_holder(other) is None
    ctx.db.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_window_started_read_only_gets_a_quit_hook_once_it_switches_to_a_writable_file(
        qtbot, qapp, two_files, tmp_path, monkeypatch):
    first, other = two_files
    theirs = lock.acquire(first, "liuqiang", pid=os.getppid()).lock
    monkeypatch.setattr(lock_guard.QMessageBox, "information", lambda *a: None)
    try:
        window, ctx, guarded, on_quit = _start(qapp, qtbot, first, tmp_path)
        assert on_quit is None and guarded.readonly
        old_db = ctx.db
        lock_guard.adopt_portfolio(window, ctx, lock_guard.open_portfolio(other, "wangfang"))
        old_db.close()
        hook = ctx.extras[lock_guard.QUIT_KEY]
        assert hook is not None and not ctx.readonly and lock.read_holder(other).pid == os.getpid()
        try:
            qapp.aboutToQuit.emit()
        finally:
            qapp.aboutToQuit.disconnect(hook)
        assert lock.read_holder(other) is None
        assert lock.read_holder(first).user == "liuqiang"  # never ours to release
    finally:
        theirs.release()
        ctx.db.close()
