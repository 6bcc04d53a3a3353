"""Portfolio-wide figures: counts and balances."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import sqlite_utils


@dataclass(frozen=True)
class PortfolioSummary:
    """Key counts of one portfolio; money in fen."""

    clients: int
    visits: int
    applications: int
    applications_by_status: dict[str, int] = field(default_factory=dict)
    credit_lines: int = 0
    loans: int = 0
    active_loans: int = 0
    balance_fen: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def summary(db: sqlite_utils.Database) -> PortfolioSummary:
    """Counts of clients, visits, applications (by status), lines and loans, and the balance."""
    one = lambda sql: db.execute(sql).fetchone()[0]
    by_status = {
        status: count
        for status, count in db.execute(
            "SELECT status, count(*) FROM applications GROUP BY status ORDER BY status"
        ).fetchall()
    }
    active, balance = db.execute(
        "SELECT count(*), coalesce(sum(balance_fen), 0) FROM loans WHERE status = 'active'"
    ).fetchone()
    return PortfolioSummary(
        clients=one("SELECT count(*) FROM clients"),
        visits=one("SELECT count(*) FROM visits"),
        applications=sum(by_status.values()),
        applications_by_status=by_status,
        credit_lines=one("SELECT count(*) FROM credit_lines"),
        loans=one("SELECT count(*) FROM loans"),
        active_loans=active,
        balance_fen=balance,
    )
