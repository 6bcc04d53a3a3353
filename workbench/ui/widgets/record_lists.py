"""Small read-only lists used inside record dialogs (visits, applications, loans of a client)."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from workbench.ui.models.columns import Column
from workbench.ui.models.rows_table import RowsTableModel


def rows_view(columns: Sequence[Column], rows: list[dict], parent: QWidget | None = None, name: str = "") -> QTableView:
    """A read-only table view over ``rows``; the model is ``view.model()``."""
    view = QTableView(parent)
    if name:
        view.setObjectName(name)
    model = RowsTableModel(columns, view)
    model.set_rows(rows)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view
