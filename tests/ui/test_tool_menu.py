"""The Tools and File menu entries open their dialogs and do their work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.ui.shell_support import make_ctx
from workbench.services.backup import backup_files
from workbench.ui.dialogs.audit_viewer import AuditViewerDialog
from workbench.ui.dialogs.batch_packets import BatchPacketsDialog
from workbench.ui.dialogs.restore import RestoreDialog
from workbench.ui.dialogs.schedule_calculator import ScheduleCalculatorDialog
from workbench.ui.i18n import install_language
from workbench.ui.main_window import MainWindow
from workbench.ui.tool_menu import install_tool_actions

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot, db, db_path, tmp_path):
    ctx = make_ctx(db, db_path, tmp_path, language="en")
    win = MainWindow(ctx, start_page="dashboard")
    qtbot.addWidget(win)
    install_tool_actions(win, ctx)
    yield win
    install_language("en")


def _action(window, name):
    return next(a for a in window.findChildren(type(window.menuBar().actions()[0])) if a.objectName() == name)


def test_entries_are_in_the_tools_and_file_menus(window):
    tools = [a.objectName() for a in window._menu("tools").actions()]
    assert tools == ["schedule_calculator", "batch_packets", "audit_log", "backup_now", "restore_backup"]
    assert "switch_user" in [a.objectName() for a in window._menu("file").actions()]


@pytest.mark.parametrize("name, kind", [("schedule_calculator", ScheduleCalculatorDialog),
                                        ("batch_packets", BatchPacketsDialog),
                                        ("audit_log", AuditViewerDialog),
                                        ("restore_backup", RestoreDialog)])
def test_each_tool_opens_its_dialog(window, name, kind):
    seen = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(type(dialog))
        dialog.reject()

    QTimer.singleShot(0, close_it)
    _action(window, name).trigger()
    assert seen == [kind]


def test_back_up_now_writes_a_backup(qtbot, window):
    assert backup_files(window.ctx.db_path) == []
    QTimer.singleShot(0, lambda: None)
    seen = []

    def accept_message() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, accept_message)
            return
        seen.append(box.windowTitle())
        box.accept()

    QTimer.singleShot(20, accept_message)
    _action(window, "backup_now").trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert seen == ["Backup"]
    assert len(backup_files(window.ctx.db_path)) == 1


def test_switch_user_sits_above_quit_in_the_file_menu(window):
    texts = [a.objectName() or a.text() for a in window._menu("file").actions() if not a.isSeparator()]
    assert texts.index("switch_user") == len(texts) - 2  # Quit stays last


def test_tool_entries_follow_a_language_switch(qtbot, db, db_path, tmp_path):
    from workbench.ui.dialogs.admin_menu import install_admin_actions

    ctx = make_ctx(db, db_path, tmp_path, language="zh_CN")
    win = MainWindow(ctx, start_page="dashboard")
    qtbot.addWidget(win)
    install_tool_actions(win, ctx)
    install_admin_actions(win, ctx)
    assert _action(win, "audit_log").text() == "审计日志(&A)…"
    assert _action(win, "user_accounts").text() == "用户账号(&U)…"
    win.apply_settings({"language": "en"})
    assert _action(win, "audit_log").text() == "&Audit log…"
    assert _action(win, "user_accounts").text() == "&User accounts…"
    assert "audit_log" in [a.objectName() for a in win._menu("tools").actions()]


def test_status_bar_names_the_role_of_who_is_logged_in(window):
    window.ctx.user.role, window.ctx.user.display_name = "approver", "赵敏"
    window.update_status()
    assert window.officer_label.text() == "Approver: 赵敏"
