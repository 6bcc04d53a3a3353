"""Composition root: works out paths, opens the store, builds the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from workbench import paths


def ensure_demo_portfolio(path: Path, today: date | None = None) -> Path:
    """Generate the demo portfolio at ``path`` unless one generated for today is already there.

    A demo from an earlier day is rebuilt, so its maturities, overdue bands and
    dashboard figures are always relative to today.
    """
    from workbench.services.demo import DemoSpec, build_demo_portfolio, demo_date

    today = today or date.today()
    if demo_date(path) != today:
        print(f"Building the demo portfolio in {path} … / 正在生成演示数据 …", file=sys.stderr)
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        build_demo_portfolio(path, DemoSpec(as_of=today))
    return path


def run_window(
    args: argparse.Namespace,
    *,
    login: Callable[[Any], Any] | None = None,
    on_shown: Callable[[Any], None] | None = None,
) -> int:
    """Open the main window on the database ``args`` names (``--db``, ``--demo`` or the default).

    Hooks for code that runs the real start path in-process (``benchmarks/bench_shell.py``);
    neither is reachable from the command line or the environment:
    ``login(db)`` replaces the login dialog and returns the pre-authenticated
    ``users.User`` (or None to stop); ``on_shown(window)`` is called right after
    the window is shown.
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.ui.context import AppContext, CurrentUser
    from workbench.ui.fonts import install_app_font
    from workbench.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("SME Loan Workbench")
    app.setApplicationName("workbench")
    install_app_font(app)
    # Settings live beside the data (WORKBENCH_HOME moves both), not in ~/.config.
    settings = QSettings(str(paths.data_home() / "settings.ini"), QSettings.Format.IniFormat)

    if args.db:
        db_path = Path(args.db)
    elif args.demo:
        db_path = ensure_demo_portfolio(paths.demo_db_path())
    else:
        saved = str(settings.value("database/path", "") or "")
        db_path = Path(saved) if saved else paths.default_db_path()
    from workbench.ui.i18n import ensure_language

    ensure_language(settings)  # Chinese unless the user chose English; before the first dialog

    # Reliability (issue 9): passphrase of an encrypted file, one-writer lock (else read-only),
    # integrity check (cheap on a clean start, quick_check after the window), backups, idle lock.
    from workbench.services.privacy import lock_again
    from workbench.ui.dialogs.lock_guard import install_reliability, open_portfolio

    guarded = open_portfolio(db_path, args.user or "officer")
    if guarded is None:  # cancelled the passphrase, or damaged file and the user chose Quit
        lock_again()
        return 2
    db = guarded.db
    # Credit (issue 5): log in; --user only pre-fills the username.
    if login is None:
        from workbench.ui.dialogs.login import LoginDialog

        account = LoginDialog.ask(db, args.user or "")
    else:
        account = login(db)
    if account is None:
        if guarded.lock is not None:
            guarded.lock.release()
        db.close()
        lock_again()
        return 0
    user = CurrentUser(username=account.username, display_name=account.display_name, role=account.role)
    ctx = AppContext(db_path=db_path, db=db, user=user, settings=settings, readonly=guarded.readonly)
    window = MainWindow(ctx)
    from workbench.ui.dialogs.admin_menu import install_admin_actions
    from workbench.ui.tool_menu import install_tool_actions

    install_tool_actions(window, ctx)
    install_admin_actions(window, ctx)
    install_reliability(app, window, ctx, guarded)
    window.show()
    if on_shown is not None:
        on_shown(window)
    try:
        return app.exec()
    finally:
        # A clean close: the last connection checkpoints and removes the WAL (the next start
        # then knows the shutdown was clean), and the passphrase leaves memory.
        try:
            ctx.db.close()
        finally:
            lock_again()
