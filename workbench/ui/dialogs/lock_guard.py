"""Opening the portfolio safely in the window: integrity, the one-writer lock, backups.

:func:`open_portfolio` runs before the main window exists: it checks the
file (a damaged one gets :class:`~workbench.ui.dialogs.restore.DamagedDatabaseDialog`),
takes the writer lock or, when another workbench holds it, says who and opens
read-only. :func:`install_reliability` then starts the daily backup in a
worker, the idle session lock, and on quit the closing backup and the lock's
release.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workbench.services import backup as backups
from workbench.services.errors import ServiceError
from workbench.services.integrity import DatabaseDamaged, ensure_healthy
from workbench.services.lock import LockHolder, WriterLock, acquire
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.dialogs.restore import DamagedDatabaseDialog

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LockGuard", text)


@dataclass
class GuardedOpen:
    """The opened database and whether we are its writer (``lock``) or a reader (``holder`` has it)."""

    db_path: Path
    db: sqlite_utils.Database
    lock: WriterLock | None
    holder: LockHolder | None

    @property
    def readonly(self) -> bool:
        return self.lock is None


def open_portfolio(db_path: Path, username: str, parent: QWidget | None = None) -> GuardedOpen | None:
    """Check, lock and open ``db_path``; None when the user chose to quit (file damaged)."""
    db_path = Path(db_path)
    try:
        ensure_healthy(db_path)
    except DatabaseDamaged as exc:
        dialog = DamagedDatabaseDialog(exc, parent)
        dialog.exec()
        if dialog.choice != "restore" or dialog.backup is None:
            return None
        if not _restore_damaged(db_path, dialog.backup.path, username, parent):
            return None
    result = acquire(db_path, username)
    if not result.acquired:
        holder = result.holder
        if not db_path.exists():  # the other workbench is creating it: nothing to read yet
            QMessageBox.warning(
                parent, _tr("Portfolio in use"),
                _tr("This portfolio is in use by %1.").replace("%1", holder.describe_en()),
            )
            return None
        QMessageBox.information(
            parent,
            _tr("Opened read-only"),
            _tr("This portfolio is in use by %1. It is opened read-only: you can look but not change anything.")
            .replace("%1", holder.describe_zh() + " / " + holder.describe_en()),
        )
        return GuardedOpen(db_path, open_db(db_path, readonly=True), None, holder)
    return GuardedOpen(db_path, open_db(db_path), result.lock, None)


def _restore_damaged(db_path: Path, backup_path: Path, username: str, parent: QWidget | None) -> bool:
    held = acquire(db_path, username)
    if not held.acquired:
        QMessageBox.warning(
            parent, _tr("Cannot restore"),
            _tr("The portfolio is in use by %1; close that workbench first.").replace("%1", held.holder.describe_en()),
        )
        return False
    try:
        backups.restore(db_path, backup_path, actor=username)
    except ServiceError as exc:
        QMessageBox.warning(parent, _tr("Cannot restore"), f"{exc.message_zh}\n{exc.message_en}")
        return False
    finally:
        held.lock.release()
    return True


def install_reliability(app: QApplication, window: QWidget, ctx: AppContext, guarded: GuardedOpen):
    """Daily start backup (in a worker), idle lock, and backup + unlock on quit.

    Returns the slot connected to ``app.aboutToQuit`` (None for a read-only open).
    """
    from workbench.ui.dialogs.lock_screen import IdleLockController
    from workbench.ui.tasks import run_task

    window._idle_lock = IdleLockController(ctx, window)  # kept alive by the window
    if guarded.readonly:
        return None
    guarded.lock.set_user(f"{ctx.user.display_name} ({ctx.user.username})")
    db_path = guarded.db_path

    def start_backup(progress, cancel):
        return backups.backup_on_start(db_path)

    run_task(window, _tr("Backing up"), start_backup, lambda _path: None,
             lambda exc: log.warning("start backup failed: %s", exc), show_progress=False)

    def on_quit() -> None:
        try:
            backups.backup_on_close(db_path)
        except Exception as exc:  # noqa: BLE001 - quitting must not fail on a backup
            log.warning("closing backup failed: %s", exc)
        finally:
            if guarded.lock is not None:
                guarded.lock.release()

    app.aboutToQuit.connect(on_quit)
    return on_quit
