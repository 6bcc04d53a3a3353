"""QA 9: figures at a date the history does not reach exactly, and comparisons without data."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from tests.services.reports import expected as X
from tests.services.reports.conftest import NOW
from workbench.services.reports import ReportRequest, build_report
from workbench.services.reports.snapshot import outstanding_loans
from workbench.services.reports.two_increase import figures

D = "2025-06-30"  # L5 (matured 2025-03-31) and L6 (matured 2025-03-20) unpaid; their last rows are 2025-03-31


def test_a_matured_unpaid_loan_is_overdue_by_its_days_past_maturity(portfolio_db):
    got = {r["loan_no"]: (r["balance_fen"], r["classification"], r["overdue_days"])
           for r in outstanding_loans(portfolio_db, date.fromisoformat(D))}
    want = {X.loan(lid)[2]: X.full_state_at(lid, D) for lid in X.outstanding(D)}
    assert got == want
    assert got["L5"] == (500_000_000, "substandard", 91)  # row said normal, 0 days on its maturity date
    assert got["L6"] == (15_000_000, "substandard", 102)  # row said special, 11 days
    assert got["L2"] == (90_000_000, "substandard", 100)  # not yet matured at its row: kept as recorded


def test_the_row_of_the_date_itself_is_believed(portfolio_db):
    rows = {r["loan_no"]: r for r in outstanding_loans(portfolio_db, date(2025, 3, 31))}
    assert (rows["L6"]["classification"], rows["L6"]["overdue_days"]) == ("special", 11)
    assert (rows["L5"]["classification"], rows["L5"]["overdue_days"]) == ("normal", 0)


def test_past_period_npl_in_the_two_increase_monitor(portfolio_db):
    fig = figures(portfolio_db, ReportRequest("2025-06"))
    npl = sum(X.full_state_at(lid, D)[0] for lid in X.outstanding(D) if X.full_state_at(lid, D)[1] in X.NPL)
    assert fig["all_npl_fen"] == npl == 605_000_000  # L2 + L5 + L6; a stale row would say 90,000,000


def _first_import_portfolio(db) -> None:
    """A first core-banking import dated 2025-03-31: loans drawn in 2024, history only from the import."""
    with db.atomic():
        for cid in (1, 2):
            db["clients"].insert({"id": cid, "uscc": f"U{cid}", "name": f"客户{cid}", "entity_type": "enterprise",
                                  "size_class": "micro", "officer": "王芳", "created_at": NOW, "updated_at": NOW})
            db["loans"].insert({"id": cid, "loan_no": f"L{cid}", "client_id": cid, "amount_fen": 10_000_000,
                                "balance_fen": 8_000_000, "drawdown_date": "2024-02-10", "maturity_date": "2026-02-10",
                                "rate_bp": 400, "repayment_method": "annuity", "guarantee_type": "credit",
                                "source": "import", "created_at": NOW, "updated_at": NOW})
            db["balance_history"].insert({"loan_id": cid, "as_of": "2025-03-31", "balance_fen": 8_000_000,
                                          "overdue_days": 0, "classification": "normal", "source": "import"})


def test_no_history_before_the_first_import_is_not_comparable(db, tmp_path):
    _first_import_portfolio(db)
    fig = figures(db, ReportRequest("2025-03"))
    assert fig["inclusive_balance_fen"] == 16_000_000 and fig["inclusive_borrowers"] == 2
    assert fig["year_start_comparable"] is False and fig["year_earlier_comparable"] is False
    assert fig["inclusive_balance_year_start_fen"] is None and fig["inclusive_borrowers_year_earlier"] is None
    assert fig["growth_target_met"] is None and fig["borrowers_target_met"] is None  # not "2 ≥ 0, met"
    path = tmp_path / "ti.xlsx"
    build_report(db, "two-increase", path, ReportRequest("2025-03"), "t", today=date(2025, 4, 2))
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)}
    assert rows["普惠型小微企业贷款余额（2025-03-31）"][4] == "无可比数据"
    assert rows["普惠型小微企业贷款余额（上年同期 2024-03-31）"][2] == "无可比数据"
    borrowers = rows["普惠型小微企业贷款户数"]
    assert borrowers[2] == 2 and borrowers[4] == "无可比数据" and borrowers[6] == "不可评估"
    assert rows["普惠型小微企业贷款较年初增速"][6] == "不可评估"


def test_a_later_import_makes_the_year_earlier_comparable(db):
    _first_import_portfolio(db)
    fig = figures(db, ReportRequest("2026-03"))
    assert fig["year_earlier_comparable"] is True and fig["inclusive_borrowers_year_earlier"] == 2
    assert fig["year_start_comparable"] is True and fig["inclusive_balance_year_start_fen"] == 16_000_000


@pytest.mark.parametrize("language, text", [("en", "No comparable data")])
def test_not_comparable_in_english(db, tmp_path, language, text):
    _first_import_portfolio(db)
    path = tmp_path / "ti.xlsx"
    build_report(db, "two-increase", path, ReportRequest("2025-03", language=language), "t", today=date(2025, 4, 2))
    cells = [c for row in openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True) for c in row]
    assert text in cells and "Not assessable" in cells
