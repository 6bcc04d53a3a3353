"""Report 1, portfolio (贷款台账): every loan outstanding at the end of the period.

Sheet 1 lists each loan outstanding at the period end D (balance at D > 0,
see :mod:`workbench.services.reports.snapshot`), one officer's when asked:
client, USCC, size class, inclusive flag, industry, officer, loan amount,
balance at D, rate, drawdown and maturity dates, repayment method, guarantee
type, classification and overdue days at D, legal representative, ID number
and phone (masked unless full data was asked for with a reason). Its totals
row is the exact fen sum of amounts and balances, so the balance total
equals the portfolio balance at D.

Sheet 2 (summary) groups the same loans by size class, by industry and by
classification: loans, distinct clients, balance and share of the balance.

Figures (``ReportResult.figures``): ``loans``, ``clients``, ``amount_fen``,
``balance_fen``, ``inclusive_loans``, ``inclusive_balance_fen``,
``npl_balance_fen``, ``by_size`` / ``by_industry`` / ``by_classification``
({key: {loans, clients, balance_fen}}).
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from workbench.domain.classification import CODES
from workbench.services.reports import labels
from workbench.services.reports.common import ReportJob, ReportResult
from workbench.services.reports.snapshot import (
    client_credit_totals,
    count_outstanding,
    materialized,
    outstanding_loans,
    with_inclusive,
)
from workbench.services.reports.workbook import Column

NAME = "portfolio"

COLUMNS = [
    Column("seq", "序号", "No.", "int", 6),
    Column("loan_no", "借据号", "Loan no.", "text", 16),
    Column("client_name", "客户名称", "Client", "text", 28),
    Column("uscc", "统一社会信用代码", "USCC", "text", 21),
    Column("size", "企业规模", "Size", "flag", 8),
    Column("inclusive", "普惠型", "Inclusive", "flag", 7),
    Column("industry", "行业", "Industry", "text", 14),
    Column("officer", "客户经理", "Officer", "text", 9),
    Column("amount_fen", "贷款金额", "Amount", "money", 13),
    Column("balance_fen", "贷款余额", "Balance", "money", 13),
    Column("rate_bp", "执行年利率", "Annual rate", "rate_bp", 9),
    Column("drawdown_date", "放款日", "Drawdown", "date", 11),
    Column("maturity_date", "到期日", "Maturity", "date", 11),
    Column("method", "还款方式", "Repayment", "text", 12),
    Column("guarantee", "担保方式", "Guarantee", "flag", 8),
    Column("class_label", "五级分类", "Classification", "flag", 8),
    Column("overdue_days", "逾期天数", "Days overdue", "int", 8),
    Column("legal_rep", "法定代表人", "Legal rep.", "text", 9),
    Column("legal_rep_id", "证件号码", "ID number", "text", 20),
    Column("phone", "联系电话", "Phone", "text", 13),
]

SUMMARY_COLUMNS = [
    Column("group", "分组", "Group", "text", 26),
    Column("loans", "笔数", "Loans", "int", 10),
    Column("clients", "户数", "Clients", "int", 10),
    Column("balance_fen", "贷款余额", "Balance", "money", 16),
    Column("share", "余额占比", "Share of balance", "pct", 12),
]


class _Group:
    __slots__ = ("balance_fen", "clients", "loans")

    def __init__(self) -> None:
        self.loans = 0
        self.clients: set[int] = set()
        self.balance_fen = 0

    def add(self, client_id: int, balance_fen: int) -> None:
        self.loans += 1
        self.clients.add(client_id)
        self.balance_fen += balance_fen

    def as_dict(self) -> dict:
        return {"loans": self.loans, "clients": len(self.clients), "balance_fen": self.balance_fen}


def build(job: ReportJob) -> ReportResult:
    """Write the portfolio report (see the module docstring); raises Cancelled (no file left)."""
    db, period, lang, officer = job.db, job.period, job.lang, job.officer
    d = period.end
    personal = job.personal
    job.ticker(0).check()
    with materialized(db, d) as table:
        ticker = job.ticker(count_outstanding(db, table, officer))
        ticker.check()
        totals = client_credit_totals(db, d, table)
        by_size: dict = defaultdict(_Group)
        by_industry: dict = defaultdict(_Group)
        by_class: dict = defaultdict(_Group)
        inclusive, npl_fen, amount_fen, clients = _Group(), 0, 0, set()
        with job.workbook() as book:
            title = book.text(f"贷款台账（{period.label}）", f"Loan portfolio ({period.label})")
            sheet = book.add_sheet(book.text("贷款明细", "Loans"), title, COLUMNS, freeze_cols=3)
            summary = book.add_sheet(book.text("汇总", "Summary"), book.text(f"贷款余额汇总（{period.label}）", f"Portfolio summary ({period.label})"), SUMMARY_COLUMNS)
            seq = 0
            for row in outstanding_loans(db, d, officer, table=table):
                with_inclusive(row, totals)
                seq += 1
                bal = row["balance_fen"]
                amount_fen += row["amount_fen"]
                clients.add(row["client_id"])
                by_size[row["size"]].add(row["client_id"], bal)
                by_industry[row["industry"] or ""].add(row["client_id"], bal)
                by_class[row["classification"]].add(row["client_id"], bal)
                if row["inclusive"]:
                    inclusive.add(row["client_id"], bal)
                if row["npl"]:
                    npl_fen += bal
                row.update(
                    seq=seq,
                    size=labels.label(labels.SIZE, row["size"], lang),
                    inclusive=labels.label(labels.YES_NO, row["inclusive"], lang),
                    method=labels.label(labels.METHOD, row["repayment_method"], lang),
                    guarantee=labels.label(labels.GUARANTEE, row["guarantee_type"], lang),
                    class_label=labels.classification(row["classification"], lang),
                    legal_rep_id=personal.id_number(row["legal_rep_id"]),
                    phone=personal.phone(row["phone"]),
                )
                sheet.add_row(row)
                ticker.tick()
            balance_fen = sum(g.balance_fen for g in by_size.values())
            count_label = book.text(f"合计（{seq:,} 笔）", f"Total ({seq:,} loans)")
            sheet.add_totals({"seq": count_label, "amount_fen": amount_fen, "balance_fen": balance_fen})
            sheet.add_note()
            _write_summary(summary, book, lang, balance_fen, by_size, by_industry, by_class, inclusive, seq, len(clients))
            ticker.finish()
    figures = {
        "as_of": d.isoformat(),
        "loans": seq,
        "clients": len(clients),
        "amount_fen": amount_fen,
        "balance_fen": balance_fen,
        "inclusive_loans": inclusive.loans,
        "inclusive_clients": len(inclusive.clients),
        "inclusive_balance_fen": inclusive.balance_fen,
        "npl_balance_fen": npl_fen,
        "by_size": {str(k): g.as_dict() for k, g in by_size.items()},
        "by_industry": {k: g.as_dict() for k, g in by_industry.items()},
        "by_classification": {k: g.as_dict() for k, g in by_class.items()},
    }
    return job.result(seq, figures)


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _write_summary(sheet, book, lang, balance_fen, by_size, by_industry, by_class, inclusive, loans, clients) -> None:
    def block(title_zh: str, title_en: str, items: list[tuple[str, _Group]]) -> None:
        sheet.add_section(book.text(title_zh, title_en))
        sheet.add_header_row()
        for name, g in items:
            sheet.add_row({"group": name, **g.as_dict(), "share": _share(g.balance_fen, balance_fen)})
        sheet.add_totals({"loans": loans, "clients": clients, "balance_fen": balance_fen, "share": 1 if balance_fen else None})

    # first block sits directly under the sheet's own header row
    for name, g in _ordered(by_size, ["large", "medium", "small", "micro", None], lambda k: labels.label(labels.SIZE, k, lang)):
        sheet.add_row({"group": name, **g.as_dict(), "share": _share(g.balance_fen, balance_fen)})
    sheet.add_row(
        {
            "group": book.text("其中：普惠型小微企业贷款", "of which inclusive SME loans"),
            **inclusive.as_dict(),
            "share": _share(inclusive.balance_fen, balance_fen),
        }
    )
    sheet.add_totals({"loans": loans, "clients": clients, "balance_fen": balance_fen, "share": 1 if balance_fen else None})
    industries = sorted(by_industry.items(), key=lambda kv: (-kv[1].balance_fen, kv[0]))
    block("按行业", "By industry", [(k or book.text("未填行业", "(no industry)"), g) for k, g in industries])
    block("按五级分类", "By classification", _ordered(by_class, list(CODES), lambda k: labels.classification(k, lang)))
    sheet.add_note()


def _ordered(groups: dict, order: list, name) -> list[tuple[str, _Group]]:
    keys = [k for k in order if k in groups] + sorted((k for k in groups if k not in order), key=str)
    return [(name(k), groups[k]) for k in keys]
