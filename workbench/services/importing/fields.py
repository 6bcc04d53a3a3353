"""The fields each import knows: kind, whether required, and header synonyms.

Synonyms live in ``resources/import/header_synonyms.json`` so adding one is
an edit of data. Kinds tell :mod:`.cleaning` how to read a cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from workbench import paths
from workbench.domain.text import header_key


@dataclass(frozen=True)
class Field:
    """One importable field. ``kind``: text | uscc | money | int | date | phone | id | rate | code."""

    key: str
    kind: str
    label_zh: str
    label_en: str
    required: bool = False


CLIENT_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "企业名称", "Company name", True),
    Field("uscc", "uscc", "统一社会信用代码", "USCC", True),
    Field("legal_rep", "text", "法定代表人", "Legal representative"),
    Field("legal_rep_id", "id", "法定代表人身份证号", "Legal representative ID"),
    Field("phone", "phone", "联系电话", "Phone"),
    Field("industry", "text", "所属行业", "Industry"),
    Field("employees", "int", "从业人数", "Employees"),
    Field("revenue_fen", "money", "年营业收入", "Annual revenue"),
    Field("assets_fen", "money", "资产总额", "Total assets"),
    Field("established_on", "date", "成立日期", "Established"),
    Field("address", "text", "经营地址", "Address"),
    Field("tax_grade", "text", "纳税信用等级", "Tax grade"),
    Field("officer", "text", "客户经理", "Officer"),
    Field("branch", "text", "所属支行", "Branch"),
    Field("notes", "text", "备注", "Notes"),
    Field("entity_type", "entity", "主体类型", "Entity type"),
    Field("social_insurance_headcount", "int", "社保缴纳人数", "Social insurance headcount"),
    Field("other_bank_loans_fen", "money", "他行贷款", "Other bank loans"),
)

LOAN_FIELDS: tuple[Field, ...] = (
    Field("loan_no", "text", "借据号", "Loan number", True),
    Field("uscc", "uscc", "统一社会信用代码", "USCC", True),
    Field("client_name", "text", "客户名称", "Client name"),
    Field("drawdown_date", "date", "放款日期", "Drawdown date"),
    Field("maturity_date", "date", "到期日期", "Maturity date"),
    Field("amount_fen", "money", "贷款金额", "Loan amount"),
    Field("balance_fen", "money", "贷款余额", "Balance"),
    Field("rate_bp", "rate", "执行利率", "Interest rate"),
    Field("repayment_method", "method", "还款方式", "Repayment method"),
    Field("guarantee_type", "guarantee", "担保方式", "Guarantee type"),
    Field("overdue_days", "int", "逾期天数", "Overdue days"),
    Field("overdue_principal_fen", "money", "逾期本金", "Overdue principal"),
    Field("overdue_interest_fen", "money", "欠息", "Overdue interest"),
    Field("reported_classification", "classification", "五级分类", "Classification"),
    Field("purpose", "text", "贷款用途", "Purpose"),
    Field("product", "text", "产品名称", "Product"),
    Field("officer", "text", "客户经理", "Officer"),
    Field("as_of", "date", "数据日期", "As of"),
)

FIELDS: dict[str, tuple[Field, ...]] = {"clients": CLIENT_FIELDS, "loans": LOAN_FIELDS}


def fields_for(kind: str) -> tuple[Field, ...]:
    """The fields of an import ``kind`` ('clients' or 'loans')."""
    try:
        return FIELDS[kind]
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r}") from None


def field_map(kind: str) -> dict[str, Field]:
    return {f.key: f for f in fields_for(kind)}


@cache
def synonyms(kind: str) -> dict[str, str]:
    """header_key(synonym) → field key for ``kind``, read from the resources JSON."""
    with paths.resource("import", "header_synonyms.json").open(encoding="utf-8") as fh:
        table = json.load(fh)[kind]
    out: dict[str, str] = {}
    for key, words in table.items():
        for word in words:
            out.setdefault(header_key(word), key)
    return out
