"""Client records: list (ids first, rows on demand), read, validate and save.

Lists work "ids first" (as Anki's browser does): one indexed query returns the
matching ids in the chosen order, and rows are read a page at a time for the
ids the view shows. Sorting and filtering happen in SQL.

Money is integer fen; dates are ISO text in SQLite and ``date`` in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from workbench.domain.identifiers import (
    IdentifierError,
    mask_id_number,
    mask_phone,
    validate_resident_id,
    validate_uscc,
)
from workbench.domain.inclusive import is_inclusive
from workbench.domain.size_class import classify_size
from workbench.services.errors import NotFound, ValidationError
from workbench.services.exposure import inclusive_sql, total_credit_sql
from workbench.services.search import search_ids_sql
from workbench.store import audit
from workbench.store.audit import utc_now

ENTITY_TYPES = ("enterprise", "individual_business", "owner", "farmer")
CHAIN_ROLES = ("core", "supplier", "distributor")
TAX_GRADES = ("A", "B", "M", "C", "D")
SIZE_CLASSES = ("large", "medium", "small", "micro")

# Columns the list may sort by: key -> SQL expression (all indexed or cheap).
SORT_COLUMNS: dict[str, str] = {
    "name": "c.name",
    "uscc": "c.uscc",
    "legal_rep": "c.legal_rep",
    "industry": "c.industry",
    "size_class": "c.size_class",
    "officer": "c.officer",
    "employees": "c.employees",
    "revenue_fen": "c.revenue_fen",
    "updated_at": "c.updated_at",
}

# A client's total credit and the inclusive test: the one definition in services/exposure.py
# (lines in force today or still carrying a loan, plus loans outside any line), evaluated at query time.
TOTAL_CREDIT_SQL = total_credit_sql("c.id")
INCLUSIVE_SQL = inclusive_sql("c")
VISITED_NO_CREDIT_SQL = (
    "(EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM credit_lines l WHERE l.client_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM loans n WHERE n.client_id = c.id))"
)
# Sort keys computed per client (the list's Inclusive and Loan balance columns): a sort by them
# reads every matching client's lines and loans, so the client list runs it off the GUI thread.
COMPUTED_SORTS: dict[str, str] = {
    "inclusive": f"coalesce({INCLUSIVE_SQL}, 0)",
    "balance_fen": "coalesce((SELECT sum(n.balance_fen) FROM loans n WHERE n.client_id = c.id AND n.status = 'active'), 0)",
}
SORT_COLUMNS.update(COMPUTED_SORTS)

_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,19}$")


@dataclass(frozen=True)
class ClientFilter:
    """What the client list shows. ``None``/empty means "no restriction"."""

    search: str = ""
    size_class: str | None = None
    industry: str | None = None
    officer: str | None = None
    inclusive: bool | None = None
    visited_no_credit: bool = False
    core_client_id: int | None = None


def _where(f: ClientFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.search.strip():
        sql, p = search_ids_sql(f.search)
        clauses.append(f"c.id IN ({sql})")
        params += p
    if f.size_class == "unknown":
        clauses.append("c.size_class IS NULL")
    elif f.size_class:
        clauses.append("c.size_class = ?")
        params.append(f.size_class)
    if f.industry:
        clauses.append("c.industry = ?")
        params.append(f.industry)
    if f.officer:
        clauses.append("c.officer = ?")
        params.append(f.officer)
    if f.inclusive is True:
        clauses.append(INCLUSIVE_SQL)
    elif f.inclusive is False:
        clauses.append(f"NOT {INCLUSIVE_SQL}")
    if f.visited_no_credit:
        clauses.append(VISITED_NO_CREDIT_SQL)
    if f.core_client_id is not None:
        clauses.append("c.core_client_id = ?")
        params.append(f.core_client_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def client_ids(
    db: sqlite_utils.Database, flt: ClientFilter = ClientFilter(), sort: str = "name", descending: bool = False
) -> list[int]:
    """Ids of the clients matching ``flt`` in the order of column ``sort`` (ties by id)."""
    expr = SORT_COLUMNS.get(sort, "c.name")
    direction = "DESC" if descending else "ASC"
    where, params = _where(flt)
    sql = f"SELECT c.id FROM clients c{where} ORDER BY {expr} {direction}, c.id {direction}"
    return [row[0] for row in db.execute(sql, params)]


def count_clients(db: sqlite_utils.Database, flt: ClientFilter = ClientFilter()) -> int:
    where, params = _where(flt)
    return db.execute(f"SELECT count(*) FROM clients c{where}", params).fetchone()[0]


LIST_COLUMNS = (
    "c.id, c.name, c.uscc, c.entity_type, c.legal_rep, c.legal_rep_id, c.phone, c.industry, c.employees,"
    " c.revenue_fen, c.assets_fen, c.size_class, c.officer, c.chain_role, c.tax_grade"
)


def client_rows(db: sqlite_utils.Database, ids: Iterable[int]) -> list[dict]:
    """List rows for ``ids`` in that order: personal data masked, balance and inclusive flag added."""
    ids = list(ids)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = (
        f"SELECT {LIST_COLUMNS},"
        " coalesce((SELECT sum(n.balance_fen) FROM loans n WHERE n.client_id = c.id AND n.status = 'active'), 0)"
        f" AS balance_fen, {TOTAL_CREDIT_SQL} AS total_credit_fen"
        f" FROM clients c WHERE c.id IN ({marks})"
    )
    by_id = {row["id"]: row for row in db.query(sql, ids)}
    rows = []
    for i in ids:
        row = by_id.get(i)
        if row is None:
            continue
        row["legal_rep_id"] = mask_id_number(row["legal_rep_id"]) if row["legal_rep_id"] else ""
        row["phone"] = mask_phone(row["phone"]) if row["phone"] else ""
        row["inclusive"] = is_inclusive(row["size_class"], row["entity_type"], row["total_credit_fen"])
        rows.append(row)
    return rows


def distinct_values(db: sqlite_utils.Database, column: str) -> list[str]:
    """Distinct non-empty values of an indexed text column (officer, industry), for filter lists."""
    if column not in ("officer", "industry", "branch"):
        raise ValueError(column)
    return [r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM clients WHERE {column} <> '' ORDER BY 1")]


def get_client(db: sqlite_utils.Database, client_id: int) -> dict:
    """The full record (unmasked: the record dialog needs it whole). Raises NotFound."""
    rows = list(db.query("SELECT * FROM clients WHERE id = ?", [client_id]))
    if not rows:
        raise NotFound("client_not_found", f"客户 {client_id} 不存在", f"client {client_id} does not exist")
    return rows[0]


def client_exposure(db: sqlite_utils.Database, client_id: int) -> dict[str, int]:
    """Total credit and active balance of one client, in fen."""
    row = db.execute(
        f"SELECT {TOTAL_CREDIT_SQL},"
        " coalesce((SELECT sum(n.balance_fen) FROM loans n WHERE n.client_id = c.id AND n.status = 'active'), 0)"
        " FROM clients c WHERE c.id = ?",
        [client_id],
    ).fetchone()
    return {"total_credit_fen": row[0] if row else 0, "balance_fen": row[1] if row else 0}


def chain_members(db: sqlite_utils.Database, core_client_id: int) -> list[dict]:
    """Suppliers and distributors linked to a core enterprise, with their exposure (fen)."""
    return list(
        db.query(
            "SELECT c.id, c.name, c.uscc, c.chain_role,"
            f" {TOTAL_CREDIT_SQL} AS total_credit_fen,"
            " coalesce((SELECT sum(n.balance_fen) FROM loans n WHERE n.client_id = c.id AND n.status = 'active'), 0)"
            " AS balance_fen"
            " FROM clients c WHERE c.core_client_id = ? ORDER BY c.chain_role, c.name",
            [core_client_id],
        )
    )


def core_enterprises(db: sqlite_utils.Database) -> list[dict]:
    """Clients marked as supply-chain core enterprises (for the picker)."""
    return list(db.query("SELECT id, name, uscc FROM clients WHERE chain_role = 'core' ORDER BY name"))


def client_applications(db: sqlite_utils.Database, client_id: int) -> list[dict]:
    return list(
        db.query(
            "SELECT id, app_no, kind, amount_fen, term_months, rate_bp, status, created_at"
            " FROM applications WHERE client_id = ? ORDER BY created_at DESC, id DESC",
            [client_id],
        )
    )


def client_loans(db: sqlite_utils.Database, client_id: int) -> list[dict]:
    return list(
        db.query(
            "SELECT id, loan_no, amount_fen, balance_fen, drawdown_date, maturity_date, rate_bp,"
            " classification, overdue_days, status FROM loans WHERE client_id = ?"
            " ORDER BY drawdown_date DESC, id DESC",
            [client_id],
        )
    )


# ---------------------------------------------------------------- validation

_FIELD_LABELS = {
    "name": ("企业名称", "company name"),
    "uscc": ("统一社会信用代码", "USCC"),
    "legal_rep_id": ("法定代表人身份证号", "legal representative ID number"),
    "phone": ("联系电话", "phone"),
    "industry": ("行业", "industry"),
    "employees": ("从业人员", "employees"),
    "revenue_fen": ("营业收入", "revenue"),
    "assets_fen": ("资产总额", "total assets"),
    "social_insurance_headcount": ("社保缴纳人数", "social-insurance headcount"),
    "other_bank_loans_fen": ("他行贷款", "other banks' loans"),
    "tax_grade": ("纳税信用等级", "tax credit grade"),
    "entity_type": ("主体类型", "entity type"),
    "chain_role": ("供应链角色", "supply-chain role"),
    "core_client_id": ("核心企业", "core enterprise"),
    "established_on": ("成立日期", "established date"),
    "credit_report_checked_on": ("征信查询日期", "credit-report check date"),
}


def _err(field: str, code: str, why_zh: str, why_en: str, **values) -> ValidationError:
    zh, en = _FIELD_LABELS.get(field, (field, field))
    return ValidationError(code, f"{zh}：{why_zh}", f"{en}: {why_en}", field=field, **values)


def _iso(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return date.fromisoformat(str(value)).isoformat()


def validate_client(db: sqlite_utils.Database, data: dict, client_id: int | None = None) -> tuple[dict, list[ValidationError]]:
    """Check and normalise a client's fields; returns (clean values, errors — one per field at most).

    ``data`` holds typed values: money as int fen, counts as int, dates as
    ``date`` or ISO text, ``None``/"" for empty.
    """
    errors: list[ValidationError] = []
    clean: dict[str, Any] = {}

    def text(key: str) -> str | None:
        value = data.get(key)
        value = str(value).strip() if value is not None else ""
        return value or None

    name = text("name")
    if not name:
        errors.append(_err("name", "name_required", "必填", "required"))
    clean["name"] = name or ""

    uscc_text = text("uscc")
    clean["uscc"] = ""
    if not uscc_text:
        errors.append(_err("uscc", "uscc_required", "必填", "required"))
    else:
        try:
            clean["uscc"] = validate_uscc(uscc_text)
        except IdentifierError as exc:
            # The identifier error already names the field and the value.
            errors.append(ValidationError("uscc_invalid", exc.reason_zh, exc.reason_en, field="uscc", value=uscc_text))
        else:
            holder = db.execute(
                "SELECT id, name FROM clients WHERE uscc = ? AND id IS NOT ?", [clean["uscc"], client_id]
            ).fetchone()
            if holder:
                errors.append(
                    _err(
                        "uscc",
                        "uscc_duplicate",
                        f"{clean['uscc']} 已属于客户“{holder[1]}”",
                        f"{clean['uscc']} already belongs to client “{holder[1]}”",
                        holder_id=holder[0],
                        holder_name=holder[1],
                    )
                )

    rep_id = text("legal_rep_id")
    clean["legal_rep_id"] = rep_id
    if rep_id:
        try:
            clean["legal_rep_id"] = validate_resident_id(rep_id)
        except IdentifierError as exc:
            errors.append(ValidationError("id_invalid", exc.reason_zh, exc.reason_en, field="legal_rep_id", value=rep_id))

    phone = text("phone")
    clean["phone"] = phone
    if phone and not _PHONE.match(phone):
        errors.append(_err("phone", "phone_invalid", "应为手机号或固定电话号码", "not a mobile or landline number"))

    for key in ("legal_rep", "address", "court_records", "other_bank_loans_note", "officer", "branch", "notes"):
        clean[key] = text(key)

    # Free text is allowed (imports bring many spellings); the size rule maps it to a category.
    clean["industry"] = text("industry")

    for key in ("employees", "social_insurance_headcount", "revenue_fen", "assets_fen", "other_bank_loans_fen"):
        value = data.get(key)
        if value in (None, ""):
            clean[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(_err(key, "not_integer", "应为整数", "must be a whole number"))
            clean[key] = None
        elif value < 0:
            errors.append(_err(key, "negative", "不能为负数", "cannot be negative"))
            clean[key] = None
        else:
            clean[key] = value

    for key in ("established_on", "credit_report_checked_on"):
        try:
            clean[key] = _iso(data.get(key))
        except ValueError:
            errors.append(_err(key, "date_invalid", "日期无效", "not a valid date"))
            clean[key] = None
    if clean.get("established_on") and clean["established_on"] > date.today().isoformat():
        errors.append(_err("established_on", "date_future", "不能晚于今天", "cannot be in the future"))

    grade = (text("tax_grade") or "").upper() or None
    if grade and grade not in TAX_GRADES:
        errors.append(_err("tax_grade", "tax_grade_invalid", "应为 A/B/M/C/D", "must be A, B, M, C or D"))
    clean["tax_grade"] = grade

    entity = text("entity_type") or "enterprise"
    if entity not in ENTITY_TYPES:
        errors.append(_err("entity_type", "entity_type_invalid", "类型无效", "unknown entity type"))
    clean["entity_type"] = entity

    role = text("chain_role")
    if role and role not in CHAIN_ROLES:
        errors.append(_err("chain_role", "chain_role_invalid", "角色无效", "unknown supply-chain role"))
    clean["chain_role"] = role

    core = data.get("core_client_id")
    clean["core_client_id"] = core or None
    if core:
        row = db.execute("SELECT chain_role FROM clients WHERE id = ?", [core]).fetchone()
        if row is None or (client_id is not None and core == client_id):
            errors.append(_err("core_client_id", "core_invalid", "核心企业无效", "not a valid core enterprise"))
        elif role not in ("supplier", "distributor"):
            errors.append(
                _err("chain_role", "chain_role_needed", "关联核心企业时应选择供应商或经销商",
                     "choose supplier or distributor when linking to a core enterprise")
            )

    clean["still_operating"] = 1 if data.get("still_operating", True) else 0
    clean["size_class"] = classify_size(clean["industry"], clean["employees"], clean["revenue_fen"], clean["assets_fen"])
    # Imported here: pypinyin's tables take ~0.4 s to load, which start-up should not pay.
    from workbench.domain.names import name_chars, name_initials

    clean["name_chars"] = name_chars(clean["name"])
    clean["name_initials"] = name_initials(clean["name"])
    return clean, errors


def save_client(db: sqlite_utils.Database, actor: str, data: dict, client_id: int | None = None) -> int:
    """Create (``client_id`` None) or update a client; writes the audit log; returns the id.

    Raises ValidationError (the first problem, with ``field``) and writes nothing when input is bad.
    """
    clean, errors = validate_client(db, data, client_id)
    if errors:
        raise errors[0]
    now = utc_now()
    with db.atomic():
        if client_id is None:
            clean["created_at"] = clean["updated_at"] = now
            new_id = db["clients"].insert(clean).last_pk
            audit.record(db, actor, "create", "clients", new_id, None, clean, client_id=new_id)
            return new_id
        before = get_client(db, client_id)
        clean["updated_at"] = now
        changed = {k: v for k, v in clean.items() if before.get(k) != v}
        if set(changed) <= {"updated_at"}:
            return client_id
        db["clients"].update(client_id, clean)
        audit.record(
            db, actor, "update", "clients", client_id,
            {k: before.get(k) for k in changed}, changed, client_id=client_id,
        )
        return client_id
