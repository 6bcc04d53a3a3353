"""Showing one client's ID number and phone whole, with a reason that goes into the audit log.

Usage from a client page or dialog: ``RevealPersonalDataDialog(ctx, client_id, parent).exec()``.
Nothing is shown unless the audit row was written (a read-only file cannot record it, so it shows nothing).
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

from workbench.services.errors import ServiceError
from workbench.services.privacy import RevealedData, reveal_personal_data
from workbench.store import StoreError
from workbench.ui.context import AppContext


class RevealPersonalDataDialog(QDialog):
    """Asks why; on Show, records the look and displays the whole values."""

    def __init__(self, ctx: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = client_id
        self.revealed: RevealedData | None = None
        self.setWindowTitle(self.tr("Show personal data"))
        intro = QLabel(self.tr("ID numbers and phones are masked. Say why you need them whole; this is recorded in the audit log."), self)
        intro.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Reason, e.g. checking the ID card for the contract"))
        self.legal_rep = QLabel("", self)
        self.id_number = QLabel("", self)
        self.phone = QLabel("", self)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Legal representative"), self.legal_rep)
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Phone"), self.phone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.show_button = QPushButton(self.tr("Show"), self)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.show_button.clicked.connect(self.reveal)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def reveal(self) -> bool:
        """Record the request and show the values; False (with the reason shown) when refused."""
        try:
            data = reveal_personal_data(self.ctx.db, self.ctx.user.username, self.ctx.user.role, self.client_id, self.reason.text())
        except ServiceError as exc:
            self.message.setText(exc.message_zh + "\n" + exc.message_en)
            return False
        except StoreError:  # a read-only file cannot take the audit row
            self.message.setText(self.tr("This portfolio is open read-only, so the request cannot be recorded; nothing is shown."))
            return False
        self.revealed = data
        self.message.clear()
        self.legal_rep.setText(data.legal_rep or "")
        self.id_number.setText(data.legal_rep_id or "")
        self.phone.setText(data.phone or "")
        self.show_button.setEnabled(False)
        self.reason.setReadOnly(True)
        return True
