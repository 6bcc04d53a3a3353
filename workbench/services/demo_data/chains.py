"""The shape of each borrower's borrowing over time, before any money is decided.

A borrower has one or more *chains*: loans one after another, each drawn
after (or, for a renewal, on the day) the previous one matured. Chains are
built backwards from how the latest loan stands at the as-of date: current,
due within 30/60/90 days, paid off some time ago, or overdue in one of the
classification bands.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from workbench.domain.schedule import add_months
from workbench.services.demo_data.rand import between

MAX_CHAIN = 2  # loans one after another per chain; more loans per borrower run in parallel chains
# Ends of chains: share of all chains, and at least one of each in any demo.
OVERDUE_BANDS: dict[str, tuple[float, tuple[int, int], tuple[int, int]]] = {
    # band: (share, target days for 等额 methods (first unpaid due ≥ this), days for past-maturity loans)
    "special": (0.04, (1, 58), (3, 88)),
    "substandard": (0.015, (91, 238), (93, 268)),
    "doubtful": (0.007, (271, 328), (273, 358)),
    "loss": (0.008, (361, 640), (363, 700)),
}
DUE_BUCKETS: dict[str, tuple[float, tuple[int, int]]] = {
    "due30": (0.04, (1, 30)), "due60": (0.04, (31, 60)), "due90": (0.04, (61, 90)),
}
ENDED_SHARE = 0.15
RENEWAL_SHARE = 0.03  # of the links between consecutive loans
RENEWAL_KINDS = ("renewal", "no_principal", "extension")


@dataclass(slots=True)
class Slot:
    """One future loan: its timing and method, decided before the amounts."""

    client_index: int
    method: str
    months: int
    drawdown: date
    maturity: date
    fate: str = "closed"  # closed | current | overdue
    overdue_target_days: int = 0
    band: str | None = None
    renews_previous: str | None = None  # kind, when this loan replaced the one before it in the chain


@dataclass
class Chain:
    client_index: int
    end: str
    slots: list[Slot] = field(default_factory=list)


def pick_method(rng: random.Random, client_size: str | None) -> tuple[str, int]:
    """A repayment method and term in months."""
    # 按月付息到期还本 one-year working-capital loans dominate SME lending
    x = rng.random()
    method = "annuity" if x < 0.18 else "equal_principal" if x < 0.30 else "interest_only" if x < 0.85 else "revolving"
    y = rng.random()
    if method in ("annuity", "equal_principal"):
        months = 12 if y < 0.5 else 24 if y < 0.8 else 36
    elif method == "interest_only":
        months = 6 if y < 0.15 else 12 if y < 0.9 else 24
    else:
        months = 12
    return method, months


def split_loans(rng: random.Random, borrowers: int, loans: int) -> list[int]:
    """How many loans each borrower has: at least one each, the rest spread at random."""
    counts = [1] * borrowers
    for i in rng.choices(range(borrowers), k=max(0, loans - borrowers)):
        counts[i] += 1
    return counts


def end_states(rng: random.Random, chains: int) -> list[str]:
    """The fate of each chain's latest loan: fixed shares with at least one of each kind, shuffled."""
    states: list[str] = []
    for band, (share, _, _) in OVERDUE_BANDS.items():
        states += ["overdue:" + band] * max(1, round(share * chains))
    for bucket, (share, _) in DUE_BUCKETS.items():
        states += [bucket] * max(1, round(share * chains))
    states += ["ended"] * round(ENDED_SHARE * chains)
    states = states[:chains]
    states += ["current"] * (chains - len(states))
    rng.shuffle(states)
    return states


def _back(maturity: date, months: int) -> tuple[date, date]:
    """Drawdown and the maturity that drawdown really gives (month ends clip), for a loan ending near ``maturity``."""
    drawdown = add_months(maturity, -months)
    return drawdown, add_months(drawdown, months)


