"""The error workbook: rejected rows as they were in the file, plus why.

Columns: the file's row number, the original header's cells (amount columns
with their unit written into the header, see :func:`error_headers`), then the
column at fault and the reason in Chinese and English. Text that a
spreadsheet would run as a formula (= + - @) is written as a string cell
with Excel's quote prefix, so it shows exactly as it was and stays text
when edited.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

import xlsxwriter

from workbench.domain.text import FORMULA_PREFIXES
from workbench.services.importing.cleaning import Rejection
from workbench.services.importing.headers import SheetLayout, unit_of_text


def _cell(value: object) -> object:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


_UNIT_LABELS = {"yuan": "元", "wan": "万元", "yi": "亿元"}
_BRACKET_UNIT = re.compile(r"[(（\[【]([^)）\]】]*)[)）\]】]")


def error_headers(layout: SheetLayout) -> list[str]:
    """The file's header cells, each amount column carrying its unit in its own text.

    The unit may have come from a line above the header (金额单位：万元) or a group
    header, which the error workbook does not copy: without this a fixed row read
    back in 元 would be 10,000 times too small."""
    headers = [h if isinstance(h, str) else ("" if h is None else str(h)) for h in layout.headers]
    for key, unit in layout.units.items():
        col = layout.columns.get(key)
        if col is None or col >= len(headers) or unit not in _UNIT_LABELS:
            continue
        m = _BRACKET_UNIT.search(headers[col])
        if m and unit_of_text(m.group(1)) == unit:
            continue
        headers[col] = f"{_BRACKET_UNIT.sub('', headers[col]).strip()}（{_UNIT_LABELS[unit]}）"
    return headers


@contextmanager
def discard_on_error() -> Iterator[Callable[[Path], Path]]:
    """Yields ``written(path)`` to note a file made in the block; if the block raises
    (a cancelled or failed import), the files noted are deleted again."""
    made: list[Path] = []

    def written(path: Path) -> Path:
        made.append(path)
        return path

    try:
        yield written
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise


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
