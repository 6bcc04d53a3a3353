"""The inclusive (普惠) flag."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.inclusive import INCLUSIVE_LIMIT_FEN, InclusiveError, is_inclusive


def test_limit_is_ten_million_yuan():
    assert INCLUSIVE_LIMIT_FEN == 10_000_000 * 100


@pytest.mark.parametrize(
    ("size", "entity", "expected"),
    [
        ("micro", "enterprise", True),
        ("small", "enterprise", True),
        ("medium", "enterprise", False),
        ("large", "enterprise", False),
        (None, "enterprise", False),  # size unknown: not counted
        (None, "individual_business", True),
        ("medium", "individual_business", True),  # 个体工商户 counts whatever size was recorded
        (None, "owner", True),  # 小微企业主经营性贷款
        ("micro", "farmer", False),  # 农户 counts as 涉农, not here
    ],
)
def test_who_counts(size, entity, expected):
    assert is_inclusive(size, entity, 5_000_000_00) is expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [(0, True), (INCLUSIVE_LIMIT_FEN - 1, True), (INCLUSIVE_LIMIT_FEN, True), (INCLUSIVE_LIMIT_FEN + 1, False)],
)
def test_limit_boundary(total, expected):
    assert is_inclusive("small", "enterprise", total) is expected
    assert is_inclusive(None, "individual_business", total) is expected


@pytest.mark.parametrize(
    ("args", "bad"),
    [
        (("tiny", "enterprise", 1), "tiny"),
        (("small", "company", 1), "company"),
        (("small", "enterprise", -1), -1),
        (("small", "enterprise", 1.0), 1.0),
        (("small", "enterprise", True), True),
    ],
)
def test_bad_input_names_the_value(args, bad):
    with pytest.raises(InclusiveError) as info:
        is_inclusive(*args)
    assert info.value.value == bad
    assert repr(bad) in info.value.reason_en or str(bad) in info.value.reason_en
    assert info.value.reason_zh


@given(st.sampled_from(["large", "medium", "small", "micro", None]), st.sampled_from(["enterprise", "individual_business", "owner", "farmer"]), st.integers(INCLUSIVE_LIMIT_FEN + 1, 10**14))
def test_never_inclusive_above_limit(size, entity, total):
    assert not is_inclusive(size, entity, total)
