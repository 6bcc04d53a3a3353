from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.dates import DateError, parse_date


@pytest.mark.parametrize(
    "value",
    [
        date(2019, 5, 1),
        datetime(2019, 5, 1, 13, 5),
        43586,
        43586.0,
        43586.75,
        "43586",
        "2019-05-01",
        "2019-5-1",
        "2019/05/01",
        "2019.5.1",
        "2019年5月1日",
        "2019 年 5 月 1 日",
        "２０１９年５月１日",
        "20190501",
        20190501,
        "2019-05-01 00:00:00",
        "2019-05-01T08:30:00",
    ],
)
def test_parse_date_forms(value):
    assert parse_date(value) == date(2019, 5, 1)


@pytest.mark.parametrize("value", ["", None, "x", "2019-02-30", "2019/13/01", -5, 0, 10**9, "五月一日", float("nan"), True])
def test_parse_date_rejects(value):
    with pytest.raises(DateError) as info:
        parse_date(value)
    assert info.value.reason_zh and info.value.reason_en


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_serial_and_text_round_trip(d):
    serial = (d - date(1899, 12, 30)).days
    assert parse_date(serial) == d
    assert parse_date(float(serial)) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d
    assert parse_date(d.strftime("%Y%m%d")) == d


@given(st.one_of(st.text(), st.integers(), st.floats()))
def test_anything_raises_only_date_error(value):
    try:
        assert isinstance(parse_date(value), date)
    except DateError:
        pass
