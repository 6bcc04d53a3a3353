"""Excel submissions: portfolio, maturities, two-increase monitor and funnel.

Each report module has ``build(job: ReportJob) -> ReportResult`` and
documents precisely how each figure is computed; what all reports share (the
checks, the workbook's meta rows, progress, the full-data audit) is
:func:`workbench.services.reports.common.prepare` and ``ReportJob``.
:data:`REPORTS` lists them for the CLI and the Reports page;
:func:`build_report` checks a request and runs one by name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import sqlite_utils

from workbench.services.errors import ValidationError
from workbench.services.reports import funnel, maturities, portfolio, two_increase
from workbench.services.reports.common import Builder, ReportJob, ReportRequest, ReportResult, check_request, prepare
from workbench.services.reports.workbook import CancelCheck, Progress


@dataclass(frozen=True)
class ReportSpec:
    """A report the user can choose: its name, titles, short description and builder.

    ``personal_data``: the report shows ID numbers or phones (masked unless full data is asked for).
    """

    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    build: Builder
    personal_data: bool = False

    def title(self, language: str = "zh") -> str:
        return self.title_en if language.startswith("en") else self.title_zh

    def description(self, language: str = "zh") -> str:
        return self.description_en if language.startswith("en") else self.description_zh


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "portfolio",
            "贷款台账",
            "Loan portfolio",
            "期末每笔在贷贷款：客户、统一社会信用代码、企业规模、是否普惠、行业、客户经理、金额、余额、利率、日期、"
            "还款方式、担保方式、五级分类、逾期天数；合计等于期末贷款余额；汇总表按规模、行业、五级分类。",
            "Every loan outstanding at the period end: client, USCC, size, inclusive flag, industry, officer, amount, "
            "balance, rate, dates, repayment method, guarantee, classification, days overdue; the total equals the "
            "portfolio balance; a summary by size class, industry and classification.",
            portfolio.build,
            personal_data=True,
        ),
        ReportSpec(
            "maturities",
            "到期及续贷清单",
            "Maturities and renewals",
            "本期到期的贷款及其续贷状态和方式（续贷、无还本续贷、展期），附按状态、方式的汇总。",
            "Loans maturing in the period with their renewal status and kind (renewal, without principal repayment, "
            "extension), with a summary by status and kind.",
            maturities.build,
            personal_data=True,
        ),
        ReportSpec(
            "two_increase",
            "两增两控监测表",
            "Two-increase monitor",
            "普惠型小微企业贷款余额（期末、年初、上年同期）及较年初增速对比各项贷款；普惠户数对比上年同期；"
            "普惠不良率对比全部贷款不良率（容忍度3个百分点）；当期新发放普惠贷款加权平均利率对比上年同期；逐项标明是否达标。",
            "Inclusive SME loan balance (now, start of year, a year earlier) and its growth against all loans; "
            "inclusive borrowers against a year earlier; inclusive NPL ratio against the portfolio's (3-point "
            "tolerance); weighted average rate of inclusive loans issued against last year; each target met or not.",
            two_increase.build,
        ),
        ReportSpec(
            "funnel",
            "融资协调走访—授信—放款统计表",
            "Visit → credit → loan funnel",
            "按客户经理：走访企业数、有融资需求、申报清单、推荐清单、授信申请、授信（笔数、金额）、放款（笔数、金额）、"
            "首贷户、信用贷款及占比、续贷和无还本续贷（笔数、金额）。",
            "By officer: enterprises visited, with financing need, declared, recommended, applications, credit granted "
            "and loans issued (count, amount), first-time borrowers, credit-only loans and share, renewals and "
            "renewals without principal repayment (count, amount).",
            funnel.build,
        ),
    )
}
ALIASES = {"two-increase": "two_increase", "twoincrease": "two_increase", "maturity": "maturities"}


def get_report(name: str) -> ReportSpec:
    """The report called ``name`` (``two-increase`` accepted); ValidationError when unknown."""
    key = ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in REPORTS:
        raise ValidationError(
            "unknown_report",
            f"没有名为“{name}”的报表（可选：{'、'.join(REPORTS)}）",
            f"no report called {name!r} (choose from {', '.join(REPORTS)})",
            field="report",
        )
    return REPORTS[key]


def _effective(spec: ReportSpec, request: ReportRequest) -> ReportRequest:
    if not spec.personal_data and request.full_personal_data:  # nothing to unmask: no check, no audit row
        return replace(request, full_personal_data=False, reason=None)
    return request


def check_report(
    db: sqlite_utils.Database, name: str, request: ReportRequest, actor: str, today: date | None = None
) -> ReportSpec:
    """Every check :func:`build_report` makes before writing (quick; for the GUI thread); returns the spec."""
    spec = get_report(name)
    check_request(db, _effective(spec, request), actor, today)
    return spec


def build_report(
    db: sqlite_utils.Database,
    name: str,
    out: str | Path,
    request: ReportRequest,
    actor: str,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ReportResult:
    """Build report ``name`` into ``out``; see each module for its figures.

    Raises ValidationError / PermissionDenied before anything is written (see
    :func:`workbench.services.reports.common.check_request`), Cancelled (no
    file left) when ``cancel()`` turns true.
    """
    spec = get_report(name)
    job = prepare(db, spec.name, out, _effective(spec, request), actor, today=today, progress=progress, cancel=cancel)
    return spec.build(job)


__all__ = [
    "REPORTS", "ReportJob", "ReportRequest", "ReportResult", "ReportSpec", "build_report", "check_report",
    "check_request", "get_report",
]
