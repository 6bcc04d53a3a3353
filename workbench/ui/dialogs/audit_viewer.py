"""The audit viewer: every recorded change, newest first, filtered by user, table, client and period.

:class:`AuditTableModel` fetches 200 rows at a time (keyset paging on id) so
a log of millions of rows opens at once. "Verify chain" walks the hash chain
and names the first broken row.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.services.audit_view import (
    PAGE_SIZE,
    AuditFilter,
    AuditRow,
    actors,
    count_audit,
    list_audit,
    tables,
    verify_chain,
)
from workbench.ui.context import AppContext
from workbench.ui.models.paged import PagedTableModel
from workbench.ui.widgets.labels import local_time_text

_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(PagedTableModel):
    """Audit rows matching a filter, loaded lazily with ``fetchMore`` (keyset on id, newest first)."""

    PAGE = PAGE_SIZE

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__((), parent)
        self._db = db
        self._filter = AuditFilter()
        self.total = 0
        self.set_filter(AuditFilter())

    def set_filter(self, filt: AuditFilter) -> None:
        """Show rows matching ``filt`` (from the newest)."""
        self.beginResetModel()
        self._filter = filt
        self._rows = []
        self._more = True
        self.total = count_audit(self._db, filt)
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def row_at(self, row: int) -> AuditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        # The count says when every match is loaded, sparing a last scan that finds nothing.
        return not parent.isValid() and self._more and len(self._rows) < self.total

    def _next_page(self) -> list[AuditRow]:
        before = self._rows[-1].id if self._rows else None
        return list_audit(self._db, self._filter, before_id=before, limit=self.PAGE)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        labels = (self.tr("No."), self.tr("When"), self.tr("User"), self.tr("Action"), self.tr("Table"),
                  self.tr("Record"), self.tr("Client"), self.tr("Changed / reason"))
        return labels[section] if 0 <= section < len(labels) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        r = self.row_at(index.row())
        if r is None:
            return None
        col = index.column()
        if col == 7:
            try:
                changed = ", ".join(r.changed_fields()[:8])
            except ValueError:
                changed = ""
            return changed + (f" — {r.reason}" if r.reason else "")
        values = (r.id, local_time_text(r.at), r.actor, r.action, r.table_name, r.row_id, r.client_id)
        value = values[col] if 0 <= col < len(values) else None
        return "" if value is None else str(value)


class AuditViewerDialog(QDialog):
    """Browse and filter the audit log; verify its hash chain."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(1000, 600)
        self.user_box = QComboBox(self)
        self.table_box = QComboBox(self)
        for box, values in ((self.user_box, actors(ctx.db)), (self.table_box, tables(ctx.db))):
            box.addItem(self.tr("(all)"), None)
            for v in values:
                box.addItem(v, v)
        self.client_edit = QLineEdit(self)
        self.client_edit.setPlaceholderText(self.tr("Client no."))
        self.client_edit.setMaximumWidth(100)
        self.period_check = QCheckBox(self.tr("Period"), self)
        today = QDate.currentDate()
        self.from_edit = QDateEdit(today.addMonths(-1), self)
        self.to_edit = QDateEdit(today, self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.apply_button = QPushButton(self.tr("Filter"), self)
        self.verify_button = QPushButton(self.tr("Verify chain"), self)
        self.count_label = QLabel(self)

        filters = QHBoxLayout()
        for label, widget in ((self.tr("User"), self.user_box), (self.tr("Table"), self.table_box),
                              (self.tr("Client"), self.client_edit)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.period_check)
        filters.addWidget(self.from_edit)
        filters.addWidget(QLabel("–", self))
        filters.addWidget(self.to_edit)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)
        filters.addWidget(self.verify_button)

        self.model = AuditTableModel(ctx.db, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.detail = QPlainTextEdit(self)
        self.detail.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter)
        layout.addWidget(self.count_label)

        self.apply_button.clicked.connect(self.apply_filter)
        self.client_edit.returnPressed.connect(self.apply_filter)
        self.verify_button.clicked.connect(self.verify)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.view.resizeColumnsToContents()
        self._update_count()

    def current_filter(self) -> AuditFilter:
        """The filter the widgets describe (a client number that is not a number is ignored)."""
        client_text = self.client_edit.text().strip()
        client = int(client_text) if client_text.isdigit() else None
        period = self.period_check.isChecked()
        return AuditFilter(
            user=self.user_box.currentData(),
            table=self.table_box.currentData(),
            client_id=client,
            date_from=self.from_edit.date().toPython() if period else None,
            date_to=self.to_edit.date().toPython() if period else None,
        )

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self.detail.clear()
        self._update_count()

    def verify(self) -> None:
        """Walk the chain in a worker (seconds on a long log) and say whether it is whole."""
        from workbench.store import open_db
        from workbench.ui.tasks import run_task

        db_path = self.ctx.db_path

        def walk(progress, cancel):
            db = open_db(db_path, readonly=True)  # the worker's own connection
            try:
                return verify_chain(db)
            finally:
                db.close()

        self.verify_button.setEnabled(False)
        self.last_verify = None
        run_task(self, self.tr("Verifying the audit log"), walk, self._verified, self._verify_failed)

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("Audit log"), str(exc))

    def _verified(self, result) -> None:
        self.verify_button.setEnabled(True)
        self.last_verify = result
        text = result.message_zh() + "\n" + result.message_en()
        if result.ok:
            QMessageBox.information(self, self.tr("Audit log"), text)
        else:
            QMessageBox.warning(self, self.tr("Audit log"), text)

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%1 records").replace("%1", f"{self.model.total:,}"))

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        r = self.model.row_at(current.row())
        if r is None:
            self.detail.clear()
            return
        try:
            self.detail.setPlainText(json.dumps(r.as_dict(), ensure_ascii=False, indent=2))
        except ValueError:
            self.detail.setPlainText(f"{r.before_json}\n→\n{r.after_json}")
