"""The two-increase monitor: figures computed independently from the raw rows."""

from __future__ import annotations

from fractions import Fraction

import openpyxl
import pytest

from tests.services.reports import expected as X
from tests.services.reports.conftest import TODAY
from workbench.services.reports import ReportRequest, build_report
from workbench.services.reports.two_increase import figures

D, Y0, D1 = "2025-03-31", "2024-12-31", "2024-03-31"


def _balances(d: str) -> tuple[int, int, int, int, set]:
    all_fen = inc_fen = npl = inc_npl = 0
    borrowers = set()
    for lid in X.outstanding(d):
        bal, cls = X.state_at(lid, d)
        cid = X.loan(lid)[1]
        all_fen += bal
        npl += bal if cls in X.NPL else 0
        if X.inclusive(cid, d):
            inc_fen += bal
            inc_npl += bal if cls in X.NPL else 0
            borrowers.add(cid)
    return all_fen, inc_fen, npl, inc_npl, borrowers


def _rate(start: str, end: str) -> Fraction:
    drawn = [r for r in X.LOANS if start <= r[4] <= end and X.inclusive(r[1], end)]
    return Fraction(sum(r[3] * r[6] for r in drawn), sum(r[3] for r in drawn))


def test_figures_match_an_independent_computation(portfolio_db):
    fig = figures(portfolio_db, ReportRequest("2025-03"))
    all_d, inc_d, npl_d, inc_npl_d, borrowers_d = _balances(D)
    all_y0, inc_y0, *_ = _balances(Y0)
    _, inc_d1, _, _, borrowers_d1 = _balances(D1)
    assert (fig["inclusive_balance_fen"], fig["inclusive_balance_year_start_fen"], fig["inclusive_balance_year_earlier_fen"]) == (
        inc_d, inc_y0, inc_d1) == (157_000_000, 155_000_000, 80_000_000)
    assert fig["all_balance_fen"] == all_d and fig["all_balance_year_start_fen"] == all_y0
    assert fig["inclusive_growth_ytd"] == Fraction(inc_d - inc_y0, inc_y0)
    assert fig["all_growth_ytd"] == Fraction(all_d - all_y0, all_y0)
    assert fig["growth_target_met"] is True
    assert fig["inclusive_borrowers"] == len(borrowers_d) == 4 and fig["inclusive_borrowers_year_earlier"] == len(borrowers_d1) == 3
    assert fig["inclusive_npl_ratio"] == Fraction(inc_npl_d, inc_d) and fig["all_npl_ratio"] == Fraction(npl_d, all_d)
    assert fig["npl_target_met"] is False  # 57 % against 10.5 % + 3 points
    assert fig["inclusive_rate_bp"] == _rate("2025-03-01", D)
    assert fig["inclusive_rate_year_earlier_bp"] == _rate("2024-03-01", D1) == 385
    assert fig["rate_target_met"] is True


def test_npl_tolerance_is_a_setting(portfolio_db):
    portfolio_db["settings"].insert({"key": "two_increase_npl_tolerance_bp", "value": "5000"})
    fig = figures(portfolio_db, ReportRequest("2025-03"))
    assert fig["npl_tolerance_bp"] == 5000 and fig["npl_target_met"] is True


def test_workbook_shows_each_figure_and_whether_met(portfolio_db, tmp_path):
    path = tmp_path / "ti.xlsx"
    build_report(portfolio_db, "two-increase", path, ReportRequest("2025-03", unit="yuan"), "tester", today=TODAY)
    ws = openpyxl.load_workbook(path)["两增两控"]
    assert ws["A3"].value.startswith("制表人") and ws.cell(3, 7).value == "金额单位：元"
    rows = {r[1].value: r for r in ws.iter_rows(min_row=5) if r[0].value and isinstance(r[0].value, int)}
    balance = rows["普惠型小微企业贷款余额（2025-03-31）"]
    assert balance[2].value == pytest.approx(1_570_000.00) and balance[2].number_format == "#,##0.00"
    assert balance[4].value == pytest.approx(1_550_000.00)
    growth = rows["普惠型小微企业贷款较年初增速"]
    assert growth[2].value == pytest.approx(2 / 155) and growth[2].number_format == "0.00%"
    assert growth[6].value == "是"
    assert rows["普惠型小微企业贷款户数"][2].value == 4 and rows["普惠型小微企业贷款户数"][6].value == "是"
    assert rows["普惠型小微企业贷款不良率"][6].value == "否"
    assert rows["当期新发放普惠型小微企业贷款加权平均利率"][4].value == pytest.approx(0.0385)
