"""Synthetic clients: names, valid USCCs, size metrics, credit information, a supply chain.

Sizes: a target size is drawn first and the metrics are drawn inside that
size's band of the MIIT 2011 table for the client's industry, then the stored
``size_class`` is what :func:`classify_size` says about those metrics.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import uscc as stdnum_uscc

from workbench.domain.names import name_chars, name_initials
from workbench.domain.size_class import INDUSTRIES, classify_size, default_size_table
from workbench.services.demo_data import people
from workbench.services.demo_data.rand import Weighted, between, pick

CLIENT_COLUMNS = (
    "id", "uscc", "name", "name_chars", "name_initials", "entity_type", "legal_rep", "legal_rep_id", "phone",
    "address", "industry", "employees", "revenue_fen", "assets_fen", "established_on", "size_class", "tax_grade",
    "social_insurance_headcount", "credit_report_checked_on", "court_records", "other_bank_loans_fen",
    "other_bank_loans_note", "core_client_id", "chain_role", "still_operating", "officer", "branch", "notes",
    "created_at", "updated_at",
)
FEN_PER_WAN = 1_000_000

BRAND_CHARS = "鑫瑞华峰恒达永安天盛金诚中新信成嘉方兴博汇东昌宏远丰泰隆佳和立德胜通禾顺发联创明辉伟业源祥富康福利海光晟锦荣益协欣凯越腾帆晶"
INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "农林牧渔业": ("农业开发", "生态农业", "果蔬种植", "水产养殖", "茶业"),
    "工业": ("机械制造", "电子科技", "纺织", "食品", "五金制品", "塑料制品", "服饰", "新材料", "汽车零部件", "包装材料", "电器"),
    "建筑业": ("建筑工程", "建设工程", "装饰工程", "市政工程"),
    "批发业": ("贸易", "商贸", "进出口", "供应链管理"),
    "零售业": ("超市", "百货", "商贸", "便利店"),
    "交通运输业": ("物流", "运输", "货运代理"),
    "仓储业": ("仓储", "冷链仓储"),
    "邮政业": ("速递服务", "快递服务"),
    "住宿业": ("酒店管理", "宾馆"),
    "餐饮业": ("餐饮管理", "餐饮服务"),
    "信息传输业": ("通信技术", "网络工程"),
    "软件和信息技术服务业": ("软件", "信息技术", "网络科技", "数据科技"),
    "房地产开发经营": ("房地产开发", "置业"),
    "物业管理": ("物业管理", "物业服务"),
    "租赁和商务服务业": ("商务咨询", "设备租赁", "广告", "人力资源"),
    "其他未列明行业": ("文化传媒", "教育咨询", "环保科技", "健康管理"),
}
SHOP_WORDS = ("五金", "小吃", "服装", "建材", "日用品", "水果", "电器维修", "烟酒", "面馆", "汽车修理", "理发", "茶叶")
SHOP_KINDS = ("经营部", "商行", "店", "门市部")
INDUSTRY_WEIGHTS = {
    "农林牧渔业": 4, "工业": 25, "建筑业": 6, "批发业": 15, "零售业": 12, "交通运输业": 5, "仓储业": 2, "邮政业": 1,
    "住宿业": 3, "餐饮业": 7, "信息传输业": 1, "软件和信息技术服务业": 6, "房地产开发经营": 1, "物业管理": 2,
    "租赁和商务服务业": 6, "其他未列明行业": 4,
}
SHOP_INDUSTRY = {"五金": "零售业", "小吃": "餐饮业", "服装": "零售业", "建材": "零售业", "日用品": "零售业",
                 "水果": "零售业", "电器维修": "其他未列明行业", "烟酒": "零售业", "面馆": "餐饮业",
                 "汽车修理": "其他未列明行业", "理发": "其他未列明行业", "茶叶": "零售业"}
TAX_GRADES = ("A", "B", "M", "C", "D")
OTHER_BANKS = ("工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "浙商银行", "杭州银行", "宁波银行", "农商银行")
SIZES = ("micro", "small", "medium", "large")
SIZE_WEIGHTS = (50, 32, 14, 4)
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(slots=True)
class ClientFacts:
    """What later generators need to know about a client without re-reading its row."""

    id: int
    name: str
    entity_type: str
    industry: str
    size_class: str | None
    officer: str
    revenue_fen: int
    chain_role: str | None
    still_operating: bool
    good_credit: bool
    legal_rep: str


def organization_code(rng: random.Random) -> str:
    """A 9-character organisation code with its GB 11714 check character."""
    body = f"{int(rng.random() * 100_000_000):08d}"
    c = 11 - sum(int(ch) * w for ch, w in zip(body, _ORG_WEIGHTS)) % 11
    return body + ("X" if c == 10 else "0" if c == 11 else str(c))


# GB 32100-2015 check character, as python-stdnum computes it (``stdnum.cn.uscc.calc_check_digit``);
# inlined because stdnum's input cleaning costs more than the sum itself. The tests validate every
# generated code with stdnum.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {ch: i for i, ch in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
assert stdnum_uscc._alphabet == _USCC_ALPHABET


def uscc_check_digit(body: str) -> str:
    """The 18th character for the first 17 of a USCC."""
    return _USCC_ALPHABET[(31 - sum(_USCC_VALUE[c] * w for c, w in zip(body, _USCC_WEIGHTS))) % 31]


def make_uscc(rng: random.Random, kind: str, admin_code: str, taken: set[str]) -> str:
    """A fresh valid USCC: ``kind`` "91" enterprise, "92" individual business, "93" cooperative."""
    while True:
        body = kind + admin_code + organization_code(rng)
        code = body + uscc_check_digit(body)
        if code not in taken:
            taken.add(code)
            return code


def _in_band(rng: random.Random, low: int, high: int) -> int:
    """Log-uniform-ish integer in [low, high)."""
    if high <= low + 1 or low <= 0:
        return max(low, 1)
    return int(low * (high / low) ** rng.random())


def size_metrics(rng: random.Random, industry: str, target: str) -> tuple[int, int, int]:
    """``(employees, revenue_fen, assets_fen)`` inside ``target``'s band for ``industry``."""
    rule = default_size_table().thresholds(industry)
    bands = {"employees": (2, 12), "revenue_fen": (30 * FEN_PER_WAN, 200 * FEN_PER_WAN),
             "assets_fen": (20 * FEN_PER_WAN, 150 * FEN_PER_WAN)}
    order = ["small", "medium", "large"]
    for metric in bands:
        mins = [rule.minimums(s).get(metric) for s in order]
        if mins[0] is None:
            continue
        if target == "micro":
            bands[metric] = (max(1, mins[0] // 8), mins[0])
        else:
            i = order.index(target)
            upper = mins[i + 1] if i + 1 < 3 else mins[i] * 4
            bands[metric] = (mins[i], upper)
    if target == "micro" and rng.random() < 0.5:
        # a micro firm often fails only one test: lift the others into the small band
        metric = pick(rng, [m for m in bands if rule.minimums("small").get(m) is not None] or ["employees"])
        for other in bands:
            if other != metric and rule.minimums("small").get(other) is not None:
                lo = rule.minimums("small")[other]
                bands[other] = (lo, rule.minimums("medium")[other])
    employees = _in_band(rng, *bands["employees"])
    revenue = _in_band(rng, *bands["revenue_fen"]) // 10_000 * 10_000  # whole hundreds of 元
    assets = _in_band(rng, *bands["assets_fen"]) // 10_000 * 10_000
    return max(employees, 1), max(revenue, 10_000), max(assets, 10_000)


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=int(rng.random() * max(1, (end - start).days)))


_INDUSTRY = Weighted(list(INDUSTRY_WEIGHTS), list(INDUSTRY_WEIGHTS.values()))
_SIZE = Weighted(SIZES, SIZE_WEIGHTS)
_GRADE = Weighted(TAX_GRADES, (25, 45, 20, 7, 3))
_SUFFIX = Weighted(("有限公司", "有限责任公司", "股份有限公司"), (85, 12, 3))


def make_client(rng: random.Random, client_id: int, as_of: date, officer: str, branch: str, stamp: str,
                taken: set[str], entity_type: str, industry: str | None = None, target: str | None = None,
                name: str | None = None, chain: tuple[int | None, str | None] = (None, None)) -> tuple[tuple, ClientFacts]:
    """One client row (in :data:`CLIENT_COLUMNS` order) and its facts."""
    place = people.pick_place(rng)
    if entity_type == "individual_business":
        shop = pick(rng, SHOP_WORDS)
        industry = industry or SHOP_INDUSTRY[shop]
        target = target or ("micro" if rng.random() < 0.8 else "small")
        owner = people.person_name(rng)
        brand = owner[0] + "记" if rng.random() < 0.3 else pick(rng, BRAND_CHARS) + pick(rng, BRAND_CHARS)
        name = name or f"{place.city}市{place.district}{brand}{shop}{pick(rng, SHOP_KINDS)}"
        uscc = make_uscc(rng, "92", place.code, taken)
    elif entity_type == "farmer":
        industry = industry or "农林牧渔业"
        target = target or "micro"
        owner = people.person_name(rng)
        word = pick(rng, ("果蔬", "茶叶", "水产", "苗木", "粮食", "畜禽"))
        name = name or f"{place.city}市{place.district}{pick(rng, BRAND_CHARS)}{pick(rng, BRAND_CHARS)}{word}专业合作社"
        uscc = make_uscc(rng, "93", place.code, taken)
    else:
        industry = industry or _INDUSTRY(rng)
        target = target or _SIZE(rng)
        owner = people.person_name(rng)
        brand = pick(rng, BRAND_CHARS) + pick(rng, BRAND_CHARS)
        suffix = _SUFFIX(rng)
        city = place.city + ("市" if rng.random() < 0.2 else "")
        name = name or f"{city}{brand}{pick(rng, INDUSTRY_WORDS[industry])}{suffix}"
        uscc = make_uscc(rng, "91", place.code, taken)
    assert industry in INDUSTRIES, industry
    employees, revenue, assets = size_metrics(rng, industry, target)
    size = classify_size(industry, employees, revenue, assets)
    male = rng.random() < 0.68
    rep_id = people.resident_id(rng, place, people.birth_date(rng, as_of), male)
    grade = _GRADE(rng)
    social = max(0, int(employees * (0.4 + 0.6 * rng.random())))
    checked = _random_date(rng, as_of - timedelta(days=180), as_of).isoformat() if rng.random() < 0.7 else None
    court = "涉诉1起（合同纠纷，已结案）" if rng.random() < 0.03 else None
    other_loans, other_note = None, None
    if rng.random() < 0.4:
        other_loans = between(rng, 1, 60) * 10_000_000  # 10万元 steps
        other_note = f"{pick(rng, OTHER_BANKS)} 流动资金贷款"
    established = _random_date(rng, date(1998, 1, 1), as_of - timedelta(days=400)).isoformat()
    operating = rng.random() > 0.02
    core_id, role = chain
    row = (
        client_id, uscc, name, name_chars(name), name_initials(name), entity_type, owner, rep_id,
        people.mobile(rng), people.address(rng, place), industry, employees, revenue, assets, established, size,
        grade, social, checked, court, other_loans, other_note, core_id, role, int(operating), officer, branch,
        None, stamp, stamp,
    )
    facts = ClientFacts(client_id, name, entity_type, industry, size, officer, revenue, role, operating,
                        grade in ("A", "B", "M") and court is None, owner)
    return row, facts


CORE_NAME = "浙江恒峰汽车零部件股份有限公司"
SUPPLIER_WORDS = ("汽车零部件", "五金制品", "塑料制品", "包装材料", "电子科技", "新材料")
DISTRIBUTOR_WORDS = ("汽配贸易", "商贸", "供应链管理")


def make_supply_chain(rng: random.Random, first_id: int, as_of: date, officer: str, branch: str, stamp: str,
                      taken: set[str], members: int = 15) -> tuple[list[tuple], list[ClientFacts]]:
    """The core enterprise (id ``first_id``) and ``members`` suppliers (2/3) and distributors (1/3)."""
    rows, facts = [], []
    row, fact = make_client(rng, first_id, as_of, officer, branch, stamp, taken, "enterprise", "工业", "large",
                            CORE_NAME, (None, "core"))
    rows.append(row)
    facts.append(fact)
    for k in range(members):
        supplier = k < members * 2 // 3
        industry = "工业" if supplier else "批发业"
        word = pick(rng, SUPPLIER_WORDS if supplier else DISTRIBUTOR_WORDS)
        city = people.pick_place(rng).city
        name = f"{city}{pick(rng, BRAND_CHARS)}{pick(rng, BRAND_CHARS)}{word}有限公司"
        target = pick(rng, ("micro", "small", "small", "medium"))
        row, fact = make_client(rng, first_id + 1 + k, as_of, officer, branch, stamp, taken, "enterprise", industry,
                                target, name, (first_id, "supplier" if supplier else "distributor"))
        rows.append(row)
        facts.append(fact)
    return rows, facts
