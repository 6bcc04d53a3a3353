"""The inclusive (普惠型小微企业贷款) flag.

Inclusive: loans to micro or small enterprises, to individual businesses
(个体工商户) and to small-business owners for business use (小微企业主
经营性贷款), with the client's total credit at or below 10,000,000 元.
Medium and large enterprises, farmers' loans (counted as 涉农, not here) and
clients of unknown size are not inclusive.
"""

from __future__ import annotations

from workbench.domain.errors import DomainError

INCLUSIVE_LIMIT_FEN = 1_000_000_000  # 10,000,000 元 = 1,000 万元, in fen
INCLUSIVE_SIZES = frozenset({"small", "micro"})
INCLUSIVE_PERSON_TYPES = frozenset({"individual_business", "owner"})
ENTITY_TYPES = ("enterprise", "individual_business", "owner", "farmer")
_SIZES = ("large", "medium", "small", "micro")


class InclusiveError(DomainError):
    """Bad input to the inclusive test (unknown code, negative or non-integer amount)."""


def is_inclusive(size_class: str | None, entity_type: str, total_credit_fen: int) -> bool:
    """True when the client counts as 普惠 with ``total_credit_fen`` (integer fen) of credit.

    Raises :class:`InclusiveError` for an unknown size or entity code or a
    negative / non-integer amount.
    """
    if size_class is not None and size_class not in _SIZES:
        raise InclusiveError(size_class, f"企业规模代码“{size_class}”无法识别", f"unknown size class {size_class!r}")
    if entity_type not in ENTITY_TYPES:
        raise InclusiveError(entity_type, f"主体类型代码“{entity_type}”无法识别", f"unknown entity type {entity_type!r}")
    if isinstance(total_credit_fen, bool) or not isinstance(total_credit_fen, int):
        raise InclusiveError(
            total_credit_fen,
            f"授信总额应为整数分，收到 {total_credit_fen!r}",
            f"total credit must be integer fen, got {total_credit_fen!r}",
        )
    if total_credit_fen < 0:
        raise InclusiveError(
            total_credit_fen, f"授信总额不能为负数：{total_credit_fen}", f"total credit cannot be negative: {total_credit_fen}"
        )
    if total_credit_fen > INCLUSIVE_LIMIT_FEN:
        return False
    if entity_type in INCLUSIVE_PERSON_TYPES:
        return True
    return entity_type == "enterprise" and size_class in INCLUSIVE_SIZES
