"""Generate every row of a demo portfolio in memory, deterministically for a seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from workbench.domain.schedule import add_months
from workbench.services.demo_data import chains as chain_mod
from workbench.services.demo_data.approvals import number_rows
from workbench.services.demo_data.clients import (
    ClientFacts,
    make_client,
    make_supply_chain,
)
from workbench.services.demo_data.lending import (
    LendingContext,
    LprTable,
    build_chain_loans,
    loan_amount,
)
from workbench.services.demo_data.rand import Weighted, between, pick
from workbench.services.demo_data.tables import Tables
from workbench.services.demo_data.visits import (
    add_visit,
    last_step_day,
    pending_application,
    pipeline_statuses,
)
from workbench.services.errors import Cancelled

OFFICERS: tuple[tuple[str, str], ...] = (("王芳", "wangfang"), ("刘强", "liuqiang"), ("陈静", "chenjing"), ("张伟", "zhangwei"))
OFFICER_WEIGHTS = (35, 30, 20, 15)
BRANCH = "杭州分行营业部"
BORROWER_SHARE = 0.7
PIPELINE_SHARE = 0.12  # of clients without loans: an application in progress (or decided lately)
RENEWAL_PIPELINE_SHARE = 0.15  # of interest-only loans maturing within 60 days
Progress = Callable[[int, int, str], None]


def go_live(as_of: date) -> date:
    """When the branch started using the workbench: loans drawn before came from the core-banking import."""
    return add_months(as_of, -6)

_ENTITY = Weighted(("enterprise", "individual_business", "farmer"), (72, 25, 3))


def generate(clients: int, loans: int, seed: int, as_of: date, lpr_rows: list[dict],
             progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
             sink: Callable[[str, list], None] | None = None) -> Tables:
    """All rows of the portfolio. Raises Cancelled when ``cancel()`` turns true.

    With ``sink``, the big id-less tables are handed over in batches while
    generating (see :meth:`Tables.flush`) and the rest stays in the result.
    """
    rng = random.Random(seed)
    t = Tables(sink=sink)
    generated_at = datetime.combine(as_of, time(2, 0), tzinfo=UTC).isoformat()
    users = dict(OFFICERS)
    step = _Stepper(progress, cancel, clients + loans)

    facts = _clients(t, rng, clients, as_of, generated_at, step)
    borrowers = _pick_borrowers(rng, facts, loans)
    ctx = LendingContext(as_of, go_live(as_of), LprTable(lpr_rows), users, generated_at)

    # chains of loans per borrower
    counts = chain_mod.split_loans(rng, len(borrowers), loans)
    plans: list[tuple[int, int]] = []  # (client index, length)
    for b, q in zip(borrowers, counts):
        parts = -(-q // chain_mod.MAX_CHAIN)
        for k in range(parts):
            plans.append((b, q // parts + (1 if k < q % parts else 0)))
    ends = chain_mod.end_states(rng, len(plans))
    eligible = [facts[b].size_class in ("micro", "small", "medium") for b, _ in plans]
    links = chain_mod.plan_links(rng, [n for _, n in plans], eligible)
    visited: set[int] = set()
    for (b, length), end, link in zip(plans, ends, links):
        client = facts[b]
        chain = chain_mod.build_chain(rng, b, client.size_class, length, end, as_of, link)

        def visit_before(day: date, client: ClientFacts = client, b: int = b) -> int | None:
            if b in visited:  # the client's first workbench application follows a visit
                return None
            visited.add(b)
            return add_visit(t, rng, client, day, "need", users[client.officer], loan_amount(rng, client))

        build_chain_loans(t, rng, ctx, chain, client, visit_before)
        step.advance(length, "贷款 loans")
        if len(t["instalments"]) > 100_000:
            t.flush()

    _later_visits(t, rng, facts, borrowers, as_of, users)
    _pipeline(t, rng, facts, set(borrowers), as_of, users, ctx)
    _renewals_in_progress(t, rng, facts, as_of, users, ctx)
    number_rows(t["applications"], 0, 28, 1, "SQ")
    number_rows(t["credit_lines"], 0, 5, 1, "SX")
    number_rows(t["loans"], 0, 9, 1, "JJ")
    return t


class _Stepper:
    """Throttled progress and cooperative cancel."""

    def __init__(self, progress: Progress | None, cancel: Callable[[], bool] | None, total: int) -> None:
        self.progress, self.cancel, self.total, self.done, self._last = progress, cancel, total, 0, -1

    def advance(self, n: int, message: str) -> None:
        self.done += n
        bucket = self.done * 100 // max(1, self.total)
        if bucket != self._last:
            self._last = bucket
            if self.cancel is not None and self.cancel():
                raise Cancelled()
            if self.progress is not None:
                self.progress(min(self.done, self.total), self.total, message)


def _clients(t: Tables, rng: random.Random, n: int, as_of: date, stamp_text: str, step: _Stepper) -> list[ClientFacts]:
    facts: list[ClientFacts] = []
    taken: set[str] = set()
    members = min(15, max(0, n // 10 - 1))
    if members >= 3:
        rows, chain_facts = make_supply_chain(rng, 1, as_of, "王芳", BRANCH, stamp_text, taken, members)
        t["clients"].extend(rows)
        facts.extend(chain_facts)
    officer_of = Weighted([o for o, _ in OFFICERS], OFFICER_WEIGHTS)
    for client_id in range(len(facts) + 1, n + 1):
        entity = _ENTITY(rng)
        officer = officer_of(rng)
        row, fact = make_client(rng, client_id, as_of, officer, BRANCH, stamp_text, taken, entity)
        t["clients"].append(row)
        facts.append(fact)
        if client_id % 1000 == 0:
            step.advance(1000, "客户 clients")
    return facts


def _pick_borrowers(rng: random.Random, facts: list[ClientFacts], loans: int) -> list[int]:
    """Indexes of clients with loans: the supply chain first, then a random share of the rest."""
    chain = [i for i, f in enumerate(facts) if f.chain_role]
    others = [i for i, f in enumerate(facts) if not f.chain_role]
    wanted = min(loans, max(1, round(BORROWER_SHARE * len(facts))))
    picked = chain[:wanted] + rng.sample(others, max(0, min(len(others), wanted - len(chain))))
    return sorted(picked)


def _later_visits(t: Tables, rng: random.Random, facts: list[ClientFacts], borrowers: list[int], as_of: date,
                  users: dict[str, str]) -> None:
    """Follow-up visits to borrowers and first visits to other clients, within the last 18 months."""
    borrower_set = set(borrowers)
    for i, client in enumerate(facts):
        if i in borrower_set:
            if rng.random() < 0.3:
                day = as_of - timedelta(days=between(rng, 0, 365))
                add_visit(t, rng, client, day, pick(rng, ("need", "no_need")), users[client.officer],
                          loan_amount(rng, client))
        elif rng.random() < 0.6:
            finding = rng.choices(("need", "no_need", "unreachable"), weights=(45, 40, 15))[0]
            day = as_of - timedelta(days=between(rng, 0, 540))
            add_visit(t, rng, client, day, finding, users[client.officer], loan_amount(rng, client))


def _pipeline(t: Tables, rng: random.Random, facts: list[ClientFacts], borrowers: set[int], as_of: date,
              users: dict[str, str], ctx: LendingContext) -> None:
    """New applications at every stage from clients without loans, each after a visit that found a need."""
    candidates = [i for i in range(len(facts)) if i not in borrowers and facts[i].still_operating]
    count = min(len(candidates), max(len(chain_mod.DUE_BUCKETS) + 4, round(PIPELINE_SHARE * len(candidates))))
    statuses = pipeline_statuses(rng, count)
    for i, status in zip(rng.sample(candidates, min(count, len(statuses))), statuses):
        client = facts[i]
        amount = loan_amount(rng, client)
        decided = last_step_day(rng, status, as_of)
        visit_day = decided - timedelta(days=between(rng, 20, 80))  # before the application was created
        visit_id = add_visit(t, rng, client, visit_day, "need", users[client.officer], amount)
        app_id = pending_application(t, rng, client, status, as_of, users[client.officer], ctx.lpr, amount, visit_id,
                                     decided=decided)
        if status == "approved":  # granted but not drawn yet
            app = t["applications"][-1]
            start = date.fromisoformat(app[31][:10])
            expiry = add_months(start, app[8])
            t["credit_lines"].append([t.next_id("credit_lines"), None, client.id, app_id, amount, start.isoformat(),
                                      expiry.isoformat(), int(app[14] == "revolving"),
                                      "active" if expiry >= as_of else "expired", app[31]])


def _renewals_in_progress(t: Tables, rng: random.Random, facts: list[ClientFacts], as_of: date,
                          users: dict[str, str], ctx: LendingContext) -> None:
    """Renewal applications for interest-only loans maturing within 60 days, not yet decided."""
    soon = (as_of + timedelta(days=60)).isoformat()
    a = as_of.isoformat()
    due = [row for row in t["loans"] if row[21] == "active" and row[14] == "interest_only"
           and a < row[10] <= soon and row[19] == "normal"]
    if not due:
        return
    picked = rng.sample(due, max(2, round(RENEWAL_PIPELINE_SHARE * len(due))) if len(due) >= 2 else len(due))
    by_id = {f.id: f for f in facts}
    for row in picked:
        client = by_id[row[2]]
        kind = "no_principal" if client.size_class in ("micro", "small") and rng.random() < 0.5 else "renewal"
        status = pick(rng, ("draft", "submitted", "under_review", "under_approval"))
        pending_application(t, rng, client, status, as_of, users[client.officer], ctx.lpr, row[7], None, kind,
                            row[0], "无还本续贷" if kind == "no_principal" else "续贷", "interest_only", 12)

