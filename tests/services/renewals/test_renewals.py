"""Renewals end to end: each kind through the approval chain to drawdown, eligibility and override."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from workbench.services import lending, renewals
from workbench.services.errors import ValidationError

from .conftest import TODAY, add_client, add_loan, approve, audit_rows

CONFIRMED = {"needs_funds": True, "good_conduct": True}


@pytest.mark.parametrize("kind", ["renewal", "no_principal", "extension"])
def test_each_kind_end_to_end(rdb, kind):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=20))
    app_id = renewals.start_renewal(rdb, "wangfang", old, kind, today=TODAY, **CONFIRMED)
    app = rdb["applications"].get(app_id)
    assert (app["kind"], app["renews_loan_id"], app["status"]) == (kind, old, "draft")
    # pre-filled from the old loan: the balance for a loan repaid by the new one, the amount for 续贷
    assert app["amount_fen"] == (100_000_000 if kind == "renewal" else 80_000_000)
    assert (app["product"], app["repayment_method"], app["guarantee_type"], app["spread_bp"]) == (
        "流动资金贷款", "interest_only", "credit", 75)
    assert app["term_months"] == 12
    assert renewals.open_renewal(rdb, old)["application_id"] == app_id

    line_id = approve(rdb, app_id)
    new = lending.drawdown(rdb, "wangfang", line_id, app["amount_fen"], drawdown_date=TODAY + timedelta(days=19))

    old_row, new_row = rdb["loans"].get(old), rdb["loans"].get(new)
    assert (old_row["status"], old_row["balance_fen"], old_row["closed_on"]) == ("closed", 0, new_row["drawdown_date"])
    link = rdb.execute("SELECT old_loan_id, new_loan_id, kind, completed_at FROM renewals WHERE application_id = ?", [app_id]).fetchone()
    assert link[:3] == (old, new, kind) and link[3]
    assert renewals.open_renewal(rdb, old) is None
    # visible on the loan (either side) and on the client
    for history in (renewals.renewal_history(rdb, loan_id=old), renewals.renewal_history(rdb, loan_id=new),
                    renewals.renewal_history(rdb, client_id=rdb.client_id)):
        assert [(h["old_loan_id"], h["new_loan_id"], h["kind"]) for h in history] == [(old, new, kind)]
    actions = [r["action"] for r in audit_rows(rdb, "loans", old)]
    assert "loan.close_by_renewal" in actions
    assert [r["action"] for r in audit_rows(rdb, "renewals")] == ["renewal.start", "renewal.complete"]
    last_balance = rdb.execute("SELECT balance_fen, source FROM balance_history WHERE loan_id = ? ORDER BY id DESC", [old]).fetchone()
    assert last_balance == (0, "renewal")


def test_no_principal_all_rules_pass_stores_eligibility_without_override(rdb):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    app_id = renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, **CONFIRMED)
    app = rdb["applications"].get(app_id)
    stored = json.loads(app["eligibility_json"])
    assert stored["kind"] == "no_principal" and stored["evaluated_on"] == "2025-03-10"
    assert all(r["passed"] for r in stored["rules"])
    assert app["override_justification"] is None


def test_no_principal_failed_rule_needs_written_justification(rdb):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30), classification="substandard", overdue_days=95)
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, **CONFIRMED)
    assert info.value.code == "justification_required"
    assert set(info.value.values["failed"]) == {"classification", "no_arrears"}
    assert "次级" in info.value.message_zh
    # a too-short justification is no justification
    with pytest.raises(ValidationError):
        renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, justification="同意", **CONFIRMED)
    assert rdb["applications"].count == 0 and rdb["renewals"].count == 0  # nothing written

    why = "借款人订单回款延迟，已与核心企业确认4月初回款，分行行长已书面同意。"
    app_id = renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, justification=why, **CONFIRMED)
    app = rdb["applications"].get(app_id)
    assert app["override_justification"] == why
    failed = [r["rule_id"] for r in json.loads(app["eligibility_json"])["rules"] if not r["passed"]]
    assert failed == ["classification", "no_arrears"]
    override = [r for r in audit_rows(rdb, "applications", app_id) if r["action"] == "application.eligibility_override"]
    assert len(override) == 1 and override[0]["reason"] == why
    assert json.loads(override[0]["after_json"])["failed_rules"] == ["classification", "no_arrears"]


def test_unconfirmed_needs_is_a_failed_rule(rdb):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY)
    assert set(info.value.values["failed"]) == {"needs_funds", "good_conduct"}


def test_other_kinds_do_not_apply_the_no_principal_rules(rdb):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30), classification="substandard")
    app_id = renewals.start_renewal(rdb, "wangfang", old, "renewal", today=TODAY)
    assert rdb["applications"].get(app_id)["eligibility_json"] is None


def test_one_open_renewal_per_loan_and_again_after_rejection(rdb):
    from workbench.services import workflow

    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    first = renewals.start_renewal(rdb, "wangfang", old, "renewal", today=TODAY)
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "extension", today=TODAY)
    assert info.value.code == "renewal_open" and info.value.values["application_id"] == first
    workflow.act(rdb, "wangfang", first, "submit", today=TODAY)
    workflow.act(rdb, "lijun", first, "take_review", today=TODAY)
    workflow.act(rdb, "lijun", first, "reject", opinion="还款来源不足", today=TODAY)
    second = renewals.start_renewal(rdb, "wangfang", old, "extension", today=TODAY)
    assert second != first


def test_refused_cases(rdb):
    closed = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30), status="closed", balance_fen=0)
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", closed, "renewal", today=TODAY)
    assert info.value.code == "loan_closed"
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "extension", today=TODAY, term_months=13)
    assert info.value.code == "extension_too_long"
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "refinance", today=TODAY)
    assert info.value.code == "bad_kind"


def test_officer_may_change_prefilled_terms(rdb):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    app_id = renewals.start_renewal(rdb, "wangfang", old, "renewal", today=TODAY, amount_fen=60_000_000, term_months=6,
                                    repayment_method="annuity")
    app = rdb["applications"].get(app_id)
    assert (app["amount_fen"], app["term_months"], app["repayment_method"]) == (60_000_000, 6, "annuity")


def test_renewal_keeps_a_worse_classification(rdb):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30), classification="special")
    app_id = renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, **CONFIRMED)
    line_id = approve(rdb, app_id)
    new = lending.drawdown(rdb, "wangfang", line_id, 80_000_000, drawdown_date=TODAY + timedelta(days=5))
    assert rdb["loans"].get(new)["classification"] == "special"
    hist = list(rdb.query("SELECT from_class, to_class, source FROM classification_history WHERE loan_id = ?", [new]))
    assert hist == [{"from_class": "normal", "to_class": "special", "source": "renewal"}]


def test_eligibility_of_a_medium_enterprise(rdb):
    medium = add_client(rdb, name="中型制造企业", size_class="medium")
    soon = add_loan(rdb, medium, date(2027, 9, 30))
    late = add_loan(rdb, medium, date(2027, 10, 31))
    on = date(2027, 9, 1)
    by_id = lambda loan: {r.rule_id: r.passed for r in renewals.eligibility(rdb, loan, today=on, **CONFIRMED)}
    assert by_id(soon)["borrower_type"] is True
    assert by_id(late)["borrower_type"] is False


def test_renewal_prefills_collateral_and_guarantors_from_the_old_application(rdb):
    from workbench.services.applications import children, create_application

    app0 = create_application(
        rdb, "wangfang", rdb.client_id, product="流动资金贷款", amount_fen=50_000_000, term_months=12,
        repayment_method="annuity", guarantee_type="mortgage", spread_bp=60, today=TODAY - timedelta(days=340),
        collateral=[{"kind": "房产", "owner": "张三", "appraised_value_fen": 200_000_000, "ltv_bp": 5000}],
        guarantors=[{"person_name": "张三", "relation": "法定代表人"}],
    )
    line = approve(rdb, app0, today=TODAY - timedelta(days=340))
    loan = lending.drawdown(rdb, "wangfang", line, 50_000_000, drawdown_date=TODAY - timedelta(days=340))
    app_id = renewals.start_renewal(rdb, "wangfang", loan, "renewal", today=TODAY)
    coll, guars = children(rdb, app_id)
    assert [(c["kind"], c["appraised_value_fen"]) for c in coll] == [("房产", 200_000_000)]
    assert [g["person_name"] for g in guars] == ["张三"]
    assert rdb["applications"].get(app_id)["guarantee_type"] == "mortgage"
