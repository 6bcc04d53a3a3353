"""Visits (走访) and the applications still in the pipeline.

Borrowers were visited before their first application (that visit is the
application's ``visit_id``); a share of them again after lending. Clients
without loans were visited too: some had no need, some were unreachable, and
those with a need have applications at every stage of approval.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from workbench.services.demo_data.approvals import (
    PURPOSES,
    AppTerms,
    add_application,
    stamp,
)
from workbench.services.demo_data.clients import ClientFacts
from workbench.services.demo_data.rand import between, pick
from workbench.services.demo_data.tables import Tables

NEXT_STEPS = ("准备授信申请材料", "约定下周提交资料", "持续跟进", "推荐至合作担保公司", "暂无后续")
NOTES = {
    "need": ("企业订单增加，需补充流动资金", "计划新增生产设备，有中长期融资需求", "旺季备货，需短期周转资金"),
    "no_need": ("企业资金充裕，暂无融资需求", "已在他行获得足额授信", "经营规模稳定，暂不考虑融资"),
    "unreachable": ("经营地址无人，电话未接通", "企业已搬迁，新址未知", "多次预约未果"),
}
FEEDBACK = ("已授信", "已对接，客户考虑中", "资料不全，暂缓", "已发放贷款")
# In-pipeline statuses of new applications from clients without loans, and their shares.
PIPELINE = {"draft": 0.2, "submitted": 0.2, "under_review": 0.15, "under_approval": 0.15, "returned": 0.1,
            "rejected": 0.15, "approved": 0.05}


def add_visit(t: Tables, rng: random.Random, client: ClientFacts, day: date, finding: str, officer_user: str,
              amount_fen: int | None = None) -> int:
    """Append one visit; returns its id."""
    visit_id = t.next_id("visits")
    need = finding == "need"
    screens = [1] * 5 if need and rng.random() < 0.85 else [int(rng.random() < 0.7) for _ in range(5)]
    if not need:
        screens = [0] * 5 if finding == "unreachable" else screens
    declared = need and rng.random() < 0.7
    recommended = declared and all(screens) and rng.random() < 0.75
    feedback = recommended and rng.random() < 0.6
    declared_on = (day + timedelta(days=between(rng, 1, 5))) if declared else None
    recommended_on = (declared_on + timedelta(days=between(rng, 1, 10))) if recommended and declared_on else None
    t["visits"].append((
        visit_id, client.id, day.isoformat(), client.officer, client.legal_rep if finding != "unreachable" else None,
        finding, amount_fen if need else None, pick(rng, PURPOSES) if need else None, *screens,
        pick(rng, NOTES[finding]), pick(rng, NEXT_STEPS), int(declared),
        declared_on.isoformat() if declared_on else None, int(recommended),
        recommended_on.isoformat() if recommended_on else None, int(feedback),
        pick(rng, FEEDBACK) if feedback else None, officer_user, stamp(day, rng),
    ))
    return visit_id


def pipeline_statuses(rng: random.Random, count: int) -> list[str]:
    """Statuses for ``count`` in-pipeline applications: every status at least once, shuffled."""
    statuses = [s for s, share in PIPELINE.items() for _ in range(max(1, round(share * count)))]
    statuses = statuses[:max(count, len(PIPELINE))]
    rng.shuffle(statuses)
    return statuses


def last_step_day(rng: random.Random, status: str, as_of: date) -> date:
    """When a pipeline application last moved: within 45 days, or within a year once decided."""
    return as_of - timedelta(days=between(rng, 0, 365 if status in ("rejected", "approved") else 45))


def pending_application(t: Tables, rng: random.Random, client: ClientFacts, status: str, as_of: date,
                        officer_user: str, lpr, amount_fen: int, visit_id: int | None, kind: str = "new",
                        renews_loan_id: int | None = None, product: str | None = None, method: str | None = None,
                        months: int | None = None, decided: date | None = None) -> int:
    """An application still in the pipeline (or recently decided) as of ``as_of``; its last step on ``decided``."""
    decided = decided or last_step_day(rng, status, as_of)
    published, lpr_bp = lpr.on(decided)
    method = method or pick(rng, ("annuity", "equal_principal", "interest_only", "revolving"))
    months = months or (12 if method in ("interest_only", "revolving") else pick(rng, (12, 24, 36)))
    guarantee = pick(rng, ("credit", "guarantee", "mortgage", "pledge"))
    terms = AppTerms(client.id, visit_id, kind, renews_loan_id,
                     product or ("个体工商户经营贷" if client.entity_type == "individual_business" else "流动资金贷款"),
                     amount_fen, months, lpr_bp, published, pick(rng, (0, 30, 50, 80)), method, guarantee,
                     pick(rng, PURPOSES), officer_user, client.legal_rep, amount_fen)
    return add_application(t, rng, terms, status, decided)
