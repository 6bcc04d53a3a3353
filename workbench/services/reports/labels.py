"""Chinese and English labels of the codes the reports show."""

from __future__ import annotations

from workbench.domain.classification import LABELS_EN as CLASS_EN
from workbench.domain.classification import LABELS_ZH as CLASS_ZH

SIZE = {
    "large": ("大型", "Large"),
    "medium": ("中型", "Medium"),
    "small": ("小型", "Small"),
    "micro": ("微型", "Micro"),
    None: ("未划型", "Unknown"),
}
METHOD = {
    "annuity": ("等额本息", "Equal instalments"),
    "equal_principal": ("等额本金", "Equal principal"),
    "interest_only": ("按月付息到期还本", "Interest only, principal at maturity"),
    "revolving": ("随借随还", "Revolving"),
}
GUARANTEE = {
    "credit": ("信用", "Credit (unsecured)"),
    "guarantee": ("保证", "Guarantee"),
    "mortgage": ("抵押", "Mortgage"),
    "pledge": ("质押", "Pledge"),
}
RENEWAL_KIND = {
    "renewal": ("续贷", "Renewal"),
    "no_principal": ("无还本续贷", "Renewal without principal repayment"),
    "extension": ("展期", "Extension"),
    "new": ("新发放", "New"),
}
YES_NO = {True: ("是", "Yes"), False: ("否", "No"), None: ("—", "—")}


def label(table: dict, code, language: str) -> str:
    """The label of ``code`` in ``table`` for ``language``; the code itself when unknown."""
    pair = table.get(code)
    if pair is None:
        return "" if code is None else str(code)
    return pair[1] if language == "en" else pair[0]


def classification(code: str | None, language: str) -> str:
    if code is None:
        return ""
    return (CLASS_EN if language == "en" else CLASS_ZH).get(code, code)