def build_chain(rng: random.Random, client_index: int, size: str | None, length: int, end: str, as_of: date,
                links: dict[int, str]) -> Chain:
    """Slots oldest first; ``links[k]`` is the renewal kind joining slot k-1 to slot k."""
    chain = Chain(client_index, end)
    next_drawdown: date | None = None
    slots: list[Slot] = []
    for pos in reversed(range(length)):
        kind = links.get(pos + 1)  # this loan was replaced by the next one
        if kind == "extension" or links.get(pos) == "extension":
            method, months = "interest_only", 6 if links.get(pos) == "extension" else 12
        elif kind or links.get(pos):
            method, months = "interest_only", 12
        else:
            method, months = pick_method(rng, size)
        slot_fate = "closed"
        target = 0
        band = None
        if next_drawdown is None:
            drawdown, maturity, slot_fate, target, band, method = _latest(rng, method, months, end, as_of)
        else:
            gap = 0 if kind else between(rng, 0, 90)
            drawdown, maturity = _back(next_drawdown - timedelta(days=gap), months)
            if kind and maturity != next_drawdown:
                # month-end clipping: the renewal cannot start on the old maturity; make it a plain repeat loan
                slots[0].renews_previous = None
        slot = Slot(client_index, method, months, drawdown, maturity, slot_fate, target, band,
                    links.get(pos) if pos else None)
        slots.insert(0, slot)
        next_drawdown = drawdown
    chain.slots = slots
    return chain


def _latest(rng: random.Random, method: str, months: int, end: str, as_of: date):
    """Timing of a chain's latest loan for its end state."""
    if end.startswith("overdue:"):
        band = end.split(":", 1)[1]
        _, amortising_days, maturity_days = OVERDUE_BANDS[band]
        if method in ("annuity", "equal_principal"):
            target = between(rng, *amortising_days)
            drawdown = as_of - timedelta(days=target + between(rng, 31, max(31, (months - 1) * 30)))
            return drawdown, add_months(drawdown, months), "overdue", target, band, method
        for _ in range(10):
            drawdown, maturity = _back(as_of - timedelta(days=between(rng, *maturity_days)), months)
            days = (as_of - maturity).days
            if maturity_days[0] - 2 <= days <= maturity_days[1] + 2:
                break
        return drawdown, maturity, "overdue", (as_of - maturity).days, band, method
    if end in DUE_BUCKETS:
        lo, hi = DUE_BUCKETS[end][1]
        for _ in range(10):
            drawdown, maturity = _back(as_of + timedelta(days=between(rng, lo, hi)), months)
            if lo <= (maturity - as_of).days <= hi:
                break
        return drawdown, maturity, "current", 0, None, method
    if end == "ended":
        drawdown, maturity = _back(as_of - timedelta(days=between(rng, 30, 700)), months)
        return drawdown, maturity, "closed", 0, None, method
    for _ in range(20):
        drawdown = as_of - timedelta(days=int(rng.random() * months * 30))
        maturity = add_months(drawdown, months)
        if maturity > as_of:
            break
    return drawdown, maturity, "current", 0, None, method


def plan_links(rng: random.Random, lengths: list[int], eligible: list[bool]) -> list[dict[int, str]]:
    """Renewal links per chain: ``{position of the new loan: kind}``; a few of every kind."""
    links: list[dict[int, str]] = [{} for _ in lengths]
    candidates = [(c, pos) for c, n in enumerate(lengths) for pos in range(1, n)]
    rng.shuffle(candidates)
    wanted = max(3 * len(RENEWAL_KINDS), round(RENEWAL_SHARE * len(candidates)))
    used_chains: set[int] = set()
    k = 0
    for c, pos in candidates:
        if k >= wanted:
            break
        if c in used_chains:
            continue  # one renewal per chain keeps the method constraints simple
        kind = RENEWAL_KINDS[k % len(RENEWAL_KINDS)]
        if kind == "no_principal" and not eligible[c]:
            kind = "renewal"
        links[c][pos] = kind
        used_chains.add(c)
        k += 1
    return links
