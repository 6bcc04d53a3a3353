"""Every dashboard figure, clicked, opens a list with exactly as many rows as the figure shows.

A small demo portfolio (generated as of today, as the window's pages use the real date). Before
each figure, another figure of the same page is opened first, so a filter left over from an
earlier drill-down would show up as a wrong count.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.ui.shell_support import make_ctx
from workbench.services.demo import DemoSpec, build_demo_portfolio
from workbench.store import open_db
from workbench.ui import i18n
from workbench.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROW = Qt.ItemDataRole.UserRole + 1  # every list model's whole-row role
FIGURES = (
    "clients", "active_loans", "balance", "inclusive_balance", "inclusive_loans", "credit_lines",
    "applications_submitted", "applications_under_review", "applications_under_approval", "applications_returned",
    "maturing_30", "maturing_60", "maturing_90",
    "overdue_1_90", "overdue_91_270", "overdue_271_360", "overdue_361_plus",
    "visits_month", "visited_no_credit",
    "alert_this_week", "alert_this_month", "alert_renewals_waiting", "alert_newly_overdue", "alert_overdue",
)
# A restrictive figure of the same page, opened before the one under test.
BEFORE = {"clients": ("visited_no_credit", "clients"), "loans": ("credit_lines", "inclusive_loans"),
          "maturities": ("overdue_361_plus", "alert_renewals_waiting"),
          "applications": ("applications_returned", "applications_submitted")}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("drill") / "demo.db"
    build_demo_portfolio(path, DemoSpec(clients=200, as_of=date.today()))
    return path


@pytest.fixture
def window(qtbot, demo_file, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db = open_db(path)
    w = MainWindow(make_ctx(db, path, tmp_path, language="en"), start_page="dashboard")
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    db.close()
    i18n.install_language("en")


def _dashboard(qtbot, window):
    window.navigate("dashboard")
    dash = window.pages["dashboard"]
    qtbot.waitUntil(lambda: dash.loaded, timeout=15000)
    return dash


def _click(qtbot, window, name: str):
    dash = _dashboard(qtbot, window)
    card = dash.buttons[name]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    figure = dash.figures[name]
    assert window.current_key() == figure.page, name
    return figure


def _drilled_rows(qtbot, window, key: str) -> list[dict]:
    """Every row of the list the page shows now (fetching all lazy pages)."""
    page = window.pages[key]
    if key == "clients":
        qtbot.waitUntil(lambda: not page.loading, timeout=15000)  # some filters run on the worker
        view = page.table
    elif key == "loans":
        view = page.lines_panel.view if page.tabs.currentWidget() is page.lines_panel else page.view
    elif key == "visits":
        view = page.table
    else:
        view = page.view
    model = view.model()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.index(r, 0).data(ROW) for r in range(model.rowCount())]


@pytest.mark.parametrize("name", FIGURES)
def test_figure_opens_a_list_of_that_many_rows(qtbot, window, name):
    dash = _dashboard(qtbot, window)
    figure = dash.figures[name]
    shown = dash.buttons[name].text()
    before = next(b for b in BEFORE[figure.page] if b != name) if figure.page in BEFORE else None
    if before is not None:
        _click(qtbot, window, before)
        _drilled_rows(qtbot, window, figure.page)
    else:  # the visits of one client, as a client record opens them
        window.navigate(figure.page, {"client_id": 1})
    figure = _click(qtbot, window, name)
    rows = _drilled_rows(qtbot, window, figure.page)
    if figure.money:  # a balance: the list's balances add up to it, and its rows are the loans counted
        assert sum(r["balance_fen"] for r in rows) == figure.value, name
        count_name = {"balance": "active_loans", "inclusive_balance": "inclusive_loans"}[name]
        assert len(rows) == dash.figures[count_name].value
    else:
        assert len(rows) == figure.value, (name, figure.filters)
        assert f"{figure.value:,}" in shown
        balance = dash.figures.get(f"{name}_balance")
        if balance is not None:  # the card's "Balance …" line
            assert sum(r["balance_fen"] for r in rows) == balance.value, name


def test_the_demo_gives_the_figures_something_to_count(qtbot, window):
    dash = _dashboard(qtbot, window)
    for name in ("clients", "active_loans", "inclusive_loans", "credit_lines", "maturing_30", "maturing_90",
                 "overdue_1_90", "overdue_91_270", "visited_no_credit", "alert_overdue", "alert_renewals_waiting"):
        assert dash.figures[name].value > 0, name
    # the figures the QA report found wrong differ from the lists they used to open
    assert dash.figures["credit_lines"].value != dash.figures["active_loans"].value
    assert dash.figures["overdue_91_270"].value < dash.figures["alert_overdue"].value


def test_application_figures_name_the_step_they_wait_at(qtbot, window):
    """QA 13: a submitted application waits for a reviewer to take it, not for the officer."""
    import json
    from pathlib import Path

    dash = _dashboard(qtbot, window)
    assert dash.buttons["applications_submitted"].caption.text() == "Submitted, waiting for review"
    assert dash.buttons["applications_under_review"].caption.text() == "Under risk review"
    assert dash.figures["applications_submitted"].filters == {"status": "submitted"}
    zh = json.loads((Path(__file__).parents[2] / "resources/translations/zh_CN_strings.json").read_text("utf-8"))
    assert zh["Submitted, waiting for review"] == "已提交待审查" and zh["Under risk review"] == "风险审查中"
    missing = [card.caption.text() for card in dash.buttons.values() if card.caption.text() not in zh]
    assert missing == []  # every caption has its Chinese
