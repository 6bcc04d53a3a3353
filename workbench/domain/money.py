"""Money as integer fen: exact parsing of spreadsheet values and display.

``parse_fen`` never rounds: a value that is not a whole number of fen after
applying its unit is rejected with a reason. Floats (calamine returns every
number as a float) are read through ``repr`` so 0.1+0.2-style noise does
not become a wrong fen. A float is read as ``Decimal(repr(x))``; when that
is not whole fen, it is read again at 15 significant digits (what Excel
keeps), so binary noise such as ``0.1 + 0.2 == 0.30000000000000004``
becomes 30 fen, while a real third decimal (``1.001`` 元) is still rejected.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from workbench.domain.text import clean_text

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000
FEN_PER_YI = 10_000_000_000
UNITS = {"yuan": FEN_PER_YUAN, "wan": FEN_PER_WAN, "yi": FEN_PER_YI}

# Longest suffixes first so 万元 is not read as 元.
_SUFFIXES = (
    ("亿元", FEN_PER_YI),
    ("万元", FEN_PER_WAN),
    ("亿", FEN_PER_YI),
    ("万", FEN_PER_WAN),
    ("元", FEN_PER_YUAN),
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class MoneyError(ValueError):
    """A value that is not an exact amount of money."""

    def __init__(self, value: object, reason_zh: str, reason_en: str) -> None:
        self.value = value
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        super().__init__(f"{reason_en}: {value!r}")


def _scale(unit: str) -> int:
    try:
        return UNITS[unit]
    except KeyError:
        raise ValueError(f"unknown money unit {unit!r} (expected yuan, wan or yi)") from None


def _decimal_from_text(value: object, text: str, unit: str) -> tuple[Decimal, int]:
    scale = _scale(unit)
    text = text.replace(",", "").replace("，", "").replace(" ", "").replace("¥", "").replace("￥", "")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = text.replace("−", "-")
    for suffix, suffix_scale in _SUFFIXES:
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], suffix_scale
            break
    if not _NUMBER.match(text):
        raise MoneyError(value, f"“{value}”不是金额", f"{value!r} is not an amount of money")
    number = Decimal(text)
    return (-number if negative else number), scale


def parse_fen(value: object, unit: str = "yuan") -> int:
    """Exact fen from an int, float, Decimal or text.

    Text may carry thousands separators, full-width digits, a currency sign,
    parentheses for negatives, and a unit suffix (元, 万, 万元, 亿, 亿元) that
    overrides ``unit`` (the column's unit: "yuan" or "wan").
    Raises :class:`MoneyError` for empty, non-numeric, non-finite values and
    amounts that are not a whole number of fen.
    """
    if isinstance(value, bool) or value is None:
        raise MoneyError(value, "金额为空或无效", "no amount given")
    scale = _scale(unit)
    try:
        if isinstance(value, int):
            return value * scale
        if isinstance(value, float):
            if not math.isfinite(value):
                raise MoneyError(value, f"“{value}”不是金额", f"{value!r} is not an amount of money")
            number = Decimal(repr(value))
            if number * scale != (number * scale).to_integral_value():
                number = Decimal(format(value, ".15g"))
        elif isinstance(value, Decimal):
            if not value.is_finite():
                raise MoneyError(value, f"“{value}”不是金额", f"{value!r} is not an amount of money")
            number = value
        else:
            text = clean_text(value)
            if not text:
                raise MoneyError(value, "金额为空", "the amount is empty")
            number, scale = _decimal_from_text(value, text, unit)
        fen = number * scale
    except InvalidOperation:
        raise MoneyError(value, f"“{value}”不是金额", f"{value!r} is not an amount of money") from None
    if fen != fen.to_integral_value():
        raise MoneyError(
            value,
            f"金额“{value}”不是整分（小数位过多，不会四舍五入）",
            f"amount {value!r} is not a whole number of fen (too many decimals; it is not rounded)",
        )
    return int(fen)


def fen_to_yuan(fen: int) -> Decimal:
    """Fen as an exact Decimal of 元 (two places)."""
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def fen_to_wan(fen: int) -> Decimal:
    """Fen as an exact Decimal of 万元 (six places)."""
    return (Decimal(fen) / FEN_PER_WAN).quantize(Decimal("0.000001"))


def format_yuan(fen: int) -> str:
    """``123456`` → ``"1,234.56"`` (negative with a leading minus)."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), FEN_PER_YUAN)
    return f"{sign}{yuan:,}.{cents:02d}"


def format_wan(fen: int, places: int = 2) -> str:
    """Fen shown in 万元 with ``places`` decimals, rounded half-up: 1234567 → ``"1.23"``."""
    quantum = Decimal(1).scaleb(-places)
    wan = (Decimal(int(fen)) / FEN_PER_WAN).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{wan:,.{places}f}"
