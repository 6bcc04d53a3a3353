"""A repayment-schedule calculator usable without a client: amount, rate, term, method → table and totals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.money import MoneyError, parse_fen
from workbench.domain.schedule import METHODS, Schedule, ScheduleError, build_schedule
from workbench.ui.dialogs.login import service_error_text
from workbench.ui.models.columns import Column
from workbench.ui.widgets.labels import label
from workbench.ui.widgets.money import yuan_text
from workbench.ui.widgets.record_lists import rows_view

METHOD = {
    "annuity": QT_TRANSLATE_NOOP("Labels", "Equal instalments (annuity)"),
    "equal_principal": QT_TRANSLATE_NOOP("Labels", "Equal principal"),
    "interest_only": QT_TRANSLATE_NOOP("Labels", "Monthly interest, principal at maturity"),
    "revolving": QT_TRANSLATE_NOOP("Labels", "Revolving (draw and repay any time)"),
}


def parse_rate_bp(text: str) -> int:
    """Percent text ``"3.85"`` (or ``"3.85%"``) → 385 basis points; ValueError when not a whole bp."""
    try:
        value = Decimal(text.strip().rstrip("%").strip()) * 100
    except InvalidOperation:
        raise ValueError(text) from None
    if value != value.to_integral_value() or value < 0:
        raise ValueError(text)
    return int(value)


def method_combo(parent: QWidget | None = None, current: str | None = None) -> QComboBox:
    """A combo of the four repayment methods (data: the code)."""
    combo = QComboBox(parent)
    for code in METHODS:
        combo.addItem(label(METHOD, code), code)
    if current in METHODS:
        combo.setCurrentIndex(METHODS.index(current))
    return combo


def schedule_columns() -> list[Column]:
    """Columns of a schedule table over instalment dicts (seq, due_date, *_fen)."""
    return [
        Column("seq", QCoreApplication.translate("ScheduleTable", "No."), "int"),
        Column("due_date", QCoreApplication.translate("ScheduleTable", "Due date")),
        Column("payment_fen", QCoreApplication.translate("ScheduleTable", "Payment (元)"), "money"),
        Column("principal_fen", QCoreApplication.translate("ScheduleTable", "Principal (元)"), "money"),
        Column("interest_fen", QCoreApplication.translate("ScheduleTable", "Interest (元)"), "money"),
        Column("balance_fen", QCoreApplication.translate("ScheduleTable", "Balance after (元)"), "money"),
    ]


def schedule_rows(schedule: Schedule) -> list[dict]:
    return [
        {"id": i.seq, "seq": i.seq, "due_date": i.due_date.isoformat(), "payment_fen": i.payment_fen,
         "principal_fen": i.principal_fen, "interest_fen": i.interest_fen, "balance_fen": i.balance_fen}
        for i in schedule.instalments
    ]


class ScheduleCalculatorDialog(QDialog):
    """Recomputes the schedule whenever an input changes; bad input is named beneath."""

    def __init__(self, parent: QWidget | None = None, amount_fen: int | None = None, rate_bp: int | None = None,
                 months: int = 12, method: str = "annuity") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Repayment schedule calculator"))
        self.resize(760, 600)
        self.schedule: Schedule | None = None
        form = QFormLayout()
        self.amount_edit = QLineEdit(yuan_text(amount_fen) if amount_fen else "500,000")
        self.amount_edit.setObjectName("amount")
        self.amount_edit.setPlaceholderText(self.tr("元, e.g. 500000 or 50万"))
        form.addRow(self.tr("Amount (元)"), self.amount_edit)
        self.rate_edit = QLineEdit(f"{rate_bp // 100}.{rate_bp % 100:02d}" if rate_bp is not None else "3.85")
        self.rate_edit.setObjectName("rate")
        form.addRow(self.tr("Annual rate (%)"), self.rate_edit)
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, 360)
        self.months_spin.setValue(months)
        form.addRow(self.tr("Term (months)"), self.months_spin)
        self.method_combo = method_combo(self, method)
        form.addRow(self.tr("Repayment method"), self.method_combo)
        self.start_edit = QDateEdit(QDate.currentDate())
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("Drawdown date"), self.start_edit)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totals")
        self.table = rows_view(schedule_columns(), [], self, "schedule")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(buttons)
        for signal in (self.amount_edit.textChanged, self.rate_edit.textChanged, self.months_spin.valueChanged,
                       self.method_combo.currentIndexChanged, self.start_edit.dateChanged):
            signal.connect(self.recalculate)
        self.recalculate()

    def recalculate(self) -> None:
        """Rebuild the table from the inputs (a 360-row schedule takes a few ms)."""
        try:
            amount = parse_fen(self.amount_edit.text())
            rate = parse_rate_bp(self.rate_edit.text())
            start = self.start_edit.date().toPython()
            self.schedule = build_schedule(amount, rate, self.months_spin.value(), self.method_combo.currentData(), start)
        except (MoneyError, ScheduleError) as exc:
            self._fail(service_error_text(exc))
            return
        except ValueError:
            self._fail(self.tr("The rate must be a percentage with at most two decimals, e.g. 3.85."))
            return
        self.error_label.clear()
        self.table.model().set_rows(schedule_rows(self.schedule))
        s = self.schedule
        self.totals_label.setText(
            self.tr("Total payment %1 元 = principal %2 元 + interest %3 元; last due %4")
            .replace("%1", yuan_text(s.total_payment_fen)).replace("%2", yuan_text(s.total_principal_fen))
            .replace("%3", yuan_text(s.total_interest_fen)).replace("%4", s.maturity_date.isoformat())
        )

    def _fail(self, text: str) -> None:
        self.schedule = None
        self.error_label.setText(text)
        self.table.model().set_rows([])
        self.totals_label.clear()
