"""Report 4, funnel (融资协调工作机制 走访—授信—放款 统计表) by officer for the period.

All counts and amounts for dates in the period [start, end]; application
times are UTC datetimes taken as Beijing dates (UTC+8). Per officer:

- ``visited``: distinct clients with a visit dated in the period
  (officer = ``visits.officer``); ``need``: of those, with a visit whose
  finding is 'need'.
- ``declared`` (申报清单) / ``recommended`` (推荐清单): distinct clients with a
  visit flagged declared / recommended whose ``declared_on`` /
  ``recommended_on`` (else its visit date) is in the period.
- ``applications``: applications of any kind submitted in the period
  (officer = the display name of ``created_by``, else the client's officer).
- ``lines`` / ``lines_fen`` (credit granted): credit lines starting in the
  period and their limits (officer as for its application, else the client's).
- ``loans`` / ``loans_fen`` (loans issued): loans drawn down in the period
  and their amounts (officer = the loan's, else the client's).
- ``first`` / ``first_fen`` (首贷户): clients whose earliest drawdown in the
  whole portfolio falls in the period, and the amount of their loans drawn
  in the period.
- ``credit_only`` / ``credit_only_fen`` (信用贷款): loans issued with
  guarantee type 'credit'; ``credit_only_share`` = credit_only_fen / loans_fen.
- ``renewal`` / ``renewal_fen`` (续贷) and ``no_principal`` /
  ``no_principal_fen`` (无还本续贷): loans issued whose kind (the renewals row
  naming it as the new loan, else its application's kind) is renewal /
  no_principal. Extensions (展期) are not new loans and are not counted.

The totals row sums amounts and loan counts; client counts in it are
distinct over all officers (a client two officers visited counts once).
"""

from __future__ import annotations

from fractions import Fraction

import sqlite_utils

from workbench.services.reports.common import ReportJob, ReportRequest, ReportResult
from workbench.services.reports.snapshot import OFFICER_SQL
from workbench.services.reports.workbook import CancelCheck, Column, Ticker

NAME = "funnel"
NO_OFFICER = "—"

COLUMNS = [
    Column("officer", "客户经理", "Officer", "text", 10),
    Column("visited", "走访企业数", "Enterprises visited", "int", 9),
    Column("need", "有融资需求", "With financing need", "int", 9),
    Column("declared", "申报清单户数", "Declared", "int", 9),
    Column("recommended", "推荐清单户数", "Recommended", "int", 9),
    Column("applications", "授信申请笔数", "Applications", "int", 9),
    Column("lines", "授信笔数", "Credit granted", "int", 8),
    Column("lines_fen", "授信金额", "Credit granted amount", "money", 12),
    Column("loans", "放款笔数", "Loans issued", "int", 8),
    Column("loans_fen", "放款金额", "Loans issued amount", "money", 12),
    Column("first", "首贷户数", "First-time borrowers", "int", 8),
    Column("first_fen", "首贷金额", "First-time amount", "money", 12),
    Column("credit_only", "信用贷款笔数", "Credit-only loans", "int", 8),
    Column("credit_only_fen", "信用贷款金额", "Credit-only amount", "money", 12),
    Column("credit_only_share", "信用贷款占比", "Credit-only share", "pct", 9),
    Column("renewal", "续贷笔数", "Renewals", "int", 8),
    Column("renewal_fen", "续贷金额", "Renewal amount", "money", 12),
    Column("no_principal", "无还本续贷笔数", "No-principal renewals", "int", 9),
    Column("no_principal_fen", "无还本续贷金额", "No-principal amount", "money", 12),
]

_APP_OFFICER = "coalesce(u.display_name, c.officer, a.created_by)"
_LOAN_KIND = (
    "coalesce((SELECT r.kind FROM renewals r WHERE r.new_loan_id = l.id ORDER BY r.id DESC LIMIT 1), ap.kind, 'new')"
)

