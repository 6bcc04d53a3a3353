"""Credit lines and drawdowns (借据); repayments are in ``services/repayments.py``.

A drawdown creates a loan on an approved credit line, within the line's
available limit: for a revolving line the limit less the balances of its
active loans, otherwise the limit less everything ever drawn. Its repayment
schedule comes from ``workbench.domain.schedule.build_schedule`` and is stored
in ``instalments``. Every change writes ``balance_history``
and the audit log in the same transaction.

Policies (see :func:`drawdown_terms`):

- **Terms.** A drawdown uses the approved repayment method (any other is
  refused) and a term of at most the approved term (longer is refused).
- **Maturity and line expiry.** The line's validity (start to expiry) is the
  window for drawdowns: the drawdown date must fall within it. A loan may
  mature after the line expires, but never later than the line's expiry +
  the approved term, for revolving and non-revolving lines alike. (A
  non-revolving line is a one-off approval whose expiry is approval date +
  approved term; requiring its loan to mature by that expiry would cut every
  drawdown made after the approval day below the approved term, so its
  validity is treated as the drawdown window, as for a revolving line.) With
  the term capped at the approved term and the date within validity the
  bound always holds; it is checked anyway so a data error cannot pass.
- **Rate.** Fixed at drawdown (the contract): the LPR of the application's
  tenor in force on the drawdown date + the approved spread. The rate shown
  on the application and at approval is indicative.
- **Early repayment.** Re-schedules the unpaid instalments: see
  ``workbench.services.repayments``.
- **Concurrency.** Balance and available limit are read and checked inside
  the writing transaction, after taking SQLite's write lock, so two
  drawdowns or repayments at once cannot both pass on the same figures.

Renewals hook in after the new loan is created: when the application renews
a loan (``applications.renews_loan_id``),
``workbench.services.renewals.complete_renewal(db, actor, application_row, new_loan_id)``
links the loans and closes the old one inside the drawdown's transaction.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from workbench.domain.schedule import (
    METHOD_LABELS_EN,
    METHOD_LABELS_ZH,
    ScheduleError,
    add_months,
    build_schedule,
    parse_method,
    whole_months_until,
)
from workbench.services import lpr, renewals
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


def _line_filters(client_id: int | None, usable_on: date | None, status: str | None) -> tuple[list[str], list]:
    where, params = ["1=1"], []
    if status is not None:
        where.append("cl.status = ?")
        params.append(status)
    if client_id is not None:
        where.append("cl.client_id = ?")
        params.append(client_id)
    if usable_on is not None:
        where.append("cl.status = 'active' AND cl.start_date <= ? AND cl.expiry_date >= ?")
        params += [usable_on.isoformat()] * 2
    return where, params


def list_lines(db: sqlite_utils.Database, *, client_id: int | None = None, usable_on: date | None = None,
               status: str | None = None, after: int | None = None, limit: int | None = None) -> list[dict]:
    """Credit lines (newest first) with used/available amounts; ``usable_on`` keeps active, unexpired lines.

    ``status`` keeps lines of that status; keyset pages of ``limit`` lines after line id ``after``.
    """
    where, params = _line_filters(client_id, usable_on, status)
    if after is not None:
        where.append("cl.id < ?")
        params.append(after)
    rows = list(db.query(
        f"SELECT cl.*, {_used_sql()} AS used_fen, c.name AS client_name, a.app_no, a.approved_rate_bp AS rate_bp,"
        " a.approved_term_months AS term_months, a.repayment_method, a.product FROM credit_lines cl"
        " JOIN clients c ON c.id = cl.client_id LEFT JOIN applications a ON a.id = cl.application_id"
        f" WHERE {' AND '.join(where)} ORDER BY cl.id DESC" + ("" if limit is None else " LIMIT ?"),
        params + ([] if limit is None else [limit])))
    for r in rows:
        r["available_fen"] = max(0, r["limit_fen"] - r["used_fen"])
    return rows


def count_lines(db: sqlite_utils.Database, *, client_id: int | None = None, usable_on: date | None = None,
                status: str | None = None) -> int:
    """How many credit lines match the filters of :func:`list_lines`."""
    where, params = _line_filters(client_id, usable_on, status)
    return db.execute(f"SELECT count(*) FROM credit_lines cl WHERE {' AND '.join(where)}", params).fetchone()[0]


# ---- drawdown -------------------------------------------------------------------------------


def next_loan_no(db: sqlite_utils.Database, on: date) -> str:
    """``JJ`` + YYYYMM + 4-digit sequence, e.g. ``JJ2025030001``."""
    return next_number(db, "loans", "loan_no", f"JJ{on:%Y%m}")


def _take_write_lock(db: sqlite_utils.Database) -> None:
    """Take SQLite's write lock at the start of the current transaction.

    A deferred transaction that reads first and writes later cannot be
    upgraded once another connection has committed (``database is locked``);
    writing nothing first makes this one wait its turn (busy timeout) and then
    read the latest figures.
    """
    db.execute("UPDATE loans SET id = id WHERE 0")


def _application_for(db: sqlite_utils.Database, line: dict) -> dict:
    return _one(db, "SELECT * FROM applications WHERE id = ?", [line["application_id"]], "授信申请", "application",
                line["application_id"])


def drawdown_terms(db: sqlite_utils.Database, credit_line_id: int, on: date) -> dict:
    """What a drawdown on ``on`` gets: the approved method and term, the rate in force, the longest term allowed.

    Returns ``{line, method, approved_term_months, max_term_months, lpr_tenor,
    lpr_bp, lpr_published_on, spread_bp, rate_bp, latest_maturity}``:
    ``rate_bp`` = the LPR in force on ``on`` + the approved spread;
    ``max_term_months`` the approved term, shortened if needed so the loan
    matures by ``latest_maturity`` (line expiry + approved term; 0 when not
    even one month fits).
    Raises NotFound (no line, no application, no LPR published by ``on``).
    """
    line = get_line(db, credit_line_id)
    app = _application_for(db, line)
    approved_term = app["approved_term_months"] or app["term_months"]
    spread = app["approved_spread_bp"] if app["approved_spread_bp"] is not None else app["spread_bp"]
    published_on, lpr_bp = lpr.rate_in_force(db, app["lpr_tenor"], on)
    latest = add_months(date.fromisoformat(line["expiry_date"]), approved_term)
    max_term = min(approved_term, whole_months_until(on, latest))
    return {
        "line": line, "application": app, "method": app["repayment_method"], "approved_term_months": approved_term,
        "max_term_months": max_term, "lpr_tenor": app["lpr_tenor"], "lpr_bp": lpr_bp,
        "lpr_published_on": published_on.isoformat(), "spread_bp": spread, "rate_bp": lpr_bp + spread,
        "latest_maturity": latest.isoformat(),
    }


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

    The method is the approved one; the term at most the approved one
    (default: the approved one) and maturing by the line's expiry + the
    approved term; the rate is the LPR in force on the drawdown date + the
    approved spread (see the module docstring). Raises ValidationError
    (``amount_not_positive``, ``line_not_usable``, ``method_not_approved``,
    ``term_over_approved``, ``maturity_after_expiry``, ``over_limit`` …),
    NotFound, PermissionDenied. Nothing is written when refused.
    """
    on = drawdown_date or today or date.today()
    _check_role(db, actor, "放款", "draw down")
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationError("amount_not_positive", "放款金额必须是大于0的整数分", "the drawdown amount must be a positive integer of fen", "amount_fen")
    if term_months is not None and (isinstance(term_months, bool) or not isinstance(term_months, int) or term_months < 1):
        raise ValidationError("bad_term", "放款期限必须是正整数个月", "the term must be a positive whole number of months", "term_months")
    with db.atomic():
        _take_write_lock(db)
        # Everything below is read inside the transaction: a concurrent drawdown cannot slip in between.
        terms = drawdown_terms(db, credit_line_id, on)
        line, app = terms["line"], terms["application"]
        if line["status"] != "active" or not line["start_date"] <= on.isoformat() <= line["expiry_date"]:
            raise ValidationError(
                "line_not_usable",
                f"授信 {line['line_no']} 在 {on.isoformat()} 不可用（有效期 {line['start_date']} 至 {line['expiry_date']}，状态 {line['status']}）",
                f"credit line {line['line_no']} cannot be drawn on {on.isoformat()} (valid {line['start_date']} to {line['expiry_date']}, {line['status']})",
                "drawdown_date",
            )
        method = terms["method"]
        if repayment_method is not None:
            try:
                asked = parse_method(repayment_method)
            except ScheduleError as exc:
                raise ValidationError("bad_method", exc.reason_zh, exc.reason_en, "repayment_method") from exc
            if asked != method:
                raise ValidationError(
                    "method_not_approved",
                    f"还款方式“{METHOD_LABELS_ZH[asked]}”与批准的“{METHOD_LABELS_ZH[method]}”不一致",
                    f"the repayment method {METHOD_LABELS_EN[asked]!r} differs from the approved {METHOD_LABELS_EN[method]!r}",
                    "repayment_method", approved=method,
                )
        months = term_months if term_months is not None else terms["max_term_months"]
        if months > terms["approved_term_months"]:
            raise ValidationError(
                "term_over_approved",
                f"放款期限 {months} 个月超过批准期限 {terms['approved_term_months']} 个月",
                f"the term of {months} months exceeds the approved {terms['approved_term_months']} months",
                "term_months", approved_term_months=terms["approved_term_months"],
            )
        if months < 1 or add_months(on, months) > date.fromisoformat(terms["latest_maturity"]):
            raise ValidationError(
                "maturity_after_expiry",
                f"贷款到期日不能晚于 {terms['latest_maturity']}（授信 {line['line_no']} 到期 {line['expiry_date']}），"
                f"{on.isoformat()} 放款最长 {terms['max_term_months']} 个月",
                f"the loan may not mature after {terms['latest_maturity']} (line {line['line_no']} expires "
                f"{line['expiry_date']}): a drawdown on {on.isoformat()} may run at most {terms['max_term_months']} months",
                "term_months", max_term_months=terms["max_term_months"],
            )
        if amount_fen > line["available_fen"]:
            raise ValidationError(
                "over_limit",
                f"放款金额 {yuan_text(amount_fen)} 元超过授信 {line['line_no']} 的可用额度 {yuan_text(line['available_fen'])} 元",
                f"the amount {yuan_text(amount_fen)} yuan exceeds the available limit {yuan_text(line['available_fen'])} yuan of line {line['line_no']}",
                "amount_fen",
                available_fen=line["available_fen"],
            )
        rate = terms["rate_bp"]
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
            "lpr_bp": terms["lpr_bp"], "spread_bp": terms["spread_bp"], "rate_bp": rate, "repayment_method": method,
            "guarantee_type": app["guarantee_type"], "classification": "normal", "status": "active",
            "officer": (client[0] if client and client[0] else display_name_of(db, actor)), "source": "workbench",
            "balance_as_of": on.isoformat(), "created_at": now, "updated_at": now,
        }
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
                     {**loan, "instalments": len(sched.instalments), "total_interest_fen": sched.total_interest_fen,
                      "lpr_published_on": terms["lpr_published_on"]},
                     client_id=line["client_id"])
        if app["renews_loan_id"]:
            renewals.complete_renewal(db, actor, app, loan_id)
    return loan_id


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


