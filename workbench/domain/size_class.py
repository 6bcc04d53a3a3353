"""Enterprise size class (大/中/小/微) per the MIIT 2011 rule (工信部联企业〔2011〕300号).

The thresholds live in ``resources/rules/enterprise_size.json`` so a revision
is an edit, not a code change. This module imports nothing of the project:
:func:`load_size_table` takes the file's path; :func:`default_size_table`
finds the bundled file beside the package.

Reading the rule: each size lists the minimum of every metric it names
(从业人员 employees, 营业收入 revenue, 资产总额 assets; "及以上"). An
enterprise takes the largest size whose minimums it meets on ALL named
metrics; one that meets none of large/medium/small is micro. A missing
metric makes the answer unknown (None) only when it could change it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from workbench.domain.errors import DomainError

SIZES: tuple[str, ...] = ("large", "medium", "small", "micro")
SIZE_LABELS_ZH: dict[str, str] = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
SIZE_LABELS_EN: dict[str, str] = {"large": "Large", "medium": "Medium", "small": "Small", "micro": "Micro"}

FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分
_METRICS = ("employees", "revenue_fen", "assets_fen")
_METRIC_NAMES_ZH = {"employees": "从业人员", "revenue_fen": "营业收入", "assets_fen": "资产总额"}


class SizeClassError(DomainError):
    """Bad input to the size classification or a broken rule table."""


@dataclass(frozen=True)
class IndustryThresholds:
    """Minimums per size for one industry; metric keys are ``employees``, ``revenue_fen``, ``assets_fen``."""

    name: str
    large: Mapping[str, int]
    medium: Mapping[str, int]
    small: Mapping[str, int]

    def minimums(self, size: str) -> Mapping[str, int]:
        return {"large": self.large, "medium": self.medium, "small": self.small}[size]


@dataclass(frozen=True)
class SizeTable:
    """The whole rule: industries in order, the fallback, and the name mapping."""

    industries: tuple[IndustryThresholds, ...]
    fallback: str
    aliases: Mapping[str, str]
    keywords: tuple[tuple[str, str], ...]
    # Filled on use by classify_size (imports classify 100,000s of clients): industry text →
    # category, and category → its minimums as ((size, ((metric index, minimum), …)), …).
    _categories: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _steps: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def thresholds(self, category: str) -> IndustryThresholds:
        for item in self.industries:
            if item.name == category:
                return item
        raise SizeClassError(
            category,
            f"行业类别“{category}”不在划型标准中",
            f"industry category {category!r} is not in the size rule table",
        )

    @property
    def names(self) -> list[str]:
        return [item.name for item in self.industries]


def _minimums(raw: Mapping[str, object], where: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, value in raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise SizeClassError(value, f"划型标准表 {where}.{key} 的值无效", f"bad threshold {where}.{key}: {value!r}")
        if key == "employees":
            out["employees"] = value
        elif key == "revenue_wan":
            out["revenue_fen"] = value * FEN_PER_WAN
        elif key == "assets_wan":
            out["assets_fen"] = value * FEN_PER_WAN
        else:
            raise SizeClassError(key, f"划型标准表 {where} 含未知指标 {key}", f"unknown metric {key!r} in {where}")
    if not out:
        raise SizeClassError(where, f"划型标准表 {where} 没有任何指标", f"no metric given for {where}")
    return out


def parse_size_table(data: Mapping) -> SizeTable:
    """Build a :class:`SizeTable` from the JSON structure (see the bundled file)."""
    industries = []
    for entry in data["industries"]:
        name = entry["name"]
        industries.append(
            IndustryThresholds(
                name=name,
                large=_minimums(entry["large"], f"{name}.large"),
                medium=_minimums(entry["medium"], f"{name}.medium"),
                small=_minimums(entry["small"], f"{name}.small"),
            )
        )
    table = SizeTable(
        industries=tuple(industries),
        fallback=data["fallback"],
        aliases={_norm(k): v for k, v in data.get("aliases", {}).items()},
        keywords=tuple((_norm(k), v) for k, v in data.get("keywords", [])),
    )
    known = set(table.names)
    for target in [table.fallback, *table.aliases.values(), *(v for _, v in table.keywords)]:
        if target not in known:
            raise SizeClassError(target, f"划型标准表引用了未知行业“{target}”", f"rule table maps to unknown industry {target!r}")
    return table


def load_size_table(path: str | Path) -> SizeTable:
    """Read the rule table from a JSON file."""
    with open(path, encoding="utf-8") as fh:
        return parse_size_table(json.load(fh))


def _default_path() -> Path:
    # Installed: workbench/resources/...; source checkout: <repo>/resources/...
    here = Path(__file__).resolve().parent.parent
    for base in (here / "resources", here.parent / "resources"):
        candidate = base / "rules" / "enterprise_size.json"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("resources/rules/enterprise_size.json not found")


@lru_cache(maxsize=1)
def default_size_table() -> SizeTable:
    """The bundled rule table (read once)."""
    return load_size_table(_default_path())


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def industry_category(industry: str | None, table: SizeTable | None = None) -> str | None:
    """The rule's industry category for free text ("制造业" → "工业", "软件开发" → "软件和信息技术服务业").

    Exact category names and aliases first, then the first keyword the text
    contains; text matching nothing is 其他未列明行业 (what the rule says for
    unlisted industries). None or blank text gives None.
    """
    table = table or default_size_table()
    if industry is None:
        return None
    text = _norm(industry)
    if not text:
        return None
    if text in table.names:
        return text
    if text in table.aliases:
        return table.aliases[text]
    for keyword, category in table.keywords:
        if keyword in text:
            return category
    return table.fallback


def _check_metric(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise SizeClassError(
            value,
            f"{_METRIC_NAMES_ZH[name]}应为整数（{name}），收到 {value!r}",
            f"{name} must be an integer, got {value!r}",
        )
    if value < 0:
        raise SizeClassError(
            value,
            f"{_METRIC_NAMES_ZH[name]}不能为负数：{value}",
            f"{name} cannot be negative: {value}",
        )
    return value


_MISSING = object()
_CACHE_LIMIT = 4096  # distinct industry texts remembered per table


def classify_size(
    industry: str | None,
    employees: int | None,
    revenue_fen: int | None,
    assets_fen: int | None,
    table: SizeTable | None = None,
) -> str | None:
    """"large" / "medium" / "small" / "micro", or None when unknown.

    ``revenue_fen`` and ``assets_fen`` are integer fen. Unknown when the
    industry is blank, or when a missing metric could change the answer
    (e.g. 工业 with 500 employees and no revenue). Raises
    :class:`SizeClassError` for a negative or non-integer metric.
    """
    # The common case (ints ≥ 0 or None) is tested inline; anything else gets the full check.
    if not (
        (employees is None or (employees.__class__ is int and employees >= 0))
        and (revenue_fen is None or (revenue_fen.__class__ is int and revenue_fen >= 0))
        and (assets_fen is None or (assets_fen.__class__ is int and assets_fen >= 0))
    ):
        _check_metric("employees", employees)
        _check_metric("revenue_fen", revenue_fen)
        _check_metric("assets_fen", assets_fen)
    table = table or default_size_table()
    category = table._categories.get(industry, _MISSING)
    if category is _MISSING:
        category = industry_category(industry, table)
        if len(table._categories) < _CACHE_LIMIT:
            table._categories[industry] = category
    if category is None:
        return None
    steps = table._steps.get(category)
    if steps is None:
        rule = table.thresholds(category)
        steps = table._steps[category] = tuple(
            (size, tuple((_METRICS.index(m), minimum) for m, minimum in rule.minimums(size).items()))
            for size in ("large", "medium", "small")
        )
    values = (employees, revenue_fen, assets_fen)
    for size, minimums in steps:
        unknown = False
        failed = False
        for index, minimum in minimums:
            value = values[index]
            if value is None:
                unknown = True
            elif value < minimum:
                failed = True
                break
        if failed:
            continue  # a known metric below the minimum rules this size out
        if unknown:
            return None  # meets what we know; the missing metric decides
        return size
    return "micro"


def _industries() -> list[str]:
    try:
        return default_size_table().names
    except FileNotFoundError:  # pragma: no cover - broken install
        return []


INDUSTRIES: list[str] = _industries()
