"""Credit lines, drawdowns (借据) and repayments.

A drawdown creates a loan on an approved credit line, within the line's
available limit: for a revolving line the limit less the balances of its
active loans, otherwise the limit less everything ever drawn. Its repayment
schedule comes from ``workbench.domain.schedule.build_schedule`` and is stored
in ``instalments``. Repayments reduce the balance, mark instalments paid (in
due order) and close the loan at zero. Every change writes ``balance_history``
and the audit log in the same transaction.

Renewals hook in after the new loan is created: when the application renews
a loan (``applications.renews_loan_id``),
``workbench.services.renewals.complete_renewal(db, actor, application_row, new_loan_id)``
links the loans and closes the old one inside the drawdown's transaction.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from workbench.domain.schedule import ScheduleError, build_schedule
from workbench.services import renewals
from workbench.services.applications import next_number, yuan_text
from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.services.users import display_name_of, role_of
from workbench.store import audit

DRAWDOWN_ROLES = frozenset({"officer", "admin"})
LOAN_SORT_COLUMNS = {
    "loan_no": "l.loan_no", "client_name": "c.name", "amount_fen": "l.amount_fen", "balance_fen": "l.balance_fen",
    "drawdown_date": "l.drawdown_date", "maturity_date": "l.maturity_date", "rate_bp": "l.rate_bp",
    "classification": "l.classification", "status": "l.status", "officer": "coalesce(l.officer, '')",
}


def _one(db: sqlite_utils.Database, sql: str, params: list, what_zh: str, what_en: str, key: int) -> dict:
    rows = list(db.query(sql, params))
    if not rows:
        raise NotFound(f"{what_en.replace(' ', '_')}_not_found", f"{what_zh}（编号 {key}）不存在", f"{what_en} {key} does not exist")
    return rows[0]


def _check_role(db: sqlite_utils.Database, actor: str, what_zh: str, what_en: str) -> None:
    role = role_of(db, actor)
    if role not in DRAWDOWN_ROLES:
        raise PermissionDenied("wrong_role", f"角色“{role}”不能{what_zh}", f"a user with role {role} may not {what_en}", "actor")


# ---- credit lines ---------------------------------------------------------------------------


def available_fen(db: sqlite_utils.Database, credit_line_id: int) -> int:
    """What can still be drawn on the line (fen, never below zero)."""
    line = get_line(db, credit_line_id)
    return line["available_fen"]


def _used_sql(revolving_alias: str = "cl") -> str:
    return (
        f"CASE WHEN {revolving_alias}.revolving = 1"
        " THEN (SELECT coalesce(sum(balance_fen), 0) FROM loans WHERE credit_line_id = cl.id AND status = 'active')"
        " ELSE (SELECT coalesce(sum(amount_fen), 0) FROM loans WHERE credit_line_id = cl.id) END"
    )


def get_line(db: sqlite_utils.Database, credit_line_id: int) -> dict:
    """The credit line with ``used_fen``, ``available_fen``, ``client_name`` and the application's terms."""
    line = _one(
        db,
        f"SELECT cl.*, {_used_sql()} AS used_fen, c.name AS client_name, a.app_no, a.approved_rate_bp AS rate_bp,"
        " a.approved_term_months AS term_months, a.repayment_method, a.product"
        " FROM credit_lines cl JOIN clients c ON c.id = cl.client_id LEFT JOIN applications a ON a.id = cl.application_id"
        " WHERE cl.id = ?",
        [credit_line_id], "授信额度", "credit line", credit_line_id,
    )
    line["available_fen"] = max(0, line["limit_fen"] - line["used_fen"])
    return line


def list_lines(db: sqlite_utils.Database, *, client_id: int | None = None, usable_on: date | None = None) -> list[dict]:
    """Credit lines (newest first) with used/available amounts; ``usable_on`` keeps active, unexpired lines."""
    where, params = ["1=1"], []
    if client_id is not None:
        where.append("cl.client_id = ?")
        params.append(client_id)
    if usable_on is not None:
        where.append("cl.status = 'active' AND cl.start_date <= ? AND cl.expiry_date >= ?")
        params += [usable_on.isoformat()] * 2
    rows = list(db.query(
        f"SELECT cl.*, {_used_sql()} AS used_fen, c.name AS client_name, a.app_no, a.approved_rate_bp AS rate_bp,"
        " a.approved_term_months AS term_months, a.repayment_method, a.product FROM credit_lines cl"
        " JOIN clients c ON c.id = cl.client_id LEFT JOIN applications a ON a.id = cl.application_id"
        f" WHERE {' AND '.join(where)} ORDER BY cl.id DESC", params))
    for r in rows:
        r["available_fen"] = max(0, r["limit_fen"] - r["used_fen"])
    return rows


