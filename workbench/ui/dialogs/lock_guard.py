"""Opening the portfolio safely in the window: passphrase, the one-writer lock, integrity, backups.

:func:`open_portfolio` runs before the main window exists: it asks the
passphrase of an encrypted file (:mod:`workbench.ui.dialogs.passphrase`),
takes the writer lock or, when another workbench holds it, says who and opens
read-only, and checks the file (a damaged one gets
:class:`~workbench.ui.dialogs.restore.DamagedDatabaseDialog`).

The check before the window is cheap on a clean start: the full check
(integrity/quick_check) only for a small file or after an unclean shutdown
(a stale lock taken over, a WAL left with content), else a sanity check of
milliseconds (:func:`workbench.services.integrity.start_check_mode`). The
quick_check then runs in the background once the window is shown
(:func:`install_reliability`); if it finds damage the user is told and
offered the newest good backup, and no backup is made of the damaged file.
:func:`install_reliability` also starts the daily backup, the idle session
lock, and on quit the closing backup and the lock's release.

Opening another portfolio from the running window goes through the same
:func:`open_portfolio`; :func:`adopt_portfolio` then releases the old file's
writer lock and points the quit hook and the deferred check at the new file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workbench.services import backup as backups
from workbench.services import integrity
from workbench.services.errors import ServiceError
from workbench.services.integrity import DatabaseDamaged, ensure_healthy
from workbench.services.lock import LockHolder, LockResult, WriterLock, acquire
from workbench.store import Database, StoreError, open_db
from workbench.store.db import EncryptionError
from workbench.ui.context import AppContext
from workbench.ui.dialogs.passphrase import unlock_if_needed
from workbench.ui.dialogs.restore import DamagedDatabaseDialog

log = logging.getLogger(__name__)

#: Where :func:`install_reliability` keeps the window's GuardedOpen and quit slot in ``AppContext.extras``.
GUARDED_KEY = "reliability/guarded"
QUIT_KEY = "reliability/on_quit"


@dataclass
class GuardedOpen:
    """The opened database and whether we are its writer (``lock``) or a reader (``holder`` has it).

    ``check_mode``: the check made before the window ('full' or 'sanity');
    after 'sanity' the quick_check is still due (:attr:`deferred_check`).
    ``damaged``: the background check found damage (no closing backup then).
    """

    db_path: Path
    db: Database
    lock: WriterLock | None
    holder: LockHolder | None
    check_mode: str = "full"
    damaged: bool = False

    @property
    def readonly(self) -> bool:
        return self.lock is None

    @property
    def deferred_check(self) -> bool:
        return self.check_mode == "sanity"


def open_portfolio(db_path: Path, username: str, parent: QWidget | None = None) -> GuardedOpen | None:
    """Unlock, lock, check and open ``db_path``; None when the user chose to quit or cancelled."""
    db_path = Path(db_path)
    if not unlock_if_needed(db_path, parent):
        return None
    # The lock first: a stale one taken over says the last workbench died with the file open.
    result = acquire(db_path, username)
    try:
        return _check_and_open(db_path, username, parent, result)
    except EncryptionError as exc:  # e.g. the passphrase variable is wrong and no dialog was asked
        if result.lock is not None:
            result.lock.release()
        QMessageBox.warning(parent, QCoreApplication.translate("LockGuard", "Encrypted portfolio"), f"{exc.message_zh}\n{exc.message_en}")
        return None


def _check_and_open(db_path: Path, username: str, parent: QWidget | None, result: LockResult) -> GuardedOpen | None:
    if result.acquired:
        mode = integrity.start_check_mode(db_path, crashed=result.took_over is not None)
    else:
        # Another workbench writes: its WAL is expected, only the size decides.
        mode = integrity.start_check_mode(db_path, crashed=False, writer=False)
    try:
        ensure_healthy(db_path, sanity=(mode == "sanity"))
    except DatabaseDamaged as exc:
        if not _offer_backup_at_start(exc, db_path, username, parent, result.lock):
            return None
        mode = "full"  # restore checked the backup fully
    if not result.acquired:
        holder = result.holder
        if not db_path.exists():  # the other workbench is creating it: nothing to read yet
            QMessageBox.warning(
                parent, QCoreApplication.translate("LockGuard", "Portfolio in use"),
                QCoreApplication.translate("LockGuard", "This portfolio is in use by %1.").replace("%1", holder.describe_en()),
            )
            return None
        QMessageBox.information(
            parent,
            QCoreApplication.translate("LockGuard", "Opened read-only"),
            QCoreApplication.translate("LockGuard", "This portfolio is in use by %1. It is opened read-only: you can look but not change anything.")
            .replace("%1", holder.describe_zh() + " / " + holder.describe_en()),
        )
    try:
        db = open_db(db_path, readonly=not result.acquired)
    except EncryptionError:
        raise
    except StoreError as exc:
        # The sanity check passed but opening read a damaged page: the full check names it.
        report = integrity.check_file(db_path)
        if report.ok:
            report = integrity.IntegrityReport(db_path, False, "open", (str(exc),))
        if not _offer_backup_at_start(integrity.damaged_error(db_path, report), db_path, username, parent,
                                      result.lock):
            return None
        db = open_db(db_path, readonly=not result.acquired)
        mode = "full"
    return GuardedOpen(db_path, db, result.lock, result.holder, mode)


def _offer_backup_at_start(
    exc: DatabaseDamaged, db_path: Path, username: str, parent: QWidget | None, lock: WriterLock | None
) -> bool:
    """The damaged-file dialog before the window: True once the backup is restored, else False (lock released)."""
    dialog = DamagedDatabaseDialog(exc, parent)
    dialog.exec()
    restored = (
        dialog.choice == "restore" and dialog.backup is not None
        and _restore_damaged(db_path, dialog.backup.path, username, parent, lock)
    )
    if not restored and lock is not None:
        lock.release()
    return restored


def _restore_damaged(
    db_path: Path, backup_path: Path, username: str, parent: QWidget | None, lock: WriterLock | None
) -> bool:
    """Restore over the damaged file; only the writer may (``lock``: ours, kept held; else try to take it)."""
    borrowed = None
    if lock is None:
        held = acquire(db_path, username)
        if not held.acquired:
            QMessageBox.warning(
                parent, QCoreApplication.translate("LockGuard", "Cannot restore"),
                QCoreApplication.translate("LockGuard", "The portfolio is in use by %1; close that workbench first.").replace(
                    "%1", held.holder.describe_en()),
            )
            return False
        borrowed = held.lock
    try:
        backups.restore(db_path, backup_path, actor=username)
    except ServiceError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("LockGuard", "Cannot restore"), f"{exc.message_zh}\n{exc.message_en}")
        return False
    finally:
        if borrowed is not None:
            borrowed.release()
    return True


def install_reliability(app: QApplication, window: QWidget, ctx: AppContext, guarded: GuardedOpen):
    """Deferred quick_check and daily start backup (in a worker), idle lock, and backup + unlock on quit.

    Returns the slot connected to ``app.aboutToQuit`` (None for a read-only open).
    """
    from workbench.ui.dialogs.lock_screen import IdleLockController
    from workbench.ui.tasks import run_task

    window._idle_lock = IdleLockController(ctx, window)  # kept alive by the window
    db_path = guarded.db_path

    def start_backup() -> None:
        if guarded.readonly or guarded.damaged:
            return

        def work(progress, cancel):
            return backups.backup_on_start(db_path)

        run_task(window, QCoreApplication.translate("LockGuard", "Backing up"), work, lambda _path: None,
                 lambda exc: log.warning("start backup failed: %s", exc), show_progress=False)

    ctx.extras[GUARDED_KEY] = guarded  # a switch to another portfolio updates it in place
    if guarded.deferred_check:
        # Kept on the window: tests and the start-up benchmark wait for it.
        window._integrity_check = check_in_background(window, ctx, guarded, then=start_backup)
    else:
        start_backup()
    if guarded.readonly:
        ctx.extras[QUIT_KEY] = None  # connected if the window switches to a file it can write
        return None
    guarded.lock.set_user(f"{ctx.user.display_name} ({ctx.user.username})")
    return _connect_quit(app, ctx, guarded)


def _connect_quit(app: QApplication, ctx: AppContext, guarded: GuardedOpen):
    """On quit: the closing backup of the file open then (``guarded`` may have been switched) and the lock's release."""

    def on_quit() -> None:
        try:
            if not guarded.damaged and guarded.lock is not None:  # a copy of a damaged file would push good backups out
                backups.backup_on_close(guarded.db_path)
        except Exception as exc:  # noqa: BLE001 - quitting must not fail on a backup
            log.warning("closing backup failed: %s", exc)
        finally:
            if guarded.lock is not None:
                guarded.lock.release()

    app.aboutToQuit.connect(on_quit)
    ctx.extras[QUIT_KEY] = on_quit
    return on_quit


