"""Synthetic people and places: names, phones, resident IDs, addresses (Zhejiang).

Resident IDs pass GB 11643 as python-stdnum checks it, including the birth
place: a county code is only valid for people born after it was created, so
each code below carries the first birth year stdnum accepts for it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from stdnum.cn import ric

from workbench.services.demo_data.rand import Weighted, between, pick

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉鹏飞宇浩凯晨欣怡婷佳琳雪梅海波斌林峰俊丹宏志国庆红兵春燕云龙晓东"

# (city, [(district, code, first birth year stdnum accepts)]), city-level code valid since 1958 first.
CITIES: tuple[tuple[str, tuple[tuple[str, str, int], ...]], ...] = (
    ("杭州", (("上城区", "330102", 1983), ("拱墅区", "330105", 1983), ("西湖区", "330106", 1983),
              ("滨江区", "330108", 1996), ("萧山区", "330109", 2001), ("余杭区", "330110", 2001),
              ("桐庐县", "330122", 1958), ("淳安县", "330127", 1958), ("杭州市", "330100", 1958))),
    ("宁波", (("海曙区", "330203", 1983), ("江北区", "330205", 1983), ("北仑区", "330206", 1985),
              ("镇海区", "330211", 1985), ("鄞州区", "330212", 2002), ("象山县", "330225", 1983),
              ("宁波市", "330200", 1958))),
    ("温州", (("鹿城区", "330302", 1983), ("龙湾区", "330303", 1984), ("瓯海区", "330304", 1992),
              ("永嘉县", "330324", 1981), ("苍南县", "330327", 1981), ("温州市", "330300", 1958))),
    ("绍兴", (("越城区", "330602", 1983), ("新昌县", "330624", 1983), ("诸暨市", "330681", 1989))),
    ("嘉兴", (("南湖区", "330402", 1983), ("秀洲区", "330411", 1983), ("海宁市", "330481", 1989))),
    ("湖州", (("吴兴区", "330502", 1983), ("德清县", "330521", 1983), ("长兴县", "330522", 1983))),
    ("金华", (("婺城区", "330702", 1985), ("义乌市", "330782", 1989), ("永康市", "330784", 1992))),
    ("台州", (("椒江区", "331002", 1994), ("黄岩区", "331003", 1994), ("温岭市", "331081", 1994))),
)
# Born before the district codes existed: the codes stdnum knows from 1958.
_OLD_CODES = ("330100", "330122", "330127", "330200", "330300")
CITY_WEIGHTS = (30, 18, 14, 10, 8, 7, 7, 6)
STREETS = (
    "文三路", "学院路", "莫干山路", "解放路", "中山路", "人民路", "建设路", "环城北路", "工业园路", "科技大道",
    "江南大道", "滨河路", "兴业街", "创业路", "振兴路", "长安路", "金桥路", "东风路", "新华路", "望江路",
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "173", "177", "180", "181", "183", "185", "186", "187", "188", "189", "199",
)


@dataclass(frozen=True)
class Place:
    """Where a client is: city, district and the 6-digit administrative code."""

    city: str
    district: str
    code: str


_PLACES = [
    [Place(city, district, code) for district, code, _ in districts if district != city + "市"]  # city level: IDs only
    for city, districts in CITIES
]
_CITY = Weighted(range(len(CITIES)), CITY_WEIGHTS)


def pick_place(rng: random.Random) -> Place:
    return pick(rng, _PLACES[_CITY(rng)])


def person_name(rng: random.Random) -> str:
    given = pick(rng, GIVEN) if rng.random() < 0.35 else pick(rng, GIVEN) + pick(rng, GIVEN)
    return pick(rng, SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return pick(rng, MOBILE_PREFIXES) + f"{int(rng.random() * 100_000_000):08d}"


def address(rng: random.Random, place: Place) -> str:
    return f"浙江省{place.city}市{place.district}{pick(rng, STREETS)}{between(rng, 1, 899)}号"


def resident_id(rng: random.Random, place: Place, born: date, male: bool) -> str:
    """A valid 18-character resident ID for someone born on ``born`` near ``place``."""
    codes = _codes_for(place.city, born.year)
    code = pick(rng, codes) if codes else pick(rng, _OLD_CODES)
    order = int(rng.random() * 500) * 2 + (1 if male else 0)  # odd for men, even for women
    body = f"{code}{born:%Y%m%d}{order:03d}"
    return body + ric.calc_check_digit(body + "0")


@cache
def _code_valid(code: str, year: int) -> bool:
    """Whether stdnum accepts ``code`` as the birth place of someone born in ``year`` (codes change)."""
    body = f"{code}{year}0615123"
    return ric.is_valid(body + ric.calc_check_digit(body + "0"))


@cache
def _codes_for(city: str, year: int) -> tuple[str, ...]:
    return tuple(c for _, c, first in _districts(city) if first <= year and _code_valid(c, year))


def _districts(city: str) -> tuple[tuple[str, str, int], ...]:
    for name, districts in CITIES:
        if name == city:
            return districts
    return ()


def birth_date(rng: random.Random, as_of: date) -> date:
    """A legal representative's birthday: 25 to 62 years before ``as_of``."""
    start = date(as_of.year - 62, 1, 1)
    return start + timedelta(days=int(rng.random() * (date(as_of.year - 25, 12, 31) - start).days))
