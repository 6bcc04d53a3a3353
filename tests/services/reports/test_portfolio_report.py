"""The portfolio report on the tiny portfolio, read back with openpyxl."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from tests.services.reports import expected as X
from tests.services.reports.conftest import EVIL, TODAY
from workbench.services.reports import ReportRequest, build_report
from workbench.services.reports.workbook import FIRST_DATA_ROW, HEADER_ROW

D = "2025-03-31"


def _rows(ws):
    """Data rows (header → totals) as dicts keyed by the header text."""
    header = [c.value for c in ws[HEADER_ROW + 1]]
    out = []
    for row in ws.iter_rows(min_row=FIRST_DATA_ROW + 1):
        if row[0].value is None:
            break
        out.append(dict(zip(header, row)))
    return out


@pytest.fixture
def report(portfolio_db, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    result = build_report(portfolio_db, "portfolio", path, ReportRequest("2025-03"), "tester", today=TODAY)
    return result, openpyxl.load_workbook(path)


def test_lists_every_loan_outstanding_at_period_end_with_exact_total(report):
    result, wb = report
    assert wb.sheetnames == ["贷款明细", "汇总"]
    rows = _rows(wb["贷款明细"])
    data, total = rows[:-1], rows[-1]
    want = X.outstanding(D)
    assert sorted(r["借据号"].value for r in data) == sorted(X.loan(i)[2] for i in want)
    balance_fen = sum(X.state_at(i, D)[0] for i in want)
    assert balance_fen == 857_000_000 == result.figures["balance_fen"]
    assert total["客户名称"].value is None and total["序号"].value.startswith("合计")
    # totals row: exact sum converted once to 万元
    assert total["贷款余额"].value == pytest.approx(balance_fen / 1_000_000, abs=1e-9)
    assert total["贷款金额"].value == pytest.approx(sum(X.loan(i)[3] for i in want) / 1_000_000, abs=1e-9)
    by_no = {r["借据号"].value: r for r in data}
    l4 = by_no["L4"]  # no balance history: amount minus principal repaid
    assert l4["贷款余额"].value == pytest.approx(12.0)
    assert l4["贷款金额"].value == pytest.approx(12.345678)
    assert l4["贷款余额"].number_format == "#,##0.00"
    assert l4["执行年利率"].value == pytest.approx(0.0365) and l4["执行年利率"].number_format == "0.00%"
    assert by_no["L2"]["五级分类"].value == "次级" and by_no["L2"]["逾期天数"].value == 100
    assert l4["放款日"].value == datetime(2025, 3, 5) and l4["放款日"].number_format == "yyyy-mm-dd"
    assert l4["到期日"].value == datetime(2026, 3, 5)


def test_inclusive_flag_and_size_class(report):
    _, wb = report
    by_no = {r["借据号"].value: r for r in _rows(wb["贷款明细"])[:-1]}
    for no, row in by_no.items():
        lid = next(l[0] for l in X.LOANS if l[2] == no)
        cid = X.loan(lid)[1]
        assert (row["普惠型"].value == "是") == X.inclusive(cid, D), no
    assert by_no["L5"]["普惠型"].value == "否"  # micro, but a 12,000,000 元 credit line
    assert by_no["L4"]["企业规模"].value == "未划型"


def test_personal_data_masked_by_default(report):
    _, wb = report
    by_no = {r["借据号"].value: r for r in _rows(wb["贷款明细"])[:-1]}
    assert by_no["L7"]["证件号码"].value == "330102********1234"
    assert by_no["L7"]["联系电话"].value == "138****5678"


def test_summary_sheet_groups_add_up(report):
    result, wb = report
    ws = wb["汇总"]
    values = {row[0]: row for row in ws.iter_rows(min_row=FIRST_DATA_ROW + 1, values_only=True) if row[0]}
    assert values["中型"][1:4] == (1, 1, pytest.approx(200.0))
    assert values["微型"][3] == pytest.approx(540.0)
    assert values["其中：普惠型小微企业贷款"][3] == pytest.approx(157.0)
    assert values["次级"][3] == pytest.approx(90.0)
    assert values["正常"][1] == 4
    assert values["合计"][3] == pytest.approx(857.0) and values["合计"][4] == pytest.approx(1.0)
    assert result.figures["inclusive_balance_fen"] == 157_000_000
    assert result.figures["npl_balance_fen"] == 90_000_000


def test_officer_filter_and_full_data_is_audited(portfolio_db, tmp_path):
    path = tmp_path / "wf.xlsx"
    request = ReportRequest("2025-03", officer="王芳", full_personal_data=True, reason="HQ asked for the KYC list")
    result = build_report(portfolio_db, "portfolio", path, request, "admin", today=TODAY)
    assert result.rows == 4  # L3, L5, L6, L7 belong to 王芳's clients
    rows = _rows(openpyxl.load_workbook(path)["贷款明细"])[:-1]
    assert {r["客户名称"].value for r in rows} == {"甲商贸有限公司", "丙建设集团有限公司", "戊物流有限公司", EVIL}
    full = {r["借据号"].value: r for r in rows}["L7"]
    assert full["证件号码"].value == "330102199001011234"
    audit = portfolio_db.execute(
        "SELECT actor, reason, after_json FROM audit_log WHERE action = 'export_full_personal_data'"
    ).fetchall()
    assert len(audit) == 1 and audit[0][0] == "admin" and audit[0][1] == "HQ asked for the KYC list"
    assert "wf.xlsx" in audit[0][2]
