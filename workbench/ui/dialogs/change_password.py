"""The logged-in user changes their own password (current one, new one twice).

The login dialog only asks for a new password after an admin reset; this
dialog is the way to change it at any other time (Tools menu). Each reason
a change is refused is shown beneath the field at fault.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.services import users
from workbench.services.errors import PermissionDenied, ServiceError
from workbench.ui.context import AppContext
from workbench.ui.dialogs.login import service_error_text
from workbench.ui.widgets.form_errors import FieldErrors


def password_edit(name: str, parent: QWidget | None = None) -> QLineEdit:
    """A line edit that hides what is typed, with ``objectName`` ``name`` (tests find it by name)."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def error_label(name: str = "message") -> QLabel:
    """A red, word-wrapped label for errors that belong to no single field (hidden while empty)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet("color: #c62828;")
    label.setWordWrap(True)
    label.hide()
    return label


def show_text(label: QLabel, text: str) -> None:
    """Set ``label``'s text and show it only when there is some."""
    label.setText(text)
    label.setVisible(bool(text))


class ChangePasswordDialog(QDialog):
    """Change ``ctx.user``'s own password; accepted once the service has stored it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Change my password"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Account: %1 (%2)")
                       .replace("%1", ctx.user.display_name).replace("%2", ctx.user.username))
        layout.addWidget(intro)
        self.errors = FieldErrors()
        form = QFormLayout()
        self.current_edit = password_edit("current_password")
        self.new_edit = password_edit("new_password")
        self.confirm_edit = password_edit("confirm_password")
        form.addRow(self.tr("Current password"), self.errors.wrap("current", self.current_edit))
        form.addRow(self.tr("New password"), self.errors.wrap("password", self.new_edit))
        form.addRow(self.tr("New password again"), self.errors.wrap("confirm", self.confirm_edit))
        form.addRow("", QLabel(self.tr("At least 8 characters, with letters and digits.")))
        layout.addLayout(form)
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Change password"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if ctx.readonly:
            self.ok_button.setEnabled(False)
            show_text(self.message, self.tr("The portfolio is open read-only: the password cannot be changed now."))
        self.current_edit.setFocus()

    def submit(self) -> bool:
        """Check the input and change the password; True (and accepted) on success."""
        show_text(self.message, "")
        new = self.new_edit.text()
        errors: dict[str, str] = {}
        if not self.current_edit.text():
            errors["current"] = self.tr("Enter your current password.")
        try:
            users.validate_password(new)
        except ServiceError as exc:
            errors["password"] = service_error_text(exc)
        if "password" not in errors and new != self.confirm_edit.text():
            errors["confirm"] = self.tr("The two passwords differ.")
        if errors:
            self.errors.show(errors)
            return False
        try:
            users.change_password(self.ctx.db, self.ctx.user.username, self.current_edit.text(), new)
        except PermissionDenied as exc:
            # Wrong current password (or a lockout): it is the current password that is at fault.
            self.current_edit.clear()
            self.errors.show({"current": service_error_text(exc)})
            return False
        except ServiceError as exc:
            self.errors.show({})
            show_text(self.message, service_error_text(exc))
            return False
        self.errors.show({})
        self.accept()
        return True
