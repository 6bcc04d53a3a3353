"""The shared paging of the table models (``ui.models.paged``), without a database: pages from a list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from workbench.ui.models.columns import Column
from workbench.ui.models.paged import ID_ROLE, ROW_ROLE, KeysetTableModel
from workbench.ui.models.rows_table import RowsTableModel

ROWS = [{"id": i, "name": f"n{i}", "_key": (f"n{i:03d}", i)} for i in range(1, 8)]  # 7 rows
COLUMNS = [Column("name", "Name"), Column("id", "Id", "int")]


class ListKeysetModel(KeysetTableModel):
    """Keyset pages over ``ROWS``; records each ``after`` it was asked for."""

    PAGE = 3

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self.asked: list = []

    def _page(self, after) -> list[dict]:
        self.asked.append(after)
        rest = [r for r in ROWS if after is None or r["_key"] > after]
        return rest[: self.PAGE]


def _fetch_all(model) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def test_keyset_model_pages_after_the_last_key_and_stops_on_a_short_page(qtmodeltester):
    model = ListKeysetModel()
    model._reload()
    assert model.rowCount() == 3 and model.canFetchMore(QModelIndex())
    _fetch_all(model)
    assert [model.row(r)["id"] for r in range(model.rowCount())] == list(range(1, 8))
    assert model.asked == [None, ("n003", 3), ("n006", 6)]  # the third page (1 row) is short: the end
    assert not model.canFetchMore(QModelIndex())
    index = model.index(6, 0)
    assert index.data() == "n7" and index.data(ROW_ROLE)["id"] == 7 and index.data(ID_ROLE) == 7
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Id"
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    qtmodeltester.check(model)


def test_a_full_last_page_costs_one_empty_read_and_inserts_nothing():
    model = ListKeysetModel()
    model.PAGE = 7  # exactly every row: the model cannot know it has them all
    model._reload()
    assert model.rowCount() == 7 and model.canFetchMore(QModelIndex())
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 7 and inserted == [] and not model.canFetchMore(QModelIndex())


def test_rows_model_pages_by_offset_and_plain_rows_do_not_page(qtmodeltester):
    model = RowsTableModel(COLUMNS)
    model.PAGE = 3
    offsets: list[int] = []

    def fetch(offset: int, limit: int) -> list[dict]:
        offsets.append(offset)
        return ROWS[offset : offset + limit]

    model.set_fetch(fetch)
    _fetch_all(model)
    assert model.rowCount() == 7 and offsets == [0, 3, 6]
    qtmodeltester.check(model)
    model.set_rows(ROWS[:5])
    assert model.rowCount() == 5 and not model.canFetchMore(QModelIndex())
