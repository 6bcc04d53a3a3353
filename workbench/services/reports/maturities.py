"""Report 2, maturities (到期及续贷清单): loans maturing in the period and their renewal.

Lists every loan (active or closed) whose ``maturity_date`` falls in the
period, one officer's when asked, with its current state from the loans
table (balance, overdue days, classification), and its renewal. Days to
maturity (距到期天数) are counted from ``today`` (negative: past) for loans
still active, and left blank for closed loans (repaid, or replaced by a
renewal): for them the count means nothing. The renewal:

- kind and new loan: the latest ``renewals`` row with ``old_loan_id`` = the
  loan; else the latest application with ``renews_loan_id`` = the loan and
  kind renewal / no_principal / extension.
- status (first that applies): 已续贷 renewed (a renewals row with a new
  loan, or completed); 办理中 in progress (a renewals row not completed);
  已批准待放款 approved / 续贷申请被拒 rejected / 续贷申请中 applied (from
  the application's status); 已结清 repaid (loan closed); 逾期未续贷
  overdue (active, maturity before today); 未申请 none.

The totals row is the exact fen sum of amounts and current balances. The
summary sheet counts loans, amount and balance by renewal status and kind.
Figures: ``loans``, ``amount_fen``, ``balance_fen``, ``by_status``
({status: {loans, amount_fen, balance_fen}}), ``by_kind`` (same).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from workbench.services.reports import labels
from workbench.services.reports.common import ReportJob, ReportResult
from workbench.services.reports.snapshot import OFFICER_SQL
from workbench.services.reports.workbook import Column

NAME = "maturities"

STATUS = {
    "renewed": ("已续贷", "Renewed"),
    "in_progress": ("续贷办理中", "Renewal in progress"),
    "approved": ("已批准待放款", "Approved, not yet drawn"),
    "rejected": ("续贷申请被拒", "Renewal rejected"),
    "applied": ("续贷申请中", "Renewal applied for"),
    "repaid": ("已结清", "Repaid"),
    "overdue": ("逾期未续贷", "Overdue, not renewed"),
    "none": ("未申请", "No renewal"),
}
STATUS_ORDER = list(STATUS)

COLUMNS = [
    Column("seq", "序号", "No.", "int", 6),
    Column("loan_no", "借据号", "Loan no.", "text", 16),
    Column("client_name", "客户名称", "Client", "text", 28),
    Column("uscc", "统一社会信用代码", "USCC", "text", 21),
    Column("officer", "客户经理", "Officer", "text", 9),
    Column("amount_fen", "贷款金额", "Amount", "money", 13),
    Column("balance_fen", "当前余额", "Balance now", "money", 13),
    Column("drawdown_date", "放款日", "Drawdown", "date", 11),
    Column("maturity_date", "到期日", "Maturity", "date", 11),
    Column("days_left", "距到期天数", "Days to maturity", "int", 9),
    Column("loan_status", "贷款状态", "Loan status", "flag", 8),
    Column("overdue_days", "逾期天数", "Days overdue", "int", 8),
    Column("class_label", "五级分类", "Classification", "flag", 8),
    Column("renewal_status", "续贷状态", "Renewal status", "flag", 13),
    Column("renewal_kind", "续贷方式", "Renewal kind", "flag", 12),
    Column("new_loan_no", "新借据号", "New loan no.", "text", 16),
    Column("app_no", "续贷申请号", "Renewal application", "text", 16),
    Column("phone", "联系电话", "Phone", "text", 13),
]

SUMMARY_COLUMNS = [
    Column("group", "分组", "Group", "text", 26),
    Column("loans", "笔数", "Loans", "int", 10),
    Column("amount_fen", "贷款金额", "Amount", "money", 16),
    Column("balance_fen", "当前余额", "Balance now", "money", 16),
]

_SQL = f"""
SELECT l.id AS loan_id, l.loan_no, c.name AS client_name, c.uscc, c.phone, {OFFICER_SQL} AS officer,
       l.amount_fen, l.balance_fen, l.drawdown_date, l.maturity_date, l.status, l.overdue_days, l.classification,
       r.kind AS r_kind, r.new_loan_id, r.completed_at, nl.loan_no AS new_loan_no,
       a.kind AS a_kind, a.status AS a_status, a.app_no AS a_app_no, ra.app_no AS r_app_no
  FROM loans l
  JOIN clients c ON c.id = l.client_id
  LEFT JOIN renewals r ON r.id = (SELECT max(id) FROM renewals WHERE old_loan_id = l.id)
  LEFT JOIN loans nl ON nl.id = r.new_loan_id
  LEFT JOIN applications ra ON ra.id = r.application_id
  LEFT JOIN applications a ON a.id = (SELECT max(id) FROM applications
                                       WHERE renews_loan_id = l.id AND kind IN ('renewal','no_principal','extension'))
 WHERE l.maturity_date BETWEEN :start AND :end {{officer}}
 ORDER BY l.maturity_date, {OFFICER_SQL}, c.name, l.loan_no
