"""Repayment schedules: worked examples by hand, numpy-financial, and properties of all four methods."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy_financial as npf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workbench.domain.schedule import (
    METHOD_LABELS_ZH,
    METHODS,
    ScheduleError,
    accrued_interest,
    add_months,
    balance_on,
    build_schedule,
    parse_method,
    regenerate_schedule,
    whole_months_until,
)


def rows(schedule):
    return [(i.due_date.isoformat(), i.principal_fen, i.interest_fen, i.payment_fen, i.balance_fen) for i in schedule.instalments]


# ---------------------------------------------------------------- worked examples


def test_worked_example_annuity():
    # 500,000.00 元 at 3.85 % for 12 months, drawn 2025-01-15.
    # monthly rate r = 0.0385 / 12 = 0.003208333…
    # (1 + r)^12 = 1.0391866827…
    # payment = 500,000 × r × 1.0391866827 / 0.0391866827 = 42,540.6929… → 42,540.69
    # month 1: interest 500,000 × r = 1,604.1666… → 1,604.17; principal 42,540.69 − 1,604.17 = 40,936.52
    # month 2: exact balance 459,063.4737… × r = 1,472.8286… → 1,472.83; principal 41,067.86
    # month 12: the remaining 42,404.68 + interest 136.05 = 42,540.73 (absorbs the rounding)
    s = build_schedule(50_000_000, 385, 12, "等额本息", date(2025, 1, 15))
    r = rows(s)
    assert r[0] == ("2025-02-15", 4_093_652, 160_417, 4_254_069, 45_906_348)
    assert r[1] == ("2025-03-15", 4_106_786, 147_283, 4_254_069, 41_799_562)
    assert r[-1] == ("2026-01-15", 4_240_468, 13_605, 4_254_073, 0)
    assert all(p == 4_254_069 for *_, p, _b in r[:-1])
    assert s.total_principal_fen == 50_000_000
    assert s.total_interest_fen == 1_048_832  # 10,488.32 元


def test_worked_example_equal_principal():
    # 100,000.00 元 at 4.35 % for 3 months, drawn 2025-01-31; r = 0.0435 / 12 = 0.003625.
    # principal 100,000 / 3 = 33,333.333… → 33,333.33, 33,333.33, last 33,333.34
    # interest: 100,000 × r = 362.50; 66,666.67 × r = 241.6666… → 241.67; 33,333.34 × r = 120.8333… → 120.83
    # dates: Jan 31 → Feb 28 (no 31st), Mar 31, Apr 30
    s = build_schedule(10_000_000, 435, 3, "equal_principal", date(2025, 1, 31))
    assert rows(s) == [
        ("2025-02-28", 3_333_333, 36_250, 3_369_583, 6_666_667),
        ("2025-03-31", 3_333_333, 24_167, 3_357_500, 3_333_334),
        ("2025-04-30", 3_333_334, 12_083, 3_345_417, 0),
    ]


def test_worked_example_interest_only_leap_year():
    # 1,000,000.00 元 at 3.60 % for 3 months, drawn 2024-01-31 (leap year).
    # daily rate 0.036 / 360 = 0.0001 → 100.00 元 a day.
    # Feb 29 (29 days) 2,900.00; Mar 31 (31 days) 3,100.00; Apr 30 (30 days) 3,000.00 + principal.
    s = build_schedule(100_000_000, 360, 3, "按月付息到期还本", date(2024, 1, 31))
    assert rows(s) == [
        ("2024-02-29", 0, 290_000, 290_000, 100_000_000),
        ("2024-03-31", 0, 310_000, 310_000, 100_000_000),
        ("2024-04-30", 100_000_000, 300_000, 100_300_000, 0),
    ]


def test_worked_example_revolving():
    # 200,000.00 元 at 4.00 %, 2 months, drawn 2025-03-15, all of it drawn throughout.
    # a day: 200,000 × 0.04 / 360 = 22.2222… 元
    # to Apr 15: 31 days = 688.888… → 688.89; to May 15: 30 days = 666.666… → 666.67
    s = build_schedule(20_000_000, 400, 2, "revolving", date(2025, 3, 15))
    assert rows(s) == [
        ("2025-04-15", 0, 68_889, 68_889, 20_000_000),
        ("2025-05-15", 20_000_000, 66_667, 20_066_667, 0),
    ]


def test_zero_rate_annuity_is_equal_split():
    s = build_schedule(1_000, 0, 3, "annuity", date(2025, 1, 1))
    assert [i.principal_fen for i in s.instalments] == [333, 333, 334]
    assert s.total_interest_fen == 0


# ---------------------------------------------------------------- numpy-financial


def _half_up(x) -> int:
    return int(Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@settings(max_examples=150, deadline=None)
@example(amount=100_000, rate_bp=9, months=2)  # first interest exactly 7.5 fen → 8
@given(
    # 1,000 元 … 10,000,000 元 (on a few-yuan loan the rounded payment can repay it early)
    amount=st.integers(100_000, 1_000_000_000),
    rate_bp=st.integers(1, 2400),
    months=st.integers(2, 120),
)
def test_annuity_matches_numpy_financial(amount, rate_bp, months):
    """Payment and interest equal npf.pmt / npf.ipmt rounded to the fen; principal (= payment − interest,
    so the payment stays level) is within one fen of npf.ppmt; only the last instalment absorbs the rest.

    npf is fed Decimals, so exact ties (e.g. 7.5 fen) round half-up as they should, not as a float's 7.4999…."""
    r = Decimal(rate_bp) / 120_000
    amount = Decimal(amount)
    s = build_schedule(int(amount), rate_bp, months, "annuity", date(2025, 1, 15))
    payment = _half_up(-npf.pmt(r, months, amount))
    for k, inst in enumerate(s.instalments[:-1], start=1):
        assert inst.payment_fen == payment
        assert inst.interest_fen == _half_up(-npf.ipmt(r, k, months, amount))
        assert abs(inst.principal_fen - _half_up(-npf.ppmt(r, k, months, amount))) <= 1


