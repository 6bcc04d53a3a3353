"""Menu entries for the account and LPR screens, added through ``MainWindow.add_tool_action``.

Wiring (composition root, after the main window is built)::

    from workbench.ui.dialogs.admin_menu import install_admin_actions
    install_admin_actions(window, ctx)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from workbench.ui.context import AppContext
from workbench.ui.widgets.actions import translatable_action


def _opener(ctx: AppContext, window: QWidget, make: Callable[[AppContext, QWidget], QDialog]) -> Callable[[], None]:
    def open_dialog(_checked: bool = False) -> None:
        make(ctx, window).exec()

    return open_dialog


def admin_actions(ctx: AppContext, window: QWidget) -> list[QAction]:
    """The three actions (not yet placed in a menu), each opening its dialog modally."""
    from workbench.ui.dialogs.change_password import ChangePasswordDialog
    from workbench.ui.dialogs.lpr_admin import LprAdminDialog
    from workbench.ui.dialogs.users_admin import UsersAdminDialog

    entries = (
        ("user_accounts", QT_TRANSLATE_NOOP("AdminMenu", "&User accounts…"), UsersAdminDialog),
        ("lpr_history", QT_TRANSLATE_NOOP("AdminMenu", "&LPR history…"), LprAdminDialog),
        ("change_password", QT_TRANSLATE_NOOP("AdminMenu", "&Change my password…"), ChangePasswordDialog),
    )
    actions = []
    for name, source, dialog in entries:
        action = translatable_action(window, "AdminMenu", source)
        action.setObjectName(name)
        action.triggered.connect(_opener(ctx, window, dialog))
        actions.append(action)
    return actions


def install_admin_actions(window, ctx: AppContext, menu: str = "tools") -> list[QAction]:
    """Add the actions to ``window``'s ``menu`` (a MainWindow); returns them."""
    actions = admin_actions(ctx, window)
    for action in actions:
        window.add_tool_action(menu, action)
    return actions
