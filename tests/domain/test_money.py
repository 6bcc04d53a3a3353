from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.money import MoneyError, fen_to_wan, fen_to_yuan, format_wan, format_yuan, parse_fen


@pytest.mark.parametrize(
    "value, unit, fen",
    [
        ("1,234.56", "yuan", 123456),
        ("１２３４", "yuan", 123400),
        ("１，２３４．５", "yuan", 123450),
        ("50万", "yuan", 50_000_000),
        ("50万元", "yuan", 50_000_000),
        ("1.5亿", "yuan", 15_000_000_000),
        ("3元", "wan", 300),
        ("632.16", "wan", 632_160_000),
        (632.16, "wan", 632_160_000),
        (1234.56, "yuan", 123456),
        (0.1 + 0.2, "yuan", 30),
        (0.1 + 0.2, "wan", 300_000),
        (12, "yuan", 1200),
        (12, "wan", 12_000_000),
        (Decimal("1.23"), "yuan", 123),
        ("-12.5", "yuan", -1250),
        ("(12.5)", "yuan", -1250),
        ("￥ 8", "yuan", 800),
        ("1.234567", "wan", 1_234_567),
        (" 0 ", "yuan", 0),
    ],
)
def test_parse_fen_exact(value, unit, fen):
    assert parse_fen(value, unit) == fen


@pytest.mark.parametrize("value", ["abc", "", "   ", None, True, "1.001", 1.001, "1.2.3", "12万万", float("nan"), float("inf"), "1e5", "--1"])
def test_parse_fen_rejects_with_reasons(value):
    with pytest.raises(MoneyError) as info:
        parse_fen(value)
    assert info.value.reason_zh and info.value.reason_en
    assert info.value.value is value


def test_not_whole_fen_in_wan_is_rejected_not_rounded():
    with pytest.raises(MoneyError, match="whole number of fen"):
        parse_fen("1.2345678", "wan")


def test_format():
    assert format_yuan(123456) == "1,234.56"
    assert format_yuan(-5) == "-0.05"
    assert format_wan(1_234_567) == "1.23"
    assert format_wan(1_235_000) == "1.24"  # half-up
    assert format_wan(1_234_567_890_000, places=0) == "1,234,568"
    assert fen_to_yuan(123456) == Decimal("1234.56")
    assert fen_to_wan(1_234_567) == Decimal("1.234567")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_yuan_round_trips(fen):
    assert parse_fen(format_yuan(fen)) == fen


@given(st.integers(min_value=0, max_value=10**12))
def test_fen_to_wan_round_trips(fen):
    assert parse_fen(str(fen_to_wan(fen)), "wan") == fen


@given(st.integers(min_value=0, max_value=10**11))
def test_float_of_two_decimal_yuan_is_exact(fen):
    # what a spreadsheet hands us: the nearest float to the displayed value
    assert parse_fen(fen / 100) == fen


@given(st.one_of(st.text(), st.floats(), st.integers(), st.decimals(), st.none(), st.booleans()))
def test_anything_raises_only_money_error(value):
    try:
        result = parse_fen(value)
    except MoneyError:
        return
    assert isinstance(result, int)
