"""Start a renewal of a loan: choose 续贷 / 无还本续贷 / 展期, see the eligibility, justify an override.

A failed rule that no justification may override is marked as such and disables the Create button."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.money import MoneyError, parse_fen
from workbench.services import lending, renewals
from workbench.services.errors import ServiceError
from workbench.ui import i18n
from workbench.ui.context import AppContext
from workbench.ui.widgets.labels import APPLICATION_STATUS, label
from workbench.ui.widgets.money import yuan_text

PASSED = QColor("#1E7B34")
FAILED = QColor("#B3261E")


def _zh() -> bool:
    return (i18n.current_language() or i18n.DEFAULT_LANGUAGE).startswith("zh")


class RenewalDialog(QDialog):
    """Opens a renewal application for one loan (``application_id`` is set when accepted)."""

    def __init__(self, ctx: AppContext, loan_id: int, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loan_id = loan_id
        self.today = today or date.today()
        self.application_id: int | None = None
        self.setWindowTitle(self.tr("Start renewal"))
        loan = lending.loan_detail(ctx.db, loan_id)  # raises NotFound for an unknown loan
        self.loan = loan

        summary = QLabel(
            self.tr("Loan %1 of %2: balance %3 yuan, matures %4")
            .replace("%1", loan["loan_no"]).replace("%2", loan["client_name"])
            .replace("%3", yuan_text(loan["balance_fen"])).replace("%4", loan["maturity_date"])
        )
        summary.setWordWrap(True)
        self.history = QLabel(self._history_text())
        self.history.setObjectName("renewal_history")
        self.history.setWordWrap(True)

        kinds = QGroupBox(self.tr("Kind of renewal"))
        kinds_layout = QHBoxLayout(kinds)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for n, (code, text) in enumerate((
            ("renewal", self.tr("Renewal after repayment (续贷)")),
            ("no_principal", self.tr("Renewal without repaying principal (无还本续贷)")),
            ("extension", self.tr("Extension (展期)")),
        )):
            button = QRadioButton(text)
            button.setObjectName(f"kind_{code}")
            self.kind_group.addButton(button, n)
            self.kind_buttons[code] = button
            kinds_layout.addWidget(button)
        self.kind_buttons["no_principal"].setChecked(True)

        self.needs_funds = QCheckBox(self.tr("The borrower still needs the funds and has a temporary cash difficulty"))
        self.good_conduct = QCheckBox(self.tr("Lawful, stable operation, good credit, no misuse of loan funds"))
        self.rules_list = QListWidget()
        self.rules_list.setObjectName("eligibility")
        self.rules_box = QGroupBox(self.tr("Eligibility for renewal without repaying principal"))
        rules_layout = QVBoxLayout(self.rules_box)
        rules_layout.addWidget(self.needs_funds)
        rules_layout.addWidget(self.good_conduct)
        rules_layout.addWidget(self.rules_list)

        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.term = QSpinBox()
        self.term.setRange(1, 360)
        self.term.setSuffix(self.tr(" months"))
        self.justification = QPlainTextEdit()
        self.justification.setObjectName("justification")
        self.justification.setPlaceholderText(self.tr("Required when a rule failed: why proceed anyway"))
        self.justification.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow(self.tr("Amount (yuan)"), self.amount)
        form.addRow(self.tr("Term"), self.term)
        form.addRow(self.tr("Justification"), self.justification)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create renewal application"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.history)
        layout.addWidget(kinds)
        layout.addWidget(self.rules_box)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.kind_group.idToggled.connect(lambda _id, on: on and self._kind_changed())
        self.needs_funds.toggled.connect(self.update_eligibility)
        self.good_conduct.toggled.connect(self.update_eligibility)
        if ctx.readonly:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self._kind_changed()
        self.resize(720, 560)

    def _history_text(self) -> str:
        """Earlier renewals in this loan's chain (it may itself have replaced an older loan)."""
        lines = []
        for h in renewals.renewal_history(self.ctx.db, loan_id=self.loan_id):
            kind = renewals.KIND_LABELS_ZH[h["kind"]] if _zh() else renewals.KIND_LABELS_EN[h["kind"]]
            lines.append(
                self.tr("%1 → %2 (%3, %4)").replace("%1", h["old_loan_no"]).replace("%2", h["new_loan_no"] or "…")
                .replace("%3", kind).replace("%4", label(APPLICATION_STATUS, h["application_status"]))
            )
        if not lines:
            return self.tr("No earlier renewals of this loan.")
        return self.tr("Renewal history: ") + "; ".join(lines)

    def kind(self) -> str:
        return next(code for code, button in self.kind_buttons.items() if button.isChecked())

    def _kind_changed(self) -> None:
        defaults = renewals.renewal_defaults(self.ctx.db, self.loan_id, self.kind())
        self.amount.setText(yuan_text(defaults["amount_fen"]))
        self.term.setValue(defaults["term_months"])
        self.rules_box.setVisible(self.kind() == "no_principal")
        self.update_eligibility()

    def update_eligibility(self) -> None:
        """Re-evaluate and show each rule passed or failed with its reason."""
        self.rules_list.clear()
        self.failed_rules: list[str] = []
        self.blocking_rules: list[str] = []
        self.error.clear()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(not self.ctx.readonly)
        if self.kind() != "no_principal":
            return
        zh = _zh()
        for r in renewals.eligibility(self.ctx.db, self.loan_id, needs_funds=self.needs_funds.isChecked() or None,
                                      good_conduct=self.good_conduct.isChecked() or None, today=self.today):
            mark = "✓" if r.passed else "✗"
            text = f"{mark} {r.label_zh if zh else r.label_en} — {r.reason_zh if zh else r.reason_en}"
            if not r.passed and not r.overridable:
                text += " " + self.tr("(cannot be overridden)")
                self.blocking_rules.append(r.rule_id)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (r.rule_id, r.passed))
            item.setForeground(QBrush(PASSED if r.passed else FAILED))
            self.rules_list.addItem(item)
            if not r.passed:
                self.failed_rules.append(r.rule_id)
        if self.blocking_rules:
            ok_button.setEnabled(False)
            self.error.setText(self.tr("A rule that cannot be overridden failed: this loan cannot be renewed without repaying principal. Choose another kind of renewal."))
        elif self.failed_rules:
            self.justification.setPlaceholderText(self.tr("%1 rule(s) failed: a written justification is required")
                                                  .replace("%1", str(len(self.failed_rules))))

    def submit(self) -> None:
        try:
            amount_fen = parse_fen(self.amount.text())
        except MoneyError as exc:
            self.error.setText(exc.reason_zh if _zh() else exc.reason_en)
            return
        try:
            self.application_id = renewals.start_renewal(
                self.ctx.db, self.ctx.user.username, self.loan_id, self.kind(),
                justification=self.justification.toPlainText(),
                needs_funds=self.needs_funds.isChecked() or None,
                good_conduct=self.good_conduct.isChecked() or None,
                today=self.today, amount_fen=amount_fen, term_months=self.term.value(),
            )
        except ServiceError as exc:
            self.error.setText(exc.message("zh" if _zh() else "en"))
            return
        self.accept()
