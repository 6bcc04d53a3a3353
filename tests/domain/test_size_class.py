"""Enterprise size class: every threshold of the MIIT 2011 rule at, just below and just above."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.size_class import (
    FEN_PER_WAN,
    INDUSTRIES,
    SIZE_LABELS_ZH,
    SizeClassError,
    _default_path,
    classify_size,
    default_size_table,
    industry_category,
    load_size_table,
    parse_size_table,
)

# The rule's text, copied by hand (工信部联企业〔2011〕300号 第四条), independent of the JSON:
# minimums per size; E = 从业人员 (persons), R = 营业收入 (万元), A = 资产总额 (万元).
RULE = {
    "农林牧渔业": {"large": {"R": 20000}, "medium": {"R": 500}, "small": {"R": 50}},
    "工业": {"large": {"E": 1000, "R": 40000}, "medium": {"E": 300, "R": 2000}, "small": {"E": 20, "R": 300}},
    "建筑业": {"large": {"R": 80000, "A": 80000}, "medium": {"R": 6000, "A": 5000}, "small": {"R": 300, "A": 300}},
    "批发业": {"large": {"E": 200, "R": 40000}, "medium": {"E": 20, "R": 5000}, "small": {"E": 5, "R": 1000}},
    "零售业": {"large": {"E": 300, "R": 20000}, "medium": {"E": 50, "R": 500}, "small": {"E": 10, "R": 100}},
    "交通运输业": {"large": {"E": 1000, "R": 30000}, "medium": {"E": 300, "R": 3000}, "small": {"E": 20, "R": 200}},
    "仓储业": {"large": {"E": 200, "R": 30000}, "medium": {"E": 100, "R": 1000}, "small": {"E": 20, "R": 100}},
    "邮政业": {"large": {"E": 1000, "R": 30000}, "medium": {"E": 300, "R": 2000}, "small": {"E": 20, "R": 100}},
    "住宿业": {"large": {"E": 300, "R": 10000}, "medium": {"E": 100, "R": 2000}, "small": {"E": 10, "R": 100}},
    "餐饮业": {"large": {"E": 300, "R": 10000}, "medium": {"E": 100, "R": 2000}, "small": {"E": 10, "R": 100}},
    "信息传输业": {"large": {"E": 2000, "R": 100000}, "medium": {"E": 100, "R": 1000}, "small": {"E": 10, "R": 100}},
    "软件和信息技术服务业": {"large": {"E": 300, "R": 10000}, "medium": {"E": 100, "R": 1000}, "small": {"E": 10, "R": 50}},
    "房地产开发经营": {"large": {"R": 200000, "A": 10000}, "medium": {"R": 1000, "A": 5000}, "small": {"R": 100, "A": 2000}},
    "物业管理": {"large": {"E": 1000, "R": 5000}, "medium": {"E": 300, "R": 1000}, "small": {"E": 100, "R": 500}},
    "租赁和商务服务业": {"large": {"E": 300, "A": 120000}, "medium": {"E": 100, "A": 8000}, "small": {"E": 10, "A": 100}},
    "其他未列明行业": {"large": {"E": 300}, "medium": {"E": 100}, "small": {"E": 10}},
}
LOWER = {"large": "medium", "medium": "small", "small": "micro"}
# the unit a metric moves by: one person, one fen
STEP = {"E": 1, "R": 1, "A": 1}


def _args(minimums: dict[str, int]) -> dict[str, int]:
    """Metrics at exactly the given minimums, as classify_size arguments (money in fen)."""
    return {
        "employees": minimums.get("E", 0),
        "revenue_fen": minimums.get("R", 0) * FEN_PER_WAN,
        "assets_fen": minimums.get("A", 0) * FEN_PER_WAN,
    }


def _with(args: dict[str, int], metric: str, delta: int) -> dict[str, int]:
    key = {"E": "employees", "R": "revenue_fen", "A": "assets_fen"}[metric]
    return {**args, key: args[key] + delta}


def test_all_sixteen_industries_in_table_and_rule():
    assert INDUSTRIES == list(RULE)
    assert SIZE_LABELS_ZH == {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}


def test_json_matches_the_rule_text():
    table = default_size_table()
    keys = {"E": "employees", "R": "revenue_fen", "A": "assets_fen"}
    for name, sizes in RULE.items():
        rule = table.thresholds(name)
        for size, minimums in sizes.items():
            expected = {keys[m]: v * (1 if m == "E" else FEN_PER_WAN) for m, v in minimums.items()}
            assert dict(rule.minimums(size)) == expected, (name, size)


CASES = [(industry, size, metric) for industry, sizes in RULE.items() for size, mins in sizes.items() for metric in mins]


@pytest.mark.parametrize(("industry", "size", "metric"), CASES)
def test_boundary_at_below_above(industry, size, metric):
    at = _args(RULE[industry][size])
    assert classify_size(industry, **at) == size
    # one person / one fen more on this metric stays in the same size
    assert classify_size(industry, **_with(at, metric, STEP[metric])) == size
    # one less drops to the next size down (the other metrics still meet that size)
    assert classify_size(industry, **_with(at, metric, -STEP[metric])) == LOWER[size]


@pytest.mark.parametrize("industry", list(RULE))
def test_zero_everything_is_micro(industry):
    assert classify_size(industry, 0, 0, 0) == "micro"


def test_worked_examples():
    # 工业: 299 persons, 1.5 亿 revenue → not medium (persons < 300) → small (≥20 and ≥300万)
    assert classify_size("制造业", 299, 150_000_000_00, None) == "small"
    # 零售业: 12 persons, 80万 revenue → micro (revenue < 100万)
    assert classify_size("零售业", 12, 80 * FEN_PER_WAN, None) == "micro"
    # 软件开发 maps to 软件和信息技术服务业: 15 persons, 60万 → small
    assert classify_size("软件开发", 15, 60 * FEN_PER_WAN, None) == "small"


def test_unknown_metric_gives_none_only_when_it_matters():
    # 工业, 500 persons, revenue unknown: could be medium or small → unknown
    assert classify_size("工业", 500, None, None) is None
    # 工业, 5 persons: micro whatever the revenue (persons < 20 is enough)
    assert classify_size("工业", 5, None, None) == "micro"
    # 农林牧渔业 only looks at revenue
    assert classify_size("农林牧渔业", None, 49 * FEN_PER_WAN, None) == "micro"
    assert classify_size("农林牧渔业", 10_000, None, None) is None
    # assets are irrelevant to 工业
    assert classify_size("工业", 20, 300 * FEN_PER_WAN, None) == "small"


@pytest.mark.parametrize("industry", [None, "", "   "])
def test_blank_industry_is_unknown(industry):
    assert classify_size(industry, 10, 100, 100) is None


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("制造业", "工业"),
        ("C 制造业", "工业"),
        ("采矿业", "工业"),
        ("农副食品加工业", "工业"),
        ("批发和零售业", "批发业"),
        ("服装批发", "批发业"),
        ("汽车零售", "零售业"),
        ("连锁超市", "零售业"),
        ("软件开发", "软件和信息技术服务业"),
        ("信息传输、软件和信息技术服务业", "软件和信息技术服务业"),
        ("电信服务", "信息传输业"),
        ("住宿和餐饮业", "住宿业"),
        ("中餐馆", "餐饮业"),
        ("快递服务", "邮政业"),
        ("冷链仓储", "仓储业"),
        ("道路货物运输", "交通运输业"),
        ("房地产业", "房地产开发经营"),
        ("物业服务", "物业管理"),
        ("广告设计", "租赁和商务服务业"),
        ("建筑装饰", "建筑业"),
        ("水产养殖", "农林牧渔业"),
        ("科学研究和技术服务业", "其他未列明行业"),
        ("ｘｙｚ", "其他未列明行业"),
        ("  工 业 ", "工业"),
    ],
)
def test_industry_text_mapping(text, category):
    assert industry_category(text) == category


@pytest.mark.parametrize(
    ("kwargs", "value"),
    [
        ({"employees": -1}, -1),
        ({"revenue_fen": -5}, -5),
        ({"assets_fen": 1.5}, 1.5),
        ({"employees": "12"}, "12"),
        ({"employees": True}, True),
    ],
)
def test_bad_metrics_raise_naming_the_value(kwargs, value):
    args = {"employees": 1, "revenue_fen": 1, "assets_fen": 1} | kwargs
    with pytest.raises(SizeClassError) as info:
        classify_size("工业", **args)
    assert info.value.value == value
    assert repr(value) in info.value.reason_en or str(value) in info.value.reason_en
    assert info.value.reason_zh


def test_table_is_data_a_revision_is_an_edit(tmp_path):
    data = json.loads(_default_path().read_text(encoding="utf-8"))
    for entry in data["industries"]:
        if entry["name"] == "工业":
            entry["small"]["employees"] = 30
    path = tmp_path / "size.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    revised = load_size_table(path)
    assert classify_size("工业", 25, 400 * FEN_PER_WAN, None) == "small"
    assert classify_size("工业", 25, 400 * FEN_PER_WAN, None, table=revised) == "micro"


@pytest.mark.parametrize(
    "broken",
    [
        {"industries": [{"name": "X", "large": {"employees": -1}, "medium": {"employees": 1}, "small": {"employees": 1}}], "fallback": "X"},
        {"industries": [{"name": "X", "large": {"staff": 1}, "medium": {"employees": 1}, "small": {"employees": 1}}], "fallback": "X"},
        {"industries": [{"name": "X", "large": {"employees": 3}, "medium": {"employees": 2}, "small": {"employees": 1}}], "fallback": "Y"},
    ],
)
def test_broken_table_refused(broken):
    with pytest.raises(SizeClassError):
        parse_size_table(broken)


@given(
    industry=st.sampled_from(list(RULE)),
    employees=st.integers(0, 5000),
    revenue=st.integers(0, 3_000_000 * FEN_PER_WAN),
    assets=st.integers(0, 300_000 * FEN_PER_WAN),
    bump=st.integers(0, 10**12),
)
def test_more_never_makes_smaller(industry, employees, revenue, assets, bump):
    """Monotone: raising any metric never gives a smaller size."""
    order = ["micro", "small", "medium", "large"]
    base = order.index(classify_size(industry, employees, revenue, assets))
    assert order.index(classify_size(industry, employees + bump % 1000, revenue + bump, assets + bump)) >= base
