"""Showing integer fen as 元 / 万元 in tables and labels."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from workbench.domain.money import format_wan, format_yuan


def yuan_text(fen: int | None) -> str:
    """``123456`` → ``"1,234.56"``; '' for None."""
    return "" if fen is None else format_yuan(int(fen))


def wan_text(fen: int | None, places: int = 2) -> str:
    """Fen in 万元 (half-up): ``1234567`` → ``"1.23"``; '' for None."""
    return "" if fen is None else format_wan(int(fen), places)


def rate_text(bp: int | None) -> str:
    """Basis points as a percentage: ``385`` → ``"3.85%"``."""
    return "" if bp is None else f"{bp // 100}.{bp % 100:02d}%"


class MoneyDelegate(QStyledItemDelegate):
    """Shows an int fen value (DisplayRole) as 元 — or 万元 with ``unit="wan"`` — right-aligned."""

    def __init__(self, parent=None, unit: str = "yuan") -> None:
        super().__init__(parent)
        self.unit = unit

    def displayText(self, value, locale: QLocale) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return wan_text(value) if self.unit == "wan" else yuan_text(value)
        return super().displayText(value, locale)

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