"""


def renewal_status(row: dict, today: date) -> tuple[str, str | None]:
    """(status code, renewal kind or None) for one maturing loan row, per the module docstring."""
    if row["r_kind"] is not None:
        done = row["new_loan_id"] is not None or row["completed_at"] is not None
        return ("renewed" if done else "in_progress"), row["r_kind"]
    if row["a_kind"] is not None:
        status = row["a_status"]
        code = "approved" if status == "approved" else "rejected" if status == "rejected" else "applied"
        return code, row["a_kind"]
    if row["status"] == "closed":
        return "repaid", None
    if date.fromisoformat(row["maturity_date"]) < today:
        return "overdue", None
    return "none", None


def build(job: ReportJob) -> ReportResult:
    """Write the maturities report (see the module docstring); raises Cancelled (no file left)."""
    db, period, lang, today = job.db, job.period, job.lang, job.today
    personal = job.personal
    params: dict = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    officer_sql = ""
    if job.officer:
        officer_sql = f"AND {OFFICER_SQL} = :officer"
        params["officer"] = job.officer
    rows = [dict(r) for r in db.query(_SQL.format(officer=officer_sql), params)]
    ticker = job.ticker(len(rows))
    ticker.check()
    by_status: dict = defaultdict(lambda: {"loans": 0, "amount_fen": 0, "balance_fen": 0})
    by_kind: dict = defaultdict(lambda: {"loans": 0, "amount_fen": 0, "balance_fen": 0})
    amount_fen = balance_fen = 0
    with job.workbook() as book:
        title = book.text(f"到期贷款及续贷情况表（{period.label}）", f"Maturing loans and renewals ({period.label})")
        sheet = book.add_sheet(book.text("到期清单", "Maturities"), title, COLUMNS, freeze_cols=3)
        summary = book.add_sheet(book.text("汇总", "Summary"), book.text(f"到期及续贷汇总（{period.label}）", f"Maturities summary ({period.label})"), SUMMARY_COLUMNS)
        for seq, row in enumerate(rows, start=1):
            status, kind = renewal_status(row, today)
            amount_fen += row["amount_fen"]
            balance_fen += row["balance_fen"]
            for bucket in (by_status[status], by_kind[kind or "none"]):
                bucket["loans"] += 1
                bucket["amount_fen"] += row["amount_fen"]
                bucket["balance_fen"] += row["balance_fen"]
            closed = row["status"] == "closed"
            row.update(
                seq=seq,
                days_left=None if closed else (date.fromisoformat(row["maturity_date"]) - today).days,
                loan_status=book.text("已结清", "Closed") if closed else book.text("在贷", "Active"),
                class_label=labels.classification(row["classification"], lang),
                renewal_status=labels.label(STATUS, status, lang),
                renewal_kind=labels.label(labels.RENEWAL_KIND, kind, lang) if kind else "",
                app_no=row["r_app_no"] or row["a_app_no"],
                phone=personal.phone(row["phone"]),
            )
            sheet.add_row(row)
            ticker.tick()
        n = len(rows)
        sheet.add_totals(
            {"seq": book.text(f"合计（{n:,} 笔）", f"Total ({n:,} loans)"), "amount_fen": amount_fen, "balance_fen": balance_fen}
        )
        sheet.add_note(
            book.text(
                "注：金额按分精确计算，仅在显示时四舍五入；合计行为精确合计。距到期天数自制表日起算（负数为已过到期日），"
                "已结清（含已续贷结清）的贷款不计。",
                "Note: amounts are exact in fen and rounded for display only; totals are exact sums. Days to maturity "
                "count from the date the report was made (negative: past maturity); blank for closed loans "
                "(repaid or renewed).",
            )
        )
        for code in STATUS_ORDER:
            if code in by_status:
                summary.add_row({"group": labels.label(STATUS, code, lang), **by_status[code]})
        summary.add_totals({"loans": n, "amount_fen": amount_fen, "balance_fen": balance_fen})
        summary.add_section(book.text("按续贷方式", "By renewal kind"))
        summary.add_header_row()
        for code in ("renewal", "no_principal", "extension", "none"):
            if code in by_kind:
                name = labels.label(labels.RENEWAL_KIND, code, lang) if code != "none" else book.text("无续贷", "No renewal")
                summary.add_row({"group": name, **by_kind[code]})
        summary.add_totals({"loans": n, "amount_fen": amount_fen, "balance_fen": balance_fen})
        summary.add_note()
        ticker.finish()
    figures = {
        "loans": len(rows),
        "amount_fen": amount_fen,
        "balance_fen": balance_fen,
        "by_status": dict(by_status),
        "by_kind": dict(by_kind),
    }
    return job.result(len(rows), figures)
