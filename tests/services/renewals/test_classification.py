"""Classification: the floor from overdue days, raising with a reason, never below the floor, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain.classification import CODES, floor_for_overdue_days, severity, worse
from workbench.services import classification as cls
from workbench.services.errors import PermissionDenied, ValidationError

from .conftest import TODAY, add_loan, audit_rows


def history(db, loan_id):
    return [(h["from_class"], h["to_class"], h["floor_class"], h["source"]) for h in cls.classification_history(db, loan_id)]


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, "normal"), (1, "special"), (90, "special"), (91, "substandard"), (270, "substandard"), (271, "doubtful"),
     (360, "doubtful"), (361, "loss")],
)
def test_overdue_update_raises_to_the_floor(rdb, days, expected):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100))
    assert cls.update_overdue(rdb, "wangfang", loan, overdue_days=days, as_of=TODAY) == expected
    row = rdb["loans"].get(loan)
    assert (row["classification"], row["overdue_days"], row["balance_as_of"]) == (expected, days, "2025-03-10")
    assert history(rdb, loan) == ([] if expected == "normal" else [("normal", expected, expected, "manual")])
    bh = rdb.execute("SELECT overdue_days, classification FROM balance_history WHERE loan_id = ?", [loan]).fetchall()
    assert bh == [(days, expected)]
    assert [r["action"] for r in audit_rows(rdb, "loans", loan)] == ["loan.overdue_update"]


def test_floor_never_lowers_and_a_cure_keeps_the_classification(rdb):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100), classification="doubtful")
    assert cls.update_overdue(rdb, "wangfang", loan, overdue_days=10, balance_fen=70_000_000) == "doubtful"
    assert cls.update_overdue(rdb, "wangfang", loan, overdue_days=0) == "doubtful"
    assert rdb["loans"].get(loan)["balance_fen"] == 70_000_000
    assert history(rdb, loan) == []


def test_officer_raises_with_a_reason(rdb):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100))
    assert cls.set_classification(rdb, "wangfang", loan, "关注", "主要客户流失，现金流紧张") == "special"
    assert rdb["loans"].get(loan)["classification"] == "special"
    (h,) = cls.classification_history(rdb, loan)
    assert (h["from_class"], h["to_class"], h["reason"], h["changed_by"]) == ("normal", "special", "主要客户流失，现金流紧张", "wangfang")
    (a,) = audit_rows(rdb, "loans", loan)
    assert a["action"] == "loan.classify" and a["reason"] == "主要客户流失，现金流紧张"


def test_never_below_the_floor(rdb):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100), overdue_days=100, classification="substandard")
    with pytest.raises(ValidationError) as info:
        cls.set_classification(rdb, "wangfang", loan, "special", "已还款协商")
    assert info.value.code == "below_floor" and info.value.values["floor"] == "substandard"
    assert "次级" in info.value.message_zh and "100 days" in info.value.message_en
    assert rdb["loans"].get(loan)["classification"] == "substandard"
    assert cls.classification_history(rdb, loan) == [] and audit_rows(rdb, "loans", loan) == []
    # lowering is possible down to the floor, with a reason, for a reviewer
    rdb["loans"].update(loan, {"classification": "doubtful"})
    assert cls.set_classification(rdb, "lijun", loan, "substandard", "抵押物足值，下调至次级") == "substandard"


def test_an_officer_may_raise_but_never_lower(rdb):
    """QA finding 12: wangfang (officer) lowered 次级 to 关注 — still above the floor, but lowering is not hers."""
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100), overdue_days=10, classification="substandard")
    with pytest.raises(PermissionDenied) as info:
        cls.set_classification(rdb, "wangfang", loan, "关注", "客户已补足欠息，申请下调")
    assert info.value.code == "lower_not_allowed"
    assert "客户经理" in info.value.message_zh and "次级" in info.value.message_zh and "reviewer" in info.value.message_en
    assert rdb["loans"].get(loan)["classification"] == "substandard"
    assert cls.classification_history(rdb, loan) == [] and audit_rows(rdb, "loans", loan) == []
    assert cls.may_lower(rdb, "wangfang") is False and cls.may_lower(rdb, "nobody") is False
    # an unknown user may do nothing at all
    with pytest.raises(PermissionDenied) as info:
        cls.set_classification(rdb, "nobody", loan, "可疑", "无名氏调整")
    assert info.value.code == "unknown_user"
    # raising stays open to the officer
    assert cls.set_classification(rdb, "wangfang", loan, "可疑", "实际控制人失联") == "doubtful"


@pytest.mark.parametrize("who", ["lijun", "zhaomin", "admin"])
def test_reviewer_approver_and_admin_may_lower_with_a_reason(rdb, who):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100), overdue_days=10, classification="substandard")
    assert cls.may_lower(rdb, who) is True
    with pytest.raises(ValidationError) as info:
        cls.set_classification(rdb, who, loan, "关注", " ")
    assert info.value.code == "reason_required"
    assert cls.set_classification(rdb, who, loan, "关注", "欠息已结清，经审查下调") == "special"
    (h,) = cls.classification_history(rdb, loan)
    assert (h["from_class"], h["to_class"], h["floor_class"], h["changed_by"]) == ("substandard", "special", "special", who)
    with pytest.raises(ValidationError) as info:  # not below the floor (关注 for 10 days overdue), whoever asks
        cls.set_classification(rdb, who, loan, "正常", "欠息已结清")
    assert info.value.code == "below_floor"


@pytest.mark.parametrize(("value", "reason", "code"), [("关注", "  ", "reason_required"), ("正常", "无变化", "unchanged"), ("优良", "x", "bad_classification")])
def test_refused_changes(rdb, value, reason, code):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100))
    with pytest.raises(ValidationError) as info:
        cls.set_classification(rdb, "wangfang", loan, value, reason)
    assert info.value.code == code


def test_bad_overdue_figures_refused(rdb):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100))
    with pytest.raises(ValidationError) as info:
        cls.update_overdue(rdb, "wangfang", loan, overdue_days=-1)
    assert "-1" in info.value.message_en
    with pytest.raises(ValidationError):
        cls.update_overdue(rdb, "wangfang", loan, overdue_days=3, balance_fen=1.5)
    assert rdb["loans"].get(loan)["overdue_days"] == 0


def test_apply_floor_in_bulk(rdb):
    below = add_loan(rdb, rdb.client_id, date(2025, 6, 1), overdue_days=300, classification="special")
    at = add_loan(rdb, rdb.client_id, date(2025, 6, 1), overdue_days=30, classification="special")
    above = add_loan(rdb, rdb.client_id, date(2025, 6, 1), overdue_days=5, classification="loss")
    assert cls.apply_floor(rdb, "system", source="import") == 1
    assert [rdb["loans"].get(i)["classification"] for i in (below, at, above)] == ["doubtful", "special", "loss"]
    assert history(rdb, below) == [("special", "doubtful", "doubtful", "import")]
    assert cls.apply_floor(rdb, "system") == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(current=st.sampled_from(CODES), days=st.integers(0, 800), asked=st.sampled_from(CODES),
       who=st.sampled_from(["wangfang", "lijun", "zhaomin", "admin"]))
def test_never_below_floor_property(rdb, current, days, asked, who):
    loan = add_loan(rdb, rdb.client_id, TODAY + timedelta(days=100), classification=current)
    after_update = cls.update_overdue(rdb, "wangfang", loan, overdue_days=days)
    floor = floor_for_overdue_days(days)
    assert after_update == worse(current, floor)  # raised to the floor, never lowered by itself
    try:
        cls.set_classification(rdb, who, loan, asked, "复核调整")
    except ValidationError as exc:
        assert exc.code in ("below_floor", "unchanged")
        assert (exc.code == "below_floor") is (severity(asked) < severity(floor))
    except PermissionDenied as exc:
        assert exc.code == "lower_not_allowed"
        assert who == "wangfang" and severity(floor) <= severity(asked) < severity(after_update)
    final = rdb["loans"].get(loan)["classification"]
    assert severity(final) >= severity(floor)
    if who == "wangfang":  # an officer never ends less severe than she found it
        assert severity(final) >= severity(after_update)
