"""Credit applications with the approval steps that brought them to their status.

The chain is the one ``services/workflow.py`` enforces: the officer submits,
the reviewer (李军) takes and passes or returns the review, the approver
(赵敏) approves, returns or rejects; nobody approves what they created or
reviewed. Times run backwards from the decision so the steps are in order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.services.demo_data import people
from workbench.services.demo_data.rand import between, pick
from workbench.services.demo_data.tables import Tables

REVIEWER = "lijun"
APPROVER = "zhaomin"
# The statuses an application passes through, in order, for each final status.
PATHS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    # (action, from, to, role)
    "draft": (),
    "submitted": (("submit", "draft", "submitted", "officer"),),
    "under_review": (("submit", "draft", "submitted", "officer"), ("take_review", "submitted", "under_review", "reviewer")),
    "under_approval": (
        ("submit", "draft", "submitted", "officer"), ("take_review", "submitted", "under_review", "reviewer"),
        ("pass_review", "under_review", "under_approval", "reviewer"),
    ),
    "approved": (
        ("submit", "draft", "submitted", "officer"), ("take_review", "submitted", "under_review", "reviewer"),
        ("pass_review", "under_review", "under_approval", "reviewer"), ("approve", "under_approval", "approved", "approver"),
    ),
    "rejected": (
        ("submit", "draft", "submitted", "officer"), ("take_review", "submitted", "under_review", "reviewer"),
        ("pass_review", "under_review", "under_approval", "reviewer"), ("reject", "under_approval", "rejected", "approver"),
    ),
    "returned": (
        ("submit", "draft", "submitted", "officer"), ("take_review", "submitted", "under_review", "reviewer"),
        ("return", "under_review", "returned", "reviewer"),
    ),
}
OPINIONS = {
    "submit": ("客户经营正常，第一还款来源充足，建议授信", "企业订单稳定，纳税记录良好，建议按申请条件授信",
               "走访核实经营场所真实，融资需求合理，建议授信"),
    "pass_review": ("资料完整，风险可控，同意提交审批", "审查通过，建议按申请金额授信", "担保有效，同意提交审批"),
    "approve": ("同意", "同意，按审查意见执行", "同意授信，注意贷后管理"),
    "reject": ("第一还款来源不足，不予授信", "负债率偏高，不予授信", "经营持续性存疑，不予授信"),
    "return": ("请补充近一年纳税证明及银行流水", "请补充抵押物评估报告", "请核实实际控制人对外担保情况"),
}
PURPOSES = ("流动资金周转", "采购原材料", "支付货款", "经营周转", "设备购置", "支付工资")
OVERVIEWS = ("主营业务稳定，近三年营业收入逐年增长", "下游客户集中度较低，回款周期约60天", "经营场所自有，设备较新")
SOURCES = ("经营收入", "销售回款", "经营性现金流")
RISKS = ("行业竞争加剧", "原材料价格波动", "应收账款回收风险")


_TIMES = tuple(f"T{1 + m // 60:02d}:{m % 60:02d}:00+00:00" for m in range(540))


def stamp(day: date, rng: random.Random) -> str:
    """A working-hours UTC timestamp on ``day`` (ISO with offset): 09:00–17:59 Beijing time."""
    return day.isoformat() + _TIMES[int(rng.random() * 540)]


@dataclass(slots=True)
class AppTerms:
    """What an application asks for (and, when approved, what it gets)."""

    client_id: int
    visit_id: int | None
    kind: str
    renews_loan_id: int | None
    product: str
    amount_fen: int
    months: int
    lpr_bp: int
    lpr_published_on: str
    spread_bp: int
    method: str
    guarantee: str
    purpose: str
    officer_user: str
    owner_name: str
    approved_amount_fen: int | None = None


def add_application(t: Tables, rng: random.Random, terms: AppTerms, status: str, decided: date) -> int:
    """Append an application reaching ``status`` on ``decided`` with its steps and securities; returns its id."""
    app_id = t.next_id("applications")
    path = PATHS[status]
    # Step days, backwards from the decision.
    rand = rng.random
    days: list[date] = []
    day = decided
    for _ in path:
        days.insert(0, day)
        day -= timedelta(days=int(rand() * 4))
    created_day = day - timedelta(days=int(rand() * 6))
    created = stamp(created_day, rng)
    rate = terms.lpr_bp + terms.spread_bp
    approved = [None, None, None, None]
    reviewed_by = approved_by = submitted_at = decided_at = None
    updated = created
    for (action, src, dst, role), d in zip(path, days):
        acted = max(stamp(d, rng), updated)  # same-day steps keep their order
        actor = {"officer": terms.officer_user, "reviewer": REVIEWER, "approver": APPROVER}[role]
        choices = OPINIONS.get(action)
        opinion = choices[int(rand() * len(choices))] if choices else None
        step_terms = (None, None, None, None)
        if action == "approve":
            amount = terms.approved_amount_fen or terms.amount_fen
            approved = [amount, terms.months, terms.spread_bp, rate]
            step_terms = tuple(approved)
            approved_by = actor
        if action == "submit":
            submitted_at = acted
        if action == "take_review":
            reviewed_by = actor
        if action in ("approve", "reject"):
            decided_at = acted
        t["approval_steps"].append((app_id, action, src, dst, actor, role, acted, opinion, *step_terms))
        updated = acted
    t["applications"].append([
        app_id, None, terms.client_id, terms.visit_id, terms.kind, terms.renews_loan_id, terms.product,
        terms.amount_fen, terms.months, "1Y", terms.lpr_bp, terms.lpr_published_on, terms.spread_bp, rate,
        terms.method, terms.guarantee, terms.purpose, OVERVIEWS[int(rand() * 3)], SOURCES[int(rand() * 3)],
        RISKS[int(rand() * 3)],
        status, *approved, terms.officer_user, reviewed_by, approved_by, created, updated, submitted_at, decided_at,
    ])
    _securities(t, rng, app_id, terms)
    return app_id


def _securities(t: Tables, rng: random.Random, app_id: int, terms: AppTerms) -> None:
    if terms.guarantee == "mortgage":
        value = terms.amount_fen * between(rng, 150, 250) // 100 // 100 * 100
        t["collateral"].append((app_id, pick(rng, ("房产", "厂房", "土地使用权")), terms.owner_name,
                                "位于浙江省的自有不动产，已办理抵押登记", value, terms.amount_fen * 10_000 // value))
    elif terms.guarantee == "pledge":
        value = terms.amount_fen * between(rng, 105, 130) // 100 // 100 * 100
        t["collateral"].append((app_id, pick(rng, ("存单", "应收账款", "知识产权")), terms.owner_name, "质押登记已办妥",
                                value, terms.amount_fen * 10_000 // value))
    elif terms.guarantee == "guarantee":
        place = people.pick_place(rng)
        name = people.person_name(rng)
        born = date(1965 + rng.randrange(30), between(rng, 1, 12), between(rng, 1, 28))
        t["guarantors"].append((app_id, None, name, people.resident_id(rng, place, born, rng.random() < 0.6),
                                pick(rng, ("实际控制人", "股东", "配偶", "关联企业法定代表人")), terms.amount_fen))


def number_rows(rows: list[list], id_index: int, date_index: int, no_index: int, prefix: str) -> None:
    """Fill ``prefix`` + YYYYMM + 4-digit sequence numbers, in date order within each month (5 digits past 9,999)."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i][date_index][:10], rows[i][id_index]))
    month_seq: dict[str, int] = {}
    for i in order:
        month = rows[i][date_index][:7].replace("-", "")
        seq = month_seq.get(month, 0) + 1
        month_seq[month] = seq
        rows[i][no_index] = f"{prefix}{month}{seq:04d}"
