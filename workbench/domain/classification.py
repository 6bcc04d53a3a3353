"""Five-category loan classification (五级分类) and its floor from overdue days.

Codes, least to most severe: normal 正常, special 关注, substandard 次级,
doubtful 可疑, loss 损失. The floor: 1–90 days overdue at least 关注,
over 90 at least 次级, over 270 at least 可疑, over 360 损失.
"""

from __future__ import annotations

from workbench.domain.errors import DomainError

CODES: tuple[str, ...] = ("normal", "special", "substandard", "doubtful", "loss")
LABELS_ZH: dict[str, str] = {
    "normal": "正常",
    "special": "关注",
    "substandard": "次级",
    "doubtful": "可疑",
    "loss": "损失",
}
LABELS_EN: dict[str, str] = {
    "normal": "Normal",
    "special": "Special mention",
    "substandard": "Substandard",
    "doubtful": "Doubtful",
    "loss": "Loss",
}
NON_PERFORMING: frozenset[str] = frozenset({"substandard", "doubtful", "loss"})
_BY_LABEL = {label: code for code, label in LABELS_ZH.items()} | {
    label.lower(): code for code, label in LABELS_EN.items()
}


class ClassificationError(DomainError):
    """A classification text that is none of the five categories."""

    def __init__(self, value: object) -> None:
        super().__init__(
            value,
            f"五级分类“{value}”无法识别（应为 正常/关注/次级/可疑/损失）",
            f"unknown loan classification {value!r} (expected normal/special/substandard/doubtful/loss)",
        )


def severity(code: str) -> int:
    """0 for normal up to 4 for loss."""
    try:
        return CODES.index(code)
    except ValueError:
        raise ClassificationError(code) from None


def parse_classification(text: str) -> str:
    """A code from a code, a Chinese label (正常…) or an English label."""
    value = str(text).strip()
    if value in CODES:
        return value
    code = _BY_LABEL.get(value) or _BY_LABEL.get(value.lower()) or _BY_LABEL.get(value.rstrip("类"))
    if code is None:
        raise ClassificationError(text)
    return code


def floor_for_overdue_days(days: int) -> str:
    """The least severe classification a loan overdue ``days`` days may have."""
    if days < 0:
        raise ValueError(f"overdue days cannot be negative: {days}")
    if days == 0:
        return "normal"
    if days <= 90:
        return "special"
    if days <= 270:
        return "substandard"
    if days <= 360:
        return "doubtful"
    return "loss"


def worse(a: str, b: str) -> str:
    """The more severe of two classifications."""
    return a if severity(a) >= severity(b) else b


def is_non_performing(code: str) -> bool:
    """次级, 可疑 and 损失 count as non-performing (NPL)."""
    severity(code)
    return code in NON_PERFORMING
