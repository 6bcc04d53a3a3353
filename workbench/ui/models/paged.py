"""Base table models over row dicts read a page at a time: the paging, counting and Column display in one place.

``PagedTableModel`` holds the fetched rows and does canFetchMore/fetchMore
(a short page means the end; an empty batch inserts nothing; ``data()`` never
touches the database). Subclasses say how the next page is read
(``_next_page``). ``KeysetTableModel`` reads pages by keyset: each row
carries its ``_key`` (sort value, id) and the next page starts after the
last row's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the whole row dict
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # row["id"]
ROOT = QModelIndex()  # the invalid parent index, shared as a default argument


class PagedTableModel(QAbstractTableModel):
    """Rows fetched lazily, shown through ``columns`` (``Column``s: ``text(row)``, ``alignment``, ``header``)."""

    PAGE = 200

    def __init__(self, columns: Sequence[Any], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[dict] = []
        self._more = False

    # -- paging
    def _next_page(self) -> list[dict]:
        """The rows after those fetched (at most ``PAGE``); subclasses read them."""
        return []

    def _reset_rows(self, read: Callable[[], list[dict]]) -> None:
        """Start over with the first page ``read()`` returns; a full page means more may follow."""
        self.beginResetModel()
        try:
            self._rows = read()
        finally:
            self._more = len(self._rows) == self.PAGE
            self.endResetModel()

    def canFetchMore(self, parent=ROOT) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent=ROOT) -> None:
        if not self.canFetchMore(parent):
            return
        batch = self._next_page()
        self._more = len(batch) == self.PAGE
        if not batch:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    # -- Qt model
    def rowCount(self, parent=ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=ROOT) -> int:
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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self._header(section)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def _header(self, section: int) -> str:
        return self.columns[section].header


class KeysetTableModel(PagedTableModel):
    """Pages read by keyset from ``_page(after)``: ``after`` is None for the first page, else the last row's ``_key``."""

    def _page(self, after) -> list[dict]:
        """At most ``PAGE`` rows after the key ``after``; subclasses query their service."""
        return []

    def _reload(self) -> None:
        """Start over from the first page."""
        self._reset_rows(lambda: self._page(None))

    def _next_page(self) -> list[dict]:
        return self._page(self._rows[-1]["_key"]) if self._rows else []
