"""The maturities report: loans maturing in the period and their renewal status and kind."""

from __future__ import annotations

import openpyxl
import pytest

from tests.services.reports import expected as X
from tests.services.reports.conftest import TODAY
from tests.services.reports.test_portfolio_report import _rows
from workbench.services.reports import ReportRequest, build_report


def test_maturing_loans_with_renewal_status_and_kind(portfolio_db, tmp_path):
    path = tmp_path / "m.xlsx"
    result = build_report(portfolio_db, "maturities", path, ReportRequest("2025-03"), "tester", today=TODAY)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["到期清单", "汇总"]
    rows = _rows(wb["到期清单"])
    data, total = rows[:-1], rows[-1]
    maturing = [r for r in X.LOANS if "2025-03-01" <= r[5] <= "2025-03-31"]
    assert [r["借据号"].value for r in data] == [r[2] for r in sorted(maturing, key=lambda r: r[5])]
    by_no = {r["借据号"].value: r for r in data}
    assert (by_no["L1"]["续贷状态"].value, by_no["L1"]["续贷方式"].value) == ("已续贷", "无还本续贷")
    assert by_no["L1"]["新借据号"].value == "L7" and by_no["L1"]["续贷申请号"].value == "A2"
    assert (by_no["L5"]["续贷状态"].value, by_no["L5"]["续贷方式"].value) == ("续贷申请中", "续贷")
    assert by_no["L6"]["续贷状态"].value == "逾期未续贷"
    assert by_no["L6"]["距到期天数"].value == -13  # 2025-03-20 seen from 2025-04-02
    # QA 20: closed loans (repaid, or replaced by a renewal) have no days to maturity
    assert by_no["L1"]["距到期天数"].value is None and by_no["L9"]["距到期天数"].value is None
    assert by_no["L5"]["距到期天数"].value == -2  # active, matured 2025-03-31
    assert by_no["L9"]["续贷状态"].value == "已结清"
    assert by_no["L6"]["联系电话"].value == "137****2222"
    assert total["贷款金额"].value == pytest.approx(sum(r[3] for r in maturing) / 1_000_000)
    assert total["当前余额"].value == pytest.approx(sum(r[10] for r in maturing) / 1_000_000)
    assert result.figures["by_kind"]["no_principal"]["loans"] == 1
    assert result.figures["by_status"]["overdue"]["balance_fen"] == 15_000_000


def test_quarter_and_officer_filter(portfolio_db, tmp_path):
    result = build_report(
        portfolio_db, "maturities", tmp_path / "q.xlsx", ReportRequest("2025-Q1", officer="刘强"), "t", today=TODAY
    )
    assert result.rows == 0  # 刘强's loans mature in 2025-06 and 2026
    result = build_report(portfolio_db, "maturities", tmp_path / "y.xlsx", ReportRequest("2025", officer="刘强"), "t", today=TODAY)
    assert result.rows == 1 and result.figures["amount_fen"] == 100_000_000
