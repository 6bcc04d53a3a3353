"""The Applications page: applications by status, and the "waiting for me" queue of the user's role."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services import applications as apps
from workbench.ui.context import AppContext
from workbench.ui.dialogs.application import ApplicationDialog
from workbench.ui.dialogs.approval import ApprovalDialog
from workbench.ui.dialogs.packet_preview import PacketPreviewDialog
from workbench.ui.dialogs.schedule_calculator import METHOD, ScheduleCalculatorDialog
from workbench.ui.models.columns import Column
from workbench.ui.models.rows_table import RowsTableModel
from workbench.ui.widgets.labels import APPLICATION_STATUS, KIND, label
from workbench.ui.widgets.record_lists import list_view


class ApplicationsPage(QWidget):
    """Lists applications (newest first), filtered in SQL by queue, status, client and search text."""

    navigate_requested = Signal(str, dict)
    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: int | None = None
        self.queue_check = QCheckBox(self.tr("Waiting for me"))
        self.queue_check.setObjectName("queue")
        self.queue_check.setChecked(True)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status")
        self.status_combo.addItem(self.tr("All statuses"), None)
        for code in apps.STATUS_LABELS_ZH:
            self.status_combo.addItem(label(APPLICATION_STATUS, code), code)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Application number or client name"))
        self.new_button = QPushButton(self.tr("New application…"))
        self.open_button = QPushButton(self.tr("Open / decide…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.packet_button = QPushButton(self.tr("Print packet…"))
        self.packet_button.setObjectName("print_packet")
        self.packet_button.setToolTip(self.tr("Preview, save or print the approval packet of the selected application"))
        self.calc_button = QPushButton(self.tr("Schedule calculator…"))
        self.packet_dialog: PacketPreviewDialog | None = None
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        top = QHBoxLayout()
        for w in (self.queue_check, self.status_combo, self.search_edit, self.new_button, self.open_button,
                  self.edit_button, self.packet_button, self.calc_button):
            top.addWidget(w)
        self.model = RowsTableModel(self._columns(), self)
        self.view = list_view(self.model, "applications")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.queue_check.toggled.connect(self.refresh)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.returnPressed.connect(self.refresh)
        self.new_button.clicked.connect(lambda: self.new_application())
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.packet_button.clicked.connect(self.print_packet)
        self.calc_button.clicked.connect(self.open_calculator)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def _columns(self) -> list[Column]:
        return [
            Column("app_no", self.tr("Number")),
            Column("client_name", self.tr("Client")),
            Column("kind", self.tr("Kind"), "label", KIND),
            Column("product", self.tr("Product")),
            Column("amount_fen", self.tr("Amount (元)"), "money"),
            Column("approved_amount_fen", self.tr("Approved (元)"), "money"),
            Column("term_months", self.tr("Months"), "int"),
            Column("rate_bp", self.tr("Rate"), "rate"),
            Column("repayment_method", self.tr("Method"), "label", METHOD),
            Column("status", self.tr("Status"), "label", APPLICATION_STATUS),
            Column("created_by_name", self.tr("Officer")),
            Column("reviewed_by_name", self.tr("Reviewer")),
            Column("updated_at", self.tr("Updated"), "time"),
        ]

    # -------------------------------------------------------------- page contract
    def refresh(self) -> None:
        """Re-run the query with the current filters (first page now, more as the view scrolls)."""
        user = self.ctx.user
        filters = {
            "status": self.status_combo.currentData(),
            "waiting_for": (user.username, user.role) if self.queue_check.isChecked() else None,
            "client_id": self.client_id,
            "search": self.search_edit.text().strip() or None,
        }
        self.model.set_fetch(lambda offset, limit: apps.list_applications(self.ctx.db, offset=offset, limit=limit, **filters))
        self.view.resizeColumnsToContents()
        shown = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(self.tr("%1 applications shown").replace("%1", f"{shown:,}{more}"))
        self._update_buttons()

    def apply_filter(self, **filters) -> None:
        """Drill-down: ``status`` (code), ``client_id``, ``queue`` (bool), ``search`` (text)."""
        self.client_id = filters.get("client_id")
        for w in (self.queue_check, self.status_combo):
            w.blockSignals(True)
        self.queue_check.setChecked(bool(filters.get("queue", False)))
        index = self.status_combo.findData(filters.get("status"))
        self.status_combo.setCurrentIndex(max(0, index))
        self.search_edit.setText(filters.get("search") or "")
        for w in (self.queue_check, self.status_combo):
            w.blockSignals(False)
        self.refresh()

    # -------------------------------------------------------------- actions
    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def _update_buttons(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        self.packet_button.setEnabled(row is not None)  # reading only: allowed read-only too
        editable = row is not None and row["status"] in apps.EDITABLE_STATUSES and (
            row["created_by"] == self.ctx.user.username or self.ctx.user.role == "admin")
        self.edit_button.setEnabled(editable and not self.ctx.readonly)
        self.new_button.setEnabled(not self.ctx.readonly)

    def _after_change(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def new_application(self, client_id: int | None = None) -> ApplicationDialog:
        """Open the form (for ``client_id`` or the page's client filter); refresh after a save."""
        dialog = ApplicationDialog(self.ctx, client_id or self.client_id, parent=self)
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def edit_selected(self) -> ApplicationDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = ApplicationDialog(self.ctx, application_id=row["id"], parent=self)
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def open_selected(self) -> ApprovalDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = ApprovalDialog(self.ctx, row["id"], parent=self)
        dialog.finished.connect(lambda _code: self._after_change() if dialog.acted else None)
        dialog.open()
        return dialog

    def print_packet(self) -> None:
        """Preview the selected application's approval packet (built in a worker), with Save… and Print…."""
        row = self.selected()
        if row is None:
            return
        dialog = PacketPreviewDialog(self.ctx, row["id"], self)
        self.packet_dialog = dialog  # tests reach the open dialog here
        dialog.exec()

    def open_calculator(self) -> ScheduleCalculatorDialog:
        dialog = ScheduleCalculatorDialog(self)
        dialog.open()
        return dialog