# ---------------------------------------------------------------- properties of every method

starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(
    amount=st.integers(1, 10_000_000_000),
    rate_bp=st.integers(0, 3600),
    months=st.integers(1, 360),
    method=st.sampled_from(METHODS),
    start=starts,
)
def test_schedule_properties(amount, rate_bp, months, method, start):
    s = build_schedule(amount, rate_bp, months, method, start)
    inst = s.instalments
    assert len(inst) == months
    assert s.total_principal_fen == amount  # principal sums exactly
    assert inst[-1].balance_fen == 0
    balance = amount
    previous = start
    for k, i in enumerate(inst, start=1):
        assert i.seq == k
        assert i.principal_fen >= 0 and i.interest_fen >= 0 and i.balance_fen >= 0
        assert i.payment_fen == i.principal_fen + i.interest_fen
        balance -= i.principal_fen
        assert i.balance_fen == balance
        # k months on, on the drawdown's day or the month's last day
        assert (i.due_date.year * 12 + i.due_date.month) - (start.year * 12 + start.month) == k
        last_day = calendar.monthrange(i.due_date.year, i.due_date.month)[1]
        assert i.due_date.day == min(start.day, last_day)
        assert i.due_date > previous
        previous = i.due_date
    assert s.total_payment_fen == s.total_principal_fen + s.total_interest_fen
    if method in ("interest_only", "revolving"):
        assert all(i.principal_fen == 0 for i in inst[:-1])
        # daily rate × actual days, on the whole amount
        total_days = (inst[-1].due_date - start).days
        exact = Decimal(amount) * rate_bp * total_days / Decimal(3_600_000)
        assert abs(s.total_interest_fen - exact) <= Decimal(months) / 2


@given(amount=st.integers(1, 10**9), months=st.integers(2, 120), rate_bp=st.integers(0, 2400))
def test_equal_principal_shares_equal_but_last(amount, months, rate_bp):
    s = build_schedule(amount, rate_bp, months, "equal_principal", date(2025, 5, 20))
    share = int((Decimal(amount) / months).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    # equal shares until the balance runs short (tiny loans), the last takes the rest
    for i in s.instalments[:-1]:
        assert i.principal_fen == min(share, i.principal_fen + i.balance_fen)
    # interest falls (never rises) as principal is repaid
    interests = [i.interest_fen for i in s.instalments]
    assert interests == sorted(interests, reverse=True)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2025, 1, 31), ["2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"]),
        (date(2024, 1, 31), ["2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]),
        (date(2025, 1, 30), ["2025-02-28", "2025-03-30", "2025-04-30", "2025-05-30"]),
        (date(2025, 11, 30), ["2025-12-30", "2026-01-30", "2026-02-28", "2026-03-30"]),
        (date(2025, 2, 28), ["2025-03-28", "2025-04-28", "2025-05-28", "2025-06-28"]),
    ],
)
def test_month_end_dates(start, expected):
    s = build_schedule(400_000, 400, 4, "annuity", start)
    assert [i.due_date.isoformat() for i in s.instalments] == expected
    assert add_months(start, 4).isoformat() == expected[-1]


