"""How the packet writes amounts, rates, dates and blanks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from xml.sax.saxutils import escape

from workbench.domain.money import format_wan, format_yuan

CHINA_TZ = timezone(timedelta(hours=8))


def yuan(fen: int | None) -> str:
    """``123456`` → ``1,234.56``; ``—`` when unknown."""
    return "—" if fen is None else format_yuan(fen)


def yuan_and_wan(fen: int | None) -> str:
    """``1,000,000.00 元（100.00 万元）``."""
    if fen is None:
        return "—"
    return f"{format_yuan(fen)} 元（{format_wan(fen)} 万元）"


def percent(bp: int | None) -> str:
    """Basis points as a percentage: 385 → ``3.85%``."""
    if bp is None:
        return "—"
    sign = "-" if bp < 0 else ""
    whole, frac = divmod(abs(bp), 100)
    return f"{sign}{whole}.{frac:02d}%"


def spread(bp: int) -> str:
    """A spread over LPR: ``+ 75 BP`` / ``- 20 BP``."""
    return f"{'+' if bp >= 0 else '-'} {abs(bp)} BP"


def local_datetime(text: str | None) -> str:
    """A stored UTC ISO datetime shown in China time, to the minute."""
    if not text:
        return "—"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def chinese_date(day: date) -> str:
    """``2025年06月30日``."""
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def years_between(start_text: str | None, today: date) -> str:
    """Whole years in business since ``start_text`` (ISO date), e.g. ``8 年``."""
    if not start_text:
        return "—"
    try:
        start = date.fromisoformat(start_text)
    except ValueError:
        return start_text
    years = today.year - start.year - ((today.month, today.day) < (start.month, start.day))
    return f"{start_text}（{max(years, 0)} 年）"


def text(value: object) -> str:
    """Any value as paragraph-safe text (XML-escaped, line breaks kept); ``—`` for blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "—"
    return escape(str(value).strip()).replace("\n", "<br/>")


def count(value: int | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:,}{unit}"
