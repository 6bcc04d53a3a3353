"""The portfolio as it stood at a date: each loan's balance and classification.

Definitions used by every report (money in integer fen):

- **Balance at date D** of a loan: 0 before its drawdown and once it was
  closed (``closed_on <= D``); else the latest ``balance_history`` row with
  ``as_of <= D`` (its balance, overdue days and classification). A loan with
  no balance history at all (drawn in the workbench, never mirrored from the
  core-banking import) is measured from its own record: ``amount_fen`` minus the
  principal repaid on or before D; its classification and overdue days are
  the loan's current ones. A loan whose history starts after D is 0 at D.
- **Past maturity, stale state**: when a loan has a balance at D, is past
  maturity at D (``maturity_date < D``) and its latest history row is older
  than D (or it has none), its overdue days at D are at least the days from
  maturity to D, and its classification at least the floor for those days
  (``floor_for_overdue_days``): an unpaid matured loan is overdue whatever
  an older row said.
- **Outstanding at D**: balance at D > 0.
- **Officer** of a loan: ``loans.officer``, else the client's officer.
- **Total credit of a client at D** (for the inclusive test): the limits of
  the client's credit lines in force at D (start <= D <= expiry, not
  cancelled) or carrying a loan outstanding at D, plus the amounts of its
  outstanding loans that have no credit line.
- **Inclusive** loan: ``workbench.domain.inclusive.is_inclusive(size class,
  entity type, total credit of the client at D)``; size class is
  ``clients.size_class``, or when blank ``classify_size`` from the client's
  industry, employees, revenue and assets.
- **NPL**: classification substandard, doubtful or loss.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import sqlite_utils

from workbench.domain.classification import floor_for_overdue_days, is_non_performing, worse
from workbench.domain.inclusive import is_inclusive
from workbench.domain.size_class import SizeClassError, classify_size

#: SQL function (registered by :func:`_register`): classification at least the floor for ``days`` overdue.
FLOOR_FUNCTION = "report_class_with_floor"

#: CTE ``at_d(loan_id, balance_fen, classification, overdue_days)`` for :d.
AT_DATE_CTE = f"""
snap AS (
    SELECT l.id AS loan_id,
           (SELECT bh.id FROM balance_history bh
             WHERE bh.loan_id = l.id AND bh.as_of <= :d
             ORDER BY bh.as_of DESC, bh.id DESC LIMIT 1) AS bh_id
      FROM loans l
     WHERE l.drawdown_date <= :d AND (l.closed_on IS NULL OR l.closed_on > :d)
),
raw AS (
    SELECT s.loan_id,
           CASE WHEN s.bh_id IS NOT NULL THEN bh.balance_fen
                WHEN EXISTS (SELECT 1 FROM balance_history b3 WHERE b3.loan_id = l.id) THEN 0
                ELSE max(0, l.amount_fen - coalesce((SELECT sum(r.principal_fen) FROM repayments r
                                                     WHERE r.loan_id = l.id AND r.paid_on <= :d), 0))
           END AS balance_fen,
           CASE WHEN s.bh_id IS NOT NULL THEN bh.classification ELSE l.classification END AS classification,
           CASE WHEN s.bh_id IS NOT NULL THEN bh.overdue_days ELSE l.overdue_days END AS overdue_days,
           CASE WHEN l.maturity_date < :d AND (bh.as_of IS NULL OR bh.as_of < :d)
                THEN CAST(julianday(:d) - julianday(l.maturity_date) AS INTEGER) END AS days_past_maturity
      FROM snap s
      JOIN loans l ON l.id = s.loan_id
      LEFT JOIN balance_history bh ON bh.id = s.bh_id
),
at_d AS (
    SELECT loan_id, balance_fen,
           CASE WHEN days_past_maturity IS NOT NULL AND balance_fen > 0
                THEN {FLOOR_FUNCTION}(classification, days_past_maturity) ELSE classification END AS classification,
           CASE WHEN days_past_maturity IS NOT NULL AND balance_fen > 0
                THEN max(coalesce(overdue_days, 0), days_past_maturity) ELSE overdue_days END AS overdue_days
      FROM raw
)
"""


def class_with_floor(classification: str | None, days: int) -> str | None:
    """The more severe of ``classification`` and the floor for ``days`` overdue (a bad code is kept as is)."""
    try:
        return worse(classification or "normal", floor_for_overdue_days(max(0, int(days))))
    except ValueError:
        return classification


def _register(db: sqlite_utils.Database) -> None:
    """Make :data:`FLOOR_FUNCTION` available on this connection (needed by every AT_DATE_CTE query)."""
    db.register_function(class_with_floor, deterministic=True, replace=True, name=FLOOR_FUNCTION)


OFFICER_SQL = "coalesce(l.officer, c.officer)"


@contextmanager
def materialized(db: sqlite_utils.Database, d: date) -> Iterator[str]:
    """The loans outstanding at ``d`` computed once into a TEMP table; yields its name.

    Pass the name as ``table=`` to :func:`client_credit_totals` and
    :func:`outstanding_loans` so a report evaluates the as-of-date rule once
    instead of once per query. The table is dropped on exit. (TEMP tables
    live in the connection's own temp database: fine on read-only files.)
    """
    name = f"temp.report_at_d_{uuid.uuid4().hex[:12]}"
    _register(db)
    db.execute(
        f"CREATE TEMP TABLE {name.split('.', 1)[1]} AS WITH {AT_DATE_CTE} SELECT * FROM at_d WHERE balance_fen > 0",
        {"d": d.isoformat()},
    )
    try:
        yield name
    finally:
        db.execute(f"DROP TABLE IF EXISTS {name}")


def _relation(db: sqlite_utils.Database, table: str | None) -> tuple[str, str]:
    """(WITH clause, relation name) for the as-of-date rows: a materialized table or the CTE."""
    if table:
        return "", table
    _register(db)
    return f"WITH {AT_DATE_CTE}", "at_d"


def client_credit_totals(db: sqlite_utils.Database, d: date, table: str | None = None) -> dict[int, int]:
    """Total credit (fen) per client id at ``d``, as defined in the module docstring."""
    totals: dict[int, int] = {}
    used_lines: set[int] = set()
    with_clause, relation = _relation(db, table)
    sql = f"""
    {with_clause}
    SELECT l.client_id, l.credit_line_id, l.amount_fen FROM {relation} a JOIN loans l ON l.id = a.loan_id
     WHERE a.balance_fen > 0
    """
    for client_id, line_id, amount_fen in db.execute(sql, {"d": d.isoformat()}):
        if line_id is None:
            totals[client_id] = totals.get(client_id, 0) + amount_fen
        else:
            used_lines.add(line_id)
    day = d.isoformat()
    lines = db.execute("SELECT id, client_id, limit_fen, start_date, expiry_date FROM credit_lines WHERE status != 'cancelled'")
    for line_id, client_id, limit_fen, start, expiry in lines:
        if (start <= day <= expiry) or line_id in used_lines:
            totals[client_id] = totals.get(client_id, 0) + limit_fen
    return totals


def effective_size_class(size_class, industry, employees, revenue_fen, assets_fen) -> str | None:
    """The stored size class, or when blank the one the MIIT table gives (None if unknown)."""
    if size_class:
        return size_class
    try:
        return classify_size(industry, employees, revenue_fen, assets_fen)
    except (SizeClassError, ValueError, TypeError):
        return None


def inclusive_flag(size_class: str | None, entity_type: str | None, total_credit_fen: int) -> bool:
    """The inclusive test, treating a bad code as not inclusive (never fails a report)."""
    try:
        return is_inclusive(size_class, entity_type or "enterprise", int(total_credit_fen))
    except ValueError:
        return False


LOAN_COLUMNS = f"""
    l.id AS loan_id, l.loan_no, l.client_id, c.name AS client_name, c.uscc, c.entity_type,
    c.size_class, c.industry, c.employees, c.revenue_fen, c.assets_fen,
    c.legal_rep, c.legal_rep_id, c.phone,
    {OFFICER_SQL} AS officer, l.amount_fen, a.balance_fen, l.rate_bp, l.drawdown_date, l.maturity_date,
    l.repayment_method, l.guarantee_type, a.classification, a.overdue_days
"""


def outstanding_loans(
    db: sqlite_utils.Database, d: date, officer: str | None = None, order: bool = True, table: str | None = None
) -> Iterator[dict]:
    """Loans outstanding at ``d`` (dicts with LOAN_COLUMNS), optionally one officer's."""
    with_clause, relation = _relation(db, table)
    where = "a.balance_fen > 0"
    params: dict = {"d": d.isoformat()}
    if officer:
        where += f" AND {OFFICER_SQL} = :officer"
        params["officer"] = officer
    order_by = f" ORDER BY {OFFICER_SQL}, c.name, l.loan_no" if order else ""
    sql = f"""
    {with_clause}
    SELECT {LOAN_COLUMNS}
      FROM {relation} a JOIN loans l ON l.id = a.loan_id JOIN clients c ON c.id = l.client_id
     WHERE {where}{order_by}
    """
    cursor = db.execute(sql, params)
    names = [col[0] for col in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def count_outstanding(db: sqlite_utils.Database, table: str, officer: str | None = None) -> int:
    """How many loans of a :func:`materialized` table are outstanding (one officer's if given)."""
    params: dict = {}
    extra = ""
    if officer:
        extra = f" AND {OFFICER_SQL} = :officer"
        params["officer"] = officer
    sql = (
        f"SELECT count(*) FROM {table} a JOIN loans l ON l.id = a.loan_id JOIN clients c ON c.id = l.client_id"
        f" WHERE a.balance_fen > 0{extra}"
    )
    return db.execute(sql, params).fetchone()[0]


def with_inclusive(row: dict, credit_totals: dict[int, int]) -> dict:
    """Add ``size`` (effective size class), ``inclusive`` and ``npl`` to a loan row."""
    size = effective_size_class(row["size_class"], row["industry"], row["employees"], row["revenue_fen"], row["assets_fen"])
    row["size"] = size
    row["inclusive"] = inclusive_flag(size, row["entity_type"], credit_totals.get(row["client_id"], 0))
    try:
        row["npl"] = is_non_performing(row["classification"])
    except ValueError:
        row["npl"] = False
    return row
