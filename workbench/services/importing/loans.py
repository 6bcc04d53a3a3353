"""Importing core-banking loan exports (the bank's system is the ledger; we mirror it).

Loans are matched by 借据号 (loan_no); the client by USCC (an unknown client
rejects the row). The classification kept is the worst of the reported one,
the floor from overdue days and a class set by hand still in force (see
:func:`_manual_in_force`); where the kept class is not the reported one, or a
manual class decided it, the loan is listed in ``disagreements``. Each loan added or changed gets a ``balance_history`` row
for the as-of date and, when its classification changes, a
``classification_history`` row. One transaction; cancel rolls back.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils

from workbench.domain.classification import LABELS_ZH, floor_for_overdue_days, severity, worse
from workbench.domain.dates import DateError, parse_date
from workbench.domain.text import clean_text
from workbench.services.errors import ValidationError
from workbench.services.importing.cleaning import Cleaned, CleanRow, Rejection, clean_rows
from workbench.services.importing.common import (
    CancelCheck,
    ImportResult,
    LoadedSheet,
    Progress,
    check_cancel,
    file_sha256,
    last_wins,
    load_sheet,
    reason_counts,
)
from workbench.services.importing.error_workbook import discard_on_error, error_headers, write_error_workbook
from workbench.services.importing.record import record_import
from workbench.store import audit

SOURCE = "core"
# Columns a core export may set on a loan; compared to decide "updated".
_FILE_COLUMNS = (
    "amount_fen", "balance_fen", "drawdown_date", "maturity_date", "rate_bp", "repayment_method",
    "guarantee_type", "overdue_days", "overdue_principal_fen", "overdue_interest_fen",
    "reported_classification", "purpose", "product", "officer",
)
_NEEDED_FOR_NEW = ("amount_fen", "balance_fen", "drawdown_date", "maturity_date", "rate_bp", "repayment_method", "guarantee_type")
_LOAN_COLUMNS = ("client_id", *_FILE_COLUMNS, "classification", "status", "closed_on", "balance_as_of")
_DATE_IN_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")


@dataclass
class LoanPlan:
    loaded: LoadedSheet
    cleaned: Cleaned
    as_of: str
    as_of_source: str
    winners: dict[str, CleanRow]
    duplicates: list[dict]
    rejected: list[Rejection] = field(default_factory=list)
    adds: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    unchanged: int = 0
    stale: int = 0
    disagreements: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "rows_in_file": self.cleaned.rows_in_file,
            "added": len(self.adds),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "skipped_rows": self.cleaned.skipped_rows,
            "duplicates_in_file": len(self.duplicates),
        }


def _date_in(text: str) -> date | None:
    m = _DATE_IN_TEXT.search(text)
    if not m:
        return None
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def find_as_of(loaded: LoadedSheet, cleaned: Cleaned) -> tuple[str, str] | None:
    """The as-of date from a 数据日期 column, a line above the header, or the file name."""
    for row in cleaned.rows:
        if row.values.get("as_of"):
            return row.values["as_of"], "column"
    for row in loaded.rows[: loaded.layout.header_row]:
        for cell in row:
            if isinstance(cell, date):
                return cell.isoformat(), "title"
            found = _date_in(clean_text(cell)) if isinstance(cell, str) else None
            if found:
                return found.isoformat(), "title"
    found = _date_in(loaded.path.stem)
    if found:
        return found.isoformat(), "file name"
    return None


def _existing_loans(db: sqlite_utils.Database) -> dict[str, dict]:
    cursor = db.execute(f"SELECT id, loan_no, {', '.join(_LOAN_COLUMNS)} FROM loans")
    names = [d[0] for d in cursor.description]
    return {row[1]: dict(zip(names, row)) for row in cursor}


def _manual_in_force(db: sqlite_utils.Database) -> dict[int, str]:
    """Loan id → the class its latest manual change set (``classification_history`` source
    'manual'). A person's decision stands until a person changes it: a raise holds until a
    reviewer lowers it (that lowering is then the latest manual change), so an import keeps
    at least this class."""
    return dict(db.execute("SELECT loan_id, to_class FROM classification_history WHERE source = 'manual' ORDER BY id").fetchall())


def _disagreement(loan_no: str, v: dict, row_no: int, days: int, reported: str | None, floor: str,
                  manual_class: str | None, kept: str) -> dict:
    zh = f"逾期 {days} 天，五级分类至少为{LABELS_ZH[floor]}"
    en = f"{days} days overdue puts the floor at {floor}"
    if reported:
        zh += f"，报送为{LABELS_ZH[reported]}"
        en += f"; reported {reported}"
    if manual_class:
        zh += f"，人工认定为{LABELS_ZH[manual_class]}（仍有效）"
        en += f"; set by hand to {manual_class} (still in force)"
    return {
        "loan_no": loan_no, "uscc": v["uscc"], "client_name": v.get("client_name"), "row": row_no,
        "overdue_days": days, "reported": reported, "floor": floor, "manual": manual_class, "kept": kept,
        "reason_zh": f"{zh}，取{LABELS_ZH[kept]}", "reason_en": f"{en}; kept {kept}",
    }


def _closed_on(new: dict, old: dict | None, plan: LoanPlan) -> str | None:
    """When a loan found at zero balance closed: its maturity date when that is on or before
    the as-of date, else the as-of date; unknown (None) when the as-of date was only assumed."""
    maturity = new.get("maturity_date") or (old["maturity_date"] if old else None)
    if maturity and maturity <= plan.as_of:
        return maturity
    return None if plan.as_of_source == "today" else plan.as_of


def _reject(row: CleanRow, layout, key: str, code: str, zh: str, en: str) -> Rejection:
    return Rejection(row.row_no, row.raw, key, layout.header_of(key), row.values.get(key), code, zh, en)


def _diff(plan: LoanPlan, db: sqlite_utils.Database, cancel: CancelCheck | None) -> None:
    layout = plan.loaded.layout
    clients = {uscc: (cid, officer) for cid, uscc, officer in db.execute("SELECT id, uscc, officer FROM clients")}
    existing = _existing_loans(db)
    manual = _manual_in_force(db)
    mapped = [k for k in layout.columns if k in _FILE_COLUMNS]
    plan.rejected = list(plan.cleaned.rejected)
    plan.adds, plan.updates, plan.disagreements, plan.unchanged, plan.stale = [], [], [], 0, 0
    for i, (loan_no, row) in enumerate(plan.winners.items()):
        if i % 5000 == 0:
            check_cancel(cancel)
        v = row.values
        client = clients.get(v["uscc"])
        if client is None:
            plan.rejected.append(_reject(
                row, layout, "uscc", "unknown-client",
                f"统一社会信用代码 {v['uscc']} 对应的客户不在本工作台中（请先导入客户）",
                f"no client with USCC {v['uscc']} in the workbench (import the client first)",
            ))
            continue
        old = existing.get(loan_no)
        if old is None:
            missing = [k for k in _NEEDED_FOR_NEW if v.get(k) is None]
            if missing:
                key = missing[0]
                plan.rejected.append(_reject(
                    row, layout, key, "missing-value",
                    f"新借据缺少“{layout.header_of(key)}”", f"a new loan needs {layout.header_of(key)!r}",
                ))
                continue
        elif old["balance_as_of"] and old["balance_as_of"] > plan.as_of:
            plan.stale += 1
            plan.unchanged += 1
            continue
        new = {k: v.get(k) for k in mapped if v.get(k) is not None}
        new["client_id"] = client[0]
        if old is None and not new.get("officer"):
            new["officer"] = client[1]
        days = new.get("overdue_days", old["overdue_days"] if old else 0) or 0
        reported = new.get("reported_classification") or (old["reported_classification"] if old else None)
        floor = floor_for_overdue_days(days)
        kept = worse(reported, floor) if reported else floor
        manual_class = manual.get(old["id"]) if old else None
        by_hand = manual_class is not None and severity(manual_class) > severity(kept)
        if by_hand:
            kept = manual_class
        new["classification"] = kept
        if (reported and reported != kept) or by_hand:
            plan.disagreements.append(_disagreement(loan_no, v, row.row_no, days, reported, floor, manual_class, kept))
        balance = new.get("balance_fen", old["balance_fen"] if old else 0)
        new["status"] = "closed" if balance == 0 else "active"
        if new["status"] == "closed":
            new["closed_on"] = old["closed_on"] if old and old["closed_on"] else _closed_on(new, old, plan)
        else:
            new["closed_on"] = None
        new["balance_as_of"] = plan.as_of
        item = {
            "loan_no": loan_no, "uscc": v["uscc"], "row": row.row_no, "floor": floor, "reported": reported,
            "days": days, "client_id": client[0],
        }
        if old is None:
            for key in ("overdue_days", "overdue_principal_fen", "overdue_interest_fen"):
                new.setdefault(key, 0)
            item["values"] = new
            plan.adds.append(item)
            continue
        changes = {k: [old[k], val] for k, val in new.items() if val != old[k]}
        if changes:
            item.update(id=old["id"], changes=changes, old_classification=old["classification"])
            plan.updates.append(item)
        else:
            plan.unchanged += 1


def preview_loans(
    db: sqlite_utils.Database,
    loaded: LoadedSheet,
    as_of: date | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    today: date | None = None,
) -> LoanPlan:
    """Clean, match clients and loans, and diff; writes nothing.

    ``as_of`` (the balances' date) defaults to one found in the file or its
    name, else ``today``.
    """
    loaded.require_columns()
    cleaned = clean_rows(loaded.rows, loaded.layout, progress, cancel)
    if as_of is not None:
        as_of_text, source = as_of.isoformat(), "parameter"
    else:
        found = find_as_of(loaded, cleaned)
        as_of_text, source = found if found else ((today or date.today()).isoformat(), "today")
    winners, duplicates = last_wins(cleaned, "loan_no")
    plan = LoanPlan(loaded, cleaned, as_of_text, source, winners, duplicates)
    _diff(plan, db, cancel)
    return plan


def _history(db, plan: LoanPlan, items: list[dict], ids: dict[str, int], actor: str, now: str) -> None:
    balances, classes = [], []
    for item in items:
        loan_id = ids[item["loan_no"]]
        values = item.get("values") or {k: v[1] for k, v in item["changes"].items()}
        current = db.execute("SELECT balance_fen, overdue_days, classification FROM loans WHERE id = ?", [loan_id]).fetchone()
        balances.append((loan_id, plan.as_of, current[0], current[1], current[2], SOURCE))
        before = item.get("old_classification")
        if "values" in item or "classification" in values:
            classes.append((
                loan_id, now, before, current[2], item["floor"],
                f"核心系统导入 {plan.loaded.path.name}（{plan.as_of}）：报送 {item['reported'] or '-'}，逾期 {item['days']} 天",
                SOURCE, actor,
            ))
    db.conn.executemany(
        "DELETE FROM balance_history WHERE loan_id = ? AND as_of = ? AND source = ?",
        [(b[0], b[1], SOURCE) for b in balances],
    )
    db.conn.executemany(
        "INSERT INTO balance_history (loan_id, as_of, balance_fen, overdue_days, classification, source) VALUES (?, ?, ?, ?, ?, ?)",
        balances,
    )
    db.conn.executemany(
        "INSERT INTO classification_history (loan_id, changed_at, from_class, to_class, floor_class, reason, source, changed_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        classes,
    )


def commit_loans(
    db: sqlite_utils.Database,
    plan: LoanPlan,
    actor: str,
    errors_path: str | Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ImportResult:
    """Write the plan in one transaction with history and audit rows; ``Cancelled`` writes nothing."""
    errors_file = None
    now = audit.utc_now()
    with db.atomic(), discard_on_error() as written:
        _diff(plan, db, cancel)
        total = len(plan.adds) + len(plan.updates)
        cols = ("loan_no", *_LOAN_COLUMNS, "source", "created_at", "updated_at")
        sql = f"INSERT INTO loans ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        rows = []
        for item in plan.adds:
            values = dict(item["values"], loan_no=item["loan_no"], source=SOURCE, created_at=now, updated_at=now)
            rows.append(tuple(values.get(c) for c in cols))
        db.conn.executemany(sql, rows)
        check_cancel(cancel)
        for item in plan.updates:
            new = {k: v[1] for k, v in item["changes"].items()} | {"updated_at": now}
            db.execute(f"UPDATE loans SET {', '.join(f'{c} = ?' for c in new)} WHERE id = ?", [*new.values(), item["id"]])
        if progress:
            progress(total, total, "")
        check_cancel(cancel)
        ids = dict(db.execute("SELECT loan_no, id FROM loans").fetchall()) if total else {}
        _history(db, plan, plan.adds + plan.updates, ids, actor, now)
        entries = [
            audit.AuditEntry(actor, "import.add", "loans", ids[a["loan_no"]], None, dict(a["values"], loan_no=a["loan_no"]),
                             None, a["values"]["client_id"])
            for a in plan.adds
        ] + [
            audit.AuditEntry(actor, "import.update", "loans", u["id"], {k: v[0] for k, v in u["changes"].items()},
                             {k: v[1] for k, v in u["changes"].items()}, None, u["client_id"])
            for u in plan.updates
        ]
        audit.record_many(db, entries, at=now)
        check_cancel(cancel)
        if errors_path and plan.rejected:  # last, so the imports row names it and a cancel leaves none
            errors_file = str(written(write_error_workbook(errors_path, error_headers(plan.loaded.layout), plan.rejected)))
        result = _result(plan, dry_run=False, errors_file=errors_file)
        result.import_id = record_import(db, result, actor, now)
    return result


def _result(plan: LoanPlan, dry_run: bool, errors_file: str | None = None) -> ImportResult:
    loaded = plan.loaded
    if loaded.sha256 is None:
        loaded.sha256 = file_sha256(loaded.path)
    fields = Counter(k for u in plan.updates for k in u["changes"])
    warnings = [loaded.book.memory_warning] if loaded.book.memory_warning else []
    if plan.as_of_source == "today":
        warnings.append(
            f"文件中未找到数据日期，假定为今天 {plan.as_of}（可用 --as-of 指定）"
            f" / no as-of date in the file; assumed today, {plan.as_of} (give it with --as-of)"
        )
    if plan.stale:
        warnings.append(
            f"{plan.stale} 笔借据在工作台中已有更晚日期的余额，未覆盖 / {plan.stale} loans already hold balances as of a later date and were left as they are"
        )
    return ImportResult(
        kind="loans",
        file_name=loaded.path.name,
        file_sha256=loaded.sha256,
        sheet=loaded.layout.sheet,
        dry_run=dry_run,
        errors_file=errors_file,
        as_of=plan.as_of,
        reject_reasons=reason_counts(plan.rejected),
        updated_fields=dict(sorted(fields.items())),
        duplicates=plan.duplicates,
        rejections=plan.rejected,
        changes=plan.updates,
        disagreements=plan.disagreements,
        warnings=warnings,
        **plan.counts(),
    )


def parse_as_of(text: str | None) -> date | None:
    """An as-of date given on the command line; raises ``ValidationError``."""
    if not text:
        return None
    try:
        return parse_date(text)
    except DateError as exc:
        raise ValidationError("bad-as-of", exc.reason_zh, exc.reason_en, field="as_of") from None


def import_loans(
    db: sqlite_utils.Database,
    path: str | Path,
    actor: str,
    *,
    as_of: date | None = None,
    sheet: str | None = None,
    mapping: dict[str, str | int] | None = None,
    dry_run: bool = False,
    errors_path: str | Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    today: date | None = None,
) -> ImportResult:
    """Read, clean, preview and (unless ``dry_run``) commit a core-banking loan export."""
    loaded = load_sheet(path, "loans", sheet=sheet, mapping=mapping)
    try:
        plan = preview_loans(db, loaded, as_of, progress, cancel, today)
        if dry_run:
            result = _result(plan, dry_run=True)
            if errors_path and plan.rejected:
                result.errors_file = str(write_error_workbook(errors_path, error_headers(loaded.layout), plan.rejected))
            return result
        return commit_loans(db, plan, actor, errors_path, progress, cancel)
    finally:
        loaded.book.close()
