"""Record a repayment against a loan; prefilled with the next unpaid instalment."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.money import MoneyError, parse_fen
from workbench.services import lending, repayments
from workbench.services.errors import ServiceError
from workbench.ui.context import AppContext
from workbench.ui.dialogs.login import service_error_text
from workbench.ui.widgets.money import yuan_text


class RepaymentDialog(QDialog):
    """Principal, interest, date and note for one loan; ``self.repayment_id`` is set on success."""

    def __init__(self, ctx: AppContext, loan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loan_id = loan_id
        self.repayment_id: int | None = None
        loan = lending.loan_detail(ctx.db, loan_id)
        self.setWindowTitle(self.tr("Record repayment — %1").replace("%1", loan["loan_no"]))
        due = next((i for i in loan["instalments"] if i["paid_on"] is None), None)
        info = QLabel(self.tr("%1 · balance %2 元").replace("%1", loan["client_name"]).replace("%2", yuan_text(loan["balance_fen"])))
        form = QFormLayout()
        self.principal_edit = QLineEdit(yuan_text(due["principal_fen"] - due["paid_principal_fen"]) if due else "0")
        self.principal_edit.setObjectName("principal")
        self.interest_edit = QLineEdit(yuan_text(due["interest_fen"] - due["paid_interest_fen"]) if due else "0")
        self.interest_edit.setObjectName("interest")
        today = QDate.currentDate()
        due_date = QDate.fromString(due["due_date"], "yyyy-MM-dd") if due else today
        self.date_edit = QDateEdit(min(due_date, today))  # money is recorded when it arrives, never ahead
        self.date_edit.setMaximumDate(today)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.note_edit = QLineEdit()
        form.addRow(self.tr("Principal (元)"), self.principal_edit)
        form.addRow(self.tr("Interest (元)"), self.interest_edit)
        form.addRow(self.tr("Paid on"), self.date_edit)
        form.addRow(self.tr("Note"), self.note_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def record(self) -> bool:
        try:
            self.repayment_id = repayments.record_repayment(
                self.ctx.db, self.ctx.user.username, self.loan_id, self.date_edit.date().toPython(),
                parse_fen(self.principal_edit.text() or "0"), parse_fen(self.interest_edit.text() or "0"),
                self.note_edit.text().strip() or None)
        except (ServiceError, MoneyError) as exc:
            self.error_label.setText(service_error_text(exc))
            return False
        self.accept()
        return True
