"""Dates from spreadsheet cells: real dates, Excel serials and common Chinese text forms."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from workbench.domain.text import clean_text

# Excel's 1900 date system (with its fictional 1900-02-29) counts from 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateError(ValueError):
    """A value that is not a date we can read."""

    def __init__(self, value: object, reason_zh: str | None = None, reason_en: str | None = None) -> None:
        self.value = value
        self.reason_zh = reason_zh or f"“{value}”不是可识别的日期（如 2019-05-01、2019年5月1日）"
        self.reason_en = reason_en or f"{value!r} is not a recognisable date (e.g. 2019-05-01, 2019年5月1日)"
        super().__init__(self.reason_en)


def _from_serial(value: object, serial: float) -> date:
    if not 1 <= serial <= _MAX_SERIAL:
        raise DateError(value, f"数字 {value} 不是有效的 Excel 日期序号", f"{value!r} is not a valid Excel date serial")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _make(value: object, y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise DateError(value, f"日期“{value}”不存在", f"date {value!r} does not exist") from None


def parse_date(value: object) -> date:
    """A ``date`` from a date/datetime, an Excel serial (int/float), or text.

    Text forms: ``2019-05-01``, ``2019/5/1``, ``2019.05.01``, ``2019年5月1日``,
    ``20190501``, a time part after the date, full-width digits. An integer of
    eight digits is read as ``YYYYMMDD``. Raises :class:`DateError`.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        raise DateError(value, "日期为空", "the date is empty")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise DateError(value)
        if float(value).is_integer() and 10_000_000 <= value <= 99_991_231:
            m = _COMPACT.match(str(int(value)))
            if m:
                return _make(value, int(m[1]), int(m[2]), int(m[3]))
        return _from_serial(value, float(value))
    text = clean_text(value)
    if not text:
        raise DateError(value, "日期为空", "the date is empty")
    m = _YMD.match(text) or _COMPACT.match(text)
    if m:
        return _make(value, int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{1,7}(\.\d+)?", text):
        return _from_serial(value, float(text))
    raise DateError(value)


def format_date(value: date | None) -> str | None:
    """ISO text for SQLite, or None."""
    return value.isoformat() if value is not None else None