# ---- drawdown -------------------------------------------------------------------------------


def next_loan_no(db: sqlite_utils.Database, on: date) -> str:
    """``JJ`` + YYYYMM + 4-digit sequence, e.g. ``JJ2025030001``."""
    return next_number(db, "loans", "loan_no", f"JJ{on:%Y%m}")


def drawdown(
    db: sqlite_utils.Database,
    actor: str,
    credit_line_id: int,
    amount_fen: int,
    *,
    drawdown_date: date | None = None,
    term_months: int | None = None,
    repayment_method: str | None = None,
    purpose: str | None = None,
    today: date | None = None,
) -> int:
    """Draw ``amount_fen`` on the line; returns the new loan's id.

    Term, rate and method default to the approved application's. The date must
    fall within the line's validity. Raises ValidationError (``over_limit``,
    ``line_not_usable`` …), NotFound, PermissionDenied.
    """
    on = drawdown_date or today or date.today()
    _check_role(db, actor, "放款", "draw down")
    line = get_line(db, credit_line_id)
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationError("amount_not_positive", "放款金额必须是大于0的整数分", "the drawdown amount must be a positive integer of fen", "amount_fen")
    if line["status"] != "active" or not line["start_date"] <= on.isoformat() <= line["expiry_date"]:
        raise ValidationError(
            "line_not_usable",
            f"授信 {line['line_no']} 在 {on.isoformat()} 不可用（有效期 {line['start_date']} 至 {line['expiry_date']}，状态 {line['status']}）",
            f"credit line {line['line_no']} cannot be drawn on {on.isoformat()} (valid {line['start_date']} to {line['expiry_date']}, {line['status']})",
            "drawdown_date",
        )
    if amount_fen > line["available_fen"]:
        raise ValidationError(
            "over_limit",
            f"放款金额 {yuan_text(amount_fen)} 元超过授信 {line['line_no']} 的可用额度 {yuan_text(line['available_fen'])} 元",
            f"the amount {yuan_text(amount_fen)} yuan exceeds the available limit {yuan_text(line['available_fen'])} yuan of line {line['line_no']}",
            "amount_fen",
            available_fen=line["available_fen"],
        )
    app = _one(db, "SELECT * FROM applications WHERE id = ?", [line["application_id"]], "授信申请", "application",
               line["application_id"])
    months = term_months or app["approved_term_months"] or app["term_months"]
    method = repayment_method or app["repayment_method"]
    rate = app["approved_rate_bp"] if app["approved_rate_bp"] is not None else app["rate_bp"]
    spread = app["approved_spread_bp"] if app["approved_spread_bp"] is not None else app["spread_bp"]
    try:
        sched = build_schedule(amount_fen, rate, months, method, on)
    except ScheduleError as exc:
        raise ValidationError("bad_schedule", exc.reason_zh, exc.reason_en, "term_months") from exc
    client = db.execute("SELECT officer FROM clients WHERE id = ?", [line["client_id"]]).fetchone()
    now = audit.utc_now()
    loan = {
        "client_id": line["client_id"], "credit_line_id": credit_line_id, "application_id": app["id"],
        "product": app["product"], "purpose": purpose or app["purpose"], "amount_fen": amount_fen,
        "balance_fen": amount_fen, "drawdown_date": on.isoformat(), "maturity_date": sched.maturity_date.isoformat(),
        "lpr_bp": app["lpr_bp"], "spread_bp": spread, "rate_bp": rate, "repayment_method": method,
        "guarantee_type": app["guarantee_type"], "classification": "normal", "status": "active",
        "officer": (client[0] if client and client[0] else display_name_of(db, actor)), "source": "workbench",
        "balance_as_of": on.isoformat(), "created_at": now, "updated_at": now,
    }
    with db.atomic():
        loan["loan_no"] = next_loan_no(db, on)
        loan_id = db["loans"].insert(loan).last_pk
        db["instalments"].insert_all([
            {"loan_id": loan_id, "seq": i.seq, "due_date": i.due_date.isoformat(), "principal_fen": i.principal_fen,
             "interest_fen": i.interest_fen, "payment_fen": i.payment_fen, "balance_fen": i.balance_fen}
            for i in sched.instalments
        ])
        db["balance_history"].insert({"loan_id": loan_id, "as_of": on.isoformat(), "balance_fen": amount_fen,
                                      "overdue_days": 0, "classification": "normal", "source": "drawdown"})
        audit.record(db, actor, "loan.drawdown", "loans", loan_id, None,
                     {**loan, "instalments": len(sched.instalments), "total_interest_fen": sched.total_interest_fen},
                     client_id=line["client_id"])
        if app["renews_loan_id"]:
            renewals.complete_renewal(db, actor, app, loan_id)
    return loan_id


