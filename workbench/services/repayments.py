"""Repayments (还款) on loans, and re-scheduling after an early repayment.

A repayment reduces the loan's balance, marks instalments paid (in due
order) and closes the loan at zero; it writes ``repayments``,
``balance_history`` and the audit log in one transaction, with the balance
read and checked after taking SQLite's write lock (see ``lending``).

Early repayment: principal repaid beyond what is due re-schedules the unpaid
instalments in the same transaction
(``workbench.domain.schedule.regenerate_schedule``): 按月付息到期还本 and
随借随还 accrue interest day by day on the balance outstanding each day;
等额本息 and 等额本金 keep the term and re-amortise the remaining
instalments (the current one keeps its interest and takes the prepaid
principal).
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from workbench.domain.schedule import Instalment, regenerate_schedule
from workbench.services.applications import yuan_text
from workbench.services.errors import ValidationError
from workbench.services.lending import _check_role, _one, _take_write_lock
from workbench.store import audit


def record_repayment(
    db: sqlite_utils.Database,
    actor: str,
    loan_id: int,
    paid_on: date,
    principal_fen: int,
    interest_fen: int = 0,
    note: str | None = None,
    today: date | None = None,
) -> int:
    """Record a repayment; returns its id. Principal reduces the balance (the loan closes at zero).

    ``paid_on`` may not lie after ``today`` (money not yet received is not a
    repayment) nor before the drawdown.

    Principal beyond what is due re-schedules the unpaid instalments (module
    docstring); then principal and interest are applied to the unpaid
    instalments in due order; an instalment is paid when both its parts are.
    The balance is read and checked inside the transaction. Raises ValidationError.
    """
    _check_role(db, actor, "登记还款", "record repayments")
    for value, name in ((principal_fen, "principal_fen"), (interest_fen, "interest_fen")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError("bad_amount", "还款金额必须是非负整数分", f"{name} must be a non-negative integer of fen", name)
    if principal_fen + interest_fen == 0:
        raise ValidationError("nothing_paid", "还款本金和利息不能都为0", "a repayment needs principal or interest", "principal_fen")
    today = today or date.today()
    if paid_on > today:
        raise ValidationError("future_date", f"还款日期 {paid_on} 晚于今天 {today}", f"the repayment date {paid_on} is after today ({today})", "paid_on")
    with db.atomic():
        _take_write_lock(db)
        loan = _one(db, "SELECT * FROM loans WHERE id = ?", [loan_id], "贷款", "loan", loan_id)
        if paid_on.isoformat() < loan["drawdown_date"]:
            raise ValidationError("before_drawdown", f"还款日期 {paid_on} 早于放款日 {loan['drawdown_date']}",
                                  f"the repayment date {paid_on} is before the drawdown on {loan['drawdown_date']}", "paid_on")
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
        repayment_id = db["repayments"].insert({
            "loan_id": loan_id, "paid_on": paid_on.isoformat(), "principal_fen": principal_fen,
            "interest_fen": interest_fen, "note": note, "recorded_by": actor, "recorded_at": now,
        }).last_pk
        db["loans"].update(loan_id, after)
        db["balance_history"].insert({"loan_id": loan_id, "as_of": paid_on.isoformat(), "balance_fen": balance,
                                      "overdue_days": loan["overdue_days"], "classification": loan["classification"],
                                      "source": "repayment"})
        rescheduled = _reschedule(db, loan, paid_on, principal_fen) if principal_fen else False
        _apply_to_instalments(db, loan_id, principal_fen, interest_fen, paid_on)
        audit.record(db, actor, "loan.repayment", "loans", loan_id,
                     {k: loan[k] for k in after if k in loan},
                     {**after, "repayment_id": repayment_id, "principal_fen": principal_fen, "interest_fen": interest_fen,
                      "rescheduled": rescheduled},
                     reason=note, client_id=loan["client_id"])
    return repayment_id


def _as_instalment(row: dict) -> Instalment:
    return Instalment(row["seq"], date.fromisoformat(row["due_date"]), row["principal_fen"], row["interest_fen"],
                      row["payment_fen"], row["balance_fen"])


def _reschedule(db: sqlite_utils.Database, loan: dict, paid_on: date, principal_fen: int) -> bool:
    """Recompute the unpaid instalments after ``principal_fen`` was repaid on ``paid_on``; True when changed.

    Daily methods: from the first unpaid instalment, on the balance history
    (which already holds this repayment). Whole-period methods: only when the
    principal exceeds what is due up to the current instalment (the first
    unpaid one due on or after ``paid_on``); the excess is added to that
    instalment and the later ones are re-amortised over the same term.
    """
    rows = list(db.query("SELECT * FROM instalments WHERE loan_id = ? ORDER BY seq", [loan["id"]]))
    unpaid = [r for r in rows if r["paid_on"] is None]
    if not unpaid:
        return False
    method = loan["repayment_method"]
    start = date.fromisoformat(loan["drawdown_date"])
    if method in ("interest_only", "revolving"):
        first = unpaid[0]["seq"]
        kept = [_as_instalment(r) for r in rows if r["seq"] < first]
        balances = [(date.fromisoformat(b[0]), b[1]) for b in db.execute(
            "SELECT as_of, balance_fen FROM balance_history WHERE loan_id = ? ORDER BY as_of, id", [loan["id"]])]
        if not balances or balances[0][0] > start:
            balances.insert(0, (start, loan["amount_fen"]))
    else:
        current = next((r for r in unpaid if r["due_date"] >= paid_on.isoformat()), unpaid[-1])
        due = sum(r["principal_fen"] - r["paid_principal_fen"] for r in unpaid if r["seq"] <= current["seq"])
        extra = min(principal_fen - due, current["balance_fen"])
        if extra <= 0:
            return False
        kept = [_as_instalment(r) for r in rows if r["seq"] < current["seq"]]
        c = _as_instalment(current)
        kept.append(Instalment(c.seq, c.due_date, c.principal_fen + extra, c.interest_fen, c.payment_fen + extra,
                               c.balance_fen - extra))
        balances = []
    new = regenerate_schedule(kept, loan["amount_fen"], loan["rate_bp"], len(rows), method, start, balances)
    by_seq = {r["seq"]: r for r in rows}
    changed = False
    for inst in new.instalments:
        old = by_seq.pop(inst.seq)
        values = {"principal_fen": inst.principal_fen, "interest_fen": inst.interest_fen,
                  "payment_fen": inst.payment_fen, "balance_fen": inst.balance_fen}
        if any(old[k] != v for k, v in values.items()):
            db["instalments"].update(old["id"], values)
            changed = True
    for old in by_seq.values():  # the loan ends earlier now: nothing more is owed on these dates
        db.execute("DELETE FROM instalments WHERE id = ?", [old["id"]])
        changed = True
    return changed


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