def adopt_portfolio(window: QWidget, ctx: AppContext, new: GuardedOpen) -> GuardedOpen:
    """Make ``new`` (from :func:`open_portfolio`, user logged in) the window's portfolio.

    Releases the writer lock of the file open so far (the caller closes its
    connection), names the logged-in user in the new lock, keeps the quit
    hook working on the new file and runs the quick_check a large file
    still needs in the background. Returns the GuardedOpen now in use.
    """
    current: GuardedOpen | None = ctx.extras.get(GUARDED_KEY)
    if current is None:
        current = ctx.extras[GUARDED_KEY] = new
    else:
        if current.lock is not None and current.lock is not new.lock:
            current.lock.release()
        current.db_path, current.db, current.lock, current.holder = new.db_path, new.db, new.lock, new.holder
        current.check_mode, current.damaged = new.check_mode, False
    ctx.db, ctx.db_path, ctx.readonly = current.db, current.db_path, current.readonly
    if current.lock is not None:
        current.lock.set_user(f"{ctx.user.display_name} ({ctx.user.username})")
        app = QApplication.instance()
        if QUIT_KEY in ctx.extras and ctx.extras[QUIT_KEY] is None and isinstance(app, QApplication):
            _connect_quit(app, ctx, current)  # the window started read-only: no quit hook yet
    if current.deferred_check:
        window._integrity_check = check_in_background(window, ctx, current)
    return current


