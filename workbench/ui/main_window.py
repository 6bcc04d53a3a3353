"""The main window: navigation list, one page per entry, menus, status bar.

Pages are listed in :data:`PAGES` (key, navigation label, module, class) and
built on first visit. A page whose module is not written yet is left out of
the navigation. Other parts add menu entries through
:meth:`MainWindow.add_tool_action`.

Switching language or database rebuilds the window's content in place.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import threading
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from workbench.services import search
from workbench.services.organisation import set_reporting_unit
from workbench.services.portfolio import summary
from workbench.ui import i18n
from workbench.ui.context import AppContext
from workbench.ui.tasks import shutdown_tasks
from workbench.ui.widgets.actions import retranslate_action
from workbench.ui.widgets.labels import ROLE, label
from workbench.ui.widgets.money import wan_text

# (key, navigation label, module, class). Labels are translated in context "MainWindow".
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("dashboard", QT_TRANSLATE_NOOP("MainWindow", "Dashboard"), "workbench.ui.pages.dashboard", "DashboardPage"),
    ("clients", QT_TRANSLATE_NOOP("MainWindow", "Clients"), "workbench.ui.pages.clients", "ClientsPage"),
    ("visits", QT_TRANSLATE_NOOP("MainWindow", "Visits"), "workbench.ui.pages.visits", "VisitsPage"),
    ("applications", QT_TRANSLATE_NOOP("MainWindow", "Applications"), "workbench.ui.pages.applications", "ApplicationsPage"),
    ("loans", QT_TRANSLATE_NOOP("MainWindow", "Loans"), "workbench.ui.pages.loans", "LoansPage"),
    ("maturities", QT_TRANSLATE_NOOP("MainWindow", "Maturities & renewals"), "workbench.ui.pages.maturities", "MaturitiesPage"),
    ("reports", QT_TRANSLATE_NOOP("MainWindow", "Reports"), "workbench.ui.pages.reports", "ReportsPage"),
    ("imports", QT_TRANSLATE_NOOP("MainWindow", "Import"), "workbench.ui.pages.imports", "ImportPage"),
)
MENU_TITLES = {
    "file": QT_TRANSLATE_NOOP("MainWindow", "&File"),
    "go": QT_TRANSLATE_NOOP("MainWindow", "&Go"),
    "tools": QT_TRANSLATE_NOOP("MainWindow", "&Tools"),
    "help": QT_TRANSLATE_NOOP("MainWindow", "&Help"),
}
SETTINGS_GEOMETRY = "main_window/geometry"
SETTINGS_STATE = "main_window/state"
SETTINGS_SPLITTER = "main_window/splitter"
SETTINGS_PAGE = "main_window/page"
OFFICER_KEY = "profile/officer"
NAV_STYLE = """
QListWidget { background: #22384f; color: #e8eef5; border: none; font-size: 11pt; outline: 0; }
QListWidget::item { padding: 10px 14px; }
QListWidget::item:selected { background: #1f6fb2; color: #ffffff; }
QListWidget::item:hover:!selected { background: #2d4a66; }
"""
BRANCH_KEY = "profile/branch"


def available_pages() -> list[tuple[str, str, str, str]]:
    """The registry entries whose module exists."""
    return [entry for entry in PAGES if importlib.util.find_spec(entry[2]) is not None]


class MainWindow(QMainWindow):
    """Hosts the pages, menus and status bar."""

    def __init__(self, ctx: AppContext, start_page: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self._tool_actions: list[tuple[str, QAction]] = []
        self._menus: dict[str, QMenu] = {}
        self.pages: dict[str, QWidget] = {}
        i18n.ensure_language(ctx.settings)
        self._build()
        geometry = ctx.settings.value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 860)
        state = ctx.settings.value(SETTINGS_STATE)
        if state is not None:
            self.restoreState(state)
        self.navigate(start_page or str(ctx.settings.value(SETTINGS_PAGE, "dashboard")))
        # The pinyin tables behind search and client saves load in the background meanwhile.
        threading.Thread(target=search.preload, name="preload-pinyin", daemon=True).start()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        self.setWindowTitle(self.tr("SME Loan Workbench"))
        self.entries = available_pages()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(240)
        self.nav.setMinimumWidth(150)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.nav.setStyleSheet(NAV_STYLE)
        for key, text, _module, _cls in self.entries:
            item = QListWidgetItem(QCoreApplication.translate("MainWindow", text))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        splitter_state = self.ctx.settings.value(SETTINGS_SPLITTER)
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)
        else:
            self.splitter.setSizes([190, 1170])
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._build_menus()
        self._build_status_bar()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for menu in self._menus.values():  # menus of the previous language (tool actions belong to the window)
            menu.deleteLater()
        bar.clear()
        self._menus = {}
        file_menu = self._menu("file")
        settings = QAction(self.tr("&Settings…"), file_menu)
        settings.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        if settings.shortcut().isEmpty():
            settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        file_menu.addAction(settings)
        refresh = QAction(self.tr("&Refresh"), file_menu)
        refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.triggered.connect(self.refresh_current)
        file_menu.addAction(refresh)
        file_menu.addSeparator()
        self._file_tools_anchor = file_menu.addSeparator()  # tool entries of the File menu go here
        quit_action = QAction(self.tr("&Quit"), file_menu)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go = self._menu("go")
        self.go_actions: dict[str, QAction] = {}
        for i, (key, text, _m, _c) in enumerate(self.entries):
            action = QAction(QCoreApplication.translate("MainWindow", text), go)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, k=key: self.navigate(k))
            go.addAction(action)
            self.go_actions[key] = action
        find = QAction(self.tr("&Find client"), go)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self._find_client)
        go.addSeparator()
        go.addAction(find)

        for name, action in self._tool_actions:
            retranslate_action(action)
            self._place_tool_action(name, action)

        help_menu = self._menu("help")
        about = QAction(self.tr("&About"), help_menu)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _menu(self, name: str) -> QMenu:
        """The menu called ``name`` (file, go, tools, help, or a new title), created on demand.

        Help always stays last.
        """
        if name in self._menus:
            return self._menus[name]
        title = QCoreApplication.translate("MainWindow", MENU_TITLES[name]) if name in MENU_TITLES else name
        menu = QMenu(title, self)
        help_menu = self._menus.get("help")
        if help_menu is not None:
            self.menuBar().insertMenu(help_menu.menuAction(), menu)
        else:
            self.menuBar().addMenu(menu)
        self._menus[name] = menu
        return menu

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        for child in bar.findChildren(QLabel):
            bar.removeWidget(child)
            child.deleteLater()
        self.db_label = QLabel()
        self.officer_label = QLabel()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("portfolio_counts")
        bar.addWidget(self.db_label)
        bar.addWidget(self.officer_label)
        bar.addPermanentWidget(self.counts_label)
        self.update_status()

    # ------------------------------------------------------------ public API
    def add_tool_action(self, menu_name: str, action: QAction) -> None:
        """Add ``action`` to a menu: "file", "tools", "help" (or any other title, created on demand).

        The action survives a language switch; it is retranslated when it was made by
        :func:`translatable_action` (its source text and context travel with it).
        """
        action.setParent(self)
        self._tool_actions.append((menu_name, action))
        self._place_tool_action(menu_name, action)

    def _place_tool_action(self, menu_name: str, action: QAction) -> None:
        if menu_name == "file":  # above Quit, not below it
            self._menu("file").insertAction(self._file_tools_anchor, action)
        else:
            self._menu(menu_name).addAction(action)

    def status_name(self) -> str:
        """Who the status bar names: an officer by the name in the settings, anyone else as logged in."""
        return self.officer_name() if self.ctx.user.role == "officer" else self.ctx.user.display_name

    def officer_name(self) -> str:
        """The officer name from the settings, else the logged-in user's display name."""
        return str(self.ctx.settings.value(OFFICER_KEY, "") or self.ctx.user.display_name)

    def current_key(self) -> str | None:
        page = self.stack.currentWidget()
        for key, widget in self.pages.items():
            if widget is page:
                return key
        return None

    def page(self, key: str) -> QWidget | None:
        """The page for ``key``, built on first use; None when that page does not exist yet."""
        if key in self.pages:
            return self.pages[key]
        entry = next((e for e in self.entries if e[0] == key), None)
        if entry is None:
            return None
        module = importlib.import_module(entry[2])
        page = getattr(module, entry[3])(self.ctx, self)
        signal = getattr(page, "navigate_requested", None)
        if signal is not None:
            signal.connect(self.navigate)
        changed = getattr(page, "data_changed", None)
        if changed is not None:
            changed.connect(self.update_status)
        self.pages[key] = page
        self.stack.addWidget(page)
        return page

    def navigate(self, key: str, filters: dict | None = None) -> bool:
        """Show page ``key`` (applying ``filters`` when the page takes them); False if no such page."""
        page = self.page(key)
        if page is None:
            # An unknown (or not yet written) page: show the first page instead.
            if self.entries and key != self.entries[0][0]:
                self.navigate(self.entries[0][0])
            return False
        self.stack.setCurrentWidget(page)
        row = next(i for i, e in enumerate(self.entries) if e[0] == key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        if filters and hasattr(page, "apply_filter"):
            page.apply_filter(**filters)
        else:
            page.refresh()
        self.ctx.settings.setValue(SETTINGS_PAGE, key)
        return True

    def refresh_current(self) -> None:
        """Refresh the visible page and the status bar (after a change)."""
        page = self.stack.currentWidget()
        if page is not None and hasattr(page, "refresh"):
            page.refresh()
        self.update_status()

    def update_status(self) -> None:
        """Database file, officer and the portfolio's key counts in the status bar."""
        self.db_label.setText(self.tr("Database: %1").replace("%1", Path(self.ctx.db_path).name))
        self.db_label.setToolTip(str(self.ctx.db_path))
        self.officer_label.setText(
            self.tr("%1: %2").replace("%1", label(ROLE, self.ctx.user.role)).replace("%2", self.status_name())
        )
        s = summary(self.ctx.db)
        self.counts_label.setText(
            self.tr("Clients %1 · Active loans %2 · Balance %3 (10k yuan)")
            .replace("%1", f"{s.clients:,}")
            .replace("%2", f"{s.active_loans:,}")
            .replace("%3", wan_text(s.balance_fen))
        )

    # ------------------------------------------------------------ actions
    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.navigate(self.entries[row][0])

    def _find_client(self) -> None:
        if self.navigate("clients"):
            focus = getattr(self.pages["clients"], "focus_search", None)
            if focus is not None:
                focus()

    def open_settings(self) -> None:
        from workbench.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        if dialog.exec():
            self.apply_settings(dialog.values())

    def apply_settings(self, values: dict) -> None:
        """Store the settings dialog's values; rebuild for a new language or database."""
        settings = self.ctx.settings
        settings.setValue(OFFICER_KEY, values.get("officer", ""))
        settings.setValue(BRANCH_KEY, values.get("branch", ""))
        if not self.ctx.readonly and "bank" in values:
            set_reporting_unit(self.ctx.db, self.ctx.user.username, values["bank"], values.get("branch", ""))
        rebuild = False
        new_db = values.get("db_path")
        if new_db and Path(new_db) != Path(self.ctx.db_path) and self.switch_database(Path(new_db)):
            rebuild = True
        language = values.get("language")
        if language and language != i18n.saved_language(settings):
            i18n.set_language(settings, language)
            rebuild = True
        if rebuild:
            self.rebuild()
        else:
            self.update_status()

    def switch_database(self, path: Path) -> bool:
        """Make ``path`` the window's portfolio as the start-up opens one; False keeps the current file.

        Asks the passphrase of an encrypted file, takes the one-writer lock
        (another workbench holding it: opened read-only, the user is told),
        checks the file, and asks for a login on it — accounts belong to a
        portfolio. Cancelling any step keeps the current file, its lock and
        its user. A new path is created (a new portfolio, its first admin).
        """
        from workbench.ui.context import CurrentUser
        from workbench.ui.dialogs.lock_guard import adopt_portfolio, open_portfolio
        from workbench.ui.dialogs.login import LoginDialog
        from workbench.ui.dialogs.passphrase import unlock_if_needed

        path = Path(path)
        if not unlock_if_needed(path, self):
            return False
        guarded = open_portfolio(path, self.ctx.user.username, self)
        if guarded is None:  # damaged and not restored, or an encrypted file that would not open
            return False
        account = LoginDialog.ask(guarded.db, self.ctx.user.username, self)
        if account is None:
            guarded.db.close()
            if guarded.lock is not None:
                guarded.lock.release()
            return False
        old = self.ctx.db
        self.ctx.user = CurrentUser(username=account.username, display_name=account.display_name, role=account.role)
        adopt_portfolio(self, self.ctx, guarded)  # releases the old file's lock
        self.ctx.settings.setValue("database/path", str(path))
        with contextlib.suppress(Exception):  # an already-closed connection is fine
            old.close()
        return True

    def rebuild(self) -> None:
        """Recreate navigation, pages, menus and status bar (new language or database), keeping the page."""
        key = self.current_key() or "dashboard"
        self.ctx.settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        for page in self.pages.values():
            page.setParent(None)
            page.deleteLater()
        self.pages = {}
        old = self.takeCentralWidget()
        if old is not None:
            old.deleteLater()
        self._build()
        self.navigate(key)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr("SME Loan Workbench 0.1 — an offline desktop workbench for loan officers serving small and micro enterprises."),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self.ctx.settings
        settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        settings.setValue(SETTINGS_STATE, self.saveState())
        settings.setValue(SETTINGS_SPLITTER, self.splitter.saveState())
        settings.sync()
        shutdown_tasks()
        super().closeEvent(event)
