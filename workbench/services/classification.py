"""Five-category classification of loans: the floor from overdue days, raises by hand, history.

Rules (``workbench.domain.classification``): a loan's classification is never
less severe than the floor for its overdue days (1–90 关注, >90 次级, >270 可疑,
>360 损失). The floor is re-applied whenever balances or overdue days change
(:func:`update_overdue` by hand, :func:`apply_floor` after a balance import).
Anyone may raise a classification (more severe) with a written reason; only a
reviewer, approver or admin (:data:`LOWER_ROLES`) may lower it (less severe),
with a reason, and never below the floor — an officer may not lower it. Every change writes
a ``classification_history`` row and an audit row in the same transaction.
The floor never lowers a classification by itself: a cured loan keeps its
classification until someone lowers it with a reason.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from workbench.domain.classification import (
    LABELS_ZH,
    ClassificationError,
    floor_for_overdue_days,
    parse_classification,
    severity,
    worse,
)
from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.services.users import role_of
from workbench.store import audit

LOWER_ROLES = frozenset({"reviewer", "approver", "admin"})
ROLE_LABELS_ZH = {"officer": "客户经理", "reviewer": "风险审查", "approver": "审批人", "admin": "管理员"}


def may_lower(db: sqlite_utils.Database, actor: str) -> bool:
    """Whether ``actor`` (an active user) may lower a classification; False for unknown users."""
    try:
        return role_of(db, actor) in LOWER_ROLES
    except PermissionDenied:
        return False


def _loan(db: sqlite_utils.Database, loan_id: int) -> dict:
    rows = list(db.query("SELECT * FROM loans WHERE id = ?", [loan_id]))
    if not rows:
        raise NotFound("loan_not_found", f"贷款（编号 {loan_id}）不存在", f"loan {loan_id} does not exist", "loan_id")
    return rows[0]


def _history(db, loan: dict, to_class: str, floor: str, reason: str | None, source: str, actor: str, at: str) -> None:
    db["classification_history"].insert({
        "loan_id": loan["id"], "changed_at": at, "from_class": loan["classification"], "to_class": to_class,
        "floor_class": floor, "reason": reason, "source": source, "changed_by": actor,
    })


def set_classification(
    db: sqlite_utils.Database, actor: str, loan_id: int, classification: str, reason: str
) -> str:
    """Set a loan's classification by hand (code or label, e.g. "次级"); returns the code.

    Raises ValidationError: ``reason_required`` (blank reason), ``below_floor``
    (less severe than the floor from overdue days), ``unchanged``, ``bad_classification``;
    PermissionDenied: ``unknown_user``, ``lower_not_allowed`` (lowering by a role not in
    :data:`LOWER_ROLES`).
    """
    try:
        code = parse_classification(classification)
    except ClassificationError as exc:
        raise ValidationError("bad_classification", exc.reason_zh, exc.reason_en, "classification") from None
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason_required", "调整五级分类必须填写理由", "a reason is required to change the classification", "reason")
    role = role_of(db, actor)
    loan = _loan(db, loan_id)
    floor = floor_for_overdue_days(loan["overdue_days"])
    if severity(code) < severity(floor):
        raise ValidationError(
            "below_floor",
            f"贷款 {loan['loan_no']} 逾期 {loan['overdue_days']} 天，五级分类不得低于{LABELS_ZH[floor]}类（拟调整为{LABELS_ZH[code]}类）",
            f"loan {loan['loan_no']} is {loan['overdue_days']} days overdue: it cannot be classified better than {floor} (asked {code})",
            "classification",
            floor=floor,
        )
    if code == loan["classification"]:
        raise ValidationError(
            "unchanged", f"五级分类已是{LABELS_ZH[code]}类", f"the loan is already classified {code}", "classification"
        )
    if severity(code) < severity(loan["classification"]) and role not in LOWER_ROLES:
        raise PermissionDenied(
            "lower_not_allowed",
            f"{ROLE_LABELS_ZH.get(role, role)}只能调高五级分类；将贷款 {loan['loan_no']} 由{LABELS_ZH[loan['classification']]}类"
            f"下调为{LABELS_ZH[code]}类须由风险审查、审批人或管理员办理",
            f"a user with role {role} may only raise a classification; lowering loan {loan['loan_no']} from "
            f"{loan['classification']} to {code} needs a reviewer, approver or admin",
            "classification",
        )
    now = audit.utc_now()
    with db.atomic():
        _history(db, loan, code, floor, reason, "manual", actor, now)
        db["loans"].update(loan_id, {"classification": code, "updated_at": now})
        audit.record(db, actor, "loan.classify", "loans", loan_id, {"classification": loan["classification"]},
                     {"classification": code, "floor": floor}, reason=reason, client_id=loan["client_id"])
    return code


def update_overdue(
    db: sqlite_utils.Database,
    actor: str,
    loan_id: int,
    *,
    overdue_days: int,
    balance_fen: int | None = None,
    overdue_principal_fen: int | None = None,
    overdue_interest_fen: int | None = None,
    as_of: date | None = None,
    source: str = "manual",
    reason: str | None = None,
) -> str:
    """Record new overdue figures (and balance) for a loan by hand; re-applies the floor.

    Returns the classification after the change. Money in fen. Writes a
    ``balance_history`` row, and a ``classification_history`` row when the
    floor raises the classification. Raises ValidationError for negative or
    non-integer figures.
    """
    figures = {"overdue_days": overdue_days, "balance_fen": balance_fen,
               "overdue_principal_fen": overdue_principal_fen, "overdue_interest_fen": overdue_interest_fen}
    for name, value in figures.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError("bad_figure", f"{name} 应为非负整数，收到 {value!r}", f"{name} must be a non-negative integer, got {value!r}", name)
    loan = _loan(db, loan_id)
    if loan["status"] != "active":
        raise ValidationError("loan_closed", f"贷款 {loan['loan_no']} 已结清", f"loan {loan['loan_no']} is closed", "loan_id")
    as_of = as_of or date.today()
    floor = floor_for_overdue_days(overdue_days)
    new_class = worse(loan["classification"], floor)
    now = audit.utc_now()
    changes = {k: v for k, v in figures.items() if v is not None}
    changes.update(classification=new_class, balance_as_of=as_of.isoformat(), updated_at=now)
    before = {k: loan[k] for k in changes if k != "updated_at"}
    with db.atomic():
        if new_class != loan["classification"]:
            _history(db, loan, new_class, floor, f"逾期 {overdue_days} 天，分类下限 / floor for {overdue_days} days overdue",
                     source, actor, now)
        db["loans"].update(loan_id, changes)
        db["balance_history"].insert({
            "loan_id": loan_id, "as_of": as_of.isoformat(),
            "balance_fen": balance_fen if balance_fen is not None else loan["balance_fen"],
            "overdue_days": overdue_days, "classification": new_class, "source": source,
        })
        audit.record(db, actor, "loan.overdue_update", "loans", loan_id, before,
                     {k: v for k, v in changes.items() if k != "updated_at"}, reason=reason, client_id=loan["client_id"])
    return new_class


def apply_floor(db: sqlite_utils.Database, actor: str, *, source: str = "floor", loan_ids: list[int] | None = None) -> int:
    """Raise every active loan below its floor up to it (e.g. after a balance import); returns how many changed.

    One transaction; a history row and an audit row per loan changed.
    """
    sql = "SELECT * FROM loans WHERE status = 'active' AND overdue_days > 0"
    params: list = []
    if loan_ids is not None:
        if not loan_ids:
            return 0
        sql += f" AND id IN ({','.join('?' * len(loan_ids))})"
        params = list(loan_ids)
    changed = 0
    now = audit.utc_now()
    with db.atomic():
        for loan in list(db.query(sql, params)):
            floor = floor_for_overdue_days(loan["overdue_days"])
            if severity(loan["classification"]) >= severity(floor):
                continue
            _history(db, loan, floor, floor, f"逾期 {loan['overdue_days']} 天，分类下限 / floor for {loan['overdue_days']} days overdue",
                     source, actor, now)
            db.execute("UPDATE loans SET classification = ?, updated_at = ? WHERE id = ?", [floor, now, loan["id"]])
            audit.record(db, actor, "loan.classify_floor", "loans", loan["id"], {"classification": loan["classification"]},
                         {"classification": floor}, client_id=loan["client_id"])
            changed += 1
    return changed


def classification_history(db: sqlite_utils.Database, loan_id: int) -> list[dict]:
    """The loan's classification changes, oldest first."""
    return list(db.query("SELECT * FROM classification_history WHERE loan_id = ? ORDER BY id", [loan_id]))
