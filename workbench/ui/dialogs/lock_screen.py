"""The idle session lock: after N quiet minutes the window hides its content and asks for the password.

The number of minutes is the QSettings value ``security/idle_lock_minutes``
(default 15; 0 turns the lock off). The password is checked by
``workbench.services.users.authenticate``, so failed attempts count towards
the account lockout like any login. A user without a password (a headless or
development account) is never locked out of their own window.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services.errors import ServiceError
from workbench.services.lock import session_lock_possible
from workbench.ui.context import AppContext

IDLE_MINUTES_KEY = "security/idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15
_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}


def idle_minutes(ctx: AppContext) -> int:
    """The configured idle minutes (0 = never lock)."""
    try:
        return max(0, int(ctx.settings.value(IDLE_MINUTES_KEY, DEFAULT_IDLE_MINUTES)))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES


class LockDialog(QDialog):
    """Asks the current user's password; accepted only when it is right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Session locked"))
        self.setModal(True)
        who = QLabel(
            self.tr("The workbench was locked after a period of inactivity. Enter the password of %1 to continue.")
            .replace("%1", f"{ctx.user.display_name} ({ctx.user.username})"),
            self,
        )
        who.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.quit_button = QPushButton(self.tr("Quit the workbench"), self)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.quit_button.clicked.connect(self._quit)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def try_unlock(self) -> bool:
        """Check the typed password; accept on success, else say why and clear the field."""
        from workbench.services import users

        try:
            users.authenticate(self.ctx.db, self.ctx.user.username, self.password.text())
        except ServiceError as exc:
            self.message.setText(exc.message_zh + "\n" + exc.message_en)
            self.password.clear()
            return False
        except Exception:  # noqa: BLE001 - a read-only file cannot count the failure: still wrong
            self.message.setText(self.tr("Wrong password."))
            self.password.clear()
            return False
        self.accept()
        return True

    def _quit(self) -> None:
        self.reject()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def reject(self) -> None:  # Esc must not unlock
        if self.sender() is self.quit_button:
            super().reject()

    def closeEvent(self, event) -> None:
        event.ignore()


class IdleLockController(QObject):
    """Watches the application's input; locks ``window`` after the idle interval."""

    def __init__(self, ctx: AppContext, window: QMainWindow, interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.locked = False
        self._last_poke = 0.0
        minutes = idle_minutes(ctx)
        self.enabled = bool(interval_ms or minutes) and session_lock_possible(ctx.db, ctx.user.username)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms or minutes * 60_000 or 1)
        self.timer.timeout.connect(self.lock_now)
        self.dialog: LockDialog | None = None
        if self.enabled:
            QApplication.instance().installEventFilter(self)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in _ACTIVITY:
            now = time.monotonic()
            if now - self._last_poke > 0.5:  # restarting the timer on every mouse move is wasteful
                self._last_poke = now
                self.timer.start()
        return False

    def lock_now(self) -> None:
        """Hide the window's content and ask for the password (non-blocking; unlocks on accept)."""
        if self.locked or not self.enabled:
            return
        self.locked = True
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(False)
        self.dialog = LockDialog(self.ctx, self.window)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.open()

    def _unlocked(self) -> None:
        self.locked = False
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(True)
        self.dialog.deleteLater()
        self.dialog = None
        self.timer.start()
