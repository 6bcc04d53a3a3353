"""Chinese labels for the codes the schema stores, as printed in the packet.

Unknown codes are printed as they are (a new code shows up, it is not hidden).
"""

from __future__ import annotations

from workbench.domain.size_class import SIZE_LABELS_ZH
from workbench.services.applications import GUARANTEE_LABELS_ZH, STATUS_LABELS_ZH
from workbench.services.workflow import ACTION_LABELS_ZH

# the credit workflow's own labels, so the packet and the screens say the same
STATUS = dict(STATUS_LABELS_ZH)
KIND = {"new": "新增授信", "renewal": "续贷", "no_principal": "无还本续贷", "extension": "展期"}
GUARANTEE = dict(GUARANTEE_LABELS_ZH)
ENTITY = {
    "enterprise": "企业",
    "individual_business": "个体工商户",
    "owner": "小微企业主",
    "farmer": "农户",
}
CHAIN_ROLE = {"core": "核心企业", "supplier": "上游供应商", "distributor": "下游经销商"}
SIZE = dict(SIZE_LABELS_ZH)
ROLE = {"officer": "客户经理", "reviewer": "风险审查", "approver": "审批人", "admin": "管理员"}
# approval_steps.action codes written by the credit workflow
ACTION = dict(ACTION_LABELS_ZH)
TENOR = {"1Y": "1年期", "5Y": "5年期以上"}


def label(table: dict[str, str], code: str | None, blank: str = "—") -> str:
    """``table[code]``, the code itself when unknown, ``blank`` for None/''."""
    if code is None or code == "":
        return blank
    return table.get(code, code)
