"""Eligibility for 无还本续贷 (renewal without first repaying principal), rules kept as data.

The rules live in ``resources/rules/no_principal_renewal.json`` (金规〔2024〕13号,
medium enterprises temporarily covered for working-capital loans maturing by
2027-09-30). :func:`evaluate` checks one loan's :class:`RenewalFacts`
against them and returns every rule with passed/failed and the reason in
Chinese and English. A rule marked ``"overridable": false`` in the file
(before maturity, classification) cannot be overridden by a justification:
:func:`blocking` lists such failures.

Extension (展期) limits, 《贷款通则》第十二条, live in
``resources/rules/extension_limits.json``: :func:`extension_allowance` gives
the cumulative months an extension chain may add to its original loan.
Pure: imports nothing of the project.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.domain.errors import DomainError

KNOWN_RULES = (
    "borrower_type",
    "loan_type",
    "classification",
    "no_arrears",
    "before_maturity",
    "still_operating",
    "needs_funds",
    "good_conduct",
)
_SIZE_ZH = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型", None: "未知规模"}
_ENTITY_ZH = {"enterprise": "企业", "individual_business": "个体工商户", "owner": "小微企业主", "farmer": "农户"}
_CLASS_ZH = {"normal": "正常", "special": "关注", "substandard": "次级", "doubtful": "可疑", "loss": "损失"}


class RenewalRulesError(DomainError):
    """A broken rule file."""


@dataclass(frozen=True)
class RenewalRules:
    """The parsed rule file: ``rules`` maps rule id → its parameters (labels included), in order."""

    rules: tuple[tuple[str, Mapping[str, Any]], ...]
    apply_window_days: int
    min_justification_chars: int
    source: str = ""


@dataclass(frozen=True)
class RenewalFacts:
    """What the rules look at. Money in fen; ``None`` for an officer confirmation not given yet."""

    entity_type: str
    size_class: str | None
    product: str | None
    classification: str
    overdue_days: int
    overdue_principal_fen: int
    overdue_interest_fen: int
    maturity_date: date
    application_date: date
    still_operating: bool
    needs_funds: bool | None = None
    good_conduct: bool | None = None
    purpose: str | None = None


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    passed: bool
    label_zh: str
    label_en: str
    reason_zh: str
    reason_en: str
    extra: dict = field(default_factory=dict)
    overridable: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


def parse_rules(data: Mapping) -> RenewalRules:
    """Build :class:`RenewalRules` from the JSON structure; unknown rule ids are refused."""
    rules = []
    for entry in data.get("rules", []):
        rule_id = entry.get("id")
        if rule_id not in KNOWN_RULES:
            raise RenewalRulesError(rule_id, f"续贷规则文件含未知规则“{rule_id}”", f"unknown renewal rule {rule_id!r}")
        if not entry.get("label_zh") or not entry.get("label_en"):
            raise RenewalRulesError(rule_id, f"规则“{rule_id}”缺少名称", f"rule {rule_id!r} has no label")
        if not isinstance(entry.get("overridable", True), bool):
            raise RenewalRulesError(entry.get("overridable"), f"规则“{rule_id}”的 overridable 应为 true/false",
                                    f"rule {rule_id!r}: overridable must be true or false")
        rules.append((rule_id, dict(entry)))
    window = data.get("apply_window_days")
    if not isinstance(window, int) or window < 0:
        raise RenewalRulesError(window, "apply_window_days 应为非负整数", f"apply_window_days must be a non-negative integer, got {window!r}")
    return RenewalRules(
        rules=tuple(rules),
        apply_window_days=window,
        min_justification_chars=int(data.get("min_justification_chars", 10)),
        source=data.get("source", ""),
    )


def load_rules(path: str | Path) -> RenewalRules:
    with open(path, encoding="utf-8") as fh:
        return parse_rules(json.load(fh))


@lru_cache(maxsize=1)
def default_rules() -> RenewalRules:
    """The bundled rule file (read once)."""
    here = Path(__file__).resolve().parent.parent
    for base in (here / "resources", here.parent / "resources"):
        candidate = base / "rules" / "no_principal_renewal.json"
        if candidate.is_file():
            return load_rules(candidate)
    raise FileNotFoundError("resources/rules/no_principal_renewal.json not found")


def _is_working_capital(product: str | None, params: Mapping, purpose: str | None = None) -> bool:
    """A working-capital or business loan by its product name, or by its purpose when the product says nothing."""
    if _excluded_keyword(product, params):
        return False
    if any(k in (product or "") for k in params.get("working_capital_keywords", [])):
        return True
    if _excluded_keyword(purpose, params):
        return False
    return any(k in (purpose or "") for k in params.get("working_capital_purpose_keywords", []))


def _excluded_keyword(text: str | None, params: Mapping) -> str | None:
    return next((k for k in params.get("excluded_product_keywords", []) if k in (text or "")), None)


def _borrower_type(f: RenewalFacts, p: Mapping, rules: RenewalRules) -> tuple[bool, str, str]:
    who_zh = _ENTITY_ZH.get(f.entity_type, f.entity_type)
    if f.entity_type in p.get("eligible_entity_types", []):
        return True, f"借款人为{who_zh}", f"the borrower is a {f.entity_type.replace('_', ' ')}"
    if f.entity_type == "enterprise" and f.size_class in p.get("eligible_sizes", []):
        return True, f"借款人为{_SIZE_ZH[f.size_class]}企业", f"the borrower is a {f.size_class} enterprise"
    loan_params = dict(rules.rules).get("loan_type", {})
    for temp in p.get("temporary", []):
        if f.entity_type == "enterprise" and f.size_class == temp.get("size"):
            limit = date.fromisoformat(temp["loan_matures_on_or_before"])
            if f.maturity_date > limit:
                return (
                    False,
                    f"{_SIZE_ZH[f.size_class]}企业仅阶段性适用于{limit.isoformat()}前到期的贷款，本笔到期日为{f.maturity_date.isoformat()}",
                    f"{f.size_class} enterprises are covered only for loans maturing by {limit.isoformat()}; this one matures {f.maturity_date.isoformat()}",
                )
            if temp.get("working_capital_only") and not _is_working_capital(f.product, loan_params, f.purpose):
                return (
                    False,
                    f"{_SIZE_ZH[f.size_class]}企业仅流动资金贷款阶段性适用，本笔产品为“{f.product or ''}”",
                    f"{f.size_class} enterprises are covered only for working-capital loans; this product is {f.product!r}",
                )
            return True, temp.get("note_zh", "阶段性纳入"), temp.get("note_en", "temporarily covered")
    return (
        False,
        f"借款人为{_SIZE_ZH.get(f.size_class, f.size_class)}{who_zh}，不在适用范围内",
        f"the borrower ({f.entity_type}, size {f.size_class or 'unknown'}) is not covered",
    )


def _loan_type(f: RenewalFacts, p: Mapping) -> tuple[bool, str, str]:
    """Only a loan known to be working-capital / business passes: an unknown product must be confirmed."""
    product = (f.product or "").strip()
    purpose = (f.purpose or "").strip()
    excluded = _excluded_keyword(product, p)
    if excluded:
        return False, f"产品“{product}”属于{excluded}类，不适用", f"product {product!r} is a {excluded} product, not covered"
    if any(k in product for k in p.get("working_capital_keywords", [])):
        return True, f"产品“{product}”为经营性/流动资金贷款", f"product {product!r} is a business or working-capital loan"
    excluded = _excluded_keyword(purpose, p)
    if excluded:
        return False, f"用途“{purpose}”属于{excluded}类，不适用", f"purpose {purpose!r} is {excluded}, not covered"
    if any(k in purpose for k in p.get("working_capital_purpose_keywords", [])):
        shown = product or "未登记"
        return (True, f"产品“{shown}”，用途“{purpose}”为经营周转",
                f"product {product or 'not recorded'!r}, purpose {purpose!r}: working capital")
    if not product:
        return False, "产品未知，须确认", "product unknown, must be confirmed"
    return (False, f"产品“{product}”未能认定为经营性/流动资金贷款，须确认",
            f"product {product!r} is not recognised as a working-capital or business loan, must be confirmed")


def _classification(f: RenewalFacts, p: Mapping) -> tuple[bool, str, str]:
    allowed = p.get("allowed", ["normal"])
    label = _CLASS_ZH.get(f.classification, f.classification)
    if f.classification in allowed:
        return True, f"五级分类为{label}类", f"classified {f.classification}"
    allowed_zh = "/".join(_CLASS_ZH.get(a, a) for a in allowed)
    return False, f"五级分类为{label}类，须为{allowed_zh}类", f"classified {f.classification}; must be {' or '.join(allowed)}"


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def _no_arrears(f: RenewalFacts, p: Mapping) -> tuple[bool, str, str]:
    if f.overdue_days == 0 and f.overdue_principal_fen == 0 and f.overdue_interest_fen == 0:
        return True, "无逾期、无欠息", "nothing overdue"
    return (
        False,
        f"逾期 {f.overdue_days} 天，逾期本金 {_yuan(f.overdue_principal_fen)} 元，欠息 {_yuan(f.overdue_interest_fen)} 元",
        f"{f.overdue_days} days overdue, overdue principal {_yuan(f.overdue_principal_fen)} yuan, unpaid interest {_yuan(f.overdue_interest_fen)} yuan",
    )


def _before_maturity(f: RenewalFacts, p: Mapping, window: int) -> tuple[bool, str, str]:
    days_left = (f.maturity_date - f.application_date).days
    if days_left < 0:
        return False, f"原贷款已于{f.maturity_date.isoformat()}到期（已过 {-days_left} 天）", f"the old loan matured on {f.maturity_date.isoformat()} ({-days_left} days ago)"
    if days_left == 0:
        return False, f"原贷款今天（{f.maturity_date.isoformat()}）到期，须在到期前申请", f"the old loan matures today ({f.maturity_date.isoformat()}); the request must come before maturity"
    if days_left > window:
        return (
            False,
            f"距到期还有 {days_left} 天，早于到期前 {window} 天的申请窗口",
            f"{days_left} days before maturity: earlier than the {window}-day window",
        )
    return True, f"到期前 {days_left} 天提出申请", f"applied {days_left} days before maturity"


def _confirmed(value: bool | None) -> tuple[bool, str, str]:
    if value is True:
        return True, "客户经理已确认", "confirmed by the officer"
    if value is False:
        return False, "客户经理确认不满足", "the officer says this does not hold"
    return False, "尚未确认", "not confirmed yet"


def evaluate(facts: RenewalFacts, rules: RenewalRules | None = None) -> list[RuleResult]:
    """Every rule of the file, in order, passed or failed with its reason."""
    rules = rules or default_rules()
    results = []
    for rule_id, params in rules.rules:
        extra: dict = {}
        if rule_id == "borrower_type":
            ok, zh, en = _borrower_type(facts, params, rules)
        elif rule_id == "loan_type":
            ok, zh, en = _loan_type(facts, params)
        elif rule_id == "classification":
            ok, zh, en = _classification(facts, params)
        elif rule_id == "no_arrears":
            ok, zh, en = _no_arrears(facts, params)
        elif rule_id == "before_maturity":
            ok, zh, en = _before_maturity(facts, params, rules.apply_window_days)
            extra = {"days_left": (facts.maturity_date - facts.application_date).days}
        elif rule_id == "still_operating":
            ok, zh, en = (True, "仍在经营", "still operating") if facts.still_operating else (False, "企业已停止经营", "the enterprise no longer operates")
        elif rule_id == "needs_funds":
            ok, zh, en = _confirmed(facts.needs_funds)
        else:  # good_conduct
            ok, zh, en = _confirmed(facts.good_conduct)
        window = str(rules.apply_window_days)
        results.append(RuleResult(
            rule_id, ok, params["label_zh"].replace("{apply_window_days}", window),
            params["label_en"].replace("{apply_window_days}", window), zh, en, extra,
            overridable=bool(params.get("overridable", True)),
        ))
    return results


def all_passed(results: list[RuleResult]) -> bool:
    return all(r.passed for r in results)


def failed(results: list[RuleResult]) -> list[RuleResult]:
    return [r for r in results if not r.passed]


def blocking(results: list[RuleResult]) -> list[RuleResult]:
    """Failed rules that no justification can override (``"overridable": false`` in the rule file)."""
    return [r for r in results if not r.passed and not r.overridable]


# --- Extension (展期) limits, 《贷款通则》第十二条 -------------------------------------------


@dataclass(frozen=True)
class ExtensionBand:
    """A term band: loans with an original term up to ``max_original_months`` (None: no upper end).

    The cumulative extension limit is ``limit_months`` when set, else the original term times
    ``fraction`` (numerator, denominator), rounded down to whole months.
    """

    id: str
    label_zh: str
    label_en: str
    max_original_months: int | None
    limit_months: int | None = None
    fraction: tuple[int, int] | None = None

    def limit_for(self, original_months: int) -> int:
        if self.limit_months is not None:
            return self.limit_months
        num, den = self.fraction or (1, 1)
        return original_months * num // den


@dataclass(frozen=True)
class ExtensionLimits:
    bands: tuple[ExtensionBand, ...]
    source: str = ""


@dataclass(frozen=True)
class ExtensionAllowance:
    """How far an extension chain may go: months in whole months."""

    band: ExtensionBand
    original_months: int
    limit_months: int
    used_months: int

    @property
    def remaining_months(self) -> int:
        return max(0, self.limit_months - self.used_months)


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def parse_extension_limits(data: Mapping) -> ExtensionLimits:
    """Build :class:`ExtensionLimits` from the JSON structure; bands ascending, the last open-ended."""
    bands = []
    for entry in data.get("bands", []):
        band_id = entry.get("id")
        if not band_id or not entry.get("label_zh") or not entry.get("label_en"):
            raise RenewalRulesError(band_id, "展期期限档次缺少编号或名称", f"extension band {band_id!r} has no id or label")
        upper = entry.get("max_original_months")
        if upper is not None and not _positive_int(upper):
            raise RenewalRulesError(upper, f"展期档次“{band_id}”的 max_original_months 应为正整数",
                                    f"extension band {band_id!r}: max_original_months must be a positive integer")
        limit = entry.get("limit") or {}
        months, fraction = limit.get("months"), limit.get("fraction_of_original")
        if months is not None and not (isinstance(months, int) and not isinstance(months, bool) and months >= 0):
            raise RenewalRulesError(months, f"展期档次“{band_id}”的 months 应为非负整数",
                                    f"extension band {band_id!r}: months must be a non-negative integer")
        if fraction is not None and not (isinstance(fraction, list) and len(fraction) == 2 and fraction[0] >= 0
                                         and _positive_int(fraction[1]) and isinstance(fraction[0], int)):
            raise RenewalRulesError(fraction, f"展期档次“{band_id}”的 fraction_of_original 应为 [分子, 分母]",
                                    f"extension band {band_id!r}: fraction_of_original must be [numerator, denominator]")
        if (months is None) == (fraction is None):
            raise RenewalRulesError(limit, f"展期档次“{band_id}”须给出 months 或 fraction_of_original 之一",
                                    f"extension band {band_id!r} needs exactly one of months or fraction_of_original")
        bands.append(ExtensionBand(band_id, entry["label_zh"], entry["label_en"], upper, months,
                                   tuple(fraction) if fraction is not None else None))
    uppers = [b.max_original_months for b in bands]
    if not bands or uppers[-1] is not None or None in uppers[:-1] or uppers[:-1] != sorted(set(uppers[:-1])):
        raise RenewalRulesError(uppers, "展期档次应按原期限递增排列，最后一档不设上限",
                                "extension bands must ascend by original term, the last one open-ended")
    return ExtensionLimits(tuple(bands), data.get("source", ""))


@lru_cache(maxsize=1)
def default_extension_limits() -> ExtensionLimits:
    """The bundled ``resources/rules/extension_limits.json`` (read once)."""
    here = Path(__file__).resolve().parent.parent
    for base in (here / "resources", here.parent / "resources"):
        candidate = base / "rules" / "extension_limits.json"
        if candidate.is_file():
            with open(candidate, encoding="utf-8") as fh:
                return parse_extension_limits(json.load(fh))
    raise FileNotFoundError("resources/rules/extension_limits.json not found")


def extension_allowance(original_months: int, used_months: int = 0, limits: ExtensionLimits | None = None) -> ExtensionAllowance:
    """The cumulative extension limit for a loan of ``original_months`` with ``used_months`` already extended.

    Short-term (≤ 12 months): the original term; medium (13–60): half of it; long (> 60): 36 months —
    as the rule file says.
    """
    limits = limits or default_extension_limits()
    band = next(b for b in limits.bands if b.max_original_months is None or original_months <= b.max_original_months)
    return ExtensionAllowance(band, original_months, band.limit_for(original_months), used_months)
