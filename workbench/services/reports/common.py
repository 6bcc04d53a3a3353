"""What every report takes and gives back, and the personal-data rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from workbench.domain.identifiers import mask_id_number, mask_phone
from workbench.services.errors import ValidationError
from workbench.services.reports.periods import Period, parse_period
from workbench.services.reports.workbook import ReportWorkbook, check_unit
from workbench.store import audit

FULL_DATA_ACTION = "export_full_personal_data"


@dataclass(frozen=True)
class ReportRequest:
    """The user's choices for one report.

    ``period``: ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``; ``unit``: 'wan' | 'yuan';
    ``language``: 'zh' | 'en'; ``officer``: an officer's display name or None
    for all; ``full_personal_data`` needs a ``reason`` (audited).
    """

    period: str
    unit: str = "wan"
    language: str = "zh"
    officer: str | None = None
    full_personal_data: bool = False
    reason: str | None = None

    def parsed_period(self) -> Period:
        return parse_period(self.period)

    def validate(self) -> None:
        """Raise ValidationError for a bad period, unit, or full data without a reason."""
        self.parsed_period()
        check_unit(self.unit)
        if self.full_personal_data and not (self.reason or "").strip():
            raise ValidationError(
                "reason_required",
                "导出完整身份证号和电话号码须填写理由（将记入审计日志）",
                "exporting full ID numbers and phone numbers needs a reason (it is recorded in the audit log)",
                field="reason",
            )


@dataclass
class ReportResult:
    """A built report: where it is, how many data rows, and its key figures (fen, bp, counts)."""

    name: str
    path: Path
    period: str
    rows: int
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"report": self.name, "path": str(self.path), "period": self.period, "rows": self.rows, "figures": self.figures}


def setting(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    """A value from the ``settings`` table (``default`` when absent or blank)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row and row[0] not in (None, "") else default


def reporting_unit(db: sqlite_utils.Database) -> str:
    """Bank and branch name from the settings ``bank_name`` and ``branch_name``."""
    parts = [setting(db, "bank_name", ""), setting(db, "branch_name", "")]
    return " ".join(p for p in parts if p) or "—"


def officers(db: sqlite_utils.Database) -> list[str]:
    """Officer names to filter by: officer users and the clients' officers, sorted.

    Reads the clients' officer index only (quick enough for the GUI thread
    on a 100,000-client portfolio).
    """
    rows = db.execute(
        "SELECT display_name FROM users WHERE role = 'officer'"
        " UNION SELECT DISTINCT officer FROM clients WHERE officer IS NOT NULL ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows if r[0]]


def display_name(db: sqlite_utils.Database, username: str) -> str:
    """The user's display name (王芳) for ``username``, else the username itself."""
    row = db.execute("SELECT display_name FROM users WHERE username = ?", [username]).fetchone()
    return row[0] if row and row[0] else username


def open_workbook(db: sqlite_utils.Database, out: str | Path, request: ReportRequest, actor: str, today: date) -> ReportWorkbook:
    """A ReportWorkbook with the meta rows filled in for ``request``."""
    period = request.parsed_period()
    lang = "en" if request.language.startswith("en") else "zh"
    actor = display_name(db, actor)
    prepared = (
        f"Prepared by {actor} on {today.isoformat()}" if lang == "en" else f"制表人：{actor}    制表日期：{today.isoformat()}"
    )
    if request.officer:
        prepared += f"    {'Officer' if lang == 'en' else '客户经理'}：{request.officer}"
    return ReportWorkbook(
        out, language=lang, unit=request.unit, reporting_unit=reporting_unit(db), period_text=period.text(lang), prepared=prepared
    )


class PersonalData:
    """Masks ID numbers and phones unless the request asked for full data."""

    def __init__(self, request: ReportRequest) -> None:
        self.full = request.full_personal_data

    def id_number(self, value: str | None) -> str:
        return (value or "") if self.full else mask_id_number(value)

    def phone(self, value: str | None) -> str:
        return (value or "") if self.full else mask_phone(value)


def record_full_export(db: sqlite_utils.Database, actor: str, name: str, request: ReportRequest, path: Path, rows: int) -> None:
    """Audit an export that carried full personal data (action 'export_full_personal_data')."""
    if not request.full_personal_data:
        return
    with db.atomic():
        audit.record(
            db,
            actor,
            FULL_DATA_ACTION,
            "clients",
            None,
            None,
            {"report": name, "period": request.period, "officer": request.officer, "file": str(path), "rows": rows},
            reason=request.reason,
        )
