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
    QPushButton,
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


def add_message_and_buttons(dialog: QDialog, layout: QVBoxLayout, ok_text: str, cancel_text: str) -> QPushButton:
    """Put ``dialog.message`` (an :func:`error_label`) and OK/Cancel buttons under ``layout``'s form.

    OK calls ``dialog.submit``, Cancel rejects; the texts come from the caller's ``tr()``. Returns the OK button.
    """
    dialog.message = error_label()
    layout.addWidget(dialog.message)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok_button.setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    buttons.accepted.connect(dialog.submit)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return ok_button


def new_password_errors(password: str, confirm: str, differ_text: str) -> dict[str, str]:
    """Field → reason for a new password against the rules and its confirmation (``differ_text`` when they differ)."""
    errors: dict[str, str] = {}
    try:
        users.validate_password(password)
    except ServiceError as exc:
        errors["password"] = service_error_text(exc)
    if "password" not in errors and password != confirm:
        errors["confirm"] = differ_text
    return errors


def show_service_error(errors: FieldErrors, message: QLabel, exc: ServiceError, fields=None) -> None:
    """Show ``exc`` beneath its field when that is one of ``fields`` (default: every field of ``errors``), else in ``message``."""
    text = service_error_text(exc)
    if exc.field in (errors.editors if fields is None else fields):
        errors.show({exc.field: text})
    else:
        errors.show({})
        show_text(message, text)


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
        self.ok_button = add_message_and_buttons(self, layout, self.tr("Change password"), self.tr("Cancel"))
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
        errors.update(new_password_errors(new, self.confirm_edit.text(), self.tr("The two passwords differ.")))
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