# (keys, expression of the officer, FROM ... WHERE ... with :s/:e, aggregate select list)
_QUERIES: list[tuple[tuple[str, ...], str, str, str]] = [
    (("visited",), "v.officer", "FROM visits v WHERE v.visit_date BETWEEN :s AND :e", "count(DISTINCT v.client_id)"),
    (("need",), "v.officer", "FROM visits v WHERE v.visit_date BETWEEN :s AND :e AND v.finding = 'need'",
     "count(DISTINCT v.client_id)"),
    (("declared",), "v.officer",
     "FROM visits v WHERE v.declared = 1 AND coalesce(v.declared_on, v.visit_date) BETWEEN :s AND :e",
     "count(DISTINCT v.client_id)"),
    (("recommended",), "v.officer",
     "FROM visits v WHERE v.recommended = 1 AND coalesce(v.recommended_on, v.visit_date) BETWEEN :s AND :e",
     "count(DISTINCT v.client_id)"),
    (("applications",), _APP_OFFICER,
     "FROM applications a JOIN clients c ON c.id = a.client_id LEFT JOIN users u ON u.username = a.created_by"
     " WHERE a.submitted_at IS NOT NULL AND date(a.submitted_at, '+8 hours') BETWEEN :s AND :e",
     "count(*)"),
    (("lines", "lines_fen"), _APP_OFFICER,
     "FROM credit_lines cl JOIN clients c ON c.id = cl.client_id LEFT JOIN applications a ON a.id = cl.application_id"
     " LEFT JOIN users u ON u.username = a.created_by WHERE cl.start_date BETWEEN :s AND :e",
     "count(*), coalesce(sum(cl.limit_fen), 0)"),
    (("loans", "loans_fen", "credit_only", "credit_only_fen", "renewal", "renewal_fen", "no_principal", "no_principal_fen"),
     OFFICER_SQL,
     "FROM loans l JOIN clients c ON c.id = l.client_id LEFT JOIN applications ap ON ap.id = l.application_id"
     " WHERE l.drawdown_date BETWEEN :s AND :e",
     f"""count(*), coalesce(sum(l.amount_fen), 0),
         sum(l.guarantee_type = 'credit'), coalesce(sum(CASE WHEN l.guarantee_type = 'credit' THEN l.amount_fen END), 0),
         sum({_LOAN_KIND} = 'renewal'), coalesce(sum(CASE WHEN {_LOAN_KIND} = 'renewal' THEN l.amount_fen END), 0),
         sum({_LOAN_KIND} = 'no_principal'),
         coalesce(sum(CASE WHEN {_LOAN_KIND} = 'no_principal' THEN l.amount_fen END), 0)"""),
    (("first", "first_fen"), OFFICER_SQL,
     "FROM loans l JOIN clients c ON c.id = l.client_id WHERE l.drawdown_date BETWEEN :s AND :e"
     " AND (SELECT min(l2.drawdown_date) FROM loans l2 WHERE l2.client_id = l.client_id) BETWEEN :s AND :e",
     "count(DISTINCT l.client_id), coalesce(sum(l.amount_fen), 0)"),
]


def tally(db: sqlite_utils.Database, request: ReportRequest, cancel: CancelCheck | None = None) -> tuple[list[dict], dict]:
    """(rows by officer sorted by name, totals row) of the funnel figures (see module docstring)."""
    period = request.parsed_period()
    params: dict = {"s": period.start.isoformat(), "e": period.end.isoformat()}
    if request.officer:
        params["officer"] = request.officer
    by_officer: dict[str, dict] = {}
    total: dict = {}
    ticker = Ticker(None, cancel, len(_QUERIES), NAME)
    for keys, officer_expr, from_where, select in _QUERIES:
        ticker.check()
        where = from_where + (f" AND {officer_expr} = :officer" if request.officer else "")
        for values in db.execute(f"SELECT coalesce({officer_expr}, '{NO_OFFICER}'), {select} {where} GROUP BY 1", params):
            row = by_officer.setdefault(values[0], {"officer": values[0]})
            row.update({k: int(v or 0) for k, v in zip(keys, values[1:])})
        values = db.execute(f"SELECT {select} {where}", params).fetchone()
        total.update({k: int(v or 0) for k, v in zip(keys, values)})
    keys_all = [c.key for c in COLUMNS if c.key not in ("officer", "credit_only_share")]
    rows = []
    for name in sorted(by_officer):
        row = {k: by_officer[name].get(k, 0) for k in keys_all}
        row["officer"] = name
        rows.append(row)
    for row in rows + [total]:
        row["credit_only_share"] = Fraction(row["credit_only_fen"], row["loans_fen"]) if row["loans_fen"] else None
    return rows, total


def build(job: ReportJob) -> ReportResult:
    """Write the funnel report (see the module docstring); raises Cancelled (no file left)."""
    period = job.period
    if job.progress:
        job.progress(0, 2, NAME)
    rows, total = tally(job.db, job.request, job.cancel)
    ticker = job.ticker(len(rows), step=1)
    with job.workbook() as book:
        title = book.text(
            f"融资协调工作机制走访—授信—放款情况统计表（{period.label}）",
            f"Financing coordination: visits, credit and loans ({period.label})",
        )
        sheet = book.add_sheet(book.text("走访授信放款", "Funnel"), title, COLUMNS, freeze_cols=1)
        for row in rows:
            sheet.add_row(row)
            ticker.tick()
        sheet.add_totals(total)
        sheet.add_note(
            book.text(
                "注：金额按分精确计算，仅在显示时四舍五入；合计行金额为精确合计，户数为全部客户经理去重后的户数。"
                "首贷户：在本行组合中首次放款在本期的客户；信用贷款：担保方式为信用。",
                "Note: amounts are exact in fen and rounded for display only; totals are exact sums, client counts in the "
                "totals row are distinct over all officers. First-time borrower: first drawdown in the portfolio falls "
                "in the period; credit-only: guarantee type credit.",
            )
        )
        ticker.finish()

    def plain(row: dict) -> dict:
        share = row.get("credit_only_share")
        return dict(row, credit_only_share=None if share is None else round(float(share), 6))

    return job.result(len(rows), {"rows": [plain(r) for r in rows], "total": plain(total)})
