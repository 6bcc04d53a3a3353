"""Reading the audit log: filtered, paged queries for the viewer and ``audit list``.

Filters: user (actor), table, client id, period (dates, inclusive, on the
UTC date of ``at``). Paging is keyset on ``id`` (newest first), so the
viewer fetches 200 rows at a time however long the log is.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import sqlite_utils

from workbench.domain.identifiers import mask_id_number, mask_phone
from workbench.store import audit

PAGE_SIZE = 200
#: Personal fields masked when audit rows are shown or listed (see services.privacy to reveal).
MASKED_FIELDS = {"legal_rep_id": mask_id_number, "id_number": mask_id_number, "phone": mask_phone}


def _masked(value):
    if isinstance(value, dict):
        return {k: (MASKED_FIELDS[k](v) if k in MASKED_FIELDS and isinstance(v, str) else _masked(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


@dataclass(frozen=True)
class AuditFilter:
    """What to show; None means any."""

    user: str | None = None
    table: str | None = None
    client_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def where(self, *, paging: bool = False) -> tuple[str, list]:
        """SQL WHERE clause (without the keyword; '1' when empty) and its parameters.

        ``paging``: for ``ORDER BY id DESC LIMIT n``. Users and tables match many
        rows, so walking the primary key backwards finds a page sooner than the
        actor/table/date index followed by a sort of every match (0.6-0.8 s on
        300,000 rows); the unary ``+`` keeps SQLite off those indexes. The
        client filter is selective and keeps its index.
        """
        clauses, params = [], []
        plus = "+" if paging else ""
        if self.user:
            clauses.append(f"{plus}actor = ?")
            params.append(self.user)
        if self.table:
            clauses.append(f"{plus}table_name = ?")
            params.append(self.table)
        if self.client_id is not None:
            clauses.append("client_id = ?")
            params.append(int(self.client_id))
        if self.date_from is not None:
            clauses.append(f"{plus}at >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to is not None:
            clauses.append(f"{plus}at < ?")
            params.append((self.date_to + timedelta(days=1)).isoformat())
        return (" AND ".join(clauses) or "1"), params


@dataclass(frozen=True)
class AuditRow:
    """One audit row as shown; ``before``/``after`` are the JSON text stored."""

    id: int
    at: str
    actor: str
    action: str
    table_name: str
    row_id: int | None
    client_id: int | None
    before_json: str | None
    after_json: str | None
    reason: str | None

    def as_dict(self, *, mask: bool = True) -> dict:
        """Plain dict with ``before``/``after`` decoded; ID numbers and phones masked unless ``mask`` is False."""
        d = asdict(self)
        before, after = d.pop("before_json"), d.pop("after_json")
        d["before"] = json.loads(before) if before else None
        d["after"] = json.loads(after) if after else None
        if mask:
            d["before"], d["after"] = _masked(d["before"]), _masked(d["after"])
        return d

    def changed_fields(self) -> list[str]:
        """Names of the fields whose value differs between before and after."""
        before = json.loads(self.before_json) if self.before_json else {}
        after = json.loads(self.after_json) if self.after_json else {}
        if not isinstance(before, dict) or not isinstance(after, dict):
            return []
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


_COLUMNS = "id, at, actor, action, table_name, row_id, client_id, before_json, after_json, reason"


def list_audit(
    db: sqlite_utils.Database,
    filt: AuditFilter = AuditFilter(),
    *,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> list[AuditRow]:
    """Rows matching ``filt``, newest first, with id below ``before_id`` (the next page)."""
    where, params = filt.where(paging=True)
    if before_id is not None:
        where += " AND id < ?"
        params.append(int(before_id))
    sql = f"SELECT {_COLUMNS} FROM audit_log WHERE {where} ORDER BY id DESC LIMIT ?"
    return [AuditRow(*r) for r in db.execute(sql, [*params, int(limit)]).fetchall()]


def count_audit(db: sqlite_utils.Database, filt: AuditFilter = AuditFilter()) -> int:
    """How many rows match ``filt``."""
    where, params = filt.where()
    return db.execute(f"SELECT count(*) FROM audit_log WHERE {where}", params).fetchone()[0]


def actors(db: sqlite_utils.Database) -> list[str]:
    """Every user that appears in the log, sorted."""
    return [r[0] for r in db.execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]


def tables(db: sqlite_utils.Database) -> list[str]:
    """Every table name that appears in the log, sorted."""
    return [r[0] for r in db.execute("SELECT DISTINCT table_name FROM audit_log ORDER BY table_name")]


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of walking the chain: rows checked, and the first break if any."""

    rows: int
    broken: audit.ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def message_en(self) -> str:
        if self.ok:
            return f"Audit log is whole: {self.rows} rows, every link verified."
        return f"Audit log is broken at row {self.broken.row_id}: {self.broken.reason}"

    def message_zh(self) -> str:
        if self.ok:
            return f"审计日志完整：共 {self.rows} 行，每一环均已核验。"
        return f"审计日志在第 {self.broken.row_id} 行断开：{_REASON_ZH.get(self._kind(), '该行或其前后的行被改动')}"

    def _kind(self) -> str:
        r = self.broken.reason if self.broken else ""
        for key in _REASON_ZH:
            if key in r:
                return key
        return ""


_REASON_ZH = {
    "edited": "该行内容与其哈希不符（被修改过）",
    "prev_hash": "该行记录的前一哈希不符（前面的行被修改或删除）",
    "missing": "有行缺失（被删除）",
    "added": "有行在工作台之外被追加",
    "head": "记录的链尾与日志不符",
}


def verify_chain(db: sqlite_utils.Database) -> VerifyResult:
    """Walk the whole hash chain (see :func:`workbench.store.audit.verify`)."""
    rows = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return VerifyResult(rows, audit.verify(db))