def check_in_background(window: QWidget, ctx: AppContext, guarded: GuardedOpen, then=None):
    """Run the quick_check the start-up skipped; on damage tell the user and offer the newest backup.

    ``then()`` runs after a whole (or cancelled) check. Returns the TaskHandle.
    """
    from workbench.ui.tasks import run_task

    db_path = guarded.db_path

    def work(progress, cancel):
        report = integrity.check_file(db_path, full=False, cancel=cancel)
        if report.ok:
            return None
        return integrity.damaged_error(db_path, report)  # finds the newest good backup, off the GUI thread

    def done(damage: DatabaseDamaged | None) -> None:
        if damage is None:
            if then is not None:
                then()
            return
        guarded.damaged = True
        offer_restore_in_window(window, ctx, guarded, damage)

    def failed(exc: BaseException) -> None:
        log.warning("background integrity check failed: %s", exc)

    return run_task(window, QCoreApplication.translate("LockGuard", "Checking the portfolio"), work, done, failed, show_progress=False)


def offer_restore_in_window(window: QWidget, ctx: AppContext, guarded: GuardedOpen, damage: DatabaseDamaged) -> bool:
    """Damage found while the window is open: offer the newest good backup, else leave (Quit closes the window).

    Returns True when the backup was restored (the window is rebuilt on it).
    """
    dialog = DamagedDatabaseDialog(damage, window)
    dialog.exec()
    if dialog.choice != "restore" or dialog.backup is None:
        if dialog.choice == "quit":
            window.close()
        return False
    if guarded.readonly:
        QMessageBox.warning(
            window, QCoreApplication.translate("LockGuard", "Cannot restore"),
            QCoreApplication.translate("LockGuard", "The portfolio is in use by %1; close that workbench first.").replace(
                "%1", guarded.holder.describe_en() if guarded.holder else "?"),
        )
        return False
    ctx.db.close()
    try:
        backups.restore(guarded.db_path, dialog.backup.path, actor=ctx.user.username)
    except ServiceError as exc:
        QMessageBox.warning(window, QCoreApplication.translate("LockGuard", "Cannot restore"), f"{exc.message_zh}\n{exc.message_en}")
        return False
    finally:
        ctx.db = open_db(guarded.db_path)
        guarded.db = ctx.db
    guarded.damaged = False
    rebuild = getattr(window, "rebuild", None)
    if rebuild is not None:
        rebuild()
    return True
