"""Menu entries for the tools that live in dialogs rather than pages.

Placed through ``MainWindow.add_tool_action`` by the composition root:
switch user (File), schedule calculator, batch packets, audit log, back up
now and restore (Tools).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.services import backup
from workbench.ui.context import AppContext
from workbench.ui.tasks import run_task
from workbench.ui.widgets.actions import translatable_action


def _action(window: QWidget, name: str, source: str, slot: Callable[[], None], shortcut: str = "") -> QAction:
    action = translatable_action(window, "ToolMenu", source)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _switch_user(ctx: AppContext, window) -> None:
    from workbench.ui.dialogs.login import switch_user

    if switch_user(ctx, window):
        window.rebuild()


def _calculator(window) -> None:
    from workbench.ui.dialogs.schedule_calculator import ScheduleCalculatorDialog

    ScheduleCalculatorDialog(window).exec()


def _batch_packets(ctx: AppContext, window) -> None:
    from workbench.ui.dialogs.batch_packets import BatchPacketsDialog

    BatchPacketsDialog(ctx, window).exec()


def _audit_log(ctx: AppContext, window) -> None:
    from workbench.ui.dialogs.audit_viewer import AuditViewerDialog

    AuditViewerDialog(ctx, window).exec()


def _backup_now(ctx: AppContext, window) -> None:
    db_path = ctx.db_path

    def work(progress, cancel):
        return backup.make_backup(db_path, reason="manual", progress=progress, cancel=cancel)

    def done(path) -> None:
        QMessageBox.information(window, QCoreApplication.translate("ToolMenu", "Backup"), QCoreApplication.translate("ToolMenu", "Backup written: %1").replace("%1", str(path)))

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(window, QCoreApplication.translate("ToolMenu", "Backup"), str(exc))

    run_task(window, QCoreApplication.translate("ToolMenu", "Backing up the portfolio"), work, done, failed)


def _restore(ctx: AppContext, window) -> None:
    from workbench.ui.dialogs.restore import restore_in_window

    if restore_in_window(ctx, window):
        window.rebuild()


def install_tool_actions(window, ctx: AppContext) -> list[QAction]:
    """Add the tool entries to ``window`` (a MainWindow); returns the actions."""
    placed = [
        ("file", _action(window, "switch_user", QT_TRANSLATE_NOOP("ToolMenu", "S&witch user…"), lambda: _switch_user(ctx, window), "Ctrl+Shift+U")),
        ("tools", _action(window, "schedule_calculator", QT_TRANSLATE_NOOP("ToolMenu", "Repayment &schedule calculator…"),
                          lambda: _calculator(window), "Ctrl+K")),
        ("tools", _action(window, "batch_packets", QT_TRANSLATE_NOOP("ToolMenu", "&Batch approval packets…"), lambda: _batch_packets(ctx, window))),
        ("tools", _action(window, "audit_log", QT_TRANSLATE_NOOP("ToolMenu", "&Audit log…"), lambda: _audit_log(ctx, window))),
        ("tools", _action(window, "backup_now", QT_TRANSLATE_NOOP("ToolMenu", "Back up &now"), lambda: _backup_now(ctx, window))),
        ("tools", _action(window, "restore_backup", QT_TRANSLATE_NOOP("ToolMenu", "&Restore from backup…"), lambda: _restore(ctx, window))),
    ]
    if ctx.readonly:
        for name in ("restore_backup",):
            for _menu, action in placed:
                if action.objectName() == name:
                    action.setEnabled(False)
    for menu, action in placed:
        window.add_tool_action(menu, action)
    return [action for _menu, action in placed]
