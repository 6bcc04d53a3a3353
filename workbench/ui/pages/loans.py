"""The Loans page: a lazily fetched, SQL-sorted loan list and the selected loan's detail.

The detail has four tabs: the repayment schedule, the repayments recorded,
the renewal chain (old loan → new loan, through every loan it replaced or
that replaced it) and the five-category classification history. "Start
renewal…" on an active loan opens the renewal dialog, as on the Maturities page.
A second tab lists the credit lines (授信) with their used and available limits.
Filters: loan status, inclusive borrowers, client, search; drill-down from the
dashboard shows exactly the loans (or lines) a figure counts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.services import applications, classification, lending, renewals
from workbench.ui.context import AppContext
from workbench.ui.dialogs.drawdown import DrawdownDialog
from workbench.ui.dialogs.renewal import RenewalDialog
from workbench.ui.dialogs.repayment import RepaymentDialog
from workbench.ui.dialogs.schedule_calculator import METHOD, ScheduleCalculatorDialog
from workbench.ui.models.columns import Column
from workbench.ui.models.paged import KeysetTableModel
from workbench.ui.models.rows_table import RowsTableModel
from workbench.ui.widgets.labels import (
    APPLICATION_STATUS,
    CLASSIFICATION,
    KIND,
    LOAN_STATUS,
    label,
)
from workbench.ui.widgets.money import yuan_text
from workbench.ui.widgets.record_lists import list_view, rows_view

# classification_history.source codes
CLASS_SOURCE = {
    "manual": QT_TRANSLATE_NOOP("Labels", "By hand"),
    "floor": QT_TRANSLATE_NOOP("Labels", "Overdue floor"),
    "renewal": QT_TRANSLATE_NOOP("Labels", "Inherited on renewal"),
    "import": QT_TRANSLATE_NOOP("Labels", "Import"),
    "core": QT_TRANSLATE_NOOP("Labels", "Core banking import"),
}


class LoanTableModel(KeysetTableModel):
    """Loans a page at a time by keyset (sort value, id); sorting re-queries SQL. ``data()`` never queries."""

    def __init__(self, ctx: AppContext, columns: list[Column], parent=None) -> None:
        super().__init__(columns, parent)
        self.ctx = ctx
        self.filters: dict = {}
        self.order_by = "maturity_date"
        self.descending = False

    def reload(self, **filters) -> None:
        """Start over with ``filters`` (status, search, officer, client_id)."""
        self.filters = filters
        self._reload()

    def _page(self, after) -> list[dict]:
        return lending.list_loans(self.ctx.db, order_by=self.order_by, descending=self.descending, after=after,
                                  limit=self.PAGE, **self.filters)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key
        if key is None:
            return
        self.order_by = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload(**self.filters)


class LoansPage(QWidget):
    """Loans with filters; the selected loan's schedule below; drawdown, repayment and calculator."""

    navigate_requested = Signal(str, dict)
    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today  # None: the real date (tests pin it)
        self.client_id: int | None = None
        self.renewal_dialog: RenewalDialog | None = None
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status")
        self.status_combo.addItem(self.tr("Active loans"), "active")
        self.status_combo.addItem(self.tr("Closed loans"), "closed")
        self.status_combo.addItem(self.tr("All loans"), None)
        self.inclusive_combo = QComboBox()
        self.inclusive_combo.setObjectName("inclusive")
        self.inclusive_combo.addItem(self.tr("Any borrower"), None)
        self.inclusive_combo.addItem(self.tr("Inclusive borrowers only"), True)
        self.inclusive_combo.addItem(self.tr("Non-inclusive borrowers"), False)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Loan number or client name"))
        self.drawdown_button = QPushButton(self.tr("Draw down…"))
        self.repay_button = QPushButton(self.tr("Record repayment…"))
        self.renew_button = QPushButton(self.tr("Start renewal…"))
        self.renew_button.setObjectName("start_renewal")
        self.calc_button = QPushButton(self.tr("Schedule calculator…"))
        top = QHBoxLayout()
        for w in (self.status_combo, self.inclusive_combo, self.search_edit, self.drawdown_button, self.repay_button,
                  self.renew_button, self.calc_button):
            top.addWidget(w)
        self.model = LoanTableModel(ctx, self._columns(), self)
        self.view = list_view(self.model, "loans", stretch_last=False)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(7, Qt.SortOrder.AscendingOrder)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("loan_detail")
        self.detail_label.setWordWrap(True)
        self.schedule_view = rows_view(self._schedule_columns(), [], self, "schedule")
        self.repayments_view = rows_view(self._repayment_columns(), [], self, "repayments")
        self.renewals_view = rows_view(self._renewal_columns(), [], self, "renewals")
        self.classification_view = rows_view(self._classification_columns(), [], self, "classification_history")
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("loan_detail_tabs")
        for view in (self.schedule_view, self.repayments_view, self.renewals_view, self.classification_view):
            self.detail_tabs.addTab(view, "")
        self._set_tab_titles(None)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.detail_label)
        bl.addWidget(self.detail_tabs, 1)
        self.lines_panel = CreditLinesPanel(ctx, self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("loan_tabs")
        self.tabs.addTab(self.view, self.tr("Loans"))
        self.tabs.addTab(self.lines_panel, self.tr("Credit lines"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.count_label = QLabel()
        self.message = QLabel()
        self.message.setObjectName("message")
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(status)
        # The loan count (and the loan detail below) speak of the Loans tab only.
        self.tabs.currentChanged.connect(lambda _i: self.count_label.setVisible(self.tabs.currentWidget() is self.view))
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.inclusive_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.returnPressed.connect(self.refresh)
        self.drawdown_button.clicked.connect(lambda: self.open_drawdown())
        self.repay_button.clicked.connect(lambda: self.open_repayment())
        self.renew_button.clicked.connect(lambda: self.start_renewal())
        self.calc_button.clicked.connect(self.open_calculator)
        self.view.selectionModel().selectionChanged.connect(self.show_selected)
        self.refresh()

    def _columns(self) -> list[Column]:
        return [
            Column("loan_no", self.tr("Loan number"), sort_key="loan_no"),
            Column("client_name", self.tr("Client"), sort_key="client_name"),
            Column("amount_fen", self.tr("Amount (元)"), "money", sort_key="amount_fen"),
            Column("balance_fen", self.tr("Balance (元)"), "money", sort_key="balance_fen"),
            Column("rate_bp", self.tr("Rate"), "rate", sort_key="rate_bp"),
            Column("repayment_method", self.tr("Method"), "label", METHOD),
            Column("drawdown_date", self.tr("Drawn"), sort_key="drawdown_date"),
            Column("maturity_date", self.tr("Matures"), sort_key="maturity_date"),
            Column("classification", self.tr("Classification"), "label", CLASSIFICATION, sort_key="classification"),
            Column("status", self.tr("Status"), "label", LOAN_STATUS, sort_key="status"),
            Column("officer", self.tr("Officer"), sort_key="officer"),
        ]

    def _schedule_columns(self) -> list[Column]:
        return [
            Column("seq", self.tr("No."), "int"),
            Column("due_date", self.tr("Due date")),
            Column("payment_fen", self.tr("Payment (元)"), "money"),
            Column("principal_fen", self.tr("Principal (元)"), "money"),
            Column("interest_fen", self.tr("Interest (元)"), "money"),
            Column("balance_fen", self.tr("Balance after (元)"), "money"),
            Column("paid_on", self.tr("Paid on")),
        ]

    def _repayment_columns(self) -> list[Column]:
        return [
            Column("paid_on", self.tr("Paid on")),
            Column("total_fen", self.tr("Total (元)"), "money",
                   fn=lambda r: yuan_text(r["principal_fen"] + r["interest_fen"])),
            Column("principal_fen", self.tr("Principal (元)"), "money"),
            Column("interest_fen", self.tr("Interest (元)"), "money"),
            Column("recorded_by", self.tr("Recorded by")),
            Column("note", self.tr("Note")),
        ]

    def _renewal_columns(self) -> list[Column]:
        return [
            Column("kind", self.tr("Kind"), "label", KIND),
            Column("old_loan_no", self.tr("Old loan")),
            Column("old_amount_fen", self.tr("Old amount (元)"), "money"),
            Column("old_maturity_date", self.tr("Old maturity")),
            Column("new_loan_no", self.tr("New loan")),
            Column("new_amount_fen", self.tr("New amount (元)"), "money"),
            Column("new_drawdown_date", self.tr("New drawn")),
            Column("new_maturity_date", self.tr("New maturity")),
            Column("app_no", self.tr("Application")),
            Column("application_status", self.tr("Application status"), "label", APPLICATION_STATUS),
            Column("created_at", self.tr("Started"), fn=lambda r: (r["created_at"] or "")[:10]),
            Column("completed_at", self.tr("Completed"), fn=lambda r: (r["completed_at"] or "")[:10]),
        ]

    def _classification_columns(self) -> list[Column]:
        return [
            Column("changed_at", self.tr("Changed (UTC)"), fn=lambda r: (r["changed_at"] or "")[:16].replace("T", " ")),
            Column("from_class", self.tr("From"), "label", CLASSIFICATION),
            Column("to_class", self.tr("To"), "label", CLASSIFICATION),
            Column("floor_class", self.tr("Floor"), "label", CLASSIFICATION),
            Column("source", self.tr("Source"), "label", CLASS_SOURCE),
            Column("changed_by", self.tr("By")),
            Column("reason", self.tr("Reason")),
        ]

    def _set_tab_titles(self, counts: tuple[int, int, int] | None) -> None:
        """Tab titles, with the number of repayments, renewal links and classification changes when a loan is shown."""
        self.detail_tabs.setTabText(0, self.tr("Schedule"))
        titles = (self.tr("Repayments"), self.tr("Renewals"), self.tr("Classification history"))
        for i, title in enumerate(titles, start=1):
            self.detail_tabs.setTabText(i, title if counts is None else f"{title} ({counts[i - 1]})")

    # -------------------------------------------------------------- page contract
    def refresh(self) -> None:
        filters = {"status": self.status_combo.currentData(), "search": self.search_edit.text().strip() or None,
                   "client_id": self.client_id, "inclusive": self.inclusive_combo.currentData()}
        keep = self.selected()
        self.model.reload(**filters)
        self.view.resizeColumnsToContents()
        if keep is not None:  # stay on the same loan after a repayment or drawdown
            for r in range(self.model.rowCount()):
                if self.model.row(r)["id"] == keep["id"]:
                    self.view.selectRow(r)
                    break
        total = lending.count_loans(self.ctx.db, **filters)
        self.count_label.setText(self.tr("%1 loans").replace("%1", f"{total:,}"))
        self.lines_panel.refresh(self.client_id)
        self.show_selected()

    def apply_filter(self, **filters) -> None:
        """Drill-down: ``status`` ('active'/'closed'/None), ``inclusive`` (bool/None), ``client_id``, ``search``;
        ``view`` "lines" shows the credit lines tab, with ``line_status`` ('active' or None for all)."""
        self.client_id = filters.get("client_id")
        for combo in (self.status_combo, self.inclusive_combo):
            combo.blockSignals(True)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(filters.get("status", "active"))))
        self.inclusive_combo.setCurrentIndex(max(0, self.inclusive_combo.findData(filters.get("inclusive"))))
        for combo in (self.status_combo, self.inclusive_combo):
            combo.blockSignals(False)
        self.search_edit.setText(filters.get("search") or "")
        self.lines_panel.set_status(filters.get("line_status", "active"))
        self.tabs.setCurrentWidget(self.lines_panel if filters.get("view") == "lines" else self.view)
        self.refresh()

    # -------------------------------------------------------------- selection and actions
    def selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def show_selected(self, *_args) -> None:
        """Show the selected loan's schedule, repayments, renewal chain and classification history.

        A handful of indexed queries of a few hundred rows at most.
        """
        row = self.selected()
        active = row is not None and row["status"] == "active" and not self.ctx.readonly
        self.repay_button.setEnabled(active)
        self.drawdown_button.setEnabled(not self.ctx.readonly)
        # one renewal under way per loan: the service refuses a second, so the button does too
        self.renew_button.setEnabled(active and renewals.open_renewal(self.ctx.db, row["id"]) is None)
        views = (self.schedule_view, self.repayments_view, self.renewals_view, self.classification_view)
        if row is None:
            self.detail_label.setText(self.tr("Select a loan to see its repayment schedule."))
            for view in views:
                view.model().set_rows([])
            self._set_tab_titles(None)
            return
        loan = lending.loan_detail(self.ctx.db, row["id"])
        chain = renewals.renewal_chain(self.ctx.db, row["id"])
        changes = classification.classification_history(self.ctx.db, row["id"])
        text = (
            self.tr("%1 · %2 · line %3 · application %4 · repayments: %5")
            .replace("%1", loan["loan_no"]).replace("%2", loan["client_name"]).replace("%3", loan["line_no"] or "—")
            .replace("%4", loan["app_no"] or "—").replace("%5", str(len(loan["repayments"])))
        )
        replaced = [h["old_loan_no"] for h in chain if h["new_loan_id"] == loan["id"]]
        replaced_by = [h["new_loan_no"] for h in chain if h["old_loan_id"] == loan["id"] and h["new_loan_id"]]
        if replaced:
            text += " · " + self.tr("renews %1").replace("%1", ", ".join(replaced))
        if replaced_by:
            text += " · " + self.tr("renewed by %1").replace("%1", ", ".join(replaced_by))
        text += " · " + self.tr("classification: %1").replace("%1", label(CLASSIFICATION, loan["classification"]))
        self.detail_label.setText(text)
        self.schedule_view.model().set_rows(loan["instalments"])
        self.repayments_view.model().set_rows(loan["repayments"])
        self.renewals_view.model().set_rows(chain)
        self.classification_view.model().set_rows(changes)
        self._set_tab_titles((len(loan["repayments"]), len(chain), len(changes)))

    def _after_change(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def open_drawdown(self, client_id: int | None = None) -> DrawdownDialog:
        dialog = DrawdownDialog(self.ctx, client_id or self.client_id, self)
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def open_repayment(self) -> RepaymentDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = RepaymentDialog(self.ctx, row["id"], self)
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def start_renewal(self) -> RenewalDialog | None:
        """Open the renewal dialog for the selected active loan (the Maturities page's dialog)."""
        row = self.selected()
        if row is None or row["status"] != "active":
            return None
        dialog = RenewalDialog(self.ctx, row["id"], self, today=self.today)
        self.renewal_dialog = dialog  # tests reach the open dialog here

        def created() -> None:
            if dialog.application_id is None:
                return
            app_no = applications.get_application(self.ctx.db, dialog.application_id)["app_no"]
            self.message.setText(self.tr("Renewal application %1 created as a draft.").replace("%1", app_no))
            self._after_change()

        dialog.accepted.connect(created)
        dialog.open()
        return dialog

    def open_calculator(self) -> ScheduleCalculatorDialog:
        dialog = ScheduleCalculatorDialog(self)
        dialog.open()
        return dialog


class CreditLinesPanel(QWidget):
    """Credit lines newest first (keyset pages), active or all, with used and available limits."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id: int | None = None
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("line_status")
        self.status_combo.addItem(self.tr("Active credit lines"), "active")
        self.status_combo.addItem(self.tr("All credit lines"), None)
        self.count_label = QLabel()
        self.count_label.setObjectName("line_count")
        self.model = RowsTableModel([
            Column("line_no", self.tr("Credit line")),
            Column("client_name", self.tr("Client")),
            Column("limit_fen", self.tr("Limit (元)"), "money"),
            Column("used_fen", self.tr("Used (元)"), "money"),
            Column("available_fen", self.tr("Available (元)"), "money"),
            Column("start_date", self.tr("Valid from")),
            Column("expiry_date", self.tr("Expires")),
            Column("revolving", self.tr("Revolving"), "bool"),
            Column("status", self.tr("Status"), fn=self._status_text),
            Column("app_no", self.tr("Application")),
        ], self)
        self.view = list_view(self.model, "credit_lines", resize=None, stretch_last=False, single=False)
        bar = QHBoxLayout()
        bar.addWidget(self.status_combo)
        bar.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh(self.client_id))

    def _status_text(self, row: dict) -> str:
        if row["status"] != "active":
            return row["status"]
        # an active line past its expiry can no longer be drawn on (its loans run on)
        return self.tr("Expired") if row["expiry_date"] < date.today().isoformat() else self.tr("In force")

    def set_status(self, status: str | None) -> None:
        self.status_combo.blockSignals(True)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        self.status_combo.blockSignals(False)

    def refresh(self, client_id: int | None = None) -> None:
        """Re-read the lines (of ``client_id`` when given); the first page now, more as the view scrolls."""
        self.client_id = client_id
        db, status = self.ctx.db, self.status_combo.currentData()

        def fetch(offset: int, limit: int) -> list[dict]:
            after = self.model.row(offset - 1)["id"] if offset else None  # keyset: lines are newest (highest id) first
            return lending.list_lines(db, client_id=client_id, status=status, after=after, limit=limit)

        self.model.set_fetch(fetch)
        self.view.resizeColumnsToContents()
        total = lending.count_lines(db, client_id=client_id, status=status)
        self.count_label.setText(self.tr("%1 credit lines").replace("%1", f"{total:,}"))
