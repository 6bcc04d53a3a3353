"""The visits page: visits by period and officer, with where each enterprise stands on the lists."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services.visits import VisitFilter, count_visits, list_visits, visit_officers
from workbench.ui.context import AppContext
from workbench.ui.models.columns import Column
from workbench.ui.models.rows_table import RowsTableModel
from workbench.ui.widgets.labels import FINDING
from workbench.ui.widgets.record_lists import list_view


def _month_bounds(today: date) -> tuple[date, date]:
    return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])


class VisitsPage(QWidget):
    """Visits newest first; filters: period (from/to) and officer."""

    navigate_requested = Signal(str, dict)
    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: int | None = None  # set by a drill-down from a client record
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("visit_period")
        for text, key in (
            (self.tr("This month"), "month"),
            (self.tr("Last 30 days"), "30"),
            (self.tr("Last 90 days"), "90"),
            (self.tr("This year"), "year"),
            (self.tr("All dates"), "all"),
            (self.tr("Custom"), "custom"),
        ):
            self.period_combo.addItem(text, key)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("visit_officer")
        self._fill_officers()
        self.count_label = QLabel()
        self.count_label.setObjectName("visit_count")
        self.new_button = QPushButton(self.tr("Log visit…"))
        self.new_button.clicked.connect(self.log_visit)
        self.apply_button = QPushButton(self.tr("Start application…"))
        self.apply_button.clicked.connect(self.start_application)

        self.model = RowsTableModel(
            [
                Column("visit_date", self.tr("Date")),
                Column("client_name", self.tr("Client")),
                Column("officer", self.tr("Officer")),
                Column("contact_person", self.tr("Contact")),
                Column("finding", self.tr("Finding"), "label", FINDING),
                Column("amount_needed_fen", self.tr("Amount needed (10k yuan)"), "wan"),
                Column("screening_passed", self.tr("Screening points met"),
                       fn=lambda r: f"{r['screening_passed']}/5"),
                Column("declared", self.tr("Declared"), "bool"),
                Column("recommended", self.tr("Recommended"), "bool"),
                Column("credit_granted", self.tr("Credit granted"), "bool"),
                Column("loan_issued", self.tr("Loan issued"), "bool"),
                Column("feedback_given", self.tr("Feedback given"), "bool"),
                Column("next_step", self.tr("Next step")),
            ],
            self,
        )
        self.table = list_view(self.model, "visit_table")
        for col, width in enumerate((95, 250, 80, 80, 110, 140, 110, 70, 70, 70, 70, 70)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda index: self.open_visit(self.model.row(index.row())["id"]))

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period")))
        bar.addWidget(self.period_combo)
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel("–"))
        bar.addWidget(self.to_edit)
        bar.addWidget(QLabel(self.tr("Officer")))
        bar.addWidget(self.officer_combo)
        bar.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.new_button)
        self.new_button.setEnabled(not ctx.readonly)
        self.apply_button.setEnabled(not ctx.readonly)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._set_period("month")
        self.period_combo.currentIndexChanged.connect(lambda _i: self._set_period(self.period_combo.currentData()))
        self.from_edit.dateChanged.connect(self._dates_edited)
        self.to_edit.dateChanged.connect(self._dates_edited)
        self.officer_combo.currentIndexChanged.connect(self.reload)
        self.reload()

    # ------------------------------------------------------------ filters
    def _fill_officers(self) -> None:
        current = self.officer_combo.currentData()
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        self.officer_combo.addItem(self.tr("All officers"), None)
        for name in visit_officers(self.ctx.db):
            self.officer_combo.addItem(name, name)
        self.officer_combo.setCurrentIndex(max(self.officer_combo.findData(current), 0))
        self.officer_combo.blockSignals(False)

    def _set_period(self, key: str) -> None:
        self.client_id = None  # choosing a period shows every client again
        today = date.today()
        bounds = {
            "month": _month_bounds(today),
            "30": (today - timedelta(days=29), today),
            "90": (today - timedelta(days=89), today),
            "year": (today.replace(month=1, day=1), today.replace(month=12, day=31)),
            "all": (date(1990, 1, 1), today),
        }.get(key)
        custom = key == "custom"
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if bounds:
            self._set_dates(*bounds)
            self.reload()

    def _set_dates(self, first: date, last: date) -> None:
        for edit, value in ((self.from_edit, first), (self.to_edit, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(value.year, value.month, value.day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        if self.period_combo.currentData() == "custom":
            self.reload()

    def current_filter(self) -> VisitFilter:
        as_date = lambda edit: date.fromisoformat(edit.date().toString("yyyy-MM-dd"))
        return VisitFilter(date_from=as_date(self.from_edit), date_to=as_date(self.to_edit),
                           officer=self.officer_combo.currentData(), client_id=self.client_id)

    def reload(self) -> None:
        flt = self.current_filter()
        db = self.ctx.db
        model = self.model

        def fetch(offset: int, limit: int) -> list[dict]:
            # keyset paging: continue after the last row already shown
            return list_visits(db, flt, limit=limit, after=model.row(offset - 1)["_key"] if offset else None)

        self.model.set_fetch(fetch)
        self.count_label.setText(self.tr("%1 visits").replace("%1", f"{count_visits(db, flt):,}"))

    def refresh(self) -> None:
        self._fill_officers()
        self.reload()

    def apply_filter(self, **filters) -> None:
        """Drill-down: ``date_from``/``date_to`` (ISO text or date), ``officer`` and ``client_id``."""
        self.client_id = filters.get("client_id")
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentIndex(self.period_combo.findData("custom"))
        self.period_combo.blockSignals(False)
        self.from_edit.setEnabled(True)
        self.to_edit.setEnabled(True)
        first = filters.get("date_from") or "1990-01-01"
        last = filters.get("date_to") or date.today().isoformat()
        self._set_dates(date.fromisoformat(str(first)), date.fromisoformat(str(last)))
        self._fill_officers()
        self.officer_combo.blockSignals(True)
        self.officer_combo.setCurrentIndex(max(self.officer_combo.findData(filters.get("officer")), 0))
        self.officer_combo.blockSignals(False)
        self.reload()

    # ------------------------------------------------------------ actions
    def selected_visit(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def log_visit(self) -> None:
        from workbench.ui.dialogs.visit import VisitDialog

        if VisitDialog(self.ctx, parent=self).exec():
            self.refresh()
            self.data_changed.emit()

    def open_visit(self, visit_id: int) -> None:
        from workbench.ui.dialogs.visit import VisitDialog

        if VisitDialog(self.ctx, visit_id=visit_id, parent=self).exec():
            self.refresh()
            self.data_changed.emit()

    def start_application(self) -> None:
        from workbench.ui.dialogs.visit import start_application

        visit = self.selected_visit()
        if visit is None:
            return
        dialog = start_application(self.ctx, visit["client_id"], visit["id"], visit["amount_needed_fen"], self)
        if dialog is not None and dialog.exec():
            self.refresh()
            self.data_changed.emit()
