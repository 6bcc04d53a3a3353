"""The client list: ids first (one indexed query), rows read a page at a time as the view scrolls.

Sorting and filtering happen in SQL (``services.clients``); a proxy model
over a lazy model would only see the fetched rows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt

from workbench.services.clients import ClientFilter, client_ids, client_rows
from workbench.store import Database
from workbench.ui.models.columns import Column
from workbench.ui.models.paged import ROOT, PagedTableModel
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


class ClientTableModel(PagedTableModel):
    """Clients matching a :class:`ClientFilter`, sorted by a column, fetched lazily."""

    def __init__(self, db: Database, parent=None) -> None:
        super().__init__(client_columns(), parent)
        self.db = db
        self.filter = ClientFilter()
        self.sort_key = "name"
        self.descending = False
        self._ids: list[int] = []
        # When set, sorting asks the owner to reload (it may run the query off the GUI thread).
        self.loader: Callable[[], None] | None = None

    # -- loading
    def load(self, flt: ClientFilter | None = None) -> None:
        """Run the query for ``flt`` (or the current filter) and show its first page."""
        if flt is not None:
            self.filter = flt
        self.set_ids(self.filter, client_ids(self.db, self.filter, self.sort_key, self.descending))

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

    def canFetchMore(self, parent=ROOT) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._ids)

    def _next_page(self) -> list[dict]:
        start = len(self._rows)
        return client_rows(self.db, self._ids[start : start + self.PAGE])

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

    def client_id(self, row: int) -> int:
        return self._rows[row]["id"]
