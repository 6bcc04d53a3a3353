"""The main window: pages, navigation, drill-down, status bar, menus, languages, font, settings."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.shell_support import ctx, make_ctx, portfolio  # noqa: F401 - fixtures
from workbench.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx, start_page="dashboard")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def _nav_texts(w) -> list[str]:
    return [w.nav.item(i).text() for i in range(w.nav.count())]


def test_window_opens_on_the_database_with_counts(window, ctx):
    assert window.windowTitle() == "小微信贷工作台"
    assert "客户 4" in window.counts_label.text()
    assert ctx.db_path.name in window.db_label.text()
    assert "王芳" in window.officer_label.text()
    texts = _nav_texts(window)
    assert texts[:3] == ["工作台", "客户", "走访"]
    # only pages whose module exists are listed, in registry order
    assert [e[0] for e in window.entries] == [p[0] for p in PAGES if p in window.entries]


def test_dashboard_figure_opens_the_filtered_list(qtbot, window, db, portfolio):
    db["visits"].insert({"client_id": portfolio["宁波海通贸易有限公司"], "visit_date": "2026-01-05", "officer": "刘强",
                         "finding": "no_need", "created_by": "x", "created_at": "x"})
    window.navigate("dashboard")
    dash = window.pages["dashboard"]
    qtbot.waitUntil(lambda: dash.loaded and dash.figures["visited_no_credit"].value == 1, timeout=10000)
    assert dash.figures["clients"].value == 4
    assert "1" in dash.buttons["visited_no_credit"].text()
    dash.buttons["visited_no_credit"].click()
    assert window.current_key() == "clients"
    clients = window.pages["clients"]
    assert clients.visited_check.isChecked()
    qtbot.waitUntil(lambda: not clients.loading, timeout=10000)  # this filter runs on the worker
    assert clients.model.rowCount() == 1
    assert clients.model.index(0, 0).data() == "宁波海通贸易有限公司"


def test_go_menu_shortcuts_switch_pages(window):
    action = window.go_actions["visits"]
    assert action.shortcut().toString() == "Ctrl+3"
    action.trigger()
    assert window.current_key() == "visits"
    window.go_actions["clients"].trigger()
    assert window.current_key() == "clients" and window.nav.currentItem().text() == "客户"
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # the real shortcut
    assert window.current_key() == "dashboard"


def test_switching_language_shows_english_labels(window, ctx):
    hook = QAction("Backup now", window)
    window.add_tool_action("tools", hook)
    window.navigate("clients")
    window.apply_settings({"officer": "Wang Fang", "branch": "西湖支行", "db_path": ctx.db_path, "language": "en"})
    assert _nav_texts(window)[:3] == ["Dashboard", "Clients", "Visits"]
    assert window.windowTitle() == "SME Loan Workbench"
    assert window.current_key() == "clients"
    assert window.pages["clients"].model.headerData(0, Qt.Orientation.Horizontal) == "Company name"
    assert "Loan officer: Wang Fang" == window.officer_label.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[0] == "&File" and "&Tools" in menus and menus[-1] == "&Help"
    assert hook in window._menus["tools"].actions()  # survives the rebuild
    window.apply_settings({"officer": "王芳", "branch": "", "db_path": ctx.db_path, "language": "zh_CN"})
    assert _nav_texts(window)[1] == "客户"


def test_geometry_is_remembered(qtbot, window, ctx):
    window.resize(720, 530)  # the offscreen screen is small; restoreGeometry keeps windows on it
    window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (720, 530)
    assert again.current_key() == "dashboard"


@pytest.fixture
def login_as(monkeypatch):
    """LoginDialog.ask answers with the given account (None: cancelled); records the files asked on."""
    from workbench.services.users import User
    from workbench.ui.dialogs.login import LoginDialog

    asked = []

    def set_answer(username: str | None):
        account = None if username is None else User(9, username, "赵敏", "approver", True)

        def ask(cls, db, username="", parent=None):
            asked.append(db.execute("PRAGMA database_list").fetchone()[2])
            return account

        monkeypatch.setattr(LoginDialog, "ask", classmethod(ask))
        return asked

    return set_answer


@pytest.fixture
def held(ctx):
    """The window's file opened as at start: our writer lock in ctx.extras (as install_reliability keeps it)."""
    from workbench.services import lock
    from workbench.ui.dialogs.lock_guard import GUARDED_KEY, GuardedOpen

    result = lock.acquire(ctx.db_path, "wangfang")
    ctx.extras[GUARDED_KEY] = GuardedOpen(ctx.db_path, ctx.db, result.lock, None)
    yield ctx.extras[GUARDED_KEY]
    guarded = ctx.extras[GUARDED_KEY]
    if guarded.lock is not None:
        guarded.lock.release()