# ---------------------------------------------------------------- methods and bad input


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("等额本息", "annuity"),
        ("annuity", "annuity"),
        ("Annuity", "annuity"),
        ("等额本金", "equal_principal"),
        ("equal-principal", "equal_principal"),
        ("equal_principal", "equal_principal"),
        ("Equal principal", "equal_principal"),
        ("按月付息到期还本", "interest_only"),
        ("按月付息，到期还本", "interest_only"),
        ("interest-only", "interest_only"),
        ("先息后本", "interest_only"),
        ("随借随还", "revolving"),
        ("revolving", "revolving"),
        (" 随借随还 ", "revolving"),
    ],
)
def test_parse_method(text, code):
    assert parse_method(text) == code


def test_labels_cover_methods():
    assert set(METHOD_LABELS_ZH) == set(METHODS)
    assert all(parse_method(label) == code for code, label in METHOD_LABELS_ZH.items())


@pytest.mark.parametrize("text", ["", "balloon", "等额", None])
def test_unknown_method_names_the_value(text):
    with pytest.raises(ScheduleError) as info:
        parse_method(text)
    assert info.value.value == text
    assert repr(text) in info.value.reason_en
    assert "还款方式" in info.value.reason_zh


@pytest.mark.parametrize(
    ("args", "bad"),
    [
        ((0, 385, 12, "annuity", date(2025, 1, 1)), 0),
        ((-100, 385, 12, "annuity", date(2025, 1, 1)), -100),
        ((100.5, 385, 12, "annuity", date(2025, 1, 1)), 100.5),
        ((Decimal(100), 385, 12, "annuity", date(2025, 1, 1)), Decimal(100)),
        ((100, -1, 12, "annuity", date(2025, 1, 1)), -1),
        ((100, 3.85, 12, "annuity", date(2025, 1, 1)), 3.85),
        ((100, 385, 0, "annuity", date(2025, 1, 1)), 0),
        ((100, 385, 601, "annuity", date(2025, 1, 1)), 601),
        ((100, 385, 12, "annuity", "2025-01-01"), "2025-01-01"),
    ],
)
def test_bad_input_raises_naming_the_value(args, bad):
    with pytest.raises(ScheduleError) as info:
        build_schedule(*args)
    assert info.value.value == bad
    assert repr(bad) in info.value.reason_en
    assert info.value.reason_zh


# ---------------------------------------------------------------- balances that change (early repayment)


def test_worked_example_revolving_repaid_early():
    # 200,000.00 元 at 3.50 % drawn 2025-03-10 for 3 months; 150,000.00 repaid on 2025-03-11.
    # period 1 (31 days): 1 day × 200,000 + 30 days × 50,000 = 1,700,000 yuan-days
    #   × 0.035 / 360 = 165.2777… → 165.28, principal 150,000 (repaid within the period)
    # period 2 (30 days): 50,000 × 30 × 0.035 / 360 = 145.8333… → 145.83
    # period 3 (31 days): 50,000 × 31 × 0.035 / 360 = 150.6944… → 150.69, principal 50,000
    start = date(2025, 3, 10)
    balances = [(start, 20_000_000), (date(2025, 3, 11), 5_000_000)]
    s = regenerate_schedule([], 20_000_000, 350, 3, "随借随还", start, balances)
    assert rows(s) == [
        ("2025-04-10", 15_000_000, 16_528, 15_016_528, 5_000_000),
        ("2025-05-10", 0, 14_583, 14_583, 5_000_000),
        ("2025-06-10", 5_000_000, 15_069, 5_015_069, 0),
    ]


def test_regenerate_with_nothing_kept_and_no_change_is_build_schedule():
    for method in METHODS:
        for start in (date(2025, 1, 31), date(2024, 2, 29), date(2025, 6, 15)):
            built = build_schedule(12_345_678, 385, 14, method, start)
            assert regenerate_schedule([], 12_345_678, 385, 14, method, start, [(start, 12_345_678)]) == built


def test_whole_months_until():
    assert whole_months_until(date(2025, 3, 20), date(2026, 3, 10)) == 11
    assert whole_months_until(date(2025, 3, 10), date(2026, 3, 10)) == 12
    assert whole_months_until(date(2025, 1, 31), date(2025, 2, 28)) == 1  # Feb 28 is a month after Jan 31
    assert whole_months_until(date(2025, 3, 10), date(2025, 3, 9)) == 0


