"""Asking for the passphrase of an encrypted portfolio before anything else opens it.

:func:`unlock_if_needed` runs first at start: for a file that is not plain
SQLite but looks encrypted (SQLCipher) and whose passphrase this process does
not know yet, it shows :class:`PassphraseDialog`. A wrong passphrase is said
so, in Chinese and English, and the dialog asks again; the right one is kept
in memory for this process only (``workbench.services.privacy.unlock``), so
the integrity check, the login, workers and backups all open the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services import privacy
from workbench.services.errors import ServiceError


class PassphraseDialog(QDialog):
    """Asks for the passphrase of ``db_path``; accepted only when it opens the file."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.attempts = 0
        self.setWindowTitle(self.tr("Encrypted portfolio"))
        self.setModal(True)
        intro = QLabel(
            self.tr("The portfolio %1 is encrypted. Enter its passphrase to open it.").replace("%1", self.db_path.name),
            self,
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(420)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setDefault(True)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()

    def try_unlock(self) -> bool:
        """Check the typed passphrase; on failure show why (zh and en) and keep asking."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # key derivation: ~0.1 s
        try:
            privacy.unlock(self.db_path, self.passphrase.text())
        except ServiceError as exc:
            self.attempts += 1
            self.message.setText(f"{exc.message_zh}\n{exc.message_en}")
            self.message.setVisible(True)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        return True

    def accept(self) -> None:
        if self.try_unlock():
            self.passphrase.clear()
            super().accept()


def unlock_if_needed(db_path: Path, parent: QWidget | None = None) -> bool:
    """True when ``db_path`` can be opened now (plain, or unlocked); False when the user cancelled."""
    if not privacy.needs_passphrase(db_path):
        return True
    dialog = PassphraseDialog(db_path, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
