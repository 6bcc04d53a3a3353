"""无还本续贷 eligibility rules (pure domain): each rule passing and failing, the rule file as data."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.renewal_rules import (
    KNOWN_RULES,
    RenewalFacts,
    RenewalRulesError,
    blocking,
    default_extension_limits,
    default_rules,
    evaluate,
    extension_allowance,
    load_rules,
    parse_extension_limits,
    parse_rules,
)

MATURITY = date(2025, 6, 30)
GOOD = RenewalFacts(
    entity_type="enterprise", size_class="small", product="流动资金贷款", classification="normal", overdue_days=0,
    overdue_principal_fen=0, overdue_interest_fen=0, maturity_date=MATURITY, application_date=MATURITY - timedelta(days=30),
    still_operating=True, needs_funds=True, good_conduct=True,
)


def result(facts, rule_id, rules=None):
    return {r.rule_id: r for r in evaluate(facts, rules)}[rule_id]


def test_all_rules_pass_for_a_good_case_and_each_has_labels():
    results = evaluate(GOOD)
    assert [r.rule_id for r in results] == list(KNOWN_RULES)
    assert all(r.passed for r in results)
    assert all(r.label_zh and r.label_en and r.reason_zh and r.reason_en for r in results)


@pytest.mark.parametrize(
    ("changes", "passed"),
    [
        ({"size_class": "micro"}, True),
        ({"size_class": "small"}, True),
        ({"size_class": "large"}, False),
        ({"size_class": None}, False),
        ({"entity_type": "individual_business", "size_class": None}, True),
        ({"entity_type": "owner", "size_class": None}, True),
        ({"entity_type": "farmer", "size_class": None}, True),
        # medium: temporarily covered for working-capital loans maturing by 2027-09-30
        ({"size_class": "medium", "maturity_date": date(2027, 9, 30), "application_date": date(2027, 9, 1)}, True),
        ({"size_class": "medium", "maturity_date": date(2027, 10, 1), "application_date": date(2027, 9, 1)}, False),
        ({"size_class": "medium", "product": "经营性贷款"}, True),
        ({"size_class": "medium", "product": "设备购置贷款"}, False),  # not a working-capital product
    ],
)
def test_borrower_type(changes, passed):
    r = result(replace(GOOD, **changes), "borrower_type")
    assert r.passed is passed, r.reason_en


def test_medium_after_cutoff_names_the_dates():
    r = result(replace(GOOD, size_class="medium", maturity_date=date(2027, 10, 1), application_date=date(2027, 9, 1)), "borrower_type")
    assert "2027-09-30" in r.reason_zh and "2027-10-01" in r.reason_en


@pytest.mark.parametrize(("product", "passed"), [("流动资金贷款", True), ("个体工商户经营贷", True), ("固定资产贷款", False), ("项目贷款", False), ("个人住房按揭", False)])
def test_loan_type(product, passed):
    assert result(replace(GOOD, product=product), "loan_type").passed is passed


@pytest.mark.parametrize(
    ("product", "purpose", "passed", "reason_en"),
    [
        # QA finding 10: a loan without a product passed as "产品“”为经营性/流动资金贷款"
        (None, None, False, "product unknown, must be confirmed"),
        ("", "  ", False, "product unknown, must be confirmed"),
        ("银行承兑汇票", None, False, "not covered"),
        ("经营性物业贷款", None, False, "not covered"),
        ("小微快贷", None, False, "not recognised"),
        # the purpose speaks when the product does not
        (None, "日常经营周转", True, "working capital"),
        ("小微快贷", "采购原材料", True, "working capital"),
        (None, "购置固定资产", False, "not covered"),
        ("设备购置贷款", "采购设备", False, "not recognised"),
    ],
)
def test_loan_type_requires_a_known_working_capital_product(product, purpose, passed, reason_en):
    r = result(replace(GOOD, product=product, purpose=purpose), "loan_type")
    assert r.passed is passed and reason_en in r.reason_en
    assert "“”" not in r.reason_zh
    if product is None and purpose is None:
        assert r.reason_zh == "产品未知，须确认"


def test_medium_enterprise_with_unknown_product_is_not_temporarily_covered():
    medium = replace(GOOD, size_class="medium", product=None)
    assert result(medium, "borrower_type").passed is False
    assert result(replace(medium, purpose="流动资金周转"), "borrower_type").passed is True


def test_before_maturity_and_classification_cannot_be_overridden():
    """QA finding 20: the rule file marks them; blocking() lists their failures and only theirs."""
    flags = {r.rule_id: r.overridable for r in evaluate(GOOD)}
    assert [k for k, v in flags.items() if not v] == ["classification", "before_maturity"]
    bad = replace(GOOD, classification="substandard", overdue_days=100, application_date=MATURITY + timedelta(days=1),
                  needs_funds=None)
    assert [r.rule_id for r in blocking(evaluate(bad))] == ["classification", "before_maturity"]
    assert blocking(evaluate(replace(GOOD, overdue_days=3, needs_funds=None))) == []


def test_overridable_flag_is_data(tmp_path):
    data = {"apply_window_days": 90, "rules": [dict(p, id=i) for i, p in default_rules().rules]}
    for rule in data["rules"]:
        rule["overridable"] = rule["id"] != "no_arrears"
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edited = load_rules(path)
    late = replace(GOOD, application_date=MATURITY + timedelta(days=5), overdue_days=1)
    assert [r.rule_id for r in blocking(evaluate(late, edited))] == ["no_arrears"]
    with pytest.raises(RenewalRulesError):
        parse_rules({"apply_window_days": 90, "rules": [{"id": "still_operating", "label_zh": "x", "label_en": "x", "overridable": "no"}]})


@pytest.mark.parametrize(
    ("months", "band", "limit"),
    [(1, "short", 1), (12, "short", 12), (13, "medium", 6), (24, "medium", 12), (59, "medium", 29), (60, "medium", 30),
     (61, "long", 36), (360, "long", 36)],
)
def test_extension_limits_by_band(months, band, limit):
    """《贷款通则》第十二条: short-term ≤ the original term, medium-term ≤ half of it, long-term ≤ 3 years."""
    allowance = extension_allowance(months)
    assert (allowance.band.id, allowance.limit_months, allowance.remaining_months) == (band, limit, limit)
    assert extension_allowance(months, limit - 1).remaining_months == 1
    assert extension_allowance(months, limit + 5).remaining_months == 0


@given(months=st.integers(1, 480), used=st.integers(0, 100))
def test_extension_allowance_property(months, used):
    a = extension_allowance(months, used)
    cap = months if months <= 12 else months // 2 if months <= 60 else 36
    assert a.limit_months == cap
    assert a.remaining_months == max(0, cap - used)
    assert a.used_months + a.remaining_months >= a.limit_months


def test_extension_limits_are_data():
    limits = parse_extension_limits({"bands": [
        {"id": "short", "label_zh": "短期", "label_en": "short", "max_original_months": 12, "limit": {"months": 3}},
        {"id": "rest", "label_zh": "其他", "label_en": "rest", "max_original_months": None, "limit": {"fraction_of_original": [1, 3]}},
    ]})
    assert extension_allowance(12, 0, limits).limit_months == 3
    assert extension_allowance(30, 0, limits).limit_months == 10
    assert "第十二条" in default_extension_limits().source


@pytest.mark.parametrize(
    "bands",
    [
        [],
        [{"id": "a", "label_zh": "a", "label_en": "a", "max_original_months": 12, "limit": {"months": 3}}],  # no open end
        [{"id": "a", "label_zh": "a", "label_en": "a", "max_original_months": None, "limit": {}}],
        [{"id": "a", "label_zh": "a", "label_en": "a", "max_original_months": None, "limit": {"months": 3, "fraction_of_original": [1, 2]}}],
        [{"id": "a", "label_zh": "a", "label_en": "a", "max_original_months": None, "limit": {"fraction_of_original": [1, 0]}}],
        [{"id": "a", "label_zh": "a", "label_en": "a", "max_original_months": 60, "limit": {"months": 3}},
         {"id": "b", "label_zh": "b", "label_en": "b", "max_original_months": 12, "limit": {"months": 3}},
         {"id": "c", "label_zh": "c", "label_en": "c", "max_original_months": None, "limit": {"months": 3}}],
        [{"id": "a", "label_en": "a", "max_original_months": None, "limit": {"months": 3}}],
    ],
)
def test_broken_extension_limits_refused(bands):
    with pytest.raises(RenewalRulesError):
        parse_extension_limits({"bands": bands})


@pytest.mark.parametrize(("classification", "passed"), [("normal", True), ("special", True), ("substandard", False), ("doubtful", False), ("loss", False)])
def test_classification(classification, passed):
    r = result(replace(GOOD, classification=classification), "classification")
    assert r.passed is passed
    if not passed:
        assert "正常/关注" in r.reason_zh


@pytest.mark.parametrize(
    ("changes", "passed"),
    [({}, True), ({"overdue_days": 1}, False), ({"overdue_principal_fen": 1}, False), ({"overdue_interest_fen": 1}, False)],
)
def test_no_arrears(changes, passed):
    r = result(replace(GOOD, **changes), "no_arrears")
    assert r.passed is passed
    if changes.get("overdue_interest_fen"):
        assert "0.01" in r.reason_zh


@pytest.mark.parametrize(
    ("days_before", "passed"),
    [(91, False), (90, True), (30, True), (1, True), (0, False), (-1, False)],
)
def test_before_maturity_window(days_before, passed):
    r = result(replace(GOOD, application_date=MATURITY - timedelta(days=days_before)), "before_maturity")
    assert r.passed is passed, r.reason_en
    assert r.extra["days_left"] == days_before


def test_still_operating():
    assert result(replace(GOOD, still_operating=False), "still_operating").passed is False
    assert result(GOOD, "still_operating").passed is True


@pytest.mark.parametrize("rule_id", ["needs_funds", "good_conduct"])
@pytest.mark.parametrize(("value", "passed", "word"), [(True, True, "confirmed"), (False, False, "does not hold"), (None, False, "not confirmed")])
def test_officer_confirmations(rule_id, value, passed, word):
    r = result(replace(GOOD, **{rule_id: value}), rule_id)
    assert r.passed is passed
    assert word in r.reason_en


def test_rules_are_data_an_edit_changes_the_outcome(tmp_path):
    data = json.loads(json.dumps({"apply_window_days": 90, "rules": [dict(p, id=i) for i, p in default_rules().rules]}))
    for rule in data["rules"]:
        if rule["id"] == "classification":
            rule["allowed"] = ["normal"]
    data["apply_window_days"] = 20
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    stricter = load_rules(path)
    special = replace(GOOD, classification="special")
    assert result(special, "classification").passed
    assert not result(special, "classification", stricter).passed
    assert result(GOOD, "before_maturity").passed  # 30 days before, window 90
    assert not result(GOOD, "before_maturity", stricter).passed


@pytest.mark.parametrize(
    "data",
    [
        {"apply_window_days": 90, "rules": [{"id": "moon_phase", "label_zh": "x", "label_en": "x"}]},
        {"apply_window_days": 90, "rules": [{"id": "still_operating"}]},
        {"apply_window_days": -1, "rules": []},
    ],
)
def test_broken_rule_file_refused(data):
    with pytest.raises(RenewalRulesError):
        parse_rules(data)



@given(
    days_before=st.integers(-400, 400),
    classification=st.sampled_from(["normal", "special", "substandard", "doubtful", "loss"]),
    overdue_days=st.integers(0, 500),
    size=st.sampled_from(["large", "medium", "small", "micro", None]),
)
def test_rules_property(days_before, classification, overdue_days, size):
    facts = replace(GOOD, application_date=MATURITY - timedelta(days=days_before), classification=classification,
                    overdue_days=overdue_days, size_class=size)
    results = {r.rule_id: r.passed for r in evaluate(facts)}
    assert results["before_maturity"] is (1 <= days_before <= default_rules().apply_window_days)
    assert results["classification"] is (classification in ("normal", "special"))
    assert results["no_arrears"] is (overdue_days == 0)
    # medium matures 2025-06-30 (before 2027-09-30) with a working-capital product: covered for now
    assert results["borrower_type"] is (size in ("small", "micro", "medium"))


def test_window_shown_in_the_label():
    r = result(GOOD, "before_maturity")
    assert "90" in r.label_zh and "90" in r.label_en and "{" not in r.label_zh