# ---- repayment ------------------------------------------------------------------------------


def record_repayment(
    db: sqlite_utils.Database,
    actor: str,
    loan_id: int,
    paid_on: date,
    principal_fen: int,
    interest_fen: int = 0,
    note: str | None = None,
) -> int:
    """Record a repayment; returns its id. Principal reduces the balance (the loan closes at zero).

    Principal and interest are applied to the unpaid instalments in due
    order; an instalment is paid when both its parts are. Raises ValidationError.
    """
    _check_role(db, actor, "登记还款", "record repayments")
    loan = _one(db, "SELECT * FROM loans WHERE id = ?", [loan_id], "贷款", "loan", loan_id)
    for value, name in ((principal_fen, "principal_fen"), (interest_fen, "interest_fen")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError("bad_amount", "还款金额必须是非负整数分", f"{name} must be a non-negative integer of fen", name)
    if principal_fen + interest_fen == 0:
        raise ValidationError("nothing_paid", "还款本金和利息不能都为0", "a repayment needs principal or interest", "principal_fen")
    if loan["status"] != "active":
        raise ValidationError("loan_closed", f"贷款 {loan['loan_no']} 已结清", f"loan {loan['loan_no']} is closed", "loan_id")
    if principal_fen > loan["balance_fen"]:
        raise ValidationError(
            "over_balance",
            f"还款本金 {yuan_text(principal_fen)} 元超过贷款余额 {yuan_text(loan['balance_fen'])} 元",
            f"principal {yuan_text(principal_fen)} yuan exceeds the balance {yuan_text(loan['balance_fen'])} yuan",
            "principal_fen",
        )
    if paid_on.isoformat() < loan["drawdown_date"]:
        raise ValidationError("before_drawdown", "还款日期早于放款日期", "the repayment date is before the drawdown", "paid_on")
    balance = loan["balance_fen"] - principal_fen
    now = audit.utc_now()
    after = {"balance_fen": balance, "balance_as_of": paid_on.isoformat(), "updated_at": now}
    if balance == 0:
        after.update(status="closed", closed_on=paid_on.isoformat())
    with db.atomic():
        repayment_id = db["repayments"].insert({
            "loan_id": loan_id, "paid_on": paid_on.isoformat(), "principal_fen": principal_fen,
            "interest_fen": interest_fen, "note": note, "recorded_by": actor, "recorded_at": now,
        }).last_pk
        _apply_to_instalments(db, loan_id, principal_fen, interest_fen, paid_on)
        db["loans"].update(loan_id, after)
        db["balance_history"].insert({"loan_id": loan_id, "as_of": paid_on.isoformat(), "balance_fen": balance,
                                      "overdue_days": loan["overdue_days"], "classification": loan["classification"],
                                      "source": "repayment"})
        audit.record(db, actor, "loan.repayment", "loans", loan_id,
                     {k: loan[k] for k in after if k in loan},
                     {**after, "repayment_id": repayment_id, "principal_fen": principal_fen, "interest_fen": interest_fen},
                     reason=note, client_id=loan["client_id"])
    return repayment_id


def _apply_to_instalments(db: sqlite_utils.Database, loan_id: int, principal: int, interest: int, paid_on: date) -> None:
    rows = list(db.query(
        "SELECT * FROM instalments WHERE loan_id = ? AND paid_on IS NULL ORDER BY seq", [loan_id]))
    for row in rows:
        take_p = min(principal, row["principal_fen"] - row["paid_principal_fen"])
        take_i = min(interest, row["interest_fen"] - row["paid_interest_fen"])
        principal -= take_p
        interest -= take_i
        paid_p = row["paid_principal_fen"] + take_p
        paid_i = row["paid_interest_fen"] + take_i
        done = paid_p >= row["principal_fen"] and paid_i >= row["interest_fen"]
        if take_p or take_i or done:
            db["instalments"].update(row["id"], {"paid_principal_fen": paid_p, "paid_interest_fen": paid_i,
                                                 "paid_on": paid_on.isoformat() if done else None})
        if principal == 0 and interest == 0:
            break


# ---- reading --------------------------------------------------------------------------------


def loan_detail(db: sqlite_utils.Database, loan_id: int) -> dict:
    """The loan with ``client_name``, ``line_no``, ``app_no`` and its ``instalments``, ``repayments``, ``balance_history``."""
    loan = _one(
        db,
        "SELECT l.*, c.name AS client_name, cl.line_no, a.app_no FROM loans l JOIN clients c ON c.id = l.client_id"
        " LEFT JOIN credit_lines cl ON cl.id = l.credit_line_id LEFT JOIN applications a ON a.id = l.application_id"
        " WHERE l.id = ?", [loan_id], "贷款", "loan", loan_id)
    loan["instalments"] = list(db.query("SELECT * FROM instalments WHERE loan_id = ? ORDER BY seq", [loan_id]))
    loan["repayments"] = list(db.query("SELECT * FROM repayments WHERE loan_id = ? ORDER BY paid_on, id", [loan_id]))
    loan["balance_history"] = list(db.query("SELECT * FROM balance_history WHERE loan_id = ? ORDER BY as_of, id", [loan_id]))
    return loan


def _loan_filters(status: str | None, search: str | None, officer: str | None, client_id: int | None) -> tuple[list[str], list]:
    where, params = ["1=1"], []
    if status:
        where.append("l.status = ?")
        params.append(status)
    if search:
        where.append("(l.loan_no LIKE ? OR c.name LIKE ?)")
        params += [f"%{search.strip()}%"] * 2
    if officer:
        where.append("l.officer = ?")
        params.append(officer)
    if client_id is not None:
        where.append("l.client_id = ?")
        params.append(client_id)
    return where, params


def list_loans(
    db: sqlite_utils.Database,
    *,
    status: str | None = None,
    search: str | None = None,
    officer: str | None = None,
    client_id: int | None = None,
    order_by: str = "maturity_date",
    descending: bool = False,
    after: tuple | None = None,
    limit: int = 200,
) -> list[dict]:
    """One page of loans, sorted and filtered in SQL, keyset-paged.

    ``after`` is ``(sort_value, id)`` of the last row of the previous page
    (each row carries it as ``_key``). ``order_by`` is one of LOAN_SORT_COLUMNS.
    """
    if order_by not in LOAN_SORT_COLUMNS:
        raise ValidationError("bad_sort", f"不能按“{order_by}”排序", f"cannot sort by {order_by!r}", "order_by")
    col = LOAN_SORT_COLUMNS[order_by]
    where, params = _loan_filters(status, search, officer, client_id)
    direction = "DESC" if descending else "ASC"
    if after is not None:
        where.append(f"({col}, l.id) {'<' if descending else '>'} (?, ?)")
        params += list(after)
    sql = (
        f"SELECT l.id, l.loan_no, l.client_id, c.name AS client_name, l.product, l.amount_fen, l.balance_fen,"
        f" l.drawdown_date, l.maturity_date, l.rate_bp, l.repayment_method, l.guarantee_type, l.classification,"
        f" l.overdue_days, l.status, l.officer, {col} AS _sort FROM loans l JOIN clients c ON c.id = l.client_id"
        f" WHERE {' AND '.join(where)} ORDER BY {col} {direction}, l.id {direction} LIMIT ?"
    )
    rows = list(db.query(sql, params + [limit]))
    for r in rows:
        r["_key"] = (r.pop("_sort"), r["id"])
    return rows


def count_loans(db: sqlite_utils.Database, *, status: str | None = None, search: str | None = None,
                officer: str | None = None, client_id: int | None = None) -> int:
    """How many loans match the filters of :func:`list_loans`."""
    where, params = _loan_filters(status, search, officer, client_id)
    return db.execute(
        f"SELECT count(*) FROM loans l JOIN clients c ON c.id = l.client_id WHERE {' AND '.join(where)}", params
    ).fetchone()[0]
