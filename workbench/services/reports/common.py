"""What every report takes and gives back, the checks before building, and the personal-data rule.

:func:`prepare` turns a request into a :class:`ReportJob` after every check
(period understood and not in the future, unit, officer known, full personal
data only for an allowed account with a reason); each report module's
``build(job)`` then only computes and writes its figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from workbench.domain.identifiers import mask_id_number, mask_phone
from workbench.services import organisation, users
from workbench.services.errors import PermissionDenied, ValidationError
from workbench.services.privacy import MIN_REASON_CHARS, REVEAL_ROLES
from workbench.services.reports.periods import Period, parse_period
from workbench.services.reports.workbook import CancelCheck, Progress, ReportWorkbook, Ticker, check_unit
from workbench.store import audit

FULL_DATA_ACTION = "export_full_personal_data"


@dataclass(frozen=True)
class ReportRequest:
    """The user's choices for one report.

    ``period``: ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``; ``unit``: 'wan' | 'yuan';
    ``language``: 'zh' | 'en'; ``officer``: an officer's display name or None
    for all; ``full_personal_data`` needs a ``reason`` (audited) of at least
    :data:`workbench.services.privacy.MIN_REASON_CHARS` characters.
    """

    period: str
    unit: str = "wan"
    language: str = "zh"
    officer: str | None = None
    full_personal_data: bool = False
    reason: str | None = None

    def parsed_period(self) -> Period:
        return parse_period(self.period)

    @property
    def lang(self) -> str:
        return "en" if self.language.startswith("en") else "zh"

    def validate(self) -> None:
        """Raise ValidationError for a bad period, unit, or full data without a reason (no database needed)."""
        self.parsed_period()
        check_unit(self.unit)
        if self.full_personal_data and len((self.reason or "").strip()) < MIN_REASON_CHARS:
            raise ValidationError(
                "reason_required",
                f"导出完整身份证号和电话号码须填写理由（至少 {MIN_REASON_CHARS} 个字，将记入审计日志）",
                f"exporting full ID numbers and phone numbers needs a reason of at least {MIN_REASON_CHARS} "
                "characters (it is recorded in the audit log)",
                field="reason",
            )


def check_request(db: sqlite_utils.Database, request: ReportRequest, actor: str, today: date | None = None) -> Period:
    """Every check before a report is built; returns the period.

    Raises ValidationError: bad period/unit ('bad_period', 'bad_unit'), a
    period starting after ``today`` ('future_period'), an officer name that
    matches no one ('unknown_officer'), full data without a reason
    ('reason_required'); PermissionDenied when full personal data is asked
    for by an account that may not see it (:func:`check_full_data_allowed`).
    Cheap enough for the GUI thread.
    """
    request.validate()
    today = today or date.today()
    period = request.parsed_period()
    if period.start > today:
        raise ValidationError(
            "future_period",
            f"报告期 {period.label} 尚未开始（今天是 {today.isoformat()}），不能出具未来期间的报表",
            f"the period {period.label} has not started yet (today is {today.isoformat()}); "
            "a report cannot be made for a future period",
            field="period",
            value=period.label,
        )
    if request.officer and not officer_exists(db, request.officer):
        raise ValidationError(
            "unknown_officer",
            f"没有名为“{request.officer}”的客户经理（用户、客户、贷款和走访记录中均未找到）",
            f"no officer called {request.officer!r} (not found among users, clients, loans or visits)",
            field="officer",
            value=request.officer,
        )
    if request.full_personal_data:
        check_full_data_allowed(db, actor)
    return period


def check_full_data_allowed(db: sqlite_utils.Database, actor: str) -> str:
    """The actor's role when it may export full ID numbers and phones; else PermissionDenied.

    Allowed: an active account with a password (a person who logged in, not a
    headless account created for a command) whose role is in
    :data:`workbench.services.privacy.REVEAL_ROLES`.
    """
    try:
        role = users.role_of(db, actor)
    except PermissionDenied:
        raise PermissionDenied(
            "full_data_unknown_user",
            f"用户“{actor}”不存在或已停用，不能导出完整个人信息",
            f"user {actor!r} does not exist or is deactivated and may not export full personal data",
            field="actor",
        ) from None
    if role not in REVEAL_ROLES:
        raise PermissionDenied(
            "full_data_role",
            f"角色 {role} 无权导出完整个人信息",
            f"role {role!r} may not export full personal data",
            field="actor",
        )
    row = db.execute("SELECT password_hash FROM users WHERE username = ?", [actor]).fetchone()
    if row is None or not row[0]:
        raise PermissionDenied(
            "full_data_headless",
            f"账户“{actor}”没有设置密码（命令行自动创建的账户），不能导出完整个人信息；请以有密码的账户操作",
            f"account {actor!r} has no password (created for a headless command) and may not export full "
            "personal data; act as an account with a password",
            field="actor",
        )
    return role


def officer_exists(db: sqlite_utils.Database, name: str) -> bool:
    """True when ``name`` is a user's display name or the officer of some client, loan or visit (indexed look-ups)."""
    return bool(
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM users WHERE display_name = :n)"
            " OR EXISTS (SELECT 1 FROM clients WHERE officer = :n)"
            " OR EXISTS (SELECT 1 FROM loans WHERE officer = :n)"
            " OR EXISTS (SELECT 1 FROM visits WHERE officer = :n)",
            {"n": name},
        ).fetchone()[0]
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
    """Bank and branch name (:mod:`workbench.services.organisation`), as the title block prints them."""
    unit = organisation.reporting_unit(db)
    return " ".join(p for p in (unit.bank, unit.branch) if p) or "—"


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


