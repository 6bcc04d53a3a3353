"""Export the maturity tickler to an Excel workbook (xlsxwriter).

Text cells are always written as strings, so a client name beginning with
= + - @ stays text in Excel and never becomes a formula. The workbook is
written to a temporary file and moved into place at the end: a cancelled
export leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlite_utils
import xlsxwriter

from workbench.domain.classification import LABELS_ZH as CLASS_ZH
from workbench.services import maturities
from workbench.services.errors import Cancelled

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]

RENEWAL_KIND_ZH = {"renewal": "续贷", "no_principal": "无还本续贷", "extension": "展期"}
RENEWAL_STATUS_ZH = {
    "none": "", "draft": "草稿", "submitted": "已提交", "under_review": "审查中", "under_approval": "审批中",
    "approved": "已批准待放款", "rejected": "已否决", "returned": "已退回", "completed": "已完成",
}
HEADERS = (
    ("分组 Bucket", 16), ("借据号 Loan no.", 16), ("客户 Client", 30), ("客户经理 Officer", 10),
    ("余额(元) Balance", 16), ("到期日 Maturity", 12), ("剩余天数 Days left", 10), ("五级分类 Class", 10),
    ("逾期天数 Overdue days", 10), ("续贷方式 Renewal kind", 12), ("续贷状态 Renewal status", 14), ("续贷申请 Application", 16),
)


def safe_text(value: object) -> str:
    """Text for a cell; xlsxwriter's write_string keeps it text, this also strips control characters."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)


def export_tickler(
    db: sqlite_utils.Database,
    path: str | Path,
    today: date | None = None,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    **filters,
) -> int:
    """Write the tickler (same ``filters`` as :func:`maturities.tickler`) to ``path``; returns rows written.

    Raises Cancelled (and writes nothing) when ``cancel()`` turns true.
    """
    today = today or date.today()
    path = Path(path)
    within_days = maturities.tickler_filter(today, **filters).within_days  # also refuses an unknown filter now
    tmp = path.with_name(path.name + ".part")
    workbook = xlsxwriter.Workbook(
        str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "constant_memory": True}
    )
    try:
        sheet = workbook.add_worksheet("到期提醒")
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00"})
        urgent = {
            "overdue": workbook.add_format({"bg_color": "#F8CBAD"}),
            "d30": workbook.add_format({"bg_color": "#FFE699"}),
            "d60": workbook.add_format({"bg_color": "#FFF2CC"}),
            "d90": None,
        }
        horizon = "任意到期日 any maturity" if within_days is None else f"{within_days} 天内"
        sheet.write_string(0, 0, f"到期提醒 Maturity tickler — 截至 as of {today.isoformat()}，{horizon}", bold)
        for col, (title, width) in enumerate(HEADERS):
            sheet.write_string(1, col, title, bold)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(2, 0)
        rows = maturities.tickler(db, today, **filters, order_by="bucket")
        total = len(rows)
        row_no = 2
        for n, r in enumerate(rows):
            if n % 500 == 0:
                if cancel is not None and cancel():
                    raise Cancelled()
                if progress is not None:
                    progress(n, total, f"{n:,} / {total:,}")
            fmt = urgent[r["bucket"]]
            sheet.write_string(row_no, 0, maturities.BUCKET_LABELS_ZH[r["bucket"]], fmt)
            sheet.write_string(row_no, 1, safe_text(r["loan_no"]))
            sheet.write_string(row_no, 2, safe_text(r["client"]))
            sheet.write_string(row_no, 3, safe_text(r["officer"]))
            sheet.write_number(row_no, 4, Decimal(r["balance_fen"]) / 100, money)
            sheet.write_string(row_no, 5, r["maturity_date"])
            sheet.write_number(row_no, 6, r["days_left"])
            sheet.write_string(row_no, 7, CLASS_ZH.get(r["classification"], safe_text(r["classification"])))
            sheet.write_number(row_no, 8, r["overdue_days"])
            sheet.write_string(row_no, 9, RENEWAL_KIND_ZH.get(r["renewal_kind"] or "", ""))
            sheet.write_string(row_no, 10, RENEWAL_STATUS_ZH.get(r["renewal_status"], safe_text(r["renewal_status"])))
            sheet.write_string(row_no, 11, safe_text(r["renewal_app_no"]))
            row_no += 1
        written = total
        if progress is not None:
            progress(total, total, f"{total:,} / {total:,}")
        sheet.autofilter(1, 0, max(row_no - 1, 1), len(HEADERS) - 1)
        workbook.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(Exception):  # already failing; the original error matters
            workbook.close()
        tmp.unlink(missing_ok=True)
        raise
    return written