def test_balance_steps_and_accrual_edges():
    steps = [(date(2025, 1, 1), 100), (date(2025, 1, 5), 40), (date(2025, 1, 5), 30)]
    assert balance_on(steps, date(2024, 12, 31)) == 0
    assert balance_on(steps, date(2025, 1, 4)) == 100
    assert balance_on(steps, date(2025, 1, 5)) == 30  # the later step of the same day wins
    assert accrued_interest(steps, 0, date(2025, 1, 1), date(2025, 2, 1)) == 0
    with pytest.raises(ScheduleError):
        accrued_interest(steps, 100, date(2025, 2, 1), date(2025, 1, 1))


def _brute_interest(balances, rate_bp, start, end) -> int:
    """Day by day: Σ balance(day) × rate / 360, rounded half-up once."""
    total = Decimal(0)
    day = start
    while day < end:
        total += Decimal(balance_on(balances, day)) * rate_bp / Decimal(3_600_000)
        day += timedelta(days=1)
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@settings(max_examples=150, deadline=None)
@given(
    amount=st.integers(1, 5_000_000_000),
    rate_bp=st.integers(0, 3600),
    months=st.integers(1, 24),
    method=st.sampled_from(("interest_only", "revolving")),
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    repayments=st.lists(st.tuples(st.integers(0, 800), st.integers(0, 10_000)), max_size=6),
    paid=st.integers(0, 24),
)
def test_daily_methods_accrue_on_the_balance_each_day(amount, rate_bp, months, method, start, repayments, paid):
    """Each recomputed period's interest is the day-by-day sum, rounded once; principal sums to the amount."""
    balances = [(start, amount)]
    balance = amount
    for offset, per_10k in sorted(repayments):  # repay a share of what is left on day ``offset``
        balance -= balance * per_10k // 10_000
        balances.append((start + timedelta(days=offset), balance))
    original = build_schedule(amount, rate_bp, months, method, start)
    kept = list(original.instalments[:min(paid, months - 1)])
    # kept instalments were settled on the original projection: the rest start from their balance
    s = regenerate_schedule(kept, amount, rate_bp, months, method, start, balances)
    inst = s.instalments
    assert list(inst[:len(kept)]) == kept
    assert s.total_principal_fen == amount and inst[-1].balance_fen == 0
    previous = kept[-1].due_date if kept else start
    opening = kept[-1].balance_fen if kept else amount
    for i in inst[len(kept):]:
        assert i.interest_fen == _brute_interest(balances, rate_bp, previous, i.due_date)
        assert i.principal_fen >= 0 and i.payment_fen == i.principal_fen + i.interest_fen
        if i is not inst[-1]:
            assert i.balance_fen == min(opening, balance_on(balances, i.due_date)) > 0
        assert i.principal_fen == opening - i.balance_fen
        previous, opening = i.due_date, i.balance_fen
    assert len(inst) <= months


@settings(max_examples=150, deadline=None)
@given(
    amount=st.integers(10_000, 5_000_000_000),
    rate_bp=st.integers(0, 3600),
    months=st.integers(2, 60),
    method=st.sampled_from(("annuity", "equal_principal")),
    paid=st.integers(1, 59),
    share=st.integers(1, 10_000),
)
def test_whole_period_methods_reamortise_over_the_same_term(amount, rate_bp, months, method, paid, share):
    start = date(2025, 1, 15)
    original = build_schedule(amount, rate_bp, months, method, start).instalments
    paid = min(paid, months - 1)
    last = original[paid - 1]
    extra = last.balance_fen * share // 10_000  # prepaid with instalment ``paid``
    kept = list(original[:paid - 1]) + [type(last)(last.seq, last.due_date, last.principal_fen + extra, last.interest_fen,
                                                   last.payment_fen + extra, last.balance_fen - extra)]
    s = regenerate_schedule(kept, amount, rate_bp, months, method, start, [])
    assert s.total_principal_fen == amount
    assert all(i.balance_fen >= 0 and i.principal_fen >= 0 for i in s.instalments)
    if kept[-1].balance_fen:
        assert len(s.instalments) == months and s.maturity_date == original[-1].due_date  # term kept
        rest = build_schedule(kept[-1].balance_fen, rate_bp, months - paid, method, last.due_date).instalments
        assert [(i.principal_fen, i.interest_fen) for i in s.instalments[paid:]] == [
            (i.principal_fen, i.interest_fen) for i in rest]
    else:
        assert len(s.instalments) == paid  # repaid in full: nothing more is due
