"""Everything one approval packet prints, read from the database in one place.

Reads only; no Qt, no reportlab. The layout lives in ``document.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from workbench.services.application_context import application_context
from workbench.services.errors import NotFound

DEFAULT_BANK_NAME = "本行"


@dataclass(frozen=True)
class Terms:
    """The terms the schedule and the request block use: approved ones once approved."""

    amount_fen: int
    term_months: int
    lpr_bp: int
    spread_bp: int
    rate_bp: int
    method: str
    approved: bool


@dataclass(frozen=True)
class Exposure:
    """The client's credit with us before and after this application, in fen.

    ``now_fen``/``after_fen`` and the inclusive flags come from the credit
    workflow's :func:`application_context`, so the packet shows the same
    figures as the application screen and the client list (the one
    definition of total credit in ``workbench.services.exposure``; a
    renewal's old balance is not counted twice; an approved application's
    own line is already in ``now_fen``).
    """

    now_fen: int
    after_fen: int
    loan_balance_fen: int  # active loans' balances with us
    other_banks_fen: int | None
    replaced_fen: int  # balance of the loan a renewal repays (0 for new credit)
    requested_fen: int
    chain_now_fen: int | None  # the whole supply chain's credit, when the client is in one
    chain_after_fen: int | None
    inclusive_now: bool
    inclusive_after: bool
    warning_zh: str | None


@dataclass(frozen=True)
class PacketData:
    application: dict
    client: dict
    core_client: dict | None
    chain_members: dict[str, int]  # for a core enterprise: role → number of linked clients
    renewed_loan: dict | None
    collateral: list[dict]
    guarantors: list[dict]
    steps: list[dict]
    exposure: Exposure
    terms: Terms
    bank_name: str
    branch_name: str
    officer_name: str
    reviewer_name: str
    approver_name: str
    today: date

    @property
    def app_no(self) -> str:
        return self.application["app_no"]

    @property
    def is_draft(self) -> bool:
        """True until the application is approved: the packet carries the watermark."""
        return self.application["status"] != "approved"


def _one(db: sqlite_utils.Database, sql: str, params: tuple) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def _setting(db: sqlite_utils.Database, key: str) -> str | None:
    row = _one(db, "SELECT value FROM settings WHERE key = ?", (key,))
    value = (row or {}).get("value")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _display_name(db: sqlite_utils.Database, username: str | None) -> str:
    if not username:
        return ""
    row = _one(db, "SELECT display_name FROM users WHERE username = ?", (username,))
    return row["display_name"] if row else username


def resolve_application_id(db: sqlite_utils.Database, key: int | str) -> int:
    """The id of an application given its id or its app_no. Raises ``NotFound``."""
    text = str(key).strip()
    row = _one(db, "SELECT id FROM applications WHERE app_no = ?", (text,))
    if row is None and text.isdigit():
        row = _one(db, "SELECT id FROM applications WHERE id = ?", (int(text),))
    if row is None:
        raise NotFound(
            "application-not-found",
            f"找不到授信申请“{text}”（请使用申请编号或内部编号）",
            f"no credit application {text!r} (use the application number or the numeric id)",
            field="application_id",
        )
    return int(row["id"])


def _terms(app: dict) -> Terms:
    approved = app["status"] == "approved"

    def pick(approved_key: str, key: str) -> int:
        value = app.get(approved_key) if approved else None
        return int(value if value is not None else app[key])

    spread = pick("approved_spread_bp", "spread_bp")
    rate = pick("approved_rate_bp", "rate_bp")
    return Terms(
        amount_fen=pick("approved_amount_fen", "amount_fen"),
        term_months=pick("approved_term_months", "term_months"),
        lpr_bp=int(app["lpr_bp"]),
        spread_bp=spread,
        rate_bp=rate,
        method=app["repayment_method"],
        approved=approved,
    )


def _exposure(db: sqlite_utils.Database, app: dict, client: dict, terms: Terms, renewed: dict | None,
              today: date) -> Exposure:
    ctx = application_context(db, app["id"], today)
    loans = _one(
        db,
        "SELECT COALESCE(SUM(balance_fen), 0) AS total FROM loans WHERE client_id = ? AND status = 'active'",
        (client["id"],),
    )
    replaced = int(renewed["balance_fen"]) if renewed and renewed.get("status") == "active" else 0
    in_chain = ctx.chain_core_id is not None
    return Exposure(
        now_fen=ctx.exposure_fen,
        after_fen=ctx.exposure_if_approved_fen,
        loan_balance_fen=int(loans["total"]),
        other_banks_fen=client.get("other_bank_loans_fen"),
        replaced_fen=replaced,
        requested_fen=terms.amount_fen,
        chain_now_fen=ctx.chain_exposure_fen if in_chain else None,
        chain_after_fen=ctx.chain_exposure_if_approved_fen if in_chain else None,
        inclusive_now=ctx.inclusive_now,
        inclusive_after=ctx.inclusive_if_approved,
        warning_zh=ctx.warning_zh,
    )


def load_packet_data(db: sqlite_utils.Database, application_id: int | str, today: date | None = None) -> PacketData:
    """Read one application and all it refers to. Raises ``NotFound``."""
    app_id = resolve_application_id(db, application_id)
    app = _one(db, "SELECT * FROM applications WHERE id = ?", (app_id,))
    client = _one(db, "SELECT * FROM clients WHERE id = ?", (app["client_id"],))
    core = None
    if client.get("core_client_id"):
        core = _one(db, "SELECT id, name, uscc, industry FROM clients WHERE id = ?", (client["core_client_id"],))
    members = {
        row["role"] or "": row["n"]
        for row in db.query(
            "SELECT chain_role AS role, COUNT(*) AS n FROM clients WHERE core_client_id = ? GROUP BY chain_role",
            (client["id"],),
        )
    }
    renewed = None
    if app.get("renews_loan_id"):
        renewed = _one(db, "SELECT * FROM loans WHERE id = ?", (app["renews_loan_id"],))
    guarantors = list(
        db.query(
            "SELECT g.*, c.name AS guarantor_name, c.uscc AS guarantor_uscc FROM guarantors g "
            "LEFT JOIN clients c ON c.id = g.guarantor_client_id WHERE g.application_id = ? ORDER BY g.id",
            (app_id,),
        )
    )
    collateral = list(db.query("SELECT * FROM collateral WHERE application_id = ? ORDER BY id", (app_id,)))
    # the workflow records usernames; the packet prints the person's name
    steps = list(
        db.query(
            "SELECT s.*, COALESCE(u.display_name, s.actor) AS actor_name FROM approval_steps s "
            "LEFT JOIN users u ON u.username = s.actor WHERE s.application_id = ? ORDER BY s.id",
            (app_id,),
        )
    )
    terms = _terms(app)
    day = today or date.today()
    officer_user = _one(db, "SELECT display_name, branch FROM users WHERE username = ?", (app["created_by"],))
    branch = _setting(db, "branch_name") or (officer_user or {}).get("branch") or client.get("branch") or ""
    return PacketData(
        application=app,
        client=client,
        core_client=core,
        chain_members=members,
        renewed_loan=renewed,
        collateral=collateral,
        guarantors=guarantors,
        steps=steps,
        exposure=_exposure(db, app, client, terms, renewed, day),
        terms=terms,
        bank_name=_setting(db, "bank_name") or DEFAULT_BANK_NAME,
        branch_name=branch,
        officer_name=(officer_user or {}).get("display_name") or client.get("officer") or app["created_by"],
        reviewer_name=_display_name(db, app.get("reviewed_by")),
        approver_name=_display_name(db, app.get("approved_by")),
        today=day,
    )
