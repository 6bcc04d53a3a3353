"""The approval chain as an explicit state machine.

    draft ──submit──▶ submitted ──take_review──▶ under_review ──pass_review──▶ under_approval ──approve──▶ approved
                                                      │  └──reject──▶ rejected          │  └──reject──▶ rejected
                                                      └──return──▶ returned ◀──return───┘
    returned ──resubmit──▶ submitted   (after the officer's edits)

``TRANSITIONS`` maps (status, action) to the next status and the roles that
may act. On top of the table: the officer submits and resubmits only their
own applications; the reviewer who took a review decides it; nobody reviews
what they created; nobody approves what they created or reviewed — admin
included. Every step writes an ``approval_steps`` row and an audit row in
one transaction; a refused step raises IllegalTransition / PermissionDenied
and changes nothing. Approval creates the credit line (授信).

What approval binds is the amount, the term, the method and the spread over
the application's LPR tenor; ``approved_rate_bp`` (LPR at application time +
spread) is indicative. A loan's rate is fixed at drawdown: the LPR in force
on the drawdown date + the approved spread (``services/lending.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from workbench.domain.schedule import add_months
from workbench.services.applications import STATUS_LABELS_ZH, get_application, next_number
from workbench.services.errors import IllegalTransition, NotFound, PermissionDenied, ValidationError
from workbench.services.users import role_of
from workbench.store import audit


@dataclass(frozen=True)
class Transition:
    to_status: str
    roles: frozenset[str]
    needs_opinion: bool = False
    may_change_terms: bool = False


_OFFICER = frozenset({"officer", "admin"})
_REVIEWER = frozenset({"reviewer", "admin"})
_APPROVER = frozenset({"approver", "admin"})

TRANSITIONS: dict[tuple[str, str], Transition] = {
    ("draft", "submit"): Transition("submitted", _OFFICER),
    ("returned", "resubmit"): Transition("submitted", _OFFICER),
    ("submitted", "take_review"): Transition("under_review", _REVIEWER),
    ("under_review", "pass_review"): Transition("under_approval", _REVIEWER, may_change_terms=True),
    ("under_review", "return"): Transition("returned", _REVIEWER, needs_opinion=True),
    ("under_review", "reject"): Transition("rejected", _REVIEWER, needs_opinion=True),
    ("under_approval", "approve"): Transition("approved", _APPROVER, may_change_terms=True),
    ("under_approval", "return"): Transition("returned", _APPROVER, needs_opinion=True),
    ("under_approval", "reject"): Transition("rejected", _APPROVER, needs_opinion=True),
}
ACTIONS: tuple[str, ...] = ("submit", "resubmit", "take_review", "pass_review", "return", "reject", "approve")
ACTION_LABELS_ZH = {
    "submit": "提交", "resubmit": "重新提交", "take_review": "领取审查", "pass_review": "审查通过",
    "return": "退回修改", "reject": "否决", "approve": "批准",
}
ACTION_LABELS_EN = {
    "submit": "Submit", "resubmit": "Resubmit", "take_review": "Take for review", "pass_review": "Pass review",
    "return": "Return for changes", "reject": "Reject", "approve": "Approve",
}


def _refuse_conflict(app: dict, actor: str, action: str) -> None:
    if action in ("take_review", "pass_review") or (action in ("return", "reject") and app["status"] == "under_review"):
        if app["created_by"] == actor:
            raise PermissionDenied("own_application", "不能审查自己提交的申请", "you cannot review an application you created", "actor")
    if app["status"] == "under_review" and action != "take_review" and app["reviewed_by"] not in (None, actor):
        raise PermissionDenied(
            "not_your_review",
            f"该申请由 {app['reviewed_by']} 审查中，只有其本人可以作出审查结论",
            f"the application is being reviewed by {app['reviewed_by']}; only they may decide the review",
            "actor",
        )
    if app["status"] == "under_approval":
        if app["created_by"] == actor:
            raise PermissionDenied("own_application", "不能审批自己提交的申请", "you cannot approve an application you created", "actor")
        if app["reviewed_by"] == actor or actor in _earlier_reviewers(app):
            raise PermissionDenied("own_review", "不能审批自己审查过的申请", "you cannot approve an application you reviewed", "actor")
    if action in ("submit", "resubmit") and app["created_by"] != actor:
        raise PermissionDenied("not_creator", "只能提交自己创建的申请", "you can only submit applications you created", "actor")


def check(db: sqlite_utils.Database, actor: str, application: dict, action: str) -> Transition:
    """The transition ``actor`` would make; raises IllegalTransition / PermissionDenied if refused."""
    status = application["status"]
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        raise IllegalTransition(
            "illegal_transition",
            f"申请 {application['app_no']} 当前状态为“{STATUS_LABELS_ZH.get(status, status)}”，不能执行“{ACTION_LABELS_ZH.get(action, action)}”",
            f"application {application['app_no']} is {status}: '{action}' is not allowed",
            "status",
            status=status,
            action=action,
        )
    role = role_of(db, actor)
    if role not in transition.roles:
        raise PermissionDenied(
            "wrong_role",
            f"角色“{role}”不能对该申请执行“{ACTION_LABELS_ZH[action]}”",
            f"a user with role {role} may not '{action}' this application",
            "actor",
            role=role,
            action=action,
        )
    _refuse_conflict(application, actor, action)
    return transition


def allowed_actions(db: sqlite_utils.Database, actor: str, application_id: int) -> list[str]:
    """The actions ``actor`` may take on the application now (for enabling buttons)."""
    app = get_application(db, application_id)
    out = []
    for action in ACTIONS:
        try:
            check(db, actor, app, action)
        except (IllegalTransition, PermissionDenied):
            continue
        out.append(action)
    return out


def act(
    db: sqlite_utils.Database,
    actor: str,
    application_id: int,
    action: str,
    *,
    opinion: str | None = None,
    amount_fen: int | None = None,
    term_months: int | None = None,
    spread_bp: int | None = None,
    rate_bp: int | None = None,
    revolving: bool | None = None,
    today: date | None = None,
) -> dict:
    """Take one step of the chain; returns the application as it is afterwards.

    Changed terms (``amount_fen``, ``term_months``, ``spread_bp`` or ``rate_bp``,
    the latter meaning spread = rate − LPR) are accepted on ``pass_review``
    (a recommendation) and ``approve`` (binding). ``approve`` creates the credit
    line: limit = approved amount, start = ``today``, expiry = start + term,
    revolving when the method is 随借随还 unless ``revolving`` says otherwise.
    """
    today = today or date.today()
    app = get_application(db, application_id)
    transition = check(db, actor, app, action)
    role = role_of(db, actor)
    opinion = (opinion or "").strip() or None
    if transition.needs_opinion and not opinion:
        raise ValidationError("opinion_required", "退回或否决必须填写意见", "returning or rejecting needs an opinion", "opinion")
    changed = {"amount_fen": amount_fen, "term_months": term_months, "spread_bp": spread_bp, "rate_bp": rate_bp}
    if any(v is not None for v in changed.values()) and not transition.may_change_terms:
        raise ValidationError("terms_not_changeable", "此步骤不能调整条件", f"terms cannot be changed on '{action}'", "amount_fen")
    terms = _terms(app, changed) if transition.may_change_terms else None
    now = audit.utc_now()
    step = {
        "application_id": application_id, "action": action, "from_status": app["status"],
        "to_status": transition.to_status, "actor": actor, "actor_role": role, "acted_at": now, "opinion": opinion,
        "amount_fen": None, "term_months": None, "spread_bp": None, "rate_bp": None,
    }
    if terms is not None and any(v is not None for v in changed.values()):
        step.update(terms)
    update = {"status": transition.to_status, "updated_at": now}
    if action in ("submit", "resubmit"):
        update["submitted_at"] = now
    if action == "take_review":
        update["reviewed_by"] = actor
    if action == "resubmit":
        update["reviewed_by"] = None  # a fresh review round; the earlier reviewer still may not approve (see history)
    if action in ("approve", "reject"):
        update["decided_at"] = now
    if action == "approve":
        update.update(approved_by=actor, approved_amount_fen=terms["amount_fen"], approved_term_months=terms["term_months"],
                      approved_spread_bp=terms["spread_bp"], approved_rate_bp=terms["rate_bp"])
    before = {k: app[k] for k in update}
    with db.atomic():
        # Guard against a concurrent step: the status must still be what we checked.
        cur = db.execute("UPDATE applications SET " + ", ".join(f"{k} = ?" for k in update) + " WHERE id = ? AND status = ?",
                         list(update.values()) + [application_id, app["status"]])
        if cur.rowcount != 1:
            raise IllegalTransition("stale", "申请状态已被他人更改，请刷新", "the application changed meanwhile; refresh", "status")
        step_id = db["approval_steps"].insert(step).last_pk
        audit.record(db, actor, f"application.{action}", "applications", application_id, before, {**update, "step_id": step_id},
                     reason=opinion, client_id=app["client_id"])
        if action == "approve":
            _create_line(db, actor, app, terms, revolving, today)
    return get_application(db, application_id)


def _earlier_reviewers(app: dict) -> set[str]:
    return {s["actor"] for s in app["steps"] if s["action"] in ("take_review", "pass_review")}


def _terms(app: dict, changed: dict) -> dict:
    """The terms after this step: earlier recommendation/request, overridden by ``changed``."""
    base_amount = app["amount_fen"]
    base_term = app["term_months"]
    base_spread = app["spread_bp"]
    for s in app["steps"]:  # the latest recommendation (pass_review) stands unless changed again
        if s["action"] == "pass_review" and s["amount_fen"] is not None and s["id"] > max(
            [x["id"] for x in app["steps"] if x["action"] in ("submit", "resubmit")] or [0]
        ):
            base_amount, base_term, base_spread = s["amount_fen"], s["term_months"], s["spread_bp"]
    amount = changed["amount_fen"] if changed["amount_fen"] is not None else base_amount
    term = changed["term_months"] if changed["term_months"] is not None else base_term
    if changed["rate_bp"] is not None:
        spread = changed["rate_bp"] - app["lpr_bp"]
    else:
        spread = changed["spread_bp"] if changed["spread_bp"] is not None else base_spread
    for value, name in ((amount, "amount_fen"), (term, "term_months"), (spread, "spread_bp")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError("not_integer", f"{name} 必须是整数", f"{name} must be an integer", name)
    if amount <= 0:
        raise ValidationError("amount_not_positive", "批准金额必须大于0", "the amount must be greater than zero", "amount_fen")
    if not 1 <= term <= 360:
        raise ValidationError("bad_term", "期限必须在1到360个月之间", "the term must be 1 to 360 months", "term_months")
    return {"amount_fen": amount, "term_months": term, "spread_bp": spread, "rate_bp": app["lpr_bp"] + spread}


def next_line_no(db: sqlite_utils.Database, today: date) -> str:
    """``SX`` + YYYYMM + 4-digit sequence, e.g. ``SX2025030001``."""
    return next_number(db, "credit_lines", "line_no", f"SX{today:%Y%m}")


def _create_line(db: sqlite_utils.Database, actor: str, app: dict, terms: dict, revolving: bool | None, today: date) -> int:
    if revolving is None:
        revolving = app["repayment_method"] == "revolving"
    line = {
        "line_no": next_line_no(db, today), "client_id": app["client_id"], "application_id": app["id"],
        "limit_fen": terms["amount_fen"], "start_date": today.isoformat(),
        "expiry_date": add_months(today, terms["term_months"]).isoformat(), "revolving": int(revolving),
        "status": "active", "created_at": audit.utc_now(),
    }
    line_id = db["credit_lines"].insert(line).last_pk
    audit.record(db, actor, "credit_line.create", "credit_lines", line_id, None, line, client_id=app["client_id"])
    return line_id


def history(db: sqlite_utils.Database, application_id: int) -> list[dict]:
    """The approval steps, oldest first, each with the actor's display name."""
    if not db.execute("SELECT 1 FROM applications WHERE id = ?", [application_id]).fetchone():
        raise NotFound("application_not_found", f"授信申请（编号 {application_id}）不存在",
                       f"application {application_id} does not exist", "application_id")
    return list(db.query(
        "SELECT s.*, coalesce(u.display_name, s.actor) AS actor_name FROM approval_steps s"
        " LEFT JOIN users u ON u.username = s.actor WHERE s.application_id = ? ORDER BY s.id", [application_id]))
