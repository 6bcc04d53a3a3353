"""The login dialog shown at start (and for switching user).

On a portfolio without any account that has a password, the dialog instead
asks for the first administrator (username, name, password twice) and logs
them in. Wrong passwords and lockout come back as the service's messages.
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
from workbench.services.errors import ServiceError
from workbench.services.users import is_demo_portfolio, needs_first_admin
from workbench.store import Database, StoreError
from workbench.ui import i18n


def service_error_text(exc: BaseException) -> str:
    """A ServiceError (or domain error with reason_zh/en) in the user's language."""
    english = i18n.current_language() == "en"
    if isinstance(exc, ServiceError):
        return exc.message("en" if english else "zh")
    if hasattr(exc, "reason_zh"):
        return exc.reason_en if english else exc.reason_zh
    return str(exc)


def in_user_language(zh: str | None, en: str | None) -> str:
    """The text of a zh/en pair in the user's language ('' for None)."""
    return (en if i18n.current_language() == "en" else zh) or ""


class LoginDialog(QDialog):
    """Ask for username and password; ``self.user`` holds the authenticated User on accept."""

    def __init__(self, db: Database, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user: users.User | None = None
        self.first_admin = needs_first_admin(db)
        self.setWindowTitle(self.tr("Log in — SME Loan Workbench"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("No account exists yet. Create the administrator account for this portfolio.")
            if self.first_admin
            else self.tr("Log in with your workbench account.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if is_demo_portfolio(db):
            demo = QLabel(self.tr("Demo portfolio: log in as wangfang (loan officer), lijun (risk reviewer), "
                                  "zhaomin (approver) or admin; the password is demo1234."))
            demo.setObjectName("demo_hint")
            demo.setWordWrap(True)
            layout.addWidget(demo)
            username = username or "wangfang"
        form = QFormLayout()
        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username")
        form.addRow(self.tr("Username"), self.username_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("display_name")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("confirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        if self.first_admin:
            form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        if self.first_admin:
            form.addRow(self.tr("Password again"), self.confirm_edit)
            hint = QLabel(self.tr("At least 8 characters, with letters and digits."))
            form.addRow("", hint)
        # Shown when an admin has reset the password: the user sets their own before going on.
        self.new_password_edit = QLineEdit()
        self.new_password_edit.setObjectName("new_password")
        self.new_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_confirm_edit = QLineEdit()
        self.new_confirm_edit.setObjectName("new_confirm")
        self.new_confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("New password"), self.new_password_edit)
        form.addRow(self.tr("New password again"), self.new_confirm_edit)
        self.form = form
        self._set_changing(False)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create and log in") if self.first_admin else self.tr("Log in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password_edit if username else self.username_edit).setFocus()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self.adjustSize()  # grow to fit the message instead of squeezing the rows above it

    def _set_changing(self, on: bool) -> None:
        self.changing = on
        self.form.setRowVisible(self.new_password_edit, on)
        self.form.setRowVisible(self.new_confirm_edit, on)
        self.username_edit.setReadOnly(on)
        self.password_edit.setReadOnly(on)

    def _change_password(self, username: str, password: str) -> None:
        if self.new_password_edit.text() != self.new_confirm_edit.text():
            self.show_error(self.tr("The two passwords differ."))
            return
        try:
            users.change_password(self.db, username, password, self.new_password_edit.text())
            self.user = users.authenticate(self.db, username, self.new_password_edit.text())
        except ServiceError as exc:
            self.show_error(service_error_text(exc))
            return
        self.accept()

    def try_login(self) -> None:
        """Check the input; accept with ``self.user`` set, or show why not."""
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if self.changing:
            self._change_password(username, password)
            return
        try:
            if self.first_admin:
                if password != self.confirm_edit.text():
                    self.show_error(self.tr("The two passwords differ."))
                    return
                users.create_user(self.db, username or "admin", username or "admin",
                                  self.name_edit.text().strip() or username, "admin", password)
                username = username or "admin"
            user = users.authenticate(self.db, username, password)
        except ServiceError as exc:
            self.password_edit.clear()
            self.show_error(service_error_text(exc))
            return
        except StoreError as exc:  # e.g. a read-only portfolio cannot take its first account
            self.show_error(self.tr("The portfolio cannot be changed: %1").replace("%1", str(exc)))
            return
        if user.must_change_password:
            self._set_changing(True)
            self.show_error(self.tr("Your password was reset: choose a new one (at least 8 characters, letters and digits)."))
            self.new_password_edit.setFocus()
            return
        self.user = user
        self.accept()

    @classmethod
    def ask(cls, db: Database, username: str = "", parent: QWidget | None = None) -> users.User | None:
        """Show the dialog; the logged-in User, or None when cancelled."""
        dialog = cls(db, username, parent)
        return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None


def switch_user(ctx, parent: QWidget | None = None) -> bool:
    """Log in as someone else and make them ``ctx.user``; False when cancelled."""
    from workbench.ui.context import CurrentUser

    user = LoginDialog.ask(ctx.db, "", parent)
    if user is None:
        return False
    ctx.user = CurrentUser(username=user.username, display_name=user.display_name, role=user.role)
    return True
