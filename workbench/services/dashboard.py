"""The dashboard's figures, each with the filtered list behind it.

Every :class:`Figure` names the page and filters that show exactly the rows
it counts, so the window can drill down (``navigate(page, filters)``). Each
figure is counted by the same service function (or SQL definition) the list
behind it uses, so the figure and the list cannot disagree. Filter keys used:

- clients: ``inclusive`` (None = any), ``visited_no_credit`` (bool)
- loans: ``status`` ("active"), ``inclusive`` (bool); ``view`` "lines" with ``line_status`` for credit lines
- maturities: ``within_days`` with ``maturing_only``; ``overdue_band`` (a key of ``maturities.OVERDUE_BANDS``)
- applications: ``status``
- visits: ``date_from``/``date_to`` (ISO text)
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from workbench.services import lending, maturities
from workbench.services.clients import INCLUSIVE_SQL, ClientFilter, count_clients

WAITING_STATUSES = ("submitted", "under_review", "under_approval", "returned")
OVERDUE_BANDS = tuple(maturities.OVERDUE_BANDS.items())
MATURITY_WINDOWS = (30, 60, 90)


@dataclass(frozen=True)
class Figure:
    """One number on the dashboard; ``money`` figures are fen."""

    name: str
    value: int
    money: bool = False
    page: str = ""
    filters: dict = field(default_factory=dict)


def _one(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> tuple:
    return db.execute(sql, list(params)).fetchone()


def dashboard_figures(db: sqlite_utils.Database, today: date | None = None) -> list[Figure]:
    """All dashboard figures, in display order."""
    today = today or date.today()
    figures: list[Figure] = []
    add = figures.append

    # A non-empty filter resets whatever the clients page showed before.
    add(Figure("clients", count_clients(db), page="clients", filters={"inclusive": None}))
    n, balance = _one(db, "SELECT count(*), coalesce(sum(balance_fen), 0) FROM loans WHERE status = 'active'")
    add(Figure("active_loans", n, page="loans", filters={"status": "active"}))
    add(Figure("balance", balance, money=True, page="loans", filters={"status": "active"}))
    # Loans of inclusive borrowers, by the client list's definition (evaluated once per borrower).
    inclusive_n, inclusive_balance = _one(
        db,
        "SELECT coalesce(sum(b.n), 0), coalesce(sum(b.s), 0) FROM (SELECT client_id, count(*) n, sum(balance_fen) s"
        " FROM loans WHERE status = 'active' GROUP BY client_id) b JOIN clients c ON c.id = b.client_id"
        f" WHERE {INCLUSIVE_SQL}",
    )
    inclusive = {"status": "active", "inclusive": True}
    add(Figure("inclusive_balance", inclusive_balance, money=True, page="loans", filters=inclusive))
    add(Figure("inclusive_loans", inclusive_n, page="loans", filters=inclusive))
    add(Figure("credit_lines", lending.count_lines(db, status="active"), page="loans",
               filters={"view": "lines", "line_status": "active"}))

    by_status = dict(db.execute("SELECT status, count(*) FROM applications GROUP BY status").fetchall())
    for status in WAITING_STATUSES:
        add(Figure(f"applications_{status}", by_status.get(status, 0), page="applications", filters={"status": status}))

    for days in MATURITY_WINDOWS:
        filters = {"within_days": days, "maturing_only": True}
        total = maturities.tickler_counts(db, today, **filters)["total"]
        add(Figure(f"maturing_{days}", total["count"], page="maturities", filters=filters))
        add(Figure(f"maturing_{days}_balance", total["balance_fen"], money=True, page="maturities", filters=filters))

    for band, (low, high) in OVERDUE_BANDS:
        filters = {"overdue_band": band}
        # within_days=0: the same rows (overdue loans show whatever the horizon), fewer scanned
        total = maturities.tickler_counts(db, today, within_days=0, **filters)["total"]
        name = f"overdue_{low}_{high or 'plus'}"
        add(Figure(name, total["count"], page="maturities", filters=filters))
        add(Figure(f"{name}_balance", total["balance_fen"], money=True, page="maturities", filters=filters))

    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    month = {"date_from": first.isoformat(), "date_to": last.isoformat()}
    add(Figure("visits_month", _one(db, "SELECT count(*) FROM visits WHERE visit_date BETWEEN ? AND ?",
                                    [month["date_from"], month["date_to"]])[0], page="visits", filters=month))
    add(Figure("visited_no_credit", count_clients(db, ClientFilter(visited_no_credit=True)),
               page="clients", filters={"visited_no_credit": True}))
    return figures
