"""Renewals end to end: each kind through the approval chain to drawdown, eligibility and override."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from workbench.domain.schedule import add_months
from workbench.services import applications, lending, renewals, workflow
from workbench.services.errors import ValidationError

from .conftest import TODAY, add_client, add_loan, approve, audit_rows

CONFIRMED = {"needs_funds": True, "good_conduct": True}
# applications.create_application/update_application guarded by renewals.validate_renewal_request (finding 13)


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
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30), classification="special", overdue_days=5,
                   overdue_interest_fen=120_000, product=None)
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, **CONFIRMED)
    assert info.value.code == "justification_required"
    assert set(info.value.values["failed"]) == {"loan_type", "no_arrears"}
    assert "产品未知" in info.value.message_zh and "1,200.00" in info.value.message_zh
    # a too-short justification is no justification
    with pytest.raises(ValidationError):
        renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, justification="同意", **CONFIRMED)
    assert rdb["applications"].count == 0 and rdb["renewals"].count == 0  # nothing written

    why = "借款人订单回款延迟，已与核心企业确认4月初回款，分行行长已书面同意。"
    app_id = renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, justification=why, **CONFIRMED)
    app = rdb["applications"].get(app_id)
    assert app["override_justification"] == why
    failed = [r["rule_id"] for r in json.loads(app["eligibility_json"])["rules"] if not r["passed"]]
    assert failed == ["loan_type", "no_arrears"]
    assert app["product"] == "流动资金贷款"  # the renewal's own product, pre-filled, the officer may change it
    override = [r for r in audit_rows(rdb, "applications", app_id) if r["action"] == "application.eligibility_override"]
    assert len(override) == 1 and override[0]["reason"] == why
    assert json.loads(override[0]["after_json"])["failed_rules"] == ["loan_type", "no_arrears"]


WHY = "借款人订单回款延迟，已与核心企业确认4月初回款，分行行长已书面同意。"


@pytest.mark.parametrize(
    ("loan", "rule", "words_zh"),
    [
        ({"classification": "substandard", "overdue_days": 95}, "classification", "次级"),
        ({"maturity": TODAY - timedelta(days=3)}, "before_maturity", "已于2025-03-07到期"),
        ({"maturity": TODAY}, "before_maturity", "今天"),
    ],
)
def test_non_overridable_rule_refuses_even_with_a_justification(rdb, loan, rule, words_zh):
    """QA finding 20: a 无还本续贷 after maturity or for a 次级 loan went through with a 10-character justification."""
    maturity = loan.pop("maturity", TODAY + timedelta(days=30))
    old = add_loan(rdb, rdb.client_id, maturity, **loan)
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, justification=WHY, **CONFIRMED)
    assert info.value.code == "rule_not_overridable"
    assert rule in info.value.values["failed"]
    label = {r.rule_id: r for r in renewals.eligibility(rdb, old, today=TODAY, **CONFIRMED)}[rule]
    assert label.overridable is False and label.label_zh in info.value.message_zh and label.label_en in info.value.message_en
    assert words_zh in info.value.message_zh
    assert rdb["applications"].count == 0 and rdb["renewals"].count == 0 and audit_rows(rdb, "renewals") == []
    # an ordinary 续贷 / 展期 of the same loan is still possible (those rules are the 无还本续贷's)
    assert renewals.start_renewal(rdb, "wangfang", old, "renewal", today=TODAY)


def test_overridable_rules_are_marked_in_the_stored_evaluation(rdb):
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    app_id = renewals.start_renewal(rdb, "wangfang", old, "no_principal", today=TODAY, **CONFIRMED)
    rules = {r["rule_id"]: r["overridable"] for r in json.loads(rdb["applications"].get(app_id)["eligibility_json"])["rules"]}
    assert [k for k, v in rules.items() if not v] == ["classification", "before_maturity"]


@pytest.mark.parametrize(
    ("product", "purpose", "passed", "words"),
    [
        (None, None, False, "product unknown, must be confirmed"),
        (None, "采购原材料", True, "working capital"),
        ("银行承兑汇票", None, False, "not covered"),
        ("流动资金贷款", None, True, "working-capital"),
        ("设备购置贷款", "采购设备", False, "not recognised"),
    ],
)
def test_loan_type_from_the_stored_product_and_purpose(rdb, product, purpose, passed, words):
    """QA finding 10: core-banking loans with product NULL passed as "产品“”为经营性/流动资金贷款"."""
    old = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30), product=product, purpose=purpose)
    r = {r.rule_id: r for r in renewals.eligibility(rdb, old, today=TODAY, **CONFIRMED)}["loan_type"]
    assert r.passed is passed and words in r.reason_en
    assert "“”" not in r.reason_zh


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
    assert info.value.values["limit_months"] == 12
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


# --- 展期 limits, 《贷款通则》第十二条 (QA finding 11) ---------------------------------------------


def _loan_of_term(db, months: int, maturity: date = date(2025, 3, 28), **extra) -> int:
    """An active loan of exactly ``months`` (a maturity day every month has, so no month-end clamping)."""
    return add_loan(db, db.client_id, maturity, drawdown_date=add_months(maturity, -months).isoformat(), **extra)


def _extend_and_draw(db, loan_id: int, months: int, on: date) -> int:
    app_id = renewals.start_renewal(db, "wangfang", loan_id, "extension", today=on, term_months=months)
    line = approve(db, app_id, today=on)
    return lending.drawdown(db, "wangfang", line, db["loans"].get(loan_id)["balance_fen"], drawdown_date=on)


@pytest.mark.parametrize(("months", "limit"), [(6, 6), (12, 12), (13, 6), (24, 12), (36, 18), (60, 30), (61, 36), (120, 36)])
def test_extension_limit_by_original_term(rdb, months, limit):
    """Short-term: the original term; medium-term (1–5 years): half of it; long-term (> 5 years): 3 years."""
    old = _loan_of_term(rdb, months)
    assert renewals.extension_allowance(rdb, old).limit_months == limit
    assert renewals.renewal_defaults(rdb, old, "extension")["term_months"] == limit
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", old, "extension", today=TODAY, term_months=limit + 1)
    assert info.value.code == "extension_too_long" and info.value.values["limit_months"] == limit
    assert f"{months} 个月" in info.value.message_zh and "第十二条" in info.value.message_zh
    assert rdb["applications"].count == 0
    app_id = renewals.start_renewal(rdb, "wangfang", old, "extension", today=TODAY, term_months=limit)
    assert rdb["applications"].get(app_id)["term_months"] == limit


def test_extensions_are_cumulative_along_the_chain(rdb):
    a = _loan_of_term(rdb, 24)  # medium-term: extensions total at most 12 months
    b = _extend_and_draw(rdb, a, 8, TODAY + timedelta(days=17))
    assert rdb["loans"].get(a)["status"] == "closed"
    allowance = renewals.extension_allowance(rdb, b)
    assert (allowance.original_months, allowance.used_months, allowance.remaining_months) == (24, 8, 4)
    assert renewals.renewal_defaults(rdb, b, "extension")["term_months"] == 4
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", b, "extension", today=TODAY, term_months=5)
    assert info.value.code == "extension_too_long"
    assert (info.value.values["used_months"], info.value.values["remaining_months"]) == (8, 4)
    assert "已展期 8 个月" in info.value.message_zh
    c = _extend_and_draw(rdb, b, 4, TODAY + timedelta(days=30))
    assert renewals.extension_allowance(rdb, c).remaining_months == 0
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", c, "extension", today=TODAY, term_months=1)
    assert info.value.code == "extension_too_long"


def test_a_renewal_starts_a_new_loan_whose_extensions_count_afresh(rdb):
    a = _loan_of_term(rdb, 12)
    b = _extend_and_draw(rdb, a, 6, TODAY + timedelta(days=17))
    assert renewals.extension_allowance(rdb, b).remaining_months == 6
    app_id = renewals.start_renewal(rdb, "wangfang", b, "renewal", today=TODAY, term_months=12)
    c = lending.drawdown(rdb, "wangfang", approve(rdb, app_id), 50_000_000, drawdown_date=TODAY + timedelta(days=40))
    allowance = renewals.extension_allowance(rdb, c)
    assert (allowance.original_months, allowance.used_months, allowance.remaining_months) == (12, 0, 12)


# --- renewals made as ordinary applications (QA finding 13) ------------------------------------


def _direct(db, client_id, *, term_months=12, **kw) -> int:
    return applications.create_application(
        db, "wangfang", client_id, product="流动资金贷款", amount_fen=10_000_000, term_months=term_months,
        repayment_method="interest_only", guarantee_type="credit", today=TODAY, **kw)


def test_create_application_cannot_bypass_the_renewal_checks(rdb):
    mine = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    other_client = add_client(rdb, name="温州瓯江五金有限公司")
    theirs = add_loan(rdb, other_client, TODAY + timedelta(days=30))
    closed = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30), status="closed", balance_fen=0)
    cases = [
        ({"kind": "no_principal", "renews_loan_id": theirs}, "renews_other_client"),
        ({"kind": "renewal", "renews_loan_id": theirs}, "renews_other_client"),
        ({"kind": "no_principal", "renews_loan_id": mine}, "eligibility_not_evaluated"),
        ({"kind": "new", "renews_loan_id": mine}, "renews_loan_without_kind"),
        ({"kind": "extension"}, "renews_loan_required"),
        ({"kind": "extension", "renews_loan_id": mine, "term_months": 13}, "extension_too_long"),
        ({"kind": "renewal", "renews_loan_id": closed}, "loan_closed"),
        ({"kind": "renewal", "renews_loan_id": 99_999}, "renews_loan_not_found"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ValidationError) as info:
            _direct(rdb, rdb.client_id, **kwargs)
        assert info.value.code == code, kwargs
        assert info.value.message_zh and info.value.message_en
    assert rdb["applications"].count == 0
    assert [rdb["loans"].get(i)["status"] for i in (mine, theirs)] == ["active", "active"]
    # an ordinary 续贷 of one's own loan may be made directly; then it is the loan's renewal under way
    first = _direct(rdb, rdb.client_id, kind="renewal", renews_loan_id=mine)
    with pytest.raises(ValidationError) as info:
        _direct(rdb, rdb.client_id, kind="extension", renews_loan_id=mine, term_months=6)
    assert info.value.code == "renewal_open" and info.value.values["application_id"] == first
    with pytest.raises(ValidationError) as info:
        renewals.start_renewal(rdb, "wangfang", mine, "no_principal", today=TODAY, **CONFIRMED)
    assert info.value.code == "renewal_open"


def test_the_bypass_no_longer_closes_another_clients_loan(rdb):
    """The QA scenario: a 无还本续贷 application naming any loan, approved and drawn, closed that loan."""
    other_client = add_client(rdb, name="温州瓯江五金有限公司")
    theirs = add_loan(rdb, other_client, TODAY + timedelta(days=30))
    with pytest.raises(ValidationError):
        _direct(rdb, rdb.client_id, kind="no_principal", renews_loan_id=theirs)
    line = approve(rdb, _direct(rdb, rdb.client_id))
    lending.drawdown(rdb, "wangfang", line, 10_000_000, drawdown_date=TODAY)
    assert rdb["loans"].get(theirs)["status"] == "active" and rdb["renewals"].count == 0


def test_update_application_cannot_turn_an_application_into_a_renewal(rdb):
    mine = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    plain = _direct(rdb, rdb.client_id)
    for changes, code in [({"kind": "no_principal", "renews_loan_id": mine}, "eligibility_not_evaluated"),
                          ({"renews_loan_id": mine}, "renews_loan_without_kind"),
                          ({"kind": "extension", "renews_loan_id": mine, "term_months": 24}, "extension_too_long")]:
        with pytest.raises(ValidationError) as info:
            applications.update_application(rdb, "wangfang", plain, today=TODAY, **changes)
        assert info.value.code == code
    assert (rdb["applications"].get(plain)["kind"], rdb["applications"].get(plain)["renews_loan_id"]) == ("new", None)


def test_editing_a_started_renewal_keeps_its_checks(rdb):
    npr_loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    npr = renewals.start_renewal(rdb, "wangfang", npr_loan, "no_principal", today=TODAY, **CONFIRMED)
    applications.update_application(rdb, "wangfang", npr, today=TODAY, amount_fen=70_000_000)  # same kind and loan: fine
    assert rdb["applications"].get(npr)["amount_fen"] == 70_000_000
    ext_loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    ext = renewals.start_renewal(rdb, "wangfang", ext_loan, "extension", today=TODAY, term_months=6)
    with pytest.raises(ValidationError) as info:
        applications.update_application(rdb, "wangfang", ext, today=TODAY, term_months=13)
    assert info.value.code == "extension_too_long"
    applications.update_application(rdb, "wangfang", ext, today=TODAY, term_months=12)
    assert rdb["applications"].get(ext)["term_months"] == 12
    # moving a renewal onto a loan that has its own renewal under way is refused
    with pytest.raises(ValidationError) as info:
        applications.update_application(rdb, "wangfang", ext, today=TODAY, renews_loan_id=npr_loan)
    assert info.value.code == "renewal_open" and info.value.values["application_id"] == npr


def test_validate_renewal_request_directly(rdb):
    """The guard itself, whether or not applications.py calls it yet."""
    mine = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=30))
    assert renewals.validate_renewal_request(rdb, rdb.client_id, "new", None) is None
    assert renewals.validate_renewal_request(rdb, rdb.client_id, "renewal", mine) is None
    with pytest.raises(ValidationError) as info:
        renewals.validate_renewal_request(rdb, rdb.client_id, "no_principal", mine)
    assert info.value.code == "eligibility_not_evaluated" and "发起续贷" in info.value.message_zh
    with pytest.raises(ValidationError) as info:
        renewals.validate_renewal_request(rdb, rdb.client_id, "refinance", mine)
    assert info.value.code == "bad_kind"
    assert workflow  # the approval chain used by approve() is the real one
