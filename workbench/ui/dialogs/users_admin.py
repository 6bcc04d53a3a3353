"""User accounts (admin only): list, add, reset a password, deactivate/reactivate, unlock.

Every change goes through :mod:`workbench.services.users`, which checks the
actor's role again and writes the audit row. Anyone else who opens the
dialog sees why they may not, and nothing else.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services import users
from workbench.services.errors import ServiceError
from workbench.store import Database
from workbench.ui.context import AppContext
from workbench.ui.dialogs.change_password import (
    add_message_and_buttons,
    new_password_errors,
    password_edit,
    show_service_error,
    show_text,
)
from workbench.ui.dialogs.login import service_error_text
from workbench.ui.models.columns import Column
from workbench.ui.models.rows_table import RowsTableModel
from workbench.ui.widgets.form_errors import FieldErrors
from workbench.ui.widgets.labels import ROLE, label
from workbench.ui.widgets.record_lists import list_view

INACTIVE_COLOR = QColor("#8a8a8a")
LOCKED_COLOR = QColor("#c62828")


def local_time_text(iso: str | None) -> str:
    """UTC ISO text → local ``YYYY-MM-DD HH:MM`` ('' for None)."""
    return "" if not iso else datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def _password_state(row: dict) -> str:
    if not row.get("can_log_in"):
        return QCoreApplication.translate("UsersAdmin", "No password (cannot log in)")
    if row.get("must_change_password"):
        return QCoreApplication.translate("UsersAdmin", "Must change at next login")
    return ""


def account_columns() -> list[Column]:
    """Columns of the accounts table over :func:`users.list_accounts` rows."""
    return [
        Column("username", QCoreApplication.translate("UsersAdmin", "Username")),
        Column("display_name", QCoreApplication.translate("UsersAdmin", "Name")),
        Column("role", QCoreApplication.translate("UsersAdmin", "Role"), "label", labels=ROLE),
        Column("active", QCoreApplication.translate("UsersAdmin", "Active"), "bool"),
        Column("locked_until", QCoreApplication.translate("UsersAdmin", "Locked until"),
               fn=lambda row: local_time_text(row.get("locked_until"))),
        Column("password", QCoreApplication.translate("UsersAdmin", "Password"), fn=_password_state),
    ]


class UsersTableModel(RowsTableModel):
    """The accounts (no hashes); deactivated ones grey, locked ones red."""

    def __init__(self, parent=None) -> None:
        super().__init__(account_columns(), parent)

    def load(self, db: Database) -> None:
        """Read every account again."""
        self.set_rows(users.list_accounts(db))

    def row_of(self, username: str) -> int:
        """The row showing ``username``, or -1."""
        return next((i for i in range(self.rowCount()) if self.row(i)["username"] == username), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and 0 <= index.row() < self.rowCount():
            row = self.row(index.row())
            if row["locked_until"]:
                return QBrush(LOCKED_COLOR)
            if not row["active"]:
                return QBrush(INACTIVE_COLOR)
            return None
        return super().data(index, role)


class NewUserDialog(QDialog):
    """Username, name, role and initial password; the service creates the account on OK."""

    def __init__(self, db: Database, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.created: str | None = None
        self.setWindowTitle(self.tr("Add a user"))
        layout = QVBoxLayout(self)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("display_name")
        self.name_edit.setPlaceholderText(self.tr("e.g. 王芳 (recorded as the officer on clients and loans)"))
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("role")
        for code in users.ROLES:
            self.role_combo.addItem(label(ROLE, code), code)
        self.password_edit = password_edit("password")
        self.confirm_edit = password_edit("confirm")
        self.must_change = QCheckBox(self.tr("The user must choose a new password at first login"))
        self.must_change.setObjectName("must_change")
        self.must_change.setChecked(True)
        form.addRow(self.tr("Username"), self.errors.wrap("username", self.username_edit))
        form.addRow(self.tr("Name"), self.errors.wrap("display_name", self.name_edit))
        form.addRow(self.tr("Role"), self.errors.wrap("role", self.role_combo))
        form.addRow(self.tr("Initial password"), self.errors.wrap("password", self.password_edit))
        form.addRow(self.tr("Password again"), self.errors.wrap("confirm", self.confirm_edit))
        form.addRow("", QLabel(self.tr("At least 8 characters, with letters and digits.")))
        form.addRow("", self.must_change)
        layout.addLayout(form)
        self.ok_button = add_message_and_buttons(self, layout, self.tr("Add user"), self.tr("Cancel"))

    def set_role(self, code: str) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData(code))

    def submit(self) -> bool:
        """Create the account; True (and accepted) on success, else the reasons at the fields."""
        show_text(self.message, "")
        password = self.password_edit.text()
        errors: dict[str, str] = {}
        if not self.username_edit.text().strip():
            errors["username"] = self.tr("Enter a username.")
        errors.update(new_password_errors(password, self.confirm_edit.text(), self.tr("The two passwords differ.")))
        if errors:
            self.errors.show(errors)
            return False
        try:
            users.create_user(
                self.db, self.actor, self.username_edit.text(), self.name_edit.text(),
                self.role_combo.currentData(), password, must_change_password=self.must_change.isChecked(),
            )
        except ServiceError as exc:
            show_service_error(self.errors, self.message, exc)
            return False
        self.errors.show({})
        self.created = self.username_edit.text().strip()
        self.accept()
        return True


class ResetPasswordDialog(QDialog):
    """A new password for someone else's account; they must change it at their next login."""

    def __init__(self, db: Database, actor: str, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.username = db, actor, username
        self.setWindowTitle(self.tr("Reset password"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("New password for %1. The user must change it at the next login, "
                               "and a locked account is unlocked.").replace("%1", username))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.password_edit = password_edit("password")
        self.confirm_edit = password_edit("confirm")
        form.addRow(self.tr("New password"), self.errors.wrap("password", self.password_edit))
        form.addRow(self.tr("Password again"), self.errors.wrap("confirm", self.confirm_edit))
        form.addRow("", QLabel(self.tr("At least 8 characters, with letters and digits.")))
        layout.addLayout(form)
        self.ok_button = add_message_and_buttons(self, layout, self.tr("Reset password"), self.tr("Cancel"))

    def submit(self) -> bool:
        """Store the new password; True (and accepted) on success."""
        show_text(self.message, "")
        password = self.password_edit.text()
        if password != self.confirm_edit.text():
            self.errors.show({"confirm": self.tr("The two passwords differ.")})
            return False
        try:
            users.reset_password(self.db, self.actor, self.username, password, must_change=True)
        except ServiceError as exc:
            show_service_error(self.errors, self.message, exc, fields=("password",))
            return False
        self.errors.show({})
        self.accept()
        return True


class UsersAdminDialog(QDialog):
    """The accounts table with add / reset password / (de)activate / unlock for an admin."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor = ctx.user.username
        self.child: QDialog | None = None  # the add / reset dialog while it is open
        self.allowed = users.may_manage_users(ctx.db, self.actor)
        self.setWindowTitle(self.tr("User accounts"))
        layout = QVBoxLayout(self)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        if not self.allowed:
            self._build_refusal(layout)
            return
        self.resize(780, 460)
        self.model = UsersTableModel(self)
        self.view = list_view(self.model, "accounts", resize=QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add user…"))
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.unlock_button = QPushButton(self.tr("Unlock"))
        for button in (self.add_button, self.reset_button, self.active_button, self.unlock_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.unlock_button.clicked.connect(self.unlock)
        if ctx.readonly:
            show_text(self.notice, self.tr("The portfolio is open read-only: accounts cannot be changed."))
        self.refresh()
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _build_refusal(self, layout: QVBoxLayout) -> None:
        show_text(self.notice, self.tr("Only an administrator can manage user accounts. You are logged in as "
                                       "%1 (%2).").replace("%1", self.ctx.user.display_name)
                  .replace("%2", self.ctx.user.username))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # ------------------------------------------------------------ state
    def refresh(self, select: str | None = None) -> None:
        """Reload the accounts, keeping (or moving to) the selected username."""
        keep = select or self.selected_username()
        self.model.load(self.ctx.db)
        if keep:
            self.select(keep)
        self._update_buttons()

    def select(self, username: str) -> None:
        row = self.model.row_of(username)
        if row >= 0:
            self.view.selectRow(row)

    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row(rows[0].row()) if rows else None

    def selected_username(self) -> str | None:
        row = self.selected()
        return row["username"] if row else None

    def _update_buttons(self, *_args) -> None:
        row = self.selected()
        writable = not self.ctx.readonly
        self.add_button.setEnabled(writable)
        self.reset_button.setEnabled(writable and row is not None)
        self.unlock_button.setEnabled(writable and row is not None and bool(row["locked_until"]))
        active = row is None or row["active"]
        self.active_button.setText(self.tr("Deactivate") if active else self.tr("Reactivate"))
        self.active_button.setEnabled(writable and row is not None and row["username"] != self.actor)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)

    # ------------------------------------------------------------ actions
    def _open_child(self, dialog: QDialog, done) -> QDialog:
        """Show ``dialog`` window-modal without blocking; ``done()`` runs when it is accepted."""
        self.child = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def add_user(self) -> NewUserDialog:
        """Open the add-user form; the table shows the new account once it is saved."""
        dialog = NewUserDialog(self.ctx.db, self.actor, self)

        def done() -> None:
            self.refresh(select=dialog.created)
            self._say(self.tr("Account %1 added.").replace("%1", dialog.created or ""))

        return self._open_child(dialog, done)

    def reset_password(self) -> ResetPasswordDialog | None:
        """Open the reset form for the selected account."""
        username = self.selected_username()
        if username is None:
            return None
        dialog = ResetPasswordDialog(self.ctx.db, self.actor, username, self)

        def done() -> None:
            self.refresh(select=username)
            self._say(self.tr("Password of %1 reset: it must be changed at the next login.").replace("%1", username))

        return self._open_child(dialog, done)

    def toggle_active(self) -> None:
        """Deactivate the selected account, or reactivate it when it is deactivated."""
        row = self.selected()
        if row is None:
            return
        try:
            users.set_active(self.ctx.db, self.actor, row["username"], not row["active"])
        except ServiceError as exc:
            self._say(service_error_text(exc), error=True)
            return
        self.refresh(select=row["username"])
        self._say((self.tr("Account %1 reactivated.") if not row["active"] else self.tr("Account %1 deactivated."))
                  .replace("%1", row["username"]))

    def unlock(self) -> None:
        """Lift the selected account's lockout."""
        username = self.selected_username()
        if username is None:
            return
        try:
            users.unlock_user(self.ctx.db, self.actor, username)
        except ServiceError as exc:
            self._say(service_error_text(exc), error=True)
            return
        self.refresh(select=username)
        self._say(self.tr("Account %1 unlocked.").replace("%1", username))
