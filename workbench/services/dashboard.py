"""The dashboard's figures, each with the filtered list behind it.

Every :class:`Figure` names the page and filters that show the rows it
counts, so the window can drill down (``navigate(page, filters)``).
Filter keys used (pages ignore keys they do not know):

- clients: ``inclusive`` (bool), ``visited_no_credit`` (bool)
- loans: ``status`` ("active")
- maturities: ``within_days`` (30/60/90); ``bucket`` ("overdue") with ``overdue_min``/``overdue_max`` (days)
- applications: ``status``
- visits: ``date_from``/``date_to`` (ISO text)
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

from workbench.domain.inclusive import INCLUSIVE_LIMIT_FEN

WAITING_STATUSES = ("submitted", "under_review", "under_approval", "returned")
# Overdue bands follow the classification floors (1–90 关注, >90 次级, >270 可疑, >360 损失).
OVERDUE_BANDS = ((1, 90), (91, 270), (271, 360), (361, None))
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

    add(Figure("clients", _one(db, "SELECT count(*) FROM clients")[0], page="clients"))
    n, balance = _one(db, "SELECT count(*), coalesce(sum(balance_fen), 0) FROM loans WHERE status = 'active'")
    add(Figure("active_loans", n, page="loans", filters={"status": "active"}))
    add(Figure("balance", balance, money=True, page="loans", filters={"status": "active"}))
    inclusive_n, inclusive_balance = _one(
        db,
        "WITH lines AS (SELECT client_id, sum(limit_fen) s FROM credit_lines WHERE status = 'active' GROUP BY client_id),"
        " free AS (SELECT client_id, sum(amount_fen) s FROM loans WHERE status = 'active'"
        " AND credit_line_id IS NULL GROUP BY client_id),"
        " bal AS (SELECT client_id, sum(balance_fen) b, count(*) n FROM loans WHERE status = 'active' GROUP BY client_id)"
        " SELECT coalesce(sum(bal.n), 0), coalesce(sum(bal.b), 0) FROM bal JOIN clients c ON c.id = bal.client_id"
        " LEFT JOIN lines ON lines.client_id = c.id LEFT JOIN free ON free.client_id = c.id"
        " WHERE (c.size_class IN ('small','micro') OR c.entity_type IN ('individual_business','owner'))"
        " AND coalesce(lines.s, 0) + coalesce(free.s, 0) <= ?",
        [INCLUSIVE_LIMIT_FEN],
    )
    # The list behind the inclusive figures is the inclusive clients (the loans page has no such filter).
    add(Figure("inclusive_balance", inclusive_balance, money=True, page="clients", filters={"inclusive": True}))
    add(Figure("inclusive_loans", inclusive_n, page="clients", filters={"inclusive": True}))
    add(Figure("credit_lines", _one(db, "SELECT count(*) FROM credit_lines WHERE status = 'active'")[0],
               page="loans", filters={"status": "active"}))

    by_status = dict(db.execute("SELECT status, count(*) FROM applications GROUP BY status").fetchall())
    for status in WAITING_STATUSES:
        add(Figure(f"applications_{status}", by_status.get(status, 0), page="applications", filters={"status": status}))

    for days in MATURITY_WINDOWS:
        n, amount = _one(
            db,
            "SELECT count(*), coalesce(sum(balance_fen), 0) FROM loans"
            " WHERE status = 'active' AND maturity_date >= ? AND maturity_date <= ?",
            [today.isoformat(), (today + timedelta(days=days)).isoformat()],
        )
        add(Figure(f"maturing_{days}", n, page="maturities", filters={"within_days": days}))
        add(Figure(f"maturing_{days}_balance", amount, money=True, page="maturities", filters={"within_days": days}))

    for low, high in OVERDUE_BANDS:
        sql = "SELECT count(*), coalesce(sum(balance_fen), 0) FROM loans WHERE status = 'active' AND overdue_days >= ?"
        params: list = [low]
        if high is not None:
            sql += " AND overdue_days <= ?"
            params.append(high)
        n, amount = _one(db, sql, params)
        name = f"overdue_{low}_{high or 'plus'}"
        filters = {"bucket": "overdue", "overdue_min": low, "overdue_max": high}
        add(Figure(name, n, page="maturities", filters=filters))
        add(Figure(f"{name}_balance", amount, money=True, page="maturities", filters=filters))

    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    month = {"date_from": first.isoformat(), "date_to": last.isoformat()}
    add(Figure("visits_month", _one(db, "SELECT count(*) FROM visits WHERE visit_date BETWEEN ? AND ?",
                                    [month["date_from"], month["date_to"]])[0], page="visits", filters=month))
    add(Figure("visited_no_credit", _one(
        db,
        "SELECT count(*) FROM clients c WHERE EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id)"
        " AND NOT EXISTS (SELECT 1 FROM credit_lines l WHERE l.client_id = c.id)"
        " AND NOT EXISTS (SELECT 1 FROM loans n WHERE n.client_id = c.id)")[0],
        page="clients", filters={"visited_no_credit": True}))
    return figures
