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
    assert "first-time" in page.description.text().lower()
    assert page.officer_combo.findData("王芳") > 0
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("zh"))  # sheets in Chinese, whatever the UI speaks
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


def test_full_data_is_refused_for_an_account_without_password(qtbot, tmp_path):
    """QA 4: the page asks the same service gate as the build: a passwordless headless account may not unmask."""
    from workbench.services import users

    path = tmp_path / "p.db"
    db = open_db(path)
    build_portfolio(db)
    users.ensure_headless_user(db, "nobody")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    p = ReportsPage(AppContext(path, db, CurrentUser("nobody", "nobody", "officer"), settings))
    qtbot.addWidget(p)
    try:
        p.apply_filter(report="portfolio", period="2025-03")
        p.full_data_check.setChecked(True)
        p.reason_edit.setText("KYC review for head office")
        out = tmp_path / "p.xlsx"
        p.out_edit.setText(str(out))
        p.out_edit.setModified(True)
        p.build_button.click()
        assert p.task is None and not out.exists()
        assert "nobody" in p.message.text()
    finally:
        db.close()


def test_full_data_only_for_reports_that_show_personal_data(page):
    page.apply_filter(report="portfolio")
    assert page.full_data_check.isEnabled()
    page.full_data_check.setChecked(True)
    page.apply_filter(report="funnel")
    assert not page.full_data_check.isEnabled() and not page.full_data_check.isChecked()


def test_a_future_period_is_refused_on_the_page(page, tmp_path):
    """QA 14: no report for a period that has not started."""
    page.apply_filter(report="two_increase", period="2099-01")
    page.out_edit.setText(str(tmp_path / "f.xlsx"))
    page.build_button.click()
    assert page.task is None and "2099-01" in page.message.text()
    assert not (tmp_path / "f.xlsx").exists()


def test_an_unknown_officer_in_a_drill_down_is_said(page):
    page.apply_filter(report="portfolio", officer="不存在")
    assert page.officer_combo.currentData() is None
    assert "不存在" in page.message.text()
