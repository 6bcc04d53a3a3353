"""A client's total credit (授信总额) with us: the one definition every screen, list and document uses.

Definition (money in integer fen), for a day D (default today):

- the limits of the client's active credit lines that are in force on D
  (``start_date <= D <= expiry_date``) or that still carry an active loan with
  a balance (a line's credit stays in use until its loans are repaid, even
  after it stopped taking drawdowns);
- plus the amounts of the client's active loans with a balance that hang on no
  credit line (loans mirrored from the core-banking system: each loan is its
  own credit).

This is the reports' "total credit of a client at D"
(``workbench.services.reports.snapshot``) taken at today; the inclusive (普惠)
flag is ``workbench.domain.inclusive.is_inclusive`` on it, and
:func:`inclusive_sql` is the same test in SQL for lists that filter or count
in the database. The client list, the client record, the application form
and approval dialog, ``application show`` and the approval packet all read
these functions.

SQL fragments embed D as an ISO date literal made from a ``date`` (never user
text), or SQLite's ``date('now', 'localtime')`` when no day is given, so they
can be pasted into larger queries without parameters.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from workbench.domain.inclusive import INCLUSIVE_LIMIT_FEN, INCLUSIVE_PERSON_TYPES, INCLUSIVE_SIZES


def _day(today: date | None) -> str:
    """D as SQL: a quoted ISO literal, or SQLite's local date when ``today`` is None (the same as
    ``date.today()``, evaluated when the query runs, so a module-level fragment never goes stale)."""
    if today is None:
        return "date('now', 'localtime')"
    if not isinstance(today, date):
        raise TypeError(f"today must be a date, got {today!r}")
    return f"'{today.isoformat()}'"


def total_credit_sql(client_id_expr: str = "c.id", today: date | None = None) -> str:
    """A scalar SQL expression: the total credit (fen) of the client whose id is ``client_id_expr``."""
    d = _day(today)
    return (
        "(coalesce((SELECT sum(xl.limit_fen) FROM credit_lines xl"
        f" WHERE xl.client_id = {client_id_expr} AND xl.status = 'active'"
        f" AND ((xl.start_date <= {d} AND xl.expiry_date >= {d})"
        " OR EXISTS (SELECT 1 FROM loans xu WHERE xu.credit_line_id = xl.id AND xu.status = 'active'"
        " AND xu.balance_fen > 0))), 0)"
        " + coalesce((SELECT sum(xn.amount_fen) FROM loans xn"
        f" WHERE xn.client_id = {client_id_expr} AND xn.credit_line_id IS NULL"
        " AND xn.status = 'active' AND xn.balance_fen > 0), 0))"
    )


def inclusive_type_sql(alias: str = "c") -> str:
    """SQL condition: the client is of an inclusive kind (small/micro enterprise, individual business, owner)."""
    persons = ",".join(f"'{t}'" for t in sorted(INCLUSIVE_PERSON_TYPES))
    sizes = ",".join(f"'{s}'" for s in sorted(INCLUSIVE_SIZES))
    return (f"({alias}.entity_type IN ({persons})"
            f" OR ({alias}.entity_type = 'enterprise' AND {alias}.size_class IN ({sizes})))")


def inclusive_sql(alias: str = "c", today: date | None = None) -> str:
    """SQL condition equal to ``is_inclusive(size_class, entity_type, total credit)`` for client ``alias``."""
    return f"({inclusive_type_sql(alias)} AND {total_credit_sql(f'{alias}.id', today)} <= {INCLUSIVE_LIMIT_FEN})"


def total_credit_fen(db: sqlite_utils.Database, client_ids: list[int], today: date | None = None) -> int:
    """The summed total credit (fen) of ``client_ids`` (0 for none)."""
    if not client_ids:
        return 0
    marks = ",".join("?" * len(client_ids))
    row = db.execute(
        f"SELECT coalesce(sum({total_credit_sql('c.id', today)}), 0) FROM clients c WHERE c.id IN ({marks})",
        list(client_ids),
    ).fetchone()
    return int(row[0])


def total_credit_by_client(db: sqlite_utils.Database, today: date | None = None) -> dict[int, int]:
    """Total credit (fen) of every client that has any (clients at 0 left out)."""
    sql = f"SELECT c.id, {total_credit_sql('c.id', today)} AS t FROM clients c"
    return {cid: total for cid, total in db.execute(sql) if total}
