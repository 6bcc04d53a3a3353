"""The funnel by officer: visits → declared → recommended → applications → credit → loans."""

from __future__ import annotations

from datetime import datetime, timedelta

import openpyxl
import pytest

from tests.services.reports import expected as X
from tests.services.reports.conftest import APPLICATIONS, TODAY, VISITS
from tests.services.reports.test_portfolio_report import _rows
from workbench.services.reports import ReportRequest, build_report

S, E = "2025-03-01", "2025-03-31"


def _beijing_date(utc_text: str) -> str:
    return (datetime.fromisoformat(utc_text) + timedelta(hours=8)).date().isoformat()


def _expected(officer: str) -> dict:
    visits = [v for v in VISITS if v[2] == officer]
    mine = [r for r in X.LOANS if S <= r[4] <= E and X.client(r[1])[5] == officer]
    first = [r for r in mine if min(l[4] for l in X.LOANS if l[1] == r[1]) >= S]
    name = {"wangfang": "王芳", "liuqiang": "刘强"}
    return {
        "visited": len({v[0] for v in visits if S <= v[1] <= E}),
        "need": len({v[0] for v in visits if S <= v[1] <= E and v[3] == "need"}),
        "declared": len({v[0] for v in visits if v[4] and S <= v[4] <= E}),
        "applications": sum(1 for a in APPLICATIONS if name[a[6]] == officer and S <= _beijing_date(a[7]) <= E),
        "loans_fen": sum(r[3] for r in mine),
        "first": len({r[1] for r in first}),
        "credit_only_fen": sum(r[3] for r in mine if r[8] == "credit"),
    }


def test_funnel_by_officer_and_totals(portfolio_db, tmp_path):
    path = tmp_path / "f.xlsx"
    result = build_report(portfolio_db, "funnel", path, ReportRequest("2025-03"), "tester", today=TODAY)
    rows = {r["officer"]: r for r in result.figures["rows"]}
    for officer in ("王芳", "刘强"):
        want = _expected(officer)
        assert {k: rows[officer][k] for k in want} == want, officer
    # A4 was submitted 2025-02-28 20:00 UTC = 2025-03-01 in Beijing: counted in March
    assert rows["王芳"]["applications"] == 3
    assert rows["王芳"]["no_principal"] == 1 and rows["王芳"]["no_principal_fen"] == 40_000_000
    assert rows["刘强"]["lines"] == 1 and rows["刘强"]["lines_fen"] == 15_000_000
    total = result.figures["total"]
    assert total["visited"] == 3 and total["loans_fen"] == 52_345_678
    assert total["credit_only_share"] == pytest.approx(12_345_678 / 52_345_678, abs=1e-6)

    ws = openpyxl.load_workbook(path)["走访授信放款"]
    sheet_rows = _rows(ws)
    assert [r["客户经理"].value for r in sheet_rows] == ["刘强", "王芳", "合计"]
    tot = sheet_rows[-1]
    assert tot["放款金额"].value == pytest.approx(52.345678) and tot["放款金额"].number_format == "#,##0.00"
    assert tot["信用贷款占比"].value == pytest.approx(12_345_678 / 52_345_678) and tot["信用贷款占比"].number_format == "0.00%"
    assert tot["首贷户数"].value == 1 and tot["走访企业数"].number_format == "#,##0"
    assert ws.freeze_panes == "B5"


def test_one_officer_only(portfolio_db, tmp_path):
    result = build_report(portfolio_db, "funnel", tmp_path / "f.xlsx", ReportRequest("2025-03", officer="刘强"), "t", today=TODAY)
    assert [r["officer"] for r in result.figures["rows"]] == ["刘强"]
    assert result.figures["total"]["visited"] == 1 and result.figures["total"]["loans_fen"] == 12_345_678
