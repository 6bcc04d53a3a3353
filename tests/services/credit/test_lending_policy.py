"""Drawdown policy (approved term and method, maturity bound, rate fixed at drawdown), early repayment
re-scheduling, and concurrent drawdowns/repayments (QA findings 1, 2, 18, 20)."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from workbench.domain.schedule import add_months, build_schedule
from workbench.services import lending, lpr, repayments
from workbench.services.errors import ValidationError
from workbench.store import audit, open_db

from .conftest import TODAY
from .test_lending import approved_line


def loans_count(db) -> int:
    return db.execute("SELECT count(*) FROM loans").fetchone()[0]


# ---- finding 1: the drawdown keeps to the approved term and method -------------------------------


def test_a_term_longer_than_approved_is_refused(cdb):
    line_id = approved_line(cdb, term_months=6)  # QA: a 6-month line took a 360-month drawdown
    with pytest.raises(ValidationError) as err:
        lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=TODAY, term_months=360)
    assert err.value.code == "term_over_approved" and err.value.field == "term_months"
    assert "6" in err.value.message_zh and "6 months" in err.value.message_en
    assert loans_count(cdb) == 0
    shorter = lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=TODAY, term_months=3)
    assert lending.loan_detail(cdb, shorter)["maturity_date"] == "2025-06-10"
    default = lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=TODAY)
    assert len(lending.loan_detail(cdb, default)["instalments"]) == 6  # the approved term


def test_a_method_other_than_approved_is_refused(cdb):
    line_id = approved_line(cdb, repayment_method="equal_principal")
    for other in ("annuity", "随借随还", "interest-only"):
        with pytest.raises(ValidationError) as err:
            lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=TODAY, repayment_method=other)
        assert err.value.code == "method_not_approved"
        assert "等额本金" in err.value.message_zh and "Equal principal" in err.value.message_en
    assert loans_count(cdb) == 0
    same = lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=TODAY, repayment_method="等额本金")
    assert lending.loan_detail(cdb, same)["repayment_method"] == "equal_principal"


@pytest.mark.parametrize("method", ["annuity", "revolving"])
def test_maturity_never_passes_expiry_plus_the_approved_term(cdb, method):
    # Policy: the line's validity is the drawdown window; a loan may mature after the line expires,
    # but no later than expiry + the approved term (revolving and non-revolving alike).
    line_id = approved_line(cdb, term_months=12, repayment_method=method)
    line = lending.get_line(cdb, line_id)
    last_day = date.fromisoformat(line["expiry_date"])
    terms = lending.drawdown_terms(cdb, line_id, last_day)
    assert terms["latest_maturity"] == add_months(last_day, 12).isoformat()
    assert terms["max_term_months"] == 12 and terms["method"] == method
    loan = lending.loan_detail(cdb, lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=last_day))
    assert loan["maturity_date"] == terms["latest_maturity"]
    with pytest.raises(ValidationError) as err:  # a day after expiry: no drawdown at all
        lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=date(2026, 3, 11))
    assert err.value.code == "line_not_usable"


# ---- finding 18: the rate is fixed at drawdown -----------------------------------------------


def test_the_rate_is_the_lpr_in_force_on_the_drawdown_date_plus_the_approved_spread(cdb):
    line_id = approved_line(cdb, spread_bp=50)  # approved on 2025-03-10: LPR 3.10 % + 50 bp = 3.60 %
    assert lending.get_line(cdb, line_id)["rate_bp"] == 360
    # The published cut of 2025-05-20 (3.10 % → 3.00 %) applies to a drawdown after it.
    terms = lending.drawdown_terms(cdb, line_id, date(2025, 5, 21))
    assert (terms["lpr_bp"], terms["lpr_published_on"], terms["spread_bp"], terms["rate_bp"]) == (300, "2025-05-20", 50, 350)
    loan = lending.loan_detail(cdb, lending.drawdown(cdb, "wangfang", line_id, 12_000_000, drawdown_date=date(2025, 5, 21)))
    assert (loan["lpr_bp"], loan["spread_bp"], loan["rate_bp"]) == (300, 50, 350)
    expected = build_schedule(12_000_000, 350, 12, "annuity", date(2025, 5, 21))
    assert [i["interest_fen"] for i in loan["instalments"]] == [i.interest_fen for i in expected.instalments]
    # An admin's new publication counts from its date on.
    lpr.set_rate(cdb, "admin", date(2025, 6, 20), "1Y", 290)
    later = lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=date(2025, 6, 20))
    assert lending.loan_detail(cdb, later)["rate_bp"] == 340
    before = lending.drawdown(cdb, "wangfang", line_id, 1_000_000, drawdown_date=date(2025, 6, 19))
    assert lending.loan_detail(cdb, before)["rate_bp"] == 350


# ---- finding 2: repayments reduce the interest ------------------------------------------------


def test_revolving_early_repayment_reduces_interest_and_schedule_balance(cdb):
    # QA's case: 200,000.00 at 3.50 %, 150,000.00 repaid the day after drawdown.
    line_id = approved_line(cdb, repayment_method="revolving", term_months=3, spread_bp=40)  # 3.10 % + 40 bp
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 20_000_000, drawdown_date=date(2025, 3, 10))
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 3, 11), 15_000_000)
    loan = lending.loan_detail(cdb, loan_id)
    assert loan["balance_fen"] == 5_000_000 and loan["rate_bp"] == 350
    # Period 1, 2025-03-10 → 04-10 (31 days): 1 day on 200,000 + 30 days on 50,000
    #   = (200,000 + 1,500,000) × 0.035 / 360 = 165.2777… → 165.28
    # Period 2, 04-10 → 05-10 (30 days): 50,000 × 0.035 × 30 / 360 = 145.8333… → 145.83
    # Period 3, 05-10 → 06-10 (31 days): 50,000 × 0.035 × 31 / 360 = 150.6944… → 150.69
    got = [(i["due_date"], i["principal_fen"], i["interest_fen"], i["balance_fen"], i["paid_principal_fen"])
           for i in loan["instalments"]]
    assert got == [
        ("2025-04-10", 15_000_000, 16_528, 5_000_000, 15_000_000),
        ("2025-05-10", 0, 14_583, 5_000_000, 0),
        ("2025-06-10", 5_000_000, 15_069, 0, 0),
    ]
    assert sum(i["principal_fen"] for i in loan["instalments"]) == 20_000_000
    # Paying the first period's interest settles it; repaying the rest ends the schedule there.
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 10), 0, 16_528)
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 20), 5_000_000, 4_861)
    loan = lending.loan_detail(cdb, loan_id)
    # 04-10 → 04-20: 10 days on 50,000 = 48.6111… → 48.61; nothing owed after.
    assert [(i["due_date"], i["principal_fen"], i["interest_fen"], i["paid_on"]) for i in loan["instalments"]] == [
        ("2025-04-10", 15_000_000, 16_528, "2025-04-10"),
        ("2025-05-10", 5_000_000, 4_861, "2025-04-20"),
    ]
    assert loan["status"] == "closed"
    assert audit.verify(cdb) is None


def test_interest_only_prepayment_recomputes_the_unpaid_periods(cdb):
    line_id = approved_line(cdb, repayment_method="interest_only", term_months=3)  # 3.60 %
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 36_000_000, drawdown_date=date(2025, 3, 10))
    first = lending.loan_detail(cdb, loan_id)["instalments"][0]
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 10), 0, first["interest_fen"])
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 25), 12_000_000)
    rows = lending.loan_detail(cdb, loan_id)["instalments"]
    # Period 2, 04-10 → 05-10: 15 days on 360,000 + 15 days on 240,000 = 9,000,000 yuan-days
    #   × 0.036 / 360 = 900.00; period 3, 05-10 → 06-10: 240,000 × 0.036 × 31 / 360 = 744.00
    assert first["interest_fen"] == 111_600  # 360,000 × 0.036 × 31 / 360 = 1,116.00, unchanged (paid)
    assert [(r["principal_fen"], r["interest_fen"], r["balance_fen"]) for r in rows] == [
        (0, 111_600, 36_000_000), (12_000_000, 90_000, 24_000_000), (24_000_000, 74_400, 0)]


def test_annuity_prepayment_keeps_the_term_and_reamortises(cdb):
    line_id = approved_line(cdb, repayment_method="annuity", term_months=12)  # 3.60 %
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 12_000_000, drawdown_date=date(2025, 3, 10))
    original = lending.loan_detail(cdb, loan_id)["instalments"]
    one, two = original[0], original[1]
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 10), one["principal_fen"], one["interest_fen"])
    # Instalment 2 paid on its due date together with 50,000.00 extra principal.
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 5, 10), two["principal_fen"] + 5_000_000,
                             two["interest_fen"])
    loan = lending.loan_detail(cdb, loan_id)
    rows = loan["instalments"]
    assert len(rows) == 12 and rows[-1]["due_date"] == original[-1]["due_date"]  # same term, same maturity
    assert rows[1]["principal_fen"] == two["principal_fen"] + 5_000_000 and rows[1]["paid_on"] == "2025-05-10"
    assert rows[1]["interest_fen"] == two["interest_fen"]  # the current period's interest is as scheduled
    assert rows[1]["balance_fen"] == loan["balance_fen"]  # schedule and loan agree
    rest = build_schedule(loan["balance_fen"], 360, 10, "annuity", date(2025, 5, 10)).instalments
    assert [(r["due_date"], r["principal_fen"], r["interest_fen"]) for r in rows[2:]] == [
        (i.due_date.isoformat(), i.principal_fen, i.interest_fen) for i in rest]
    assert rows[2]["payment_fen"] < original[2]["payment_fen"]  # lower instalments
    assert sum(r["principal_fen"] for r in rows) == 12_000_000


def test_paying_an_instalment_as_scheduled_changes_nothing_else(cdb):
    line_id = approved_line(cdb, repayment_method="equal_principal", term_months=4)
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 10_000_000, drawdown_date=date(2025, 3, 10))
    before = lending.loan_detail(cdb, loan_id)["instalments"]
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 10), before[0]["principal_fen"], before[0]["interest_fen"])
    after = lending.loan_detail(cdb, loan_id)["instalments"]
    keys = ("principal_fen", "interest_fen", "payment_fen", "balance_fen")
    assert [[r[k] for k in keys] for r in after] == [[r[k] for k in keys] for r in before]


# ---- finding 20: checks inside the transaction ------------------------------------------------


def _race(db_path, first, second) -> list:
    """Run ``first(db)`` inside an open transaction while ``second(db2)`` starts in another thread, then commit.

    ``second`` has done its reading before ``first`` commits; it must see ``first``'s write.
    """
    outcome: list = []
    holder = open_db(db_path)
    try:
        with holder.atomic():
            first(holder)

            def other():
                db2 = open_db(db_path)
                try:
                    outcome.append(second(db2))
                except ValidationError as exc:
                    outcome.append(exc)
                finally:
                    db2.close()

            thread = threading.Thread(target=other)
            thread.start()
            time.sleep(0.4)
            assert thread.is_alive(), "the second call should wait for the first transaction"
        thread.join(10)
    finally:
        holder.close()
    return outcome


def test_two_drawdowns_at_once_cannot_both_take_the_last_of_the_limit(cdb, db_path):
    line_id = approved_line(cdb)  # 500,000.00
    outcome = _race(db_path,
                    lambda db: lending.drawdown(db, "wangfang", line_id, 40_000_000, drawdown_date=TODAY),
                    lambda db: lending.drawdown(db, "liuqiang", line_id, 40_000_000, drawdown_date=TODAY))
    assert len(outcome) == 1 and isinstance(outcome[0], ValidationError) and outcome[0].code == "over_limit"
    assert loans_count(cdb) == 1 and lending.available_fen(cdb, line_id) == 10_000_000


def test_two_repayments_at_once_cannot_both_repay_the_balance(cdb, db_path):
    line_id = approved_line(cdb, repayment_method="revolving")
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 10_000_000, drawdown_date=TODAY)
    outcome = _race(db_path,
                    lambda db: repayments.record_repayment(db, "wangfang", loan_id, date(2025, 3, 20), 10_000_000),
                    lambda db: repayments.record_repayment(db, "wangfang", loan_id, date(2025, 3, 20), 10_000_000))
    assert len(outcome) == 1 and isinstance(outcome[0], ValidationError) and outcome[0].code == "loan_closed"
    assert cdb.execute("SELECT count(*) FROM repayments").fetchone()[0] == 1
    assert lending.loan_detail(cdb, loan_id)["balance_fen"] == 0


# ---- a repayment is recorded when the money arrives ---------------------------------------------


def test_a_repayment_dated_after_today_or_before_the_drawdown_is_refused(cdb):
    line_id = approved_line(cdb, repayment_method="interest_only", term_months=6, spread_bp=40)
    loan_id = lending.drawdown(cdb, "wangfang", line_id, 10_000_000, drawdown_date=date(2025, 3, 10))
    with pytest.raises(ValidationError) as err:
        repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 11), 1_000_000, today=date(2025, 4, 10))
    assert err.value.code == "future_date" and "2025-04-11" in err.value.message_zh
    with pytest.raises(ValidationError) as err:
        repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 3, 9), 1_000_000, today=date(2025, 4, 10))
    assert err.value.code == "before_drawdown"
    assert lending.loan_detail(cdb, loan_id)["balance_fen"] == 10_000_000  # nothing written
    repayments.record_repayment(cdb, "wangfang", loan_id, date(2025, 4, 10), 1_000_000, today=date(2025, 4, 10))
    assert lending.loan_detail(cdb, loan_id)["balance_fen"] == 9_000_000
