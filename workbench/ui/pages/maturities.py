"""The maturity tickler page: loans maturing soon, past maturity or overdue, coloured by urgency.

A lazily fetched ``TicklerTableModel`` over ``services.maturities.tickler``
(keyset pages, sorting and filtering in SQL); filters by officer, bucket,
horizon (or none), "maturing in the period only", overdue band (or newly
overdue since the last balance import) and renewal status — the dashboard's
figures drill down to exactly the loans they count; export to Excel in a worker; "Start renewal"
on the selected row opens the renewal dialog with the eligibility shown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.services import maturities
from workbench.services.errors import ServiceError
from workbench.services.tickler_export import export_tickler
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.models.paged import ROW_ROLE, KeysetTableModel
from workbench.ui.tasks import run_task
from workbench.ui.widgets.labels import CLASSIFICATION, KIND, label
from workbench.ui.widgets.money import yuan_text

NO_HORIZON = -1  # the horizon spin box's "any maturity" value
NEWLY_OVERDUE = "new"  # the band combo's "newly overdue" entry
URGENCY = {
    "overdue": QColor("#F8CBAD"),
    "d30": QColor("#FFE699"),
    "d60": QColor("#FFF2CC"),
    "d90": None,
}
# (key, header source text, sort key or None)
COLUMNS = (
    ("bucket", QT_TRANSLATE_NOOP("TicklerTableModel", "Bucket"), "bucket"),
    ("loan_no", QT_TRANSLATE_NOOP("TicklerTableModel", "Loan no."), "loan_no"),
    ("client", QT_TRANSLATE_NOOP("TicklerTableModel", "Client"), "client"),
    ("officer", QT_TRANSLATE_NOOP("TicklerTableModel", "Officer"), "officer"),
    ("balance_fen", QT_TRANSLATE_NOOP("TicklerTableModel", "Balance (yuan)"), "balance_fen"),
    ("maturity_date", QT_TRANSLATE_NOOP("TicklerTableModel", "Maturity"), "maturity_date"),
    ("days_left", QT_TRANSLATE_NOOP("TicklerTableModel", "Days left"), "days_left"),
    ("classification", QT_TRANSLATE_NOOP("TicklerTableModel", "Classification"), "classification"),
    ("overdue_days", QT_TRANSLATE_NOOP("TicklerTableModel", "Overdue days"), "overdue_days"),
    ("renewal", QT_TRANSLATE_NOOP("TicklerTableModel", "Renewal"), None),
)


class TicklerTableModel(KeysetTableModel):
    """Tickler rows fetched a page at a time; ``set_query`` starts over with new filters or sort."""

    def __init__(self, db, parent=None) -> None:
        super().__init__(COLUMNS, parent)
        self.db = db
        self.filters: dict = {}
        self.order_by = "bucket"
        self.descending = False

    def _page(self, after) -> list[dict]:
        return maturities.tickler(self.db, **self.filters, order_by=self.order_by, descending=self.descending,
                                  after=after, limit=self.PAGE)

    def set_query(self, filters: dict, order_by: str | None = None, descending: bool | None = None) -> None:
        self.filters = dict(filters)
        if order_by is not None:
            self.order_by = order_by
        if descending is not None:
            self.descending = descending
        self._reload()

    def _text(self, row: dict, key: str) -> str:
        if key == "bucket":
            return {
                "overdue": self.tr("Overdue / past maturity"),
                "d30": self.tr("Within 30 days"),
                "d60": self.tr("31–60 days"),
                "d90": self.tr("61–90 days"),
            }[row["bucket"]]
        if key == "balance_fen":
            return yuan_text(row["balance_fen"])
        if key == "classification":
            return label(CLASSIFICATION, row["classification"])
        if key == "overdue_days":
            return str(row["overdue_days"]) if row["overdue_days"] else ""
        if key == "renewal":
            if row["renewal_status"] == "none":
                return ""
            status = {
                "completed": self.tr("done"), "draft": self.tr("draft"), "submitted": self.tr("submitted"),
                "under_review": self.tr("in review"), "under_approval": self.tr("in approval"),
                "returned": self.tr("sent back"), "approved": self.tr("approved, to draw"), "rejected": self.tr("rejected"),
            }.get(row["renewal_status"], row["renewal_status"])
            return f"{label(KIND, row['renewal_kind'])} · {status}"
        value = row.get(key)
        return "" if value is None else str(value)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = URGENCY.get(row["bucket"])
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key in ("balance_fen", "days_left", "overdue_days"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def _header(self, section: int) -> str:
        return QCoreApplication.translate("TicklerTableModel", COLUMNS[section][1])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][2] is None:
            return
        self.set_query(self.filters, COLUMNS[column][2], order == Qt.SortOrder.DescendingOrder)


class MaturitiesPage(QWidget):
    """到期提醒: the officer's morning list, with renewal started from a row."""

    navigate_requested = Signal(str, dict)
    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today  # None: the real date at each refresh (tests pin it)
        self._task = None
        self._sized = False

        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officer_filter")
        self.bucket_combo = QComboBox()
        self.bucket_combo.setObjectName("bucket_filter")
        self.bucket_combo.addItem(self.tr("All buckets"), None)
        for code, text in (("overdue", self.tr("Overdue / past maturity")), ("d30", self.tr("Within 30 days")),
                           ("d60", self.tr("31–60 days")), ("d90", self.tr("61–90 days"))):
            self.bucket_combo.addItem(text, code)
        self.renewal_combo = QComboBox()
        self.renewal_combo.setObjectName("renewal_filter")
        for code, text in ((None, self.tr("Any renewal status")), ("none", self.tr("No renewal yet")),
                           ("in_progress", self.tr("Renewal in progress")), ("completed", self.tr("Renewed"))):
            self.renewal_combo.addItem(text, code)
        self.band_combo = QComboBox()
        self.band_combo.setObjectName("overdue_band_filter")
        self.band_combo.addItem(self.tr("Any overdue band"), None)
        for code, text in (("1-90", self.tr("Overdue 1–90 days")), ("91-270", self.tr("Overdue 91–270 days")),
                           ("271-360", self.tr("Overdue 271–360 days")), ("361+", self.tr("Overdue over 360 days")),
                           (NEWLY_OVERDUE, self.tr("Newly overdue since the last balance import"))):
            self.band_combo.addItem(text, code)
        # the long "newly overdue" entry shows in full in the drop-down, not as the closed box's width
        self.band_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.band_combo.setMinimumContentsLength(14)
        self.within = QSpinBox()
        self.within.setObjectName("within_days")
        self.within.setRange(NO_HORIZON, 3650)
        self.within.setSpecialValueText(self.tr("Any maturity date"))
        self.within.setValue(maturities.DEFAULT_WITHIN_DAYS)
        self.within.setPrefix(self.tr("Within "))
        self.within.setSuffix(self.tr(" days"))
        self.maturing_check = QCheckBox(self.tr("Maturing in the period only"))
        self.maturing_check.setObjectName("maturing_only")
        self.maturing_check.setToolTip(self.tr("Only loans maturing from today to the end of the period, overdue or "
                                               "not; hides loans already past maturity and overdue loans maturing later."))
        self.search = QLineEdit()
        self.search.setObjectName("tickler_search")
        self.search.setPlaceholderText(self.tr("Loan no. or client"))
        self.search.setClearButtonEnabled(True)
        self._fill_officers()

        self.counts = QLabel()
        self.counts.setObjectName("tickler_counts")
        self.renew_button = QPushButton(self.tr("Start renewal…"))
        self.renew_button.setObjectName("start_renewal")
        self.classify_button = QPushButton(self.tr("Change classification…"))
        self.classify_button.setObjectName("change_classification")
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setObjectName("export_tickler")
        self.message = QLabel()
        self.message.setObjectName("tickler_message")

        self.model = TicklerTableModel(ctx.db, self)
        self.view = QTableView()
        self.view.setObjectName("tickler_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)

        filters = QHBoxLayout()
        for w in (self.officer_combo, self.bucket_combo, self.band_combo, self.renewal_combo, self.within,
                  self.maturing_check, self.search):
            filters.addWidget(w)
        actions = QHBoxLayout()
        actions.addWidget(self.counts, 1)
        actions.addWidget(self.renew_button)
        actions.addWidget(self.classify_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)

        for combo in (self.officer_combo, self.bucket_combo, self.band_combo, self.renewal_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.within.valueChanged.connect(self.refresh)
        self.maturing_check.toggled.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        self.renew_button.clicked.connect(self.start_renewal)
        self.classify_button.clicked.connect(self.change_classification)
        self.export_button.clicked.connect(self.ask_export)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.renew_button.setEnabled(False)
        self.classify_button.setEnabled(False)
        self.refresh()

    def _fill_officers(self) -> None:
        current = self.officer_combo.currentData()
        self.officer_combo.blockSignals(True)
        self.officer_combo.clear()
        self.officer_combo.addItem(self.tr("All officers"), None)
        for name in maturities.officers(self.ctx.db):
            self.officer_combo.addItem(name, name)
        index = self.officer_combo.findData(current)
        self.officer_combo.setCurrentIndex(max(index, 0))
        self.officer_combo.blockSignals(False)

    def current_today(self) -> date:
        return self.today or date.today()

    def filters(self) -> dict:
        """The service filters the widgets describe."""
        band = self.band_combo.currentData()
        return {
            "today": self.current_today(),
            "within_days": None if self.within.value() == NO_HORIZON else self.within.value(),
            "officer": self.officer_combo.currentData(),
            "bucket": self.bucket_combo.currentData(),
            "renewal": self.renewal_combo.currentData(),
            "search": self.search.text().strip() or None,
            "maturing_only": self.maturing_check.isChecked(),
            "overdue_band": None if band == NEWLY_OVERDUE else band,
            "newly_overdue": band == NEWLY_OVERDUE,
        }

    def refresh(self) -> None:
        """Re-read the tickler and the bucket counts with the current filters."""
        f = self.filters()
        try:
            self.model.set_query(f)
            counts = maturities.tickler_counts(self.ctx.db, **f)
        except ServiceError as exc:
            self.message.setText(exc.message())
            return
        self.counts.setText(
            self.tr("Overdue %1 · ≤30 days %2 · 31–60 %3 · 61–90 %4 · total %5 loans, %6 yuan")
            .replace("%1", str(counts["overdue"]["count"])).replace("%2", str(counts["d30"]["count"]))
            .replace("%3", str(counts["d60"]["count"])).replace("%4", str(counts["d90"]["count"]))
            .replace("%5", str(counts["total"]["count"])).replace("%6", yuan_text(counts["total"]["balance_fen"]))
        )
        if not self._sized and self.model.rowCount():
            self.view.resizeColumnsToContents()  # once, on the first rows shown
            self._sized = True
        self._update_buttons()

    def apply_filter(self, **filters) -> None:
        """Dashboard drill-down: show exactly the loans ``filters`` describe, every other filter at its default.

        Keys: ``within_days`` (None: any maturity), ``maturing_only``, ``bucket``, ``overdue_band``,
        ``newly_overdue``, ``officer``, ``renewal``, ``search``; unknown keys are ignored.
        """
        widgets = (self.within, self.maturing_check, self.bucket_combo, self.band_combo, self.officer_combo,
                   self.renewal_combo, self.search)
        for widget in widgets:
            widget.blockSignals(True)
        within = filters.get("within_days", maturities.DEFAULT_WITHIN_DAYS)
        self.within.setValue(NO_HORIZON if within is None else int(within))
        self.maturing_check.setChecked(bool(filters.get("maturing_only")))
        band = NEWLY_OVERDUE if filters.get("newly_overdue") else filters.get("overdue_band")
        for combo, value in ((self.bucket_combo, filters.get("bucket")), (self.band_combo, band),
                             (self.officer_combo, filters.get("officer")), (self.renewal_combo, filters.get("renewal"))):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.search.setText(filters.get("search") or "")
        for widget in widgets:
            widget.blockSignals(False)
        self.refresh()

    def selected_row(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self, *_args) -> None:
        row = self.selected_row()
        self.renew_button.setEnabled(bool(row) and not self.ctx.readonly and row["renewal_status"] in ("none", "rejected"))
        self.classify_button.setEnabled(bool(row) and not self.ctx.readonly)

    def change_classification(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from workbench.ui.dialogs.classification import ClassificationDialog

        dialog = ClassificationDialog(self.ctx, row["loan_id"], self)
        self.classification_dialog = dialog
        if dialog.exec() and dialog.changed_to:
            self.message.setText(self.tr("Loan %1 reclassified.").replace("%1", row["loan_no"]))
            self.refresh()
            self.data_changed.emit()

    def start_renewal(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from workbench.ui.dialogs.renewal import RenewalDialog

        dialog = RenewalDialog(self.ctx, row["loan_id"], self, today=self.current_today())
        self.renewal_dialog = dialog  # tests reach the open dialog here
        if dialog.exec() and dialog.application_id is not None:
            app_no = self.ctx.db["applications"].get(dialog.application_id)["app_no"]
            self.message.setText(self.tr("Renewal application %1 created as a draft.").replace("%1", app_no))
            self.refresh()
            self.data_changed.emit()

    def ask_export(self) -> None:
        name = f"到期提醒_{self.current_today():%Y%m%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export tickler"), str(Path.home() / name), "Excel (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Export the list as filtered now, in a worker with progress and Cancel."""
        f = self.filters()
        db_path = self.ctx.db_path

        def work(progress, cancel):
            db = open_db(db_path)
            try:
                return export_tickler(db, path, f.pop("today"), **f, progress=progress, cancel=cancel)
            finally:
                db.close()

        self.export_button.setEnabled(False)

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self.message.setText(self.tr("Exported %1 loans to %2").replace("%1", str(count)).replace("%2", str(path)))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            text = exc.message() if isinstance(exc, ServiceError) else str(exc)
            self.message.setText(self.tr("Export failed: %1").replace("%1", text))

        self._task = run_task(self, self.tr("Exporting tickler"), work, done, failed,
                              on_cancelled=lambda: (self.export_button.setEnabled(True),
                                                    self.message.setText(self.tr("Export cancelled"))))
