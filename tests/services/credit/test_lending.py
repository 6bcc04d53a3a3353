"""Drawdowns within the line, schedules stored, repayments and balances."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.domain.schedule import build_schedule
from workbench.services import lending, repayments, workflow
from workbench.services.errors import PermissionDenied, ValidationError
from workbench.store import audit

from .conftest import TODAY, audit_actions, draft


def approved_line(db, **overrides) -> int:
    app_id = draft(db, **overrides)
    for who, action in (("wangfang", "submit"), ("lijun", "take_review"), ("lijun", "pass_review"), ("zhaomin", "approve")):
        app = workflow.act(db, who, app_id, action, today=TODAY)
    return app["credit_line"]["id"]


def test_drawdown_creates_loan_with_schedule_and_history(cdb):
    line_id = approved_line(cdb)  # 500,000 元 at 3.60 %, 12 months, annuity
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 30_000_000, drawdown_date=date(2025, 3, 15))
    loan = lending.loan_detail(cdb, loan_id)
    assert loan["loan_no"] == "JJ2025030001"
    assert (loan["amount_fen"], loan["balance_fen"], loan["rate_bp"], loan["status"]) == (30_000_000, 30_000_000, 360, "active")
    assert (loan["drawdown_date"], loan["maturity_date"]) == ("2025-03-15", "2026-03-15")
    assert loan["officer"] == "王芳" and loan["client_name"] == "杭州青禾食品有限公司"
    expected = build_schedule(30_000_000, 360, 12, "annuity", date(2025, 3, 15))
    stored = [(i["seq"], i["due_date"], i["principal_fen"], i["interest_fen"], i["balance_fen"]) for i in loan["instalments"]]
    assert stored == [(i.seq, i.due_date.isoformat(), i.principal_fen, i.interest_fen, i.balance_fen) for i in expected.instalments]
    assert sum(i["principal_fen"] for i in loan["instalments"]) == 30_000_000
    assert [(b["as_of"], b["balance_fen"]) for b in loan["balance_history"]] == [("2025-03-15", 30_000_000)]
    assert audit_actions(cdb, "loans") == ["loan.drawdown"]
    assert lending.available_fen(cdb, line_id) == 20_000_000


def test_drawdown_over_the_available_limit_is_refused(cdb):
    line_id = approved_line(cdb)
    lending.drawdown(cdb, "wangfang", line_id, 30_000_000, drawdown_date=TODAY)
    with pytest.raises(ValidationError) as err:
        lending.drawdown(cdb, "wangfang", line_id, 20_000_001, drawdown_date=TODAY)
    assert err.value.code == "over_limit" and err.value.values["available_fen"] == 20_000_000
    assert "200,000.00" in err.value.message_zh
    assert cdb.execute("SELECT count(*) FROM loans").fetchone()[0] == 1
    lending.drawdown(cdb, "wangfang", line_id, 20_000_000, drawdown_date=TODAY)  # exactly the rest
    assert lending.available_fen(cdb, line_id) == 0


def test_drawdown_outside_the_line_validity_or_by_wrong_role_is_refused(cdb):
    line_id = approved_line(cdb)
    with pytest.raises(ValidationError) as err:
        lending.drawdown(cdb, "wangfang", line_id, 100, drawdown_date=date(2026, 3, 11))
    assert err.value.code == "line_not_usable"
    with pytest.raises(PermissionDenied):
        lending.drawdown(cdb, "zhaomin", line_id, 100, drawdown_date=TODAY)
    with pytest.raises(ValidationError):
        lending.drawdown(cdb, "wangfang", line_id, 0, drawdown_date=TODAY)
    assert cdb.execute("SELECT count(*) FROM loans").fetchone()[0] == 0


def test_repayment_reduces_balance_marks_instalments_and_closes(cdb):
    line_id = approved_line(cdb, repayment_method="equal_principal", term_months=2)
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 10_000_000, drawdown_date=date(2025, 3, 10))
    first = lending.loan_detail(cdb, loan_id)["instalments"][0]
    assert first["principal_fen"] == 5_000_000
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 10), first["principal_fen"], first["interest_fen"])
    loan = lending.loan_detail(cdb, loan_id)
    assert loan["balance_fen"] == 5_000_000 and loan["status"] == "active"
    assert [i["paid_on"] for i in loan["instalments"]] == ["2025-04-10", None]
    with pytest.raises(ValidationError) as err:
        repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 5, 10), 5_000_001)
    assert err.value.code == "over_balance"
    second = loan["instalments"][1]
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 5, 10), 5_000_000, second["interest_fen"], note="结清")
    loan = lending.loan_detail(cdb, loan_id)
    assert (loan["balance_fen"], loan["status"], loan["closed_on"]) == (0, "closed", "2025-05-10")
    assert [b["balance_fen"] for b in loan["balance_history"]] == [10_000_000, 5_000_000, 0]
    assert len(loan["repayments"]) == 2
    assert audit_actions(cdb, "loans") == ["loan.drawdown", "loan.repayment", "loan.repayment"]
    with pytest.raises(ValidationError) as err:
        repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 5, 11), 0, 100)
    assert err.value.code == "loan_closed"
    assert audit.verify(cdb) is None


def test_partial_repayment_leaves_instalment_open(cdb):
    line_id = approved_line(cdb)
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 12_000_000, drawdown_date=TODAY)
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 1), 1_000)
    inst = lending.loan_detail(cdb, loan_id)["instalments"][0]
    assert (inst["paid_principal_fen"], inst["paid_on"]) == (1_000, None)
    assert lending.loan_detail(cdb, loan_id)["balance_fen"] == 12_000_000 - 1_000


def test_revolving_line_frees_limit_on_repayment(cdb):
    line_id = approved_line(cdb, repayment_method="revolving")
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 50_000_000, drawdown_date=TODAY)
    assert lending.available_fen(cdb, line_id) == 0
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 1), 20_000_000)
    assert lending.available_fen(cdb, line_id) == 20_000_000


def test_list_loans_sorts_filters_and_pages_in_sql(cdb):
    line_id = approved_line(cdb)
    ids = [lending.drawdown(cdb, "wangfang", line_id, amount, drawdown_date=TODAY) for amount in (3_000_000, 1_000_000, 2_000_000)]
    page1 = lending.list_loans(cdb, order_by="amount_fen", limit=2)
    assert [r["amount_fen"] for r in page1] == [1_000_000, 2_000_000]
    page2 = lending.list_loans(cdb, order_by="amount_fen", limit=2, after=page1[-1]["_key"])
    assert [r["amount_fen"] for r in page2] == [3_000_000]
    desc = lending.list_loans(cdb, order_by="amount_fen", descending=True)
    assert [r["id"] for r in desc] == [ids[0], ids[2], ids[1]]
    assert lending.count_loans(cdb, search="JJ2025030002") == 1
    assert lending.list_loans(cdb, status="closed") == []
    with pytest.raises(ValidationError):
        lending.list_loans(cdb, order_by="1; DROP TABLE loans")
    assert [line["available_fen"] for line in lending.list_lines(cdb, usable_on=TODAY)] == [44_000_000]


def test_drawing_a_renewal_closes_the_old_loan(cdb):
    old_line = approved_line(cdb)
    old_id = lending.drawdown(cdb, "wangfang", old_line, 50_000_000, drawdown_date=TODAY)
    new_line = approved_line(cdb, kind="renewal", renews_loan_id=old_id, product="续贷")
    new_id = lending.drawdown(cdb, "wangfang", new_line, 50_000_000, drawdown_date=date(2025, 3, 20))
    old = lending.loan_detail(cdb, old_id)
    assert (old["status"], old["balance_fen"], old["closed_on"]) == ("closed", 0, "2025-03-20")
    link = cdb.execute("SELECT old_loan_id, new_loan_id FROM renewals").fetchall()
    assert link == [(old_id, new_id)]
    assert "loan.close_by_renewal" in audit_actions(cdb, "loans")
