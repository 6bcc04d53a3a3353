"""The Reports page builds a report through the worker and offers to open it."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import QSettings

from tests.services.reports.conftest import build_portfolio
from workbench.store import open_db
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.pages.reports import ReportsPage


@pytest.fixture
def page(qtbot, tmp_path):
    path = tmp_path / "p.db"
    db = open_db(path)
    build_portfolio(db)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    p = ReportsPage(AppContext(path, db, CurrentUser("wangfang", "王芳", "officer"), settings))
    qtbot.addWidget(p)
    yield p
    db.close()


def test_builds_the_funnel_from_the_page(page, qtbot, tmp_path):
    page.apply_filter(report="funnel", period="2025-03")
    assert "首贷户" in page.description.text() or "First-time" in page.description.text()
    assert page.officer_combo.findData("王芳") > 0
    out = tmp_path / "funnel.xlsx"
    page.out_edit.setText(str(out))
    page.out_edit.setModified(True)
    page.build_button.click()
    qtbot.waitUntil(lambda: page.open_button.isEnabled(), timeout=10_000)
    assert out.exists() and page.last_result.rows == 2
    assert str(out) in page.message.text()
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert [ws.cell(r, 1).value for r in (5, 6, 7)] == ["刘强", "王芳", "合计"]


def test_bad_period_is_shown_and_nothing_runs(page, tmp_path):
    page.period_edit.setText("2025-13")
    page.out_edit.setText(str(tmp_path / "x.xlsx"))
    page.build_button.click()
    assert page.task is None and "2025-13" in page.message.text()
    assert page.build_button.isEnabled()


def test_full_data_needs_a_reason(page, tmp_path):
    page.full_data_check.setChecked(True)
    assert page.reason_edit.isEnabled()
    page.out_edit.setText(str(tmp_path / "x.xlsx"))
    page.build_button.click()
    assert page.task is None and not (tmp_path / "x.xlsx").exists()
    assert page.message.text()
