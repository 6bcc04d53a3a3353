"""The client list page: search as you type, filters, a lazily fetched table, open a record."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services.clients import COMPUTED_SORTS, SIZE_CLASSES, ClientFilter, client_ids, distinct_values
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.models.client_table import ClientTableModel
from workbench.ui.tasks import run_task
from workbench.ui.widgets.labels import SIZE_CLASS, label
from workbench.ui.widgets.record_lists import list_view

SEARCH_DELAY_MS = 150


class ClientsPage(QWidget):
    """Clients: search box (name, USCC prefix, legal representative, pinyin initials) and filters."""

    navigate_requested = Signal(str, dict)
    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setObjectName("client_search")
        self.search.setPlaceholderText(self.tr("Search: name, USCC, legal representative or pinyin initials (e.g. hzxr)"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._timer.start())

        self.size_combo = QComboBox()
        self.size_combo.addItem(self.tr("All sizes"), None)
        for code in SIZE_CLASSES:
            self.size_combo.addItem(label(SIZE_CLASS, code), code)
        self.size_combo.addItem(self.tr("Size unknown"), "unknown")
        self.industry_combo = QComboBox()
        self.officer_combo = QComboBox()
        self.inclusive_combo = QComboBox()
        self.inclusive_combo.addItem(self.tr("Inclusive: any"), None)
        self.inclusive_combo.addItem(self.tr("Inclusive only"), True)
        self.inclusive_combo.addItem(self.tr("Not inclusive"), False)
        self.visited_check = QCheckBox(self.tr("Visited, no credit yet"))
        self._fill_value_combos()
        for combo in (self.size_combo, self.industry_combo, self.officer_combo, self.inclusive_combo):
            combo.currentIndexChanged.connect(self.reload)
        self.visited_check.toggled.connect(self.reload)

        self.new_button = QPushButton(self.tr("New client…"))
        self.new_button.clicked.connect(lambda: self.open_client(None))
        self.visit_button = QPushButton(self.tr("Log visit…"))
        self.visit_button.clicked.connect(self.log_visit)

        self.model = ClientTableModel(ctx.db, self)
        self.model.loader = lambda: None  # no query while the view is set up; reload() below runs it
        self._generation = 0
        self.loading = False
        self.table = list_view(self.model, "client_table")
        self.table.verticalHeader().setDefaultSectionSize(24)
        for col, width in enumerate((250, 165, 110, 130, 60, 60, 130, 120, 80, 80, 110, 150)):
            self.table.setColumnWidth(col, width)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda index: self.open_client(self.model.client_id(index.row())))
        self.count_label = QLabel()
        self.count_label.setObjectName("client_count")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for w in (self.size_combo, self.industry_combo, self.officer_combo, self.inclusive_combo, self.visited_check):
            filters.addWidget(w)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.visit_button)
        buttons.addWidget(self.new_button)
        self.new_button.setEnabled(not ctx.readonly)
        self.visit_button.setEnabled(not ctx.readonly)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.model.loader = self.reload
        self.reload()

    def _fill_value_combos(self) -> None:
        for combo, column, any_text in (
            (self.industry_combo, "industry", self.tr("All industries")),
            (self.officer_combo, "officer", self.tr("All officers")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(any_text, None)
            for value in distinct_values(self.ctx.db, column):
                combo.addItem(value, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    # ------------------------------------------------------------ filtering
    def current_filter(self) -> ClientFilter:
        return ClientFilter(
            search=self.search.text(),
            size_class=self.size_combo.currentData(),
            industry=self.industry_combo.currentData(),
            officer=self.officer_combo.currentData(),
            inclusive=self.inclusive_combo.currentData(),
            visited_no_credit=self.visited_check.isChecked(),
        )

    def reload(self) -> None:
        """Run the query for the current search and filters.

        Search and indexed filters answer in milliseconds and run here; the
        inclusive and "visited, no credit" filters, and sorting by the inclusive
        flag or the loan balance, aggregate credit lines and loans (a few
        hundred ms at 100,000 clients) and run on the worker.
        """
        self._timer.stop()
        flt = self.current_filter()
        self._generation += 1
        if flt.inclusive is None and not flt.visited_no_credit and self.model.sort_key not in COMPUTED_SORTS:
            self.model.load(flt)
            self._show_count()
            return
        generation = self._generation
        path, sort, descending = self.ctx.db_path, self.model.sort_key, self.model.descending

        def work(progress, cancel) -> list[int]:
            db = open_db(path, migrate=False)
            try:
                return client_ids(db, flt, sort, descending)
            finally:
                db.close()

        self.loading = True
        self.count_label.setText(self.tr("Searching…"))
        run_task(self, self.tr("Clients"), work, lambda ids: self._ids_ready(generation, flt, ids),
                 self._query_failed, show_progress=False)

    def _ids_ready(self, generation: int, flt: ClientFilter, ids: list[int]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # the page closed, or a newer query superseded this one
        self.model.set_ids(flt, ids)
        self.loading = False
        self._show_count()

    def _query_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.loading = False
            self.count_label.setText(self.tr("The list could not be read: %1").replace("%1", str(exc)))

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("%1 clients").replace("%1", f"{self.model.total():,}"))

    def refresh(self) -> None:
        self._fill_value_combos()
        self.reload()

    def apply_filter(self, **filters) -> None:
        """Drill-down: search, size_class, industry, officer, inclusive, visited_no_credit (others ignored)."""
        widgets = [self.search, self.size_combo, self.industry_combo, self.officer_combo,
                   self.inclusive_combo, self.visited_check]
        for w in widgets:
            w.blockSignals(True)
        self._fill_value_combos()
        self.search.setText(str(filters.get("search", "")))
        for combo, key in ((self.size_combo, "size_class"), (self.industry_combo, "industry"),
                           (self.officer_combo, "officer"), (self.inclusive_combo, "inclusive")):
            combo.setCurrentIndex(max(combo.findData(filters.get(key)), 0))
        self.visited_check.setChecked(bool(filters.get("visited_no_credit")))
        for w in widgets:
            w.blockSignals(False)
        self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------ actions
    def selected_client_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.client_id(rows[0].row()) if rows else None

    def open_client(self, client_id: int | None) -> None:
        from workbench.ui.dialogs.client import ClientDialog

        dialog = ClientDialog(self.ctx, client_id, self)
        dialog.navigate_requested.connect(self.navigate_requested)
        if dialog.exec():
            self.refresh()
            self.data_changed.emit()

    def log_visit(self) -> None:
        from workbench.ui.dialogs.visit import VisitDialog

        client_id = self.selected_client_id()
        if client_id is None:
            return
        if VisitDialog(self.ctx, client_id=client_id, parent=self).exec():
            self.data_changed.emit()
