"""The error workbook: rejected rows as they were in the file, plus why.

Columns: the file's row number, the original header's cells, then the
column at fault and the reason in Chinese and English. Text that a
spreadsheet would run as a formula (= + - @) is written as a string cell
with Excel's quote prefix, so it shows exactly as it was and stays text
when edited.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import xlsxwriter

from workbench.domain.text import FORMULA_PREFIXES
from workbench.services.importing.cleaning import Rejection


def _cell(value: object) -> object:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def write_error_workbook(path: str | Path, headers: list[str], rejections: list[Rejection]) -> Path:
    """Write the rejected rows to ``path`` (.xlsx) and return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    try:
        sheet = book.add_worksheet("rejected 未导入")
        bold = book.add_format({"bold": True})
        head = ["行号 Row", *[_cell(h) for h in headers], "问题列 Column", "原因 Reason", "Reason (English)", "代码 Code"]
        as_text = book.add_format({"quote_prefix": True})
        sheet.write_row(0, 0, head, bold)
        width = len(headers)
        for i, rej in enumerate(rejections, start=1):
            raw = list(rej.raw[:width]) + [""] * max(0, width - len(rej.raw))
            cells = [rej.row_no, *[_cell(v) for v in raw], _cell(rej.header), rej.reason_zh, rej.reason_en, rej.code]
            for col, value in enumerate(cells):
                if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
                    sheet.write_string(i, col, value, as_text)
                elif value is None or value == "":
                    continue
                else:
                    sheet.write(i, col, value)
        sheet.freeze_panes(1, 0)
    finally:
        book.close()
    return path
