"""Every report looks like a submission: title, unit, frozen header, print set-up, languages."""

from __future__ import annotations

import zipfile
from datetime import date, timedelta

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.services.reports.conftest import TODAY
from workbench.services.errors import Cancelled, ValidationError
from workbench.services.reports import REPORTS, ReportRequest, build_report
from workbench.services.reports.periods import parse_period

SHEETS_ZH = {"portfolio": ["贷款明细", "汇总"], "maturities": ["到期清单", "汇总"], "two_increase": ["两增两控"], "funnel": ["走访授信放款"]}
SHEETS_EN = {"portfolio": ["Loans", "Summary"], "maturities": ["Maturities", "Summary"], "two_increase": ["Two-increase"], "funnel": ["Funnel"]}


@pytest.mark.parametrize("name", list(REPORTS))
def test_submission_layout(portfolio_db, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    build_report(portfolio_db, name, path, ReportRequest("2025-03"), "tester", today=TODAY)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS_ZH[name]
    for ws in wb.worksheets:
        assert "2025-03" in ws["A1"].value  # title row
        assert ws["A2"].value == "填报单位：示范农商银行 城东支行"
        assert any(c.value == "金额单位：万元" for c in ws[3])
        assert any(str(c.value).startswith("报告期：2025-03（2025-03-01 至 2025-03-31）") for c in ws[2] if c.value)
        assert ws.freeze_panes is not None and ws.freeze_panes[-1] == "5"  # header (row 4) frozen
        assert ws.print_title_rows == "$4:$4"
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
        assert ws.column_dimensions["B"].width >= 8
        notes = [r[0].value for r in ws.iter_rows() if isinstance(r[0].value, str) and r[0].value.startswith("注")]
        assert notes and "四舍五入" in notes[-1]
    with zipfile.ZipFile(path) as z:  # no formula anywhere: totals are values
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.parametrize("name", list(REPORTS))
def test_english_sheet_and_column_names(portfolio_db, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    build_report(portfolio_db, name, path, ReportRequest("2025-03", language="en", unit="yuan"), "tester", today=TODAY)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEETS_EN[name]
    ws = wb.worksheets[0]
    assert any(c.value == "Amounts in yuan" for c in ws[3])
    header = [c.value for c in ws[4]]
    assert all(h and not any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in header)


def test_yuan_unit_writes_yuan_values(portfolio_db, tmp_path):
    path = tmp_path / "p.xlsx"
    build_report(portfolio_db, "portfolio", path, ReportRequest("2025-03", unit="yuan"), "t", today=TODAY)
    ws = openpyxl.load_workbook(path)["贷款明细"]
    l4 = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "L4")
    assert l4[8].value == pytest.approx(123_456.78) and l4[9].value == pytest.approx(120_000.00)


@pytest.mark.parametrize("name", list(REPORTS))
def test_cancel_leaves_no_file(portfolio_db, tmp_path, name):
    path = tmp_path / "out" / f"{name}.xlsx"
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        build_report(portfolio_db, name, path, ReportRequest("2025-03"), "t", today=TODAY, cancel=cancel)
    assert not path.exists()
    assert list(path.parent.iterdir()) == [] if path.parent.exists() else True


def test_progress_reaches_the_end(portfolio_db, tmp_path):
    seen = []
    build_report(portfolio_db, "portfolio", tmp_path / "p.xlsx", ReportRequest("2025-03"), "t", today=TODAY,
                 progress=lambda d, t, m: seen.append((d, t)))
    assert seen[-1] == (6, 6)


def test_bad_requests_are_refused_before_writing(portfolio_db, tmp_path):
    path = tmp_path / "x.xlsx"
    with pytest.raises(ValidationError) as e:
        build_report(portfolio_db, "portfolio", path, ReportRequest("2025-13"), "t")
    assert e.value.code == "bad_period" and e.value.field == "period"
    with pytest.raises(ValidationError) as e:
        build_report(portfolio_db, "portfolio", path, ReportRequest("2025-03", full_personal_data=True, reason=" "), "t")
    assert e.value.code == "reason_required"
    with pytest.raises(ValidationError):
        build_report(portfolio_db, "nope", path, ReportRequest("2025-03"), "t")
    assert not path.exists()


def test_periods():
    assert (parse_period("2025-Q1").start, parse_period("2025-Q1").end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert parse_period("2024").end == date(2024, 12, 31)
    assert parse_period("2024-2").end == date(2024, 2, 29)
    assert parse_period("2025-03").year_earlier().label == "2024-03"


@given(st.integers(1990, 2100), st.integers(1, 12))
def test_a_month_period_covers_exactly_its_month(year, month):
    p = parse_period(f"{year}-{month:02d}")
    assert p.start == date(year, month, 1)
    assert (p.end + timedelta(days=1)).day == 1 and p.end.month == month


@pytest.mark.parametrize("name", list(REPORTS))
def test_an_empty_portfolio_still_gives_a_well_formed_report(db, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    result = build_report(db, name, path, ReportRequest("2025-03"), "t", today=TODAY)
    assert result.rows == (9 if name == "two_increase" else 0)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A2"].value == "填报单位：—"  # no bank or branch configured yet


def test_reports_work_on_a_read_only_file_and_leave_no_temp_tables(portfolio_db, db_path, tmp_path):
    from workbench.store import open_db

    ro = open_db(db_path, readonly=True)
    try:
        for name in REPORTS:
            build_report(ro, name, tmp_path / f"{name}.xlsx", ReportRequest("2025-03"), "t", today=TODAY)
        assert ro.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0] == 0
    finally:
        ro.close()
