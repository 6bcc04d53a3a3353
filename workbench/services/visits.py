"""Enterprise visits (走访): log one, list them, and where the enterprise stands on the lists.

The financing coordination mechanism screens five points on each visit;
a visit also records whether the enterprise went on the declaration list
(申报清单), the recommendation list (推荐清单) and whether feedback was given.
"Credit granted" and "loan issued" are derived from credit lines and loans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from workbench.services.errors import NotFound, ValidationError
from workbench.store import audit
from workbench.store.audit import utc_now

FINDINGS = ("need", "no_need", "unreachable")
SCREENING_POINTS = (
    "screen_lawful_operation",
    "screen_fixed_place",
    "screen_real_need",
    "screen_good_credit",
    "screen_lawful_use",
)
LIST_FLAGS = ("declared", "recommended", "feedback_given")

CREDIT_GRANTED_SQL = "EXISTS (SELECT 1 FROM credit_lines l WHERE l.client_id = v.client_id)"
LOAN_ISSUED_SQL = "EXISTS (SELECT 1 FROM loans n WHERE n.client_id = v.client_id)"


@dataclass(frozen=True)
class VisitFilter:
    """Visits between two dates (inclusive), by one officer, of one client; None = any."""

    date_from: date | None = None
    date_to: date | None = None
    officer: str | None = None
    client_id: int | None = None
    finding: str | None = None


def _where(f: VisitFilter) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if f.date_from:
        clauses.append("v.visit_date >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        clauses.append("v.visit_date <= ?")
        params.append(f.date_to.isoformat())
    if f.officer:
        clauses.append("v.officer = ?")
        params.append(f.officer)
    if f.client_id is not None:
        clauses.append("v.client_id = ?")
        params.append(f.client_id)
    if f.finding:
        clauses.append("v.finding = ?")
        params.append(f.finding)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_visits(
    db: sqlite_utils.Database, flt: VisitFilter = VisitFilter(), limit: int = 5000, after: tuple | None = None
) -> list[dict]:
    """Visits newest first, with client name and derived list status; a keyset page of ``limit``.

    ``after`` is the ``_key`` (visit date, id) of the last row of the previous page: each page is
    an index range read from ``idx_visits_date``, however deep (no OFFSET rescanning the skipped rows).
    """
    where, params = _where(flt)
    if after is not None:
        where += (" AND " if where else " WHERE ") + "(v.visit_date, v.id) < (?, ?)"
        params += list(after)
    sql = (
        "SELECT v.id, v.client_id, c.name AS client_name, v.visit_date, v.officer, v.contact_person,"
        " v.finding, v.amount_needed_fen, v.purpose, v.next_step, v.declared, v.recommended,"
        " v.feedback_given, " + " + ".join(f"v.{p}" for p in SCREENING_POINTS) + " AS screening_passed,"
        f" {CREDIT_GRANTED_SQL} AS credit_granted, {LOAN_ISSUED_SQL} AS loan_issued"
        f" FROM visits v JOIN clients c ON c.id = v.client_id{where}"
        " ORDER BY v.visit_date DESC, v.id DESC LIMIT ?"
    )
    rows = list(db.query(sql, params + [limit]))
    for row in rows:
        row["_key"] = (row["visit_date"], row["id"])
    return rows


def count_visits(db: sqlite_utils.Database, flt: VisitFilter = VisitFilter()) -> int:
    where, params = _where(flt)
    return db.execute(f"SELECT count(*) FROM visits v{where}", params).fetchone()[0]


def visit_officers(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT officer FROM visits ORDER BY officer")]


def get_visit(db: sqlite_utils.Database, visit_id: int) -> dict:
    rows = list(db.query("SELECT * FROM visits WHERE id = ?", [visit_id]))
    if not rows:
        raise NotFound("visit_not_found", f"走访记录 {visit_id} 不存在", f"visit {visit_id} does not exist")
    return rows[0]


def _err(field: str, code: str, zh: str, en: str) -> ValidationError:
    return ValidationError(code, zh, en, field=field)


def save_visit(db: sqlite_utils.Database, actor: str, data: dict, visit_id: int | None = None) -> int:
    """Create or update a visit (one transaction, audited); returns its id.

    ``data``: client_id, visit_date (date or ISO), officer, finding (need|no_need|unreachable),
    amount_needed_fen (int fen or None), the five ``screen_*`` booleans, list flags and texts.
    Raises ValidationError naming the field.
    """
    clean: dict[str, Any] = {}
    client_id = data.get("client_id")
    if not client_id or db.execute("SELECT 1 FROM clients WHERE id = ?", [client_id]).fetchone() is None:
        raise _err("client_id", "client_required", "请选择走访的客户", "choose the client visited")
    clean["client_id"] = client_id
    try:
        visited = data.get("visit_date")
        visited = visited if isinstance(visited, date) else date.fromisoformat(str(visited))
    except ValueError:
        raise _err("visit_date", "date_invalid", "走访日期无效", "visit date is not a valid date") from None
    if visited > date.today():
        raise _err("visit_date", "date_future", "走访日期不能晚于今天", "visit date cannot be in the future")
    clean["visit_date"] = visited.isoformat()
    officer = str(data.get("officer") or "").strip()
    if not officer:
        raise _err("officer", "officer_required", "请填写走访客户经理", "the visiting officer is required")
    clean["officer"] = officer
    finding = data.get("finding")
    if finding not in FINDINGS:
        raise _err("finding", "finding_invalid", "请选择走访结果", "choose what the visit found")
    clean["finding"] = finding
    amount = data.get("amount_needed_fen")
    if amount in ("", None):
        amount = None
    elif isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise _err("amount_needed_fen", "amount_invalid", "融资需求金额无效", "amount needed is not a valid amount")
    if finding == "need" and not amount:
        raise _err("amount_needed_fen", "amount_required", "有融资需求时请填写需求金额",
                   "enter the amount needed when the enterprise has a financing need")
    clean["amount_needed_fen"] = amount if finding == "need" else None
    for key in ("contact_person", "purpose", "notes", "next_step", "feedback"):
        value = str(data.get(key) or "").strip()
        clean[key] = value or None
    for key in SCREENING_POINTS + LIST_FLAGS:
        clean[key] = 1 if data.get(key) else 0
    today = date.today().isoformat()
    earlier = get_visit(db, visit_id) if visit_id is not None else {}
    for flag in ("declared", "recommended"):
        kept = data.get(f"{flag}_on") or earlier.get(f"{flag}_on")
        clean[f"{flag}_on"] = (kept or today) if clean[flag] else None
    if clean["recommended"] and not clean["declared"]:
        raise _err("recommended", "not_declared", "进入推荐清单前应先列入申报清单",
                   "an enterprise is declared before it can be recommended")
    with db.atomic():
        if visit_id is None:
            clean["created_by"] = actor
            clean["created_at"] = utc_now()
            new_id = db["visits"].insert(clean).last_pk
            audit.record(db, actor, "create", "visits", new_id, None, clean, client_id=client_id)
            return new_id
        before = get_visit(db, visit_id)
        changed = {k: v for k, v in clean.items() if before.get(k) != v}
        if changed:
            db["visits"].update(visit_id, changed)
            audit.record(db, actor, "update", "visits", visit_id, {k: before.get(k) for k in changed},
                         changed, client_id=client_id)
        return visit_id


def link_application(db: sqlite_utils.Database, actor: str, application_id: int, visit_id: int) -> None:
    """Record that an application came from a visit (``applications.visit_id``), audited.

    Raises ValidationError when the visit is of another client.
    """
    app = db.execute("SELECT client_id, visit_id FROM applications WHERE id = ?", [application_id]).fetchone()
    if app is None:
        raise NotFound("application_not_found", f"授信申请 {application_id} 不存在", f"application {application_id} does not exist")
    visit = get_visit(db, visit_id)
    if visit["client_id"] != app[0]:
        raise _err("visit_id", "visit_other_client", "走访记录属于其他客户", "the visit is of another client")
    if app[1] == visit_id:
        return
    with db.atomic():
        db.execute("UPDATE applications SET visit_id = ? WHERE id = ?", [visit_id, application_id])
        audit.record(db, actor, "link_visit", "applications", application_id, {"visit_id": app[1]},
                     {"visit_id": visit_id}, client_id=app[0])
