"""The dashboard: the portfolio's figures, each a button that opens the filtered list behind it.

Figures are computed on the worker thread (its own connection) so a large
portfolio never freezes the window.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from datetime import date

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.services.dashboard import Figure, dashboard_figures
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.tasks import run_task
from workbench.ui.widgets.figure_card import FigureCard
from workbench.ui.widgets.money import wan_text

MATURITIES_SERVICE = "workbench.services.maturities"
COLUMNS = 4


def _compute(db_path, today: date):
    """Worker: the figures plus the maturity alerts when that service exists."""
    db = open_db(db_path)
    try:
        figures = dashboard_figures(db, today)
        alerts = None
        if importlib.util.find_spec(MATURITIES_SERVICE) is not None:
            module = importlib.import_module(MATURITIES_SERVICE)
            if hasattr(module, "maturity_alerts"):
                alerts = module.maturity_alerts(db, today)
        return figures, alerts
    finally:
        db.close()


def _alert_items(alerts) -> list[tuple[str, int, dict]]:
    """(name, count, filters) from maturity_alerts' mapping: int counts, with ``filters`` per name."""
    if dataclasses.is_dataclass(alerts):
        alerts = dataclasses.asdict(alerts)
    if not isinstance(alerts, dict):
        return []
    filters = alerts.get("filters") or {}
    return [
        (key, value, dict(filters.get(key) or {}))
        for key, value in alerts.items()
        if isinstance(value, int) and not isinstance(value, bool)
    ]


class DashboardPage(QWidget):
    """Counts and balances; clicking a figure asks the window for the list behind it."""

    navigate_requested = Signal(str, dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.figures: dict[str, Figure] = {}
        self.buttons: dict[str, FigureCard] = {}
        self._task = None
        self._stale = False
        self.loaded = False
        self.status = QLabel(self.tr("Loading figures…"))
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)

    def _labels(self) -> dict[str, str]:
        return {
            "clients": self.tr("Clients"),
            "active_loans": self.tr("Active loans"),
            "balance": self.tr("Loan balance"),
            "inclusive_balance": self.tr("Inclusive loan balance"),
            "inclusive_loans": self.tr("Inclusive loans"),
            "credit_lines": self.tr("Active credit lines"),
            # submitted: waiting for a risk reviewer to take it; under_review: taken, being reviewed
            "applications_submitted": self.tr("Submitted, waiting for review"),
            "applications_under_review": self.tr("Under risk review"),
            "applications_under_approval": self.tr("Waiting for approval"),
            "applications_returned": self.tr("Sent back for rework"),
            "maturing_30": self.tr("Maturing within 30 days"),
            "maturing_60": self.tr("Maturing within 60 days"),
            "maturing_90": self.tr("Maturing within 90 days"),
            "overdue_1_90": self.tr("Overdue 1–90 days"),
            "overdue_91_270": self.tr("Overdue 91–270 days"),
            "overdue_271_360": self.tr("Overdue 271–360 days"),
            "overdue_361_plus": self.tr("Overdue over 360 days"),
            "visits_month": self.tr("Visits this month"),
            "visited_no_credit": self.tr("Visited, no credit yet"),
        }

    def _alert_labels(self) -> dict[str, str]:
        return {
            "this_week": self.tr("Maturing this week"),
            "this_month": self.tr("Maturing this month"),
            "renewals_waiting": self.tr("Renewals in progress"),
            "newly_overdue": self.tr("Newly overdue since the last balance import"),
            "overdue": self.tr("Overdue or past maturity"),
        }

    def _sections(self) -> list[tuple[str, list[str]]]:
        return [
            (self.tr("Portfolio"), ["clients", "active_loans", "balance", "inclusive_balance", "inclusive_loans", "credit_lines"]),
            (self.tr("Applications waiting"), ["applications_submitted", "applications_under_review",
                                               "applications_under_approval", "applications_returned"]),
            (self.tr("Maturities"), ["maturing_30", "maturing_60", "maturing_90"]),
            (self.tr("Overdue loans by band"), ["overdue_1_90", "overdue_91_270", "overdue_271_360", "overdue_361_plus"]),
            (self.tr("Visits"), ["visits_month", "visited_no_credit"]),
        ]

    # ------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Recompute the figures on the worker thread."""
        if self._task is not None and not self._task.is_done():
            self._stale = True  # recompute once the running task reports
            return
        self._stale = False
        self.loaded = False
        today = self.today or date.today()
        path = self.ctx.db_path
        self._task = run_task(self, self.tr("Dashboard"), lambda progress, cancel: _compute(path, today),
                              self._show, self._failed, show_progress=False)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):  # the page was closed while the worker ran
            return
        self.status.setText(self.tr("The figures could not be computed: %1").replace("%1", str(exc)))

    def _clear(self) -> None:
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = {}

    def _show(self, result) -> None:
        if not shiboken6.isValid(self):
            return
        if self._stale:
            self._task = None
            self.refresh()
            return
        figures, alerts = result
        self.figures = {f.name: f for f in figures}
        self._clear()
        labels = self._labels()
        for title, names in self._sections():
            box = QGroupBox(title)
            grid = self._grid(box)
            for i, name in enumerate(names):
                figure = self.figures.get(name)
                if figure is None:
                    continue
                grid.addWidget(self._button(name, labels.get(name, name), figure), i // COLUMNS, i % COLUMNS)
            self.body_layout.addWidget(box)
        items = _alert_items(alerts)
        if items:
            box = QGroupBox(self.tr("Maturity alerts"))
            grid = self._grid(box)
            alert_labels = self._alert_labels()
            for i, (key, count, filters) in enumerate(items):
                figure = Figure(f"alert_{key}", count, page="maturities", filters=filters)
                self.figures[figure.name] = figure
                caption = alert_labels.get(key, key.replace("_", " "))
                grid.addWidget(self._button(figure.name, caption, figure), i // COLUMNS, i % COLUMNS)
            self.body_layout.addWidget(box)
        self.body_layout.addStretch(1)
        self.status.setText(self.tr("As of %1 · click a figure to open the list behind it.")
                            .replace("%1", (self.today or date.today()).isoformat()))
        self.loaded = True

    @staticmethod
    def _grid(box: QGroupBox) -> QGridLayout:
        grid = QGridLayout(box)
        for column in range(COLUMNS):  # equal card widths in every section
            grid.setColumnStretch(column, 1)
        return grid

    def _button(self, name: str, caption: str, figure: Figure) -> FigureCard:
        value = wan_text(figure.value) + " " + self.tr("10k yuan") if figure.money else f"{figure.value:,}"
        balance = self.figures.get(f"{name}_balance")
        detail = self.tr("Balance %1 (10k yuan)").replace("%1", wan_text(balance.value)) if balance is not None else ""
        card = FigureCard(caption, value, detail)
        card.setObjectName(f"figure_{name}")
        card.setToolTip(self.tr("Open the list behind this figure"))
        card.clicked.connect(lambda f=figure: self.navigate_requested.emit(f.page, dict(f.filters)))
        self.buttons[name] = card
        return card
