"""From chains of slots to applications, credit lines, loans and their histories.

The branch started using the workbench at ``go_live`` (6 months before the
as-of date). Loans drawn since then were drawn through it: each comes from
an approved application and its credit line (one line per loan: limit = the
approved amount, expiry = start + term, as ``services/workflow.py`` creates
them), source ``workbench``. Older loans were mirrored from the core-banking
import: source ``import``, no application or line in the workbench. A
renewal's application names the loan it renews (``renews_loan_id``); the old
loan closes on the day the new one is drawn, and a ``renewals`` row links
them (its ``application_id`` is NULL when the renewal predates go-live).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from workbench.domain.classification import floor_for_overdue_days
from workbench.domain.schedule import add_months
from workbench.services.demo_data.approvals import (
    PURPOSES,
    AppTerms,
    add_application,
    stamp,
)
from workbench.services.demo_data.chains import Chain, Slot
from workbench.services.demo_data.clients import ClientFacts
from workbench.services.demo_data.loans import LoanPlan, write_history
from workbench.services.demo_data.rand import Weighted, between, pick
from workbench.services.demo_data.tables import Tables

SPREADS = (-20, 0, 15, 30, 50, 65, 80, 100, 130)
GUARANTEES = ("credit", "guarantee", "mortgage", "pledge")
CLOSING_NOTES = {
    "renewal": "续贷：新借据发放后归还旧借据",
    "no_principal": "无还本续贷：新借据结清旧借据",
    "extension": "展期：转入展期借据",
}
RENEWAL_PRODUCTS = {"renewal": "续贷", "no_principal": "无还本续贷"}
_GUARANTEE = Weighted(GUARANTEES, (30, 30, 30, 10))


class LprTable:
    """The one-year LPR in force on a date (latest publication on or before it)."""

    def __init__(self, rows: list[dict]) -> None:
        one_year = sorted((r["published_on"], r["rate_bp"]) for r in rows if r["tenor"] == "1Y")
        self._dates = [d for d, _ in one_year]
        self._rates = [r for _, r in one_year]

    def on(self, day: date) -> tuple[str, int]:
        i = bisect.bisect_right(self._dates, day.isoformat()) - 1
        i = max(i, 0)  # before the first LPR: the first one stands in
        return self._dates[i], self._rates[i]


@dataclass
class LendingContext:
    as_of: date
    go_live: date  # the branch started using the workbench; older loans came from the core-banking import
    lpr: LprTable
    officer_users: dict[str, str]  # display name → username
    stamp: str  # created_at / updated_at of generated rows


def loan_amount(rng: random.Random, client: ClientFacts) -> int:
    """A round amount in fen sized to the client's revenue."""
    caps = {"large": 3000, "medium": 1000}
    cap_wan = 100 if client.entity_type != "enterprise" else caps.get(client.size_class or "", 500)
    wan = client.revenue_fen / 1_000_000 * (0.05 + 0.25 * rng.random())
    wan = min(max(wan, 5), cap_wan)
    step = 5 if wan < 100 else 50 if wan < 500 else 100
    wan = max(step, int(wan // step) * step)
    return int(wan) * 1_000_000


def product_for(client: ClientFacts, guarantee: str, kind: str) -> str:
    if kind in RENEWAL_PRODUCTS:
        return RENEWAL_PRODUCTS[kind]
    if client.chain_role in ("supplier", "distributor"):
        return "供应链融资"
    if client.entity_type == "individual_business":
        return "个体工商户经营贷"
    if guarantee == "credit":
        return "信用贷"
    return "流动资金贷款" if client.id % 2 else "经营性贷款"


def build_chain_loans(t: Tables, rng: random.Random, ctx: LendingContext, chain: Chain, client: ClientFacts,
                      visit_before: Callable[[date], int | None]) -> None:
    """Loans of one chain, oldest first, with their histories; applications and lines for workbench loans.

    ``visit_before(day)`` adds the visit that led to the chain's first workbench application (or returns None).
    """
    officer_user = ctx.officer_users[client.officer]
    previous: tuple[int, int, str] | None = None  # (loan id, amount, product)
    first_app = True
    for slot in chain.slots:
        kind = slot.renews_previous or "new"
        renews = previous is not None and kind != "new"
        amount = previous[1] if renews else loan_amount(rng, client)
        guarantee = _GUARANTEE(rng)
        decided = slot.drawdown - timedelta(days=between(rng, 1, 10) if kind == "new" else between(rng, 5, 15))
        published, lpr_bp = ctx.lpr.on(decided - timedelta(days=7))
        spread = pick(rng, SPREADS)
        product = previous[2] if kind == "extension" and previous else product_for(client, guarantee, kind)
        purpose = pick(rng, PURPOSES)
        imported = slot.drawdown < ctx.go_live  # drawn before the workbench: mirrored from core banking
        app_id = line_id = None
        loan_id = t.next_id("loans")
        if not imported:
            requested = amount
            if kind == "new" and rng.random() < 0.1:
                requested = amount * 5 // 4 // 1_000_000 * 1_000_000 or amount  # asked for more than approved
            visit_id = visit_before(decided - timedelta(days=between(rng, 20, 60))) if first_app else None
            first_app = False
            terms = AppTerms(client.id, visit_id, kind, previous[0] if renews else None, product, requested,
                             slot.months, lpr_bp, published, spread, slot.method, guarantee, purpose, officer_user,
                             client.legal_rep, amount)
            app_id = add_application(t, rng, terms, "approved", decided)
            line_id = t.next_id("credit_lines")
            expiry = add_months(decided, slot.months)
            t["credit_lines"].append([line_id, None, client.id, app_id, amount, decided.isoformat(),
                                      expiry.isoformat(), int(slot.method == "revolving"),
                                      "active" if expiry >= ctx.as_of else "expired", stamp(decided, rng)])
        if renews:
            t["renewals"].append((len(t["renewals"]) + 1, previous[0], loan_id, app_id, kind,
                                  stamp(decided - timedelta(days=between(rng, 3, 10)), rng),
                                  stamp(slot.drawdown, rng)))
        next_kind = _next_kind(chain, slot)
        plan = LoanPlan(loan_id, amount, lpr_bp + spread, slot.months, slot.method, slot.drawdown,
                        slot.maturity, slot.fate, CLOSING_NOTES.get(next_kind) if next_kind else None,
                        1 if slot.fate == "overdue" and rng.random() < 0.15 else 0, slot.overdue_target_days,
                        imported)
        if slot.fate == "current" and rng.random() < 0.03:
            plan = replace(plan, extra_grade=1)  # 关注 for reasons other than arrears
        out = write_history(plan, ctx.as_of, ctx.go_live, officer_user, rng, t["instalments"], t["repayments"],
                            t["balance_history"])
        active = out.status == "active"
        t["loans"].append([
            loan_id, None, client.id, line_id, app_id, product, purpose, amount, out.balance_fen,
            slot.drawdown.isoformat(), slot.maturity.isoformat(), lpr_bp, spread, lpr_bp + spread, slot.method,
            guarantee, out.overdue_days, out.overdue_principal_fen, out.overdue_interest_fen, out.classification,
            out.classification if active else None, out.status, client.officer, "import" if imported else "workbench",
            ctx.as_of.isoformat() if active else out.closed_on, out.closed_on,
            stamp(max(slot.drawdown, ctx.go_live), rng), ctx.stamp,
        ])
        if out.classification != "normal":
            t["classification_history"].append((
                loan_id, ctx.stamp, "normal", out.classification, floor_for_overdue_days(out.overdue_days),
                f"逾期{out.overdue_days}天" if out.overdue_days else "经营出现困难，列入关注", "import", "admin",
            ))
        previous = (loan_id, amount, product)


def _next_kind(chain: Chain, slot: Slot) -> str | None:
    """The renewal kind of the loan after ``slot`` in its chain, if that loan renews it."""
    i = chain.slots.index(slot)
    if i + 1 < len(chain.slots):
        return chain.slots[i + 1].renews_previous
    return None
