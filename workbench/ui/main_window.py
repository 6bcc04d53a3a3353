"""The main window (minimal: the desktop-shell work fills it in)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from workbench.services.portfolio import summary
from workbench.ui.context import AppContext


class MainWindow(QMainWindow):
    """Hosts the pages, menus and status bar."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("SME Loan Workbench"))
        body = QWidget()
        layout = QVBoxLayout(body)
        s = summary(ctx.db)
        self.counts_label = QLabel(
            self.tr("Clients: %1  Loans: %2").replace("%1", f"{s.clients:,}").replace("%2", f"{s.loans:,}")
        )
        layout.addWidget(self.counts_label)
        self.setCentralWidget(body)
        self.resize(1200, 800)