@dataclass
class ReportJob:
    """One report being built: the checked request and what every builder needs.

    Made by :func:`prepare`; a builder reads ``period``/``lang``/``personal``,
    writes through :meth:`workbook`, reports through :meth:`ticker` and ends
    with :meth:`result` (which audits a full-data export).
    """

    db: sqlite_utils.Database
    name: str
    out: Path
    request: ReportRequest
    actor: str
    today: date
    period: Period
    progress: Progress | None = None
    cancel: CancelCheck | None = None

    @property
    def lang(self) -> str:
        return self.request.lang

    @property
    def officer(self) -> str | None:
        return self.request.officer

    @property
    def personal(self) -> PersonalData:
        return PersonalData(self.request)

    def text(self, zh: str, en: str) -> str:
        return en if self.lang == "en" else zh

    def ticker(self, total: int, step: int = 500, progress: bool = True) -> Ticker:
        """Progress (``total`` steps, message = the report's name) and cancel checks."""
        return Ticker(self.progress if progress else None, self.cancel, total, self.name, step=step)

    def workbook(self) -> ReportWorkbook:
        """A ReportWorkbook at ``out`` with the meta rows filled in (title rows are the sheets')."""
        prepared_by = display_name(self.db, self.actor)
        day = self.today.isoformat()
        prepared = self.text(f"制表人：{prepared_by}    制表日期：{day}", f"Prepared by {prepared_by} on {day}")
        if self.officer:
            prepared += f"    {self.text('客户经理', 'Officer')}：{self.officer}"
        return ReportWorkbook(
            self.out, language=self.lang, unit=self.request.unit, reporting_unit=reporting_unit(self.db),
            period_text=self.period.text(self.lang), prepared=prepared,
        )

    def result(self, rows: int, figures: dict[str, Any]) -> ReportResult:
        """The ReportResult of the written file; audits it first when it carries full personal data."""
        record_full_export(self.db, self.actor, self.name, self.request, self.out, rows)
        return ReportResult(self.name, self.out, self.period.label, rows, figures)


def prepare(
    db: sqlite_utils.Database,
    name: str,
    out: str | Path,
    request: ReportRequest,
    actor: str,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ReportJob:
    """Check ``request`` (:func:`check_request`) and bundle it for report ``name``'s builder."""
    today = today or date.today()
    period = check_request(db, request, actor, today)
    return ReportJob(db, name, Path(out), request, actor, today, period, progress, cancel)


Builder = Callable[[ReportJob], ReportResult]
