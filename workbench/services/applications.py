"""Credit applications (授信申请): create, edit, read, list.

An application asks for ``amount_fen`` over ``term_months`` at LPR + spread:
``rate_bp = lpr_bp + spread_bp`` with the LPR in force on the day it is
created (or edited). That rate is indicative: what the approval binds is the
spread; a loan's rate is fixed at drawdown as the LPR in force on the
drawdown date + the approved spread (``services/lending.py``).

Collateral items and guarantors hang off an application. Only the creator
(or an admin) edits it, and only while it is ``draft`` or ``returned``.
The context panel shown beside it (size class, inclusive flag, exposure)
lives in ``services/application_context.py``.
The workflow (submit, review, approve …) lives in ``services/workflow.py``.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from workbench.domain import schedule
from workbench.domain.identifiers import mask_id_number
from workbench.services import lpr
from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.services.users import role_of
from workbench.store import audit

GUARANTEE_TYPES: tuple[str, ...] = ("credit", "guarantee", "mortgage", "pledge")
GUARANTEE_LABELS_ZH = {"credit": "信用", "guarantee": "保证", "mortgage": "抵押", "pledge": "质押"}
GUARANTEE_LABELS_EN = {"credit": "Unsecured", "guarantee": "Guarantee", "mortgage": "Mortgage", "pledge": "Pledge"}
PRODUCTS: tuple[str, ...] = ("流动资金贷款", "经营性贷款", "信用贷", "续贷", "无还本续贷", "供应链融资", "个体工商户经营贷")
KINDS: tuple[str, ...] = ("new", "renewal", "no_principal", "extension")
STATUS_LABELS_ZH = {
    "draft": "草稿",
    "submitted": "已提交",
    "under_review": "审查中",
    "under_approval": "审批中",
    "approved": "已批准",
    "rejected": "已否决",
    "returned": "已退回",
}
EDITABLE_STATUSES = ("draft", "returned")
MAX_TERM_MONTHS = 360
_FIELDS = (
    "product", "amount_fen", "term_months", "lpr_tenor", "spread_bp", "repayment_method", "guarantee_type",
    "purpose", "business_overview", "repayment_source", "risks", "kind", "renews_loan_id", "visit_id",
)


def yuan_text(fen: int) -> str:
    """``123456`` → ``"1,234.56"`` (for messages)."""
    sign = "-" if fen < 0 else ""
    y, f = divmod(abs(int(fen)), 100)
    return f"{sign}{y:,}.{f:02d}"


def _bad(code: str, zh: str, en: str, field: str) -> ValidationError:
    return ValidationError(code, zh, en, field)


def _int(value, field: str, zh_name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad("not_integer", f"{zh_name}必须是整数", f"{field} must be an integer", field)
    return value


def _check_terms(values: dict) -> None:
    amount = _int(values["amount_fen"], "amount_fen", "金额")
    if amount <= 0:
        raise _bad("amount_not_positive", "申请金额必须大于0", "the amount must be greater than zero", "amount_fen")
    term = _int(values["term_months"], "term_months", "期限")
    if not 1 <= term <= MAX_TERM_MONTHS:
        raise _bad("bad_term", f"期限必须在1到{MAX_TERM_MONTHS}个月之间", f"the term must be 1 to {MAX_TERM_MONTHS} months", "term_months")
    spread = _int(values["spread_bp"], "spread_bp", "加点")
    if not -1000 <= spread <= 2000:
        raise _bad("bad_spread", "加点必须在 -1000 到 2000 基点之间", "the spread must be between -1000 and 2000 basis points", "spread_bp")
    if values["repayment_method"] not in schedule.METHODS:
        raise _bad(
            "bad_method", f"还款方式“{values['repayment_method']}”无效", f"unknown repayment method {values['repayment_method']!r}", "repayment_method"
        )
    if values["guarantee_type"] not in GUARANTEE_TYPES:
        raise _bad(
            "bad_guarantee", f"担保方式“{values['guarantee_type']}”无效", f"unknown guarantee type {values['guarantee_type']!r}", "guarantee_type"
        )
    if not (values.get("product") or "").strip():
        raise _bad("product_required", "请填写贷款产品", "a product is required", "product")
    if values.get("kind", "new") not in KINDS:
        raise _bad("bad_kind", f"申请类型“{values['kind']}”无效", f"unknown application kind {values['kind']!r}", "kind")


def _clean_collateral(items: list[dict]) -> list[dict]:
    out = []
    for n, item in enumerate(items, 1):
        kind = (item.get("kind") or "").strip()
        if not kind:
            raise _bad("collateral_kind_required", f"第{n}项抵质押物缺少类型", f"collateral item {n} has no type", "collateral")
        value = _int(item.get("appraised_value_fen", 0), "appraised_value_fen", f"第{n}项抵质押物评估价值")
        ltv = item.get("ltv_bp")
        if value < 0:
            raise _bad("collateral_value_negative", f"第{n}项抵质押物评估价值不能为负", f"collateral item {n}: appraised value is negative", "collateral")
        if ltv is not None and not 0 <= _int(ltv, "ltv_bp", f"第{n}项抵押率") <= 10000:
            raise _bad("bad_ltv", f"第{n}项抵押率必须在0%到100%之间", f"collateral item {n}: loan-to-value must be 0–100 %", "collateral")
        out.append({"kind": kind, "owner": item.get("owner"), "description": item.get("description"),
                    "appraised_value_fen": value, "ltv_bp": ltv})
    return out


def _clean_guarantors(db: sqlite_utils.Database, items: list[dict]) -> list[dict]:
    out = []
    for n, item in enumerate(items, 1):
        client_id = item.get("guarantor_client_id")
        name = (item.get("person_name") or "").strip() or None
        if client_id is None and not name:
            raise _bad("guarantor_required", f"第{n}个保证人需选择客户或填写姓名", f"guarantor {n} needs a client or a person's name", "guarantors")
        if client_id is not None and not db.execute("SELECT 1 FROM clients WHERE id = ?", [client_id]).fetchone():
            raise NotFound("guarantor_client_not_found", f"第{n}个保证人客户不存在", f"guarantor {n}: client {client_id} does not exist", "guarantors")
        amount = item.get("amount_fen")
        if amount is not None:
            _int(amount, "amount_fen", f"第{n}个保证人担保金额")
        out.append({"guarantor_client_id": client_id, "person_name": name, "id_number": item.get("id_number"),
                    "relation": item.get("relation"), "amount_fen": amount})
    return out


def next_number(db: sqlite_utils.Database, table: str, column: str, prefix: str) -> str:
    """``prefix`` + the next sequence number (at least 4 digits; 5 past 9,999) among ``column`` values.

    The sequence is compared as a number, so ``…10000`` follows ``…9999``.
    """
    row = db.execute(
        f"SELECT max(CAST(substr({column}, ?) AS INTEGER)) FROM {table} WHERE {column} LIKE ?",
        [len(prefix) + 1, prefix + "%"],
    ).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:04d}"


def next_app_no(db: sqlite_utils.Database, today: date) -> str:
    """The next number ``SQ`` + YYYYMM + 4-digit sequence within the month, e.g. ``SQ2025030001``."""
    return next_number(db, "applications", "app_no", f"SQ{today:%Y%m}")


def _client(db: sqlite_utils.Database, client_id: int) -> dict:
    rows = list(db.query("SELECT * FROM clients WHERE id = ?", [client_id]))
    if not rows:
        raise NotFound("client_not_found", f"客户（编号 {client_id}）不存在", f"client {client_id} does not exist", "client_id")
    return rows[0]


def _row(db: sqlite_utils.Database, application_id: int) -> dict:
    rows = list(db.query("SELECT * FROM applications WHERE id = ?", [application_id]))
    if not rows:
        raise NotFound(
            "application_not_found", f"授信申请（编号 {application_id}）不存在", f"application {application_id} does not exist", "application_id"
        )
    return rows[0]


def _replace_children(db: sqlite_utils.Database, application_id: int, collateral: list[dict] | None, guarantors: list[dict] | None) -> None:
    if collateral is not None:
        db.execute("DELETE FROM collateral WHERE application_id = ?", [application_id])
        if collateral:
            db["collateral"].insert_all([{**c, "application_id": application_id} for c in collateral])
    if guarantors is not None:
        db.execute("DELETE FROM guarantors WHERE application_id = ?", [application_id])
        if guarantors:
            db["guarantors"].insert_all([{**g, "application_id": application_id} for g in guarantors])


def create_application(
    db: sqlite_utils.Database,
    actor: str,
    client_id: int,
    *,
    product: str,
    amount_fen: int,
    term_months: int,
    repayment_method: str,
    guarantee_type: str,
    lpr_tenor: str = "1Y",
    spread_bp: int = 0,
    purpose: str | None = None,
    business_overview: str | None = None,
    repayment_source: str | None = None,
    risks: str | None = None,
    kind: str = "new",
    renews_loan_id: int | None = None,
    visit_id: int | None = None,
    collateral: list[dict] | None = None,
    guarantors: list[dict] | None = None,
    today: date | None = None,
) -> int:
    """Create a draft application; returns its id. Raises ValidationError, NotFound, PermissionDenied.

    Any active user may draft; the LPR is the one in force ``today``.
    """
    today = today or date.today()
    role_of(db, actor)
    client = _client(db, client_id)
    values = {
        "product": (product or "").strip(), "amount_fen": amount_fen, "term_months": term_months, "spread_bp": spread_bp,
        "repayment_method": repayment_method, "guarantee_type": guarantee_type, "kind": kind,
    }
    _check_terms(values)
    from workbench.services import renewals  # local: renewals imports applications

    renewals.validate_renewal_request(db, client_id, kind, renews_loan_id, term_months=term_months)
    coll = _clean_collateral(collateral or [])
    guars = _clean_guarantors(db, guarantors or [])
    published_on, lpr_bp = lpr.rate_in_force(db, lpr_tenor, today)
    now = audit.utc_now()
    row = {
        **values,
        "client_id": client_id,
        "visit_id": visit_id,
        "renews_loan_id": renews_loan_id,
        "lpr_tenor": lpr._tenor(lpr_tenor),
        "lpr_bp": lpr_bp,
        "lpr_published_on": published_on.isoformat(),
        "rate_bp": lpr_bp + spread_bp,
        "purpose": purpose,
        "business_overview": business_overview,
        "repayment_source": repayment_source,
        "risks": risks,
        "status": "draft",
        "created_by": actor,
        "created_at": now,
        "updated_at": now,
    }
    with db.atomic():
        row["app_no"] = next_app_no(db, today)
        app_id = db["applications"].insert(row).last_pk
        _replace_children(db, app_id, coll, guars)
        audit.record(db, actor, "application.create", "applications", app_id, None,
                     {**row, "collateral": coll, "guarantors": guars}, client_id=client["id"])
    return app_id


def update_application(
    db: sqlite_utils.Database,
    actor: str,
    application_id: int,
    *,
    collateral: list[dict] | None = None,
    guarantors: list[dict] | None = None,
    today: date | None = None,
    **changes,
) -> None:
    """Edit a draft or returned application (creator or admin); LPR re-read for ``today``.

    ``changes`` are any of the application's own fields (see ``_FIELDS``);
    ``collateral``/``guarantors`` replace the lists when given.
    """
    today = today or date.today()
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise ValidationError("unknown_field", f"无法修改字段：{', '.join(sorted(unknown))}", f"cannot edit: {', '.join(sorted(unknown))}", sorted(unknown)[0])
    before = _row(db, application_id)
    role = role_of(db, actor)
    if before["created_by"] != actor and role != "admin":
        raise PermissionDenied("not_creator", "只有申请人本人可以修改申请", "only the officer who created the application may edit it", "actor")
    if before["status"] not in EDITABLE_STATUSES:
        raise PermissionDenied(
            "not_editable",
            f"申请状态为“{STATUS_LABELS_ZH[before['status']]}”，不能修改",
            f"the application is {before['status']} and cannot be edited",
            "status",
        )
    merged = {k: before[k] for k in _FIELDS} | changes
    if "product" in changes:
        merged["product"] = (merged["product"] or "").strip()
    _check_terms(merged)
    from workbench.services import renewals  # local: renewals imports applications

    renewals.validate_renewal_request(db, before["client_id"], merged["kind"], merged["renews_loan_id"],
                                      term_months=merged["term_months"], application_id=application_id)
    coll = _clean_collateral(collateral) if collateral is not None else None
    guars = _clean_guarantors(db, guarantors) if guarantors is not None else None
    published_on, lpr_bp = lpr.rate_in_force(db, merged["lpr_tenor"], today)
    merged.update(lpr_tenor=lpr._tenor(merged["lpr_tenor"]), lpr_bp=lpr_bp, lpr_published_on=published_on.isoformat(),
                  rate_bp=lpr_bp + merged["spread_bp"], updated_at=audit.utc_now())
    changed_before = {k: before[k] for k in merged if before.get(k) != merged[k] and k != "updated_at"}
    changed_after = {k: merged[k] for k in changed_before}
    if coll is not None:
        changed_before["collateral"] = children(db, application_id)[0]
        changed_after["collateral"] = coll
    if guars is not None:
        changed_before["guarantors"] = children(db, application_id)[1]
        changed_after["guarantors"] = guars
    with db.atomic():
        db["applications"].update(application_id, merged)
        _replace_children(db, application_id, coll, guars)
        audit.record(db, actor, "application.update", "applications", application_id, changed_before, changed_after,
                     client_id=before["client_id"])


def children(db: sqlite_utils.Database, application_id: int) -> tuple[list[dict], list[dict]]:
    """``(collateral, guarantors)`` of an application; guarantors carry ``client_name`` when a client."""
    coll = list(db.query("SELECT * FROM collateral WHERE application_id = ? ORDER BY id", [application_id]))
    guars = list(db.query(
        "SELECT g.*, c.name AS client_name FROM guarantors g LEFT JOIN clients c ON c.id = g.guarantor_client_id"
        " WHERE g.application_id = ? ORDER BY g.id", [application_id]))
    return coll, guars


def get_application(db: sqlite_utils.Database, application_id: int) -> dict:
    """The application row plus ``client_name``, ``collateral``, ``guarantors`` and ``steps`` (history)."""
    row = _row(db, application_id)
    client = _client(db, row["client_id"])
    coll, guars = children(db, application_id)
    steps = list(db.query("SELECT * FROM approval_steps WHERE application_id = ? ORDER BY id", [application_id]))
    line = list(db.query("SELECT * FROM credit_lines WHERE application_id = ?", [application_id]))
    return {**row, "client_name": client["name"], "client_uscc": client["uscc"], "collateral": coll,
            "guarantors": guars, "steps": steps, "credit_line": line[0] if line else None}


def queue_sql(username: str, role: str) -> tuple[str, list]:
    """SQL condition (on ``applications a``) for "waiting for me": what ``role`` can act on next."""
    if role == "officer":
        return "(a.status IN ('draft','returned') AND a.created_by = ?)", [username]
    if role == "reviewer":
        return ("((a.status = 'submitted' OR (a.status = 'under_review' AND a.reviewed_by = ?))"
                " AND a.created_by <> ?)", [username, username])
    if role == "approver":
        return ("(a.status = 'under_approval' AND a.created_by <> ? AND coalesce(a.reviewed_by, '') <> ?)",
                [username, username])
    return "(a.status IN ('submitted','under_review','under_approval'))", []


def list_applications(
    db: sqlite_utils.Database,
    *,
    status: str | list[str] | None = None,
    waiting_for: tuple[str, str] | None = None,
    client_id: int | None = None,
    search: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[dict]:
    """Applications newest first, with ``client_name``.

    ``waiting_for=(username, role)`` keeps only the user's queue (see :func:`queue_sql`).
    ``search`` matches the application number or the client's name.
    """
    where, params = ["1=1"], []
    if status:
        statuses = [status] if isinstance(status, str) else list(status)
        where.append(f"a.status IN ({','.join('?' * len(statuses))})")
        params += statuses
    if waiting_for:
        cond, p = queue_sql(*waiting_for)
        where.append(cond)
        params += p
    if client_id is not None:
        where.append("a.client_id = ?")
        params.append(client_id)
    if search:
        where.append("(a.app_no LIKE ? OR c.name LIKE ?)")
        params += [f"%{search.strip()}%"] * 2
    sql = (
        "SELECT a.id, a.app_no, a.client_id, c.name AS client_name, a.kind, a.product, a.amount_fen, a.term_months,"
        " a.rate_bp, a.spread_bp, a.repayment_method, a.guarantee_type, a.status, a.created_by, a.reviewed_by,"
        " a.approved_by, a.approved_amount_fen, a.created_at, a.updated_at, a.submitted_at, a.decided_at,"
        " coalesce(uc.display_name, a.created_by) AS created_by_name, coalesce(ur.display_name, a.reviewed_by) AS reviewed_by_name"
        " FROM applications a JOIN clients c ON c.id = a.client_id"
        " LEFT JOIN users uc ON uc.username = a.created_by LEFT JOIN users ur ON ur.username = a.reviewed_by"
        f" WHERE {' AND '.join(where)} ORDER BY a.id DESC LIMIT ? OFFSET ?"
    )
    return list(db.query(sql, params + [limit, offset]))


def count_by_status(db: sqlite_utils.Database) -> dict[str, int]:
    """How many applications in each status."""
    return dict(db.execute("SELECT status, count(*) FROM applications GROUP BY status").fetchall())


def client_choices(db: sqlite_utils.Database, text: str = "", limit: int = 50) -> list[dict]:
    """Clients whose name or USCC contains ``text`` (for pickers): ``{id, name, uscc}`` by name."""
    like = f"%{(text or '').strip()}%"
    return list(db.query("SELECT id, name, uscc FROM clients WHERE name LIKE ? OR uscc LIKE ? ORDER BY name LIMIT ?",
                         [like, like, limit]))


def client_name(db: sqlite_utils.Database, client_id: int) -> str:
    """The client's name; raises NotFound."""
    return _client(db, client_id)["name"]


def client_id_by_name(db: sqlite_utils.Database, name: str) -> int | None:
    """The id of the client called exactly ``name`` (a guarantor typed by name), or None."""
    row = db.execute("SELECT id FROM clients WHERE name = ? ORDER BY id LIMIT 1", [(name or "").strip()]).fetchone()
    return row[0] if row else None


def for_export(application: dict) -> dict:
    """A copy of :func:`get_application`'s result fit to print or export: guarantors' ID numbers masked."""
    return {**application, "guarantors": [{**g, "id_number": mask_id_number(g["id_number"]) if g.get("id_number") else g.get("id_number")}
                                          for g in application.get("guarantors", [])]}
