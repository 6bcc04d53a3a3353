"""Change a loan's five-category classification by hand: never below the floor, always with a reason.

Only a reviewer, approver or admin may lower it; an officer is offered raises only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.classification import CODES, floor_for_overdue_days, severity
from workbench.services import classification
from workbench.services.errors import ServiceError
from workbench.ui import i18n
from workbench.ui.context import AppContext
from workbench.ui.widgets.labels import CLASSIFICATION, label


class ClassificationDialog(QDialog):
    """Offers only classifications at or above the floor (and, for a user who may not lower, the current one)."""

    def __init__(self, ctx: AppContext, loan_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loan_id = loan_id
        self.changed_to: str | None = None
        loan = ctx.db["loans"].get(loan_id)
        self.floor = floor_for_overdue_days(loan["overdue_days"])
        self.may_lower = classification.may_lower(ctx.db, ctx.user.username)
        lowest = self.floor if self.may_lower else max(self.floor, loan["classification"], key=severity)
        self.setWindowTitle(self.tr("Change classification"))
        info = QLabel(
            self.tr("Loan %1: now %2; %3 days overdue, so at least %4.")
            .replace("%1", loan["loan_no"]).replace("%2", label(CLASSIFICATION, loan["classification"]))
            .replace("%3", str(loan["overdue_days"])).replace("%4", label(CLASSIFICATION, self.floor))
        )
        info.setWordWrap(True)
        self.combo = QComboBox()
        self.combo.setObjectName("classification")
        for code in CODES:
            if severity(code) >= severity(lowest):
                self.combo.addItem(label(CLASSIFICATION, code), code)
        self.combo.setCurrentIndex(max(self.combo.findData(loan["classification"]), 0))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("Why (required)"))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E")
        self.raise_only = QLabel(self.tr("Only a reviewer, approver or admin may lower a classification."))
        self.raise_only.setObjectName("raise_only")
        self.raise_only.setWordWrap(True)
        self.raise_only.setVisible(not self.may_lower)
        form = QFormLayout()
        form.addRow(self.tr("Classification"), self.combo)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        if ctx.readonly:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.raise_only)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        try:
            self.changed_to = classification.set_classification(
                self.ctx.db, self.ctx.user.username, self.loan_id, self.combo.currentData(), self.reason.toPlainText()
            )
        except ServiceError as exc:
            lang = i18n.current_language() or i18n.DEFAULT_LANGUAGE
            self.error.setText(exc.message("zh" if lang.startswith("zh") else "en"))
            return
        self.accept()
