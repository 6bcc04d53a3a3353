"""A read-only table model over a list of row dicts, optionally paged in from a service query."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workbench.ui.models.columns import Column
from workbench.ui.models.paged import ID_ROLE, ROW_ROLE, PagedTableModel

__all__ = ["ID_ROLE", "ROW_ROLE", "Fetch", "RowsTableModel"]

Fetch = Callable[[int, int], list[dict]]  # (offset, limit) -> rows


class RowsTableModel(PagedTableModel):
    """Rows given up front (``set_rows``) or fetched a page at a time (``set_fetch``).

    With a fetch function the model pages with canFetchMore/fetchMore; a short
    page means the end. ``data()`` never touches the database.
    """

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(columns, parent)
        self._fetch: Fetch | None = None

    # -- loading
    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._fetch = None
        self._more = False
        self.endResetModel()

    def set_fetch(self, fetch: Fetch) -> None:
        """Start over with rows from ``fetch(offset, limit)``; the first page is read now."""
        self._fetch = fetch
        self._reset_rows(lambda: fetch(0, self.PAGE))

    def _next_page(self) -> list[dict]:
        return [] if self._fetch is None else self._fetch(len(self._rows), self.PAGE)
