"""Reporting periods: a month ``YYYY-MM``, a quarter ``YYYY-Qn`` or a year ``YYYY``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from workbench.services.errors import ValidationError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end] with the text the user gave."""

    label: str
    start: date
    end: date

    def year_earlier(self) -> Period:
        """The same period one year before (for year-on-year comparisons)."""
        return parse_period(_shift_label(self.label))

    def text(self, language: str = "zh") -> str:
        """The period for a report's header, e.g. ``2025-03（2025-03-01 至 2025-03-31）``."""
        joiner = " 至 " if language == "zh" else " to "
        left, right = ("（", "）") if language == "zh" else (" (", ")")
        return f"{self.label}{left}{self.start.isoformat()}{joiner}{self.end.isoformat()}{right}"


def _shift_label(label: str) -> str:
    year, rest = label[:4], label[4:]
    return f"{int(year) - 1:04d}{rest}"


def parse_period(text: str) -> Period:
    """Parse ``2025-03``, ``2025-Q1`` or ``2025``; raises ValidationError otherwise."""
    value = str(text).strip()
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return Period(f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last))
    elif m := _QUARTER.match(value):
        year, q = int(m[1]), int(m[2])
        start = date(year, 3 * q - 2, 1)
        end_month = 3 * q
        return Period(f"{year:04d}-Q{q}", start, date(year, end_month, calendar.monthrange(year, end_month)[1]))
    elif m := _YEAR.match(value):
        year = int(m[1])
        return Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31))
    raise ValidationError(
        "bad_period",
        f"报告期“{value}”无法识别：应为 年-月（2025-03）、年-季度（2025-Q1）或 年（2025）",
        f"report period {value!r} not understood: use a month (2025-03), a quarter (2025-Q1) or a year (2025)",
        field="period",
        value=value,
    )


def one_year_before(d: date) -> date:
    """The same day a year before (29 February becomes 28 February)."""
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def end_of_previous_year(d: date) -> date:
    """31 December of the year before ``d``: the 'start of the year' balance date."""
    return date(d.year, 1, 1) - timedelta(days=1)