def test_switching_database_in_settings(window, tmp_path, login_as, held):
    from workbench.services import lock

    old = window.ctx.db_path
    asked = login_as("zhaomin")
    other = tmp_path / "other.db"
    window.apply_settings({"officer": "王芳", "branch": "", "db_path": other, "language": "zh_CN"})
    assert other.exists() and window.ctx.db_path == other
    assert asked == [str(other)]  # logged in on the new file
    assert window.ctx.user.username == "zhaomin" and not window.ctx.readonly
    assert lock.read_holder(other).pid == os.getpid() and "zhaomin" in lock.read_holder(other).user
    assert lock.read_holder(old) is None  # the old file's lock is released
    assert window.ctx.settings.value("database/path") == str(other)
    assert "客户 0" in window.counts_label.text()


def test_cancelled_login_keeps_the_current_file(window, tmp_path, login_as, held):
    from workbench.services import lock

    old, old_db = window.ctx.db_path, window.ctx.db
    login_as(None)
    other = tmp_path / "other.db"
    assert window.switch_database(other) is False
    assert window.ctx.db_path == old and window.ctx.db is old_db and window.ctx.user.username == "wangfang"
    assert lock.read_holder(other) is None and lock.read_holder(old).pid == os.getpid()
    assert "客户 4" in window.counts_label.text()


def test_switching_to_a_file_another_workbench_holds_opens_it_read_only(window, tmp_path, login_as, held, monkeypatch):
    from workbench.services import lock
    from workbench.store import open_db
    from workbench.ui.dialogs import lock_guard

    old = held.db_path
    other = tmp_path / "shared.db"
    open_db(other).close()
    theirs = lock.acquire(other, "liuqiang", pid=os.getppid()).lock  # a live process that is not us
    told = []
    monkeypatch.setattr(lock_guard.QMessageBox, "information", lambda parent, title, text: told.append(text))
    login_as("zhaomin")
    try:
        assert window.switch_database(other)
        assert window.ctx.readonly and "liuqiang" in told[0]
        assert lock.read_holder(other).user == "liuqiang"
        assert lock.read_holder(old) is None and held.db_path == other  # updated in place for the quit hook
    finally:
        theirs.release()


def test_switching_to_an_encrypted_file_asks_its_passphrase(window, tmp_path, login_as, held, monkeypatch):
    from workbench.services import privacy
    from workbench.store.db import clear_passphrase
    from workbench.ui.dialogs.passphrase import PassphraseDialog

    secret = tmp_path / "secret.db"
    privacy.encrypt_copy(window.ctx.db_path, secret, "柜员口令-2026")
    asked = []

    def type_passphrase(self):
        asked.append(self.db_path)
        self.passphrase.setText("柜员口令-2026")
        self.accept()
        return self.result()

    monkeypatch.setattr(PassphraseDialog, "exec", type_passphrase)
    login_as("zhaomin")
    try:
        assert window.switch_database(secret)
        assert asked == [secret] and window.ctx.db_path == secret
        assert "客户 4" in window.counts_label.text()
    finally:
        clear_passphrase()


def test_cancelled_passphrase_keeps_the_current_file(window, tmp_path, login_as, held, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from workbench.services import privacy
    from workbench.ui.dialogs.passphrase import PassphraseDialog

    secret = tmp_path / "secret.db"
    privacy.encrypt_copy(window.ctx.db_path, secret, "柜员口令-2026")
    monkeypatch.setattr(PassphraseDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    asked = login_as("zhaomin")
    old = window.ctx.db_path
    assert window.switch_database(secret) is False
    assert window.ctx.db_path == old and asked == []


def test_window_text_uses_the_bundled_cjk_font(qtbot, ctx):
    from workbench.ui.fonts import install_app_font

    family = install_app_font(QApplication.instance())  # as app.py does before building the window
    assert "WenQuanYi" in family or "文泉" in family
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    label = window.counts_label
    assert QFontInfo(label.font()).family() == family
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(label.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "客户走访小微信贷工作台0123456789")


def test_every_dashboard_figure_opens_a_page(qtbot, window):
    window.navigate("dashboard")
    dash = window.pages["dashboard"]
    qtbot.waitUntil(lambda: dash.loaded, timeout=10000)
    keys = {e[0] for e in window.entries}
    opened = 0
    for name in list(dash.buttons):
        figure = dash.figures[name]
        if figure.page not in keys:
            continue  # that page is not written yet
        dash.buttons[name].click()
        assert window.current_key() == figure.page, name
        opened += 1
        window.navigate("dashboard")
        qtbot.waitUntil(lambda name=name: dash.loaded and name in dash.buttons, timeout=10000)
    assert opened >= 3


def test_settings_bank_and_branch_name_the_reporting_unit(window, ctx):
    from workbench.services.organisation import reporting_unit
    from workbench.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(ctx, window)
    dialog.bank_edit.setText("示例农商银行")
    dialog.branch_edit.setText("城东支行")
    window.apply_settings(dialog.values())
    assert reporting_unit(ctx.db).bank == "示例农商银行" and reporting_unit(ctx.db).branch == "城东支行"
    again = SettingsDialog(ctx, window)
    assert again.bank_edit.text() == "示例农商银行" and again.branch_edit.text() == "城东支行"
