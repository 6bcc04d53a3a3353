"""The reporting unit (填报单位): bank and branch names printed on reports and packets.

Kept in the database's ``settings`` table (keys ``bank_name``, ``branch_name``)
so every workbook and packet of a portfolio names the same unit, and a change
is audited like any business parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from workbench.store import audit

BANK_KEY = "bank_name"
BRANCH_KEY = "branch_name"


@dataclass(frozen=True)
class ReportingUnit:
    bank: str
    branch: str


def reporting_unit(db: sqlite_utils.Database) -> ReportingUnit:
    """The bank and branch names ('' when not set)."""
    values = dict(db.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", [BANK_KEY, BRANCH_KEY]).fetchall())
    return ReportingUnit(bank=values.get(BANK_KEY) or "", branch=values.get(BRANCH_KEY) or "")


def set_reporting_unit(db: sqlite_utils.Database, actor: str, bank: str, branch: str) -> bool:
    """Store the names (trimmed); one audit row when they change. Returns True when something changed."""
    before = reporting_unit(db)
    after = ReportingUnit(bank=(bank or "").strip(), branch=(branch or "").strip())
    if after == before:
        return False
    with db.atomic():
        for key, value in ((BANK_KEY, after.bank), (BRANCH_KEY, after.branch)):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       [key, value])
        audit.record(db, actor, "settings.reporting_unit", "settings", None,
                     {"bank_name": before.bank, "branch_name": before.branch},
                     {"bank_name": after.bank, "branch_name": after.branch})
    return True
