"""Draw a loan (借据) on an approved credit line, within its available limit, with a schedule preview.

The terms come from ``lending.drawdown_terms`` for the chosen line and date:
the approved method, the term capped at the approved term (the spin box's
maximum), and the rate fixed at drawdown — the LPR in force on the drawdown
date + the approved spread — shown with the LPR's publication date.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.money import MoneyError, parse_fen
from workbench.domain.schedule import ScheduleError, build_schedule
from workbench.services import lending
from workbench.services.errors import ServiceError
from workbench.ui.context import AppContext
from workbench.ui.dialogs.login import service_error_text
from workbench.ui.dialogs.schedule_calculator import METHOD, schedule_columns, schedule_rows
from workbench.ui.widgets.labels import label
from workbench.ui.widgets.money import rate_text, yuan_text
from workbench.ui.widgets.record_lists import rows_view


class DrawdownDialog(QDialog):
    """Pick a usable line, an amount and a date; ``self.loan_id`` is set on success."""

    def __init__(self, ctx: AppContext, client_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loan_id: int | None = None
        self.setWindowTitle(self.tr("Draw down a loan"))
        self.resize(820, 620)
        self.lines = lending.list_lines(ctx.db, client_id=client_id, usable_on=date.today())
        form = QFormLayout()
        self.line_combo = QComboBox()
        self.line_combo.setObjectName("line")
        for line in self.lines:
            self.line_combo.addItem(
                self.tr("%1 · %2 · available %3 元").replace("%1", line["line_no"]).replace("%2", line["client_name"])
                .replace("%3", yuan_text(line["available_fen"])), line["id"])
        form.addRow(self.tr("Credit line"), self.line_combo)
        self.terms_label = QLabel()
        form.addRow("", self.terms_label)
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amount")
        self.amount_edit.setPlaceholderText(self.tr("元, e.g. 500000 or 50万"))
        form.addRow(self.tr("Amount (元)"), self.amount_edit)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Drawdown date"), self.date_edit)
        self.term_spin = QSpinBox()
        self.term_spin.setObjectName("term")
        self.term_spin.setRange(1, 360)
        form.addRow(self.tr("Term (months)"), self.term_spin)
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rate")
        self.rate_label.setWordWrap(True)
        form.addRow(self.tr("Rate"), self.rate_label)
        self.terms: dict | None = None
        self.preview = rows_view(schedule_columns(), [], self, "preview")
        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        if not self.lines:
            self.error_label.setText(self.tr("No approved credit line can be drawn today."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Draw down"))
        self.ok_button.setEnabled(bool(self.lines) and not ctx.readonly)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.draw)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Schedule preview")))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.line_combo.currentIndexChanged.connect(self._line_changed)
        self.date_edit.dateChanged.connect(self._date_changed)
        for signal in (self.amount_edit.textChanged, self.term_spin.valueChanged):
            signal.connect(self.update_preview)
        self._line_changed()

    def line(self) -> dict | None:
        index = self.line_combo.currentIndex()
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def _line_changed(self) -> None:
        line = self.line()
        if line is None:
            return
        self.amount_edit.setText(yuan_text(line["available_fen"]))
        self.terms_label.setText(
            self.tr("Approved: %1 months, %2 · valid %3 to %4")
            .replace("%1", str(line["term_months"] or "")).replace("%2", label(METHOD, line["repayment_method"]))
            .replace("%3", line["start_date"]).replace("%4", line["expiry_date"]))
        self._date_changed(reset_term=True)

    def _date_changed(self, *_args, reset_term: bool = False) -> None:
        """Re-read the terms for the line and date: the rate in force and the longest term allowed."""
        line = self.line()
        if line is None:
            return
        try:
            self.terms = lending.drawdown_terms(self.ctx.db, line["id"], self.date_edit.date().toPython())
        except ServiceError as exc:
            self.terms = None
            self.rate_label.setText(service_error_text(exc))
            self.update_preview()
            return
        t = self.terms
        self.term_spin.blockSignals(True)
        self.term_spin.setMaximum(max(1, t["max_term_months"]))
        if reset_term:
            self.term_spin.setValue(t["max_term_months"])
        self.term_spin.blockSignals(False)
        self.rate_label.setText(
            self.tr("%1 = LPR %2 (published %3, in force on the drawdown date) + %4 bp; fixed for the loan")
            .replace("%1", rate_text(t["rate_bp"])).replace("%2", rate_text(t["lpr_bp"]))
            .replace("%3", t["lpr_published_on"]).replace("%4", str(t["spread_bp"])))
        self.update_preview()

    def update_preview(self) -> None:
        line, terms = self.line(), self.terms
        if line is None or terms is None:
            self.preview.model().set_rows([])
            return
        try:
            amount = parse_fen(self.amount_edit.text())
            schedule = build_schedule(amount, terms["rate_bp"], self.term_spin.value(), terms["method"],
                                      self.date_edit.date().toPython())
        except (MoneyError, ScheduleError) as exc:
            self.preview.model().set_rows([])
            self.error_label.setText(service_error_text(exc))
            return
        self.error_label.clear()
        self.preview.model().set_rows(schedule_rows(schedule))

    def draw(self) -> bool:
        line = self.line()
        if line is None:
            return False
        try:
            amount = parse_fen(self.amount_edit.text())
            self.loan_id = lending.drawdown(self.ctx.db, self.ctx.user.username, line["id"], amount,
                                            drawdown_date=self.date_edit.date().toPython(),
                                            term_months=self.term_spin.value())
        except (ServiceError, MoneyError) as exc:
            self.error_label.setText(service_error_text(exc))
            return False
        self.accept()
        return True