def _loan_filters(status: str | None, search: str | None, officer: str | None, client_id: int | None,
                  inclusive: bool | None = None) -> tuple[list[str], list]:
    where, params = ["1=1"], []
    if inclusive is not None:  # the borrower's inclusive flag, by the client list's definition
        from workbench.services.clients import INCLUSIVE_SQL

        where.append(INCLUSIVE_SQL if inclusive else f"NOT {INCLUSIVE_SQL}")
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
    inclusive: bool | None = None,
) -> list[dict]:
    """One page of loans, sorted and filtered in SQL, keyset-paged.

    ``after`` is ``(sort_value, id)`` of the last row of the previous page
    (each row carries it as ``_key``). ``order_by`` is one of LOAN_SORT_COLUMNS.
    """
    if order_by not in LOAN_SORT_COLUMNS:
        raise ValidationError("bad_sort", f"不能按“{order_by}”排序", f"cannot sort by {order_by!r}", "order_by")
    col = LOAN_SORT_COLUMNS[order_by]
    where, params = _loan_filters(status, search, officer, client_id, inclusive)
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
                officer: str | None = None, client_id: int | None = None, inclusive: bool | None = None) -> int:
    """How many loans match the filters of :func:`list_loans`."""
    where, params = _loan_filters(status, search, officer, client_id, inclusive)
    return db.execute(
        f"SELECT count(*) FROM loans l JOIN clients c ON c.id = l.client_id WHERE {' AND '.join(where)}", params
    ).fetchone()[0]
