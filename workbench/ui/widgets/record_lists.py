"""Small read-only lists used inside record dialogs (visits, applications, loans of a client)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from workbench.ui.models.columns import Column
from workbench.ui.models.rows_table import RowsTableModel


def list_view(
    model: QAbstractItemModel,
    name: str = "",
    *,
    resize: QHeaderView.ResizeMode | None = QHeaderView.ResizeMode.Interactive,
    stretch_last: bool = True,
    single: bool = True,
    parent: QWidget | None = None,
) -> QTableView:
    """A read-only, row-selecting table view over ``model`` (``objectName`` ``name``; tests find it by name).

    ``resize`` is the columns' resize mode (None: Qt's default), ``stretch_last`` stretches the last
    column, ``single`` allows one selected row only.
    """
    view = QTableView(parent)
    if name:
        view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    if resize is not None:
        view.horizontalHeader().setSectionResizeMode(resize)
    if stretch_last:
        view.horizontalHeader().setStretchLastSection(True)
    return view


def rows_view(columns: Sequence[Column], rows: list[dict], parent: QWidget | None = None, name: str = "") -> QTableView:
    """A read-only table view over ``rows``; the model is ``view.model()``."""
    model = RowsTableModel(columns)
    model.set_rows(rows)
    view = list_view(model, name, resize=QHeaderView.ResizeMode.ResizeToContents, single=False, parent=parent)
    model.setParent(view)
    return view
