"""The client list: ids first (one indexed query), rows read a page at a time as the view scrolls.

Sorting and filtering happen in SQL (``services.clients``); a proxy model
over a lazy model would only see the fetched rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from workbench.services.clients import ClientFilter, client_ids, client_rows
from workbench.store import Database
from workbench.ui.models.columns import Column
from workbench.ui.models.rows_table import ID_ROLE, ROW_ROLE
from workbench.ui.widgets.labels import ENTITY_TYPE, SIZE_CLASS, YES_NO, label


def client_columns() -> list[Column]:
    """The client list's columns, headers in the current language."""
    return [
        Column("name", QCoreApplication.translate("ClientTableModel", "Company name"), sort_key="name"),
        Column("uscc", QCoreApplication.translate("ClientTableModel", "USCC"), sort_key="uscc"),
        Column("legal_rep", QCoreApplication.translate("ClientTableModel", "Legal representative"), sort_key="legal_rep"),
        Column("industry", QCoreApplication.translate("ClientTableModel", "Industry"), sort_key="industry"),
        Column("size_class", QCoreApplication.translate("ClientTableModel", "Size"), "label", SIZE_CLASS, sort_key="size_class"),
        Column("inclusive", QCoreApplication.translate("ClientTableModel", "Inclusive"),
               fn=lambda r: label(YES_NO, bool(r.get("inclusive"))), sort_key="inclusive"),
        Column("balance_fen", QCoreApplication.translate("ClientTableModel", "Loan balance (10k yuan)"), "wan",
               sort_key="balance_fen"),
        Column("revenue_fen", QCoreApplication.translate("ClientTableModel", "Revenue (10k yuan)"), "wan", sort_key="revenue_fen"),
        Column("employees", QCoreApplication.translate("ClientTableModel", "Employees"), "int", sort_key="employees"),
        Column("officer", QCoreApplication.translate("ClientTableModel", "Officer"), sort_key="officer"),
        Column("phone", QCoreApplication.translate("ClientTableModel", "Phone")),
        Column("legal_rep_id", QCoreApplication.translate("ClientTableModel", "ID number")),
        Column("entity_type", QCoreApplication.translate("ClientTableModel", "Entity type"), "label", ENTITY_TYPE),
    ]


class ClientTableModel(QAbstractTableModel):
    """Clients matching a :class:`ClientFilter`, sorted by a column, fetched lazily."""

    PAGE = 200

    def __init__(self, db: Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.columns = client_columns()
        self.filter = ClientFilter()
        self.sort_key = "name"
        self.descending = False
        self._ids: list[int] = []
        self._rows: list[dict] = []
        # When set, sorting asks the owner to reload (it may run the query off the GUI thread).
        self.loader: Callable[[], None] | None = None

    # -- loading
    def load(self, flt: ClientFilter | None = None) -> None:
        """Run the query for ``flt`` (or the current filter) and show its first page."""
        if flt is not None:
            self.filter = flt
        self.beginResetModel()
        self._ids = client_ids(self.db, self.filter, self.sort_key, self.descending)
        self._rows = client_rows(self.db, self._ids[: self.PAGE])
        self.endResetModel()

    def set_ids(self, flt: ClientFilter, ids: list[int]) -> None:
        """Show ``ids`` (computed elsewhere, e.g. on a worker, for ``flt``) and read their first page."""
        self.filter = flt
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = client_rows(self.db, self._ids[: self.PAGE])
        self.endResetModel()

    def total(self) -> int:
        """How many clients match (fetched or not)."""
        return len(self._ids)

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._ids)

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        batch = client_rows(self.db, self._ids[start : start + self.PAGE])
        if not batch:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)) or self.columns[column].sort_key is None:
            return
        self.sort_key = self.columns[column].sort_key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self.loader is not None:
            self.loader()
        else:
            self.load()

    def sort_column(self) -> int:
        for i, col in enumerate(self.columns):
            if col.sort_key == self.sort_key:
                return i
        return 0

    # -- Qt model
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def client_id(self, row: int) -> int:
        return self._rows[row]["id"]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.alignment.value)
        if role == ID_ROLE:
            return row["id"]
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
