"""The Loans page: a lazily fetched, SQL-sorted loan list and the selected loan's schedule."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.services import lending
from workbench.ui.context import AppContext
from workbench.ui.dialogs.drawdown import DrawdownDialog
from workbench.ui.dialogs.repayment import RepaymentDialog
from workbench.ui.dialogs.schedule_calculator import METHOD, ScheduleCalculatorDialog
from workbench.ui.models.columns import Column
from workbench.ui.widgets.labels import CLASSIFICATION, LOAN_STATUS
from workbench.ui.widgets.record_lists import rows_view

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class LoanTableModel(QAbstractTableModel):
    """Loans a page at a time by keyset (sort value, id); sorting re-queries SQL. ``data()`` never queries."""

    PAGE = 200

    def __init__(self, ctx: AppContext, columns: list[Column], parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.columns = columns
        self.filters: dict = {}
        self.order_by = "maturity_date"
        self.descending = False
        self._rows: list[dict] = []
        self._more = False

    def reload(self, **filters) -> None:
        """Start over with ``filters`` (status, search, officer, client_id)."""
        self.beginResetModel()
        self.filters = filters
        self._rows = self._page(None)
        self._more = len(self._rows) == self.PAGE
        self.endResetModel()

    def _page(self, after) -> list[dict]:
        return lending.list_loans(self.ctx.db, order_by=self.order_by, descending=self.descending, after=after,
                                  limit=self.PAGE, **self.filters)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self._more or not self._rows:
            return
        batch = self._page(self._rows[-1]["_key"])
        self._more = len(batch) == self.PAGE
        if not batch:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key
        if key is None:
            return
        self.order_by = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload(**self.filters)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def row(self, r: int) -> dict:
        return self._rows[r]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.alignment.value)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


class LoansPage(QWidget):
    """Loans with filters; the selected loan's schedule below; drawdown, repayment and calculator."""

    navigate_requested = Signal(str, dict)
    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: int | None = None
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status")
        self.status_combo.addItem(self.tr("Active loans"), "active")
        self.status_combo.addItem(self.tr("Closed loans"), "closed")
        self.status_combo.addItem(self.tr("All loans"), None)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Loan number or client name"))
        self.drawdown_button = QPushButton(self.tr("Draw down…"))
        self.repay_button = QPushButton(self.tr("Record repayment…"))
        self.calc_button = QPushButton(self.tr("Schedule calculator…"))
        top = QHBoxLayout()
        for w in (self.status_combo, self.search_edit, self.drawdown_button, self.repay_button, self.calc_button):
            top.addWidget(w)
        self.model = LoanTableModel(ctx, self._columns(), self)
        self.view = QTableView()
        self.view.setObjectName("loans")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(7, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("loan_detail")
        self.detail_label.setWordWrap(True)
        self.schedule_view = rows_view(self._schedule_columns(), [], self, "schedule")
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.detail_label)
        bl.addWidget(self.schedule_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.returnPressed.connect(self.refresh)
        self.drawdown_button.clicked.connect(lambda: self.open_drawdown())
        self.repay_button.clicked.connect(lambda: self.open_repayment())
        self.calc_button.clicked.connect(self.open_calculator)
        self.view.selectionModel().selectionChanged.connect(self.show_selected)
        self.refresh()

    def _columns(self) -> list[Column]:
        return [
            Column("loan_no", self.tr("Loan number"), sort_key="loan_no"),
            Column("client_name", self.tr("Client"), sort_key="client_name"),
            Column("amount_fen", self.tr("Amount (元)"), "money", sort_key="amount_fen"),
            Column("balance_fen", self.tr("Balance (元)"), "money", sort_key="balance_fen"),
            Column("rate_bp", self.tr("Rate"), "rate", sort_key="rate_bp"),
            Column("repayment_method", self.tr("Method"), "label", METHOD),
            Column("drawdown_date", self.tr("Drawn"), sort_key="drawdown_date"),
            Column("maturity_date", self.tr("Matures"), sort_key="maturity_date"),
            Column("classification", self.tr("Classification"), "label", CLASSIFICATION, sort_key="classification"),
            Column("status", self.tr("Status"), "label", LOAN_STATUS, sort_key="status"),
            Column("officer", self.tr("Officer"), sort_key="officer"),
        ]

    def _schedule_columns(self) -> list[Column]:
        return [
            Column("seq", self.tr("No."), "int"),
            Column("due_date", self.tr("Due date")),
            Column("payment_fen", self.tr("Payment (元)"), "money"),
            Column("principal_fen", self.tr("Principal (元)"), "money"),
            Column("interest_fen", self.tr("Interest (元)"), "money"),
            Column("balance_fen", self.tr("Balance after (元)"), "money"),
            Column("paid_on", self.tr("Paid on")),
        ]

    # -------------------------------------------------------------- page contract
    def refresh(self) -> None:
        filters = {"status": self.status_combo.currentData(), "search": self.search_edit.text().strip() or None,
                   "client_id": self.client_id}
        keep = self.selected()
        self.model.reload(**filters)
        self.view.resizeColumnsToContents()
        if keep is not None:  # stay on the same loan after a repayment or drawdown
            for r in range(self.model.rowCount()):
                if self.model.row(r)["id"] == keep["id"]:
                    self.view.selectRow(r)
                    break
        total = lending.count_loans(self.ctx.db, **filters)
        self.count_label.setText(self.tr("%1 loans").replace("%1", f"{total:,}"))
        self.show_selected()

    def apply_filter(self, **filters) -> None:
        """Drill-down: ``status`` ('active'/'closed'/None), ``client_id``, ``search``."""
        self.client_id = filters.get("client_id")
        self.status_combo.blockSignals(True)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(filters.get("status", "active"))))
        self.status_combo.blockSignals(False)
        self.search_edit.setText(filters.get("search") or "")
        self.refresh()

    # -------------------------------------------------------------- selection and actions
    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def show_selected(self, *_args) -> None:
        """Show the selected loan's schedule (one indexed query for a few hundred rows at most)."""
        row = self.selected()
        self.repay_button.setEnabled(row is not None and row["status"] == "active" and not self.ctx.readonly)
        self.drawdown_button.setEnabled(not self.ctx.readonly)
        if row is None:
            self.detail_label.setText(self.tr("Select a loan to see its repayment schedule."))
            self.schedule_view.model().set_rows([])
            return
        loan = lending.loan_detail(self.ctx.db, row["id"])
        self.detail_label.setText(
            self.tr("%1 · %2 · line %3 · application %4 · repayments: %5")
            .replace("%1", loan["loan_no"]).replace("%2", loan["client_name"]).replace("%3", loan["line_no"] or "—")
            .replace("%4", loan["app_no"] or "—").replace("%5", str(len(loan["repayments"])))
        )
        self.schedule_view.model().set_rows(loan["instalments"])

    def _after_change(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def open_drawdown(self, client_id: int | None = None) -> DrawdownDialog:
        dialog = DrawdownDialog(self.ctx, client_id or self.client_id, self)
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def open_repayment(self) -> RepaymentDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = RepaymentDialog(self.ctx, row["id"], self)
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def open_calculator(self) -> ScheduleCalculatorDialog:
        dialog = ScheduleCalculatorDialog(self)
        dialog.open()
        return dialog
