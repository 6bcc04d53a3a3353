"""A read-only table model over a list of row dicts, optionally paged in from a service query."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.ui.models.columns import Column

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole row dict
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # row["id"]

Fetch = Callable[[int, int], list[dict]]  # (offset, limit) -> rows


class RowsTableModel(QAbstractTableModel):
    """Rows given up front (``set_rows``) or fetched a page at a time (``set_fetch``).

    With a fetch function the model pages with canFetchMore/fetchMore; a short
    page means the end. ``data()`` never touches the database.
    """

    PAGE = 200

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[dict] = []
        self._fetch: Fetch | None = None
        self._more = False

    # -- loading
    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._fetch = None
        self._more = False
        self.endResetModel()

    def set_fetch(self, fetch: Fetch) -> None:
        """Start over with rows from ``fetch(offset, limit)``; the first page is read now."""
        self.beginResetModel()
        self._fetch = fetch
        self._rows = fetch(0, self.PAGE)
        self._more = len(self._rows) == self.PAGE
        self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self._more or self._fetch is None:
            return
        batch = self._fetch(len(self._rows), self.PAGE)
        self._more = len(batch) == self.PAGE
        if not batch:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    # -- Qt model
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def row(self, r: int) -> dict:
        return self._rows[r]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.alignment.value)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.get("id")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
