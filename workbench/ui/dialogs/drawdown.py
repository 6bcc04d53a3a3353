"""Draw a loan (借据) on an approved credit line, within its available limit, with a schedule preview."""

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
from workbench.ui.dialogs.schedule_calculator import schedule_columns, schedule_rows
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
        self.term_spin.setRange(1, 360)
        form.addRow(self.tr("Term (months)"), self.term_spin)
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
        for signal in (self.amount_edit.textChanged, self.date_edit.dateChanged, self.term_spin.valueChanged):
            signal.connect(self.update_preview)
        self._line_changed()

    def line(self) -> dict | None:
        index = self.line_combo.currentIndex()
        return self.lines[index] if 0 <= index < len(self.lines) else None

    def _line_changed(self) -> None:
        line = self.line()
        if line is None:
            return
        self.term_spin.setValue(line["term_months"] or 12)
        self.amount_edit.setText(yuan_text(line["available_fen"]))
        self.terms_label.setText(
            self.tr("Rate %1 · valid %2 to %3").replace("%1", rate_text(line["rate_bp"]))
            .replace("%2", line["start_date"]).replace("%3", line["expiry_date"]))
        self.update_preview()

    def update_preview(self) -> None:
        line = self.line()
        if line is None:
            return
        try:
            amount = parse_fen(self.amount_edit.text())
            schedule = build_schedule(amount, line["rate_bp"], self.term_spin.value(), line["repayment_method"],
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
