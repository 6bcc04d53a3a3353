"""Column descriptions shared by the table models: what a cell shows for a row dict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt

from workbench.ui.widgets.labels import YES_NO, label, local_time_text
from workbench.ui.widgets.money import rate_text, wan_text, yuan_text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """One column: ``key`` in the row dict, a translated ``header``, and how to show it.

    ``kind``: text | int | money (元) | wan (万元) | rate (bp) | bool | label (with ``labels``) |
    time (a stored UTC timestamp shown in local time).
    ``sort_key`` names the SQL sort column (None: not sortable).
    """

    key: str
    header: str
    kind: str = "text"
    labels: dict | None = None
    sort_key: str | None = None
    fn: Callable[[dict], str] | None = None

    def text(self, row: dict) -> str:
        if self.fn is not None:
            return self.fn(row)
        value = row.get(self.key)
        if self.kind == "money":
            return yuan_text(value)
        if self.kind == "wan":
            return wan_text(value)
        if self.kind == "rate":
            return rate_text(value)
        if self.kind == "bool":
            return label(YES_NO, bool(value)) if value is not None else ""
        if self.kind == "label":
            return label(self.labels or {}, value)
        if self.kind == "int":
            return "" if value is None else f"{int(value):,}"
        if self.kind == "time":
            return local_time_text(value)
        return "" if value is None else str(value)

    @property
    def alignment(self):
        if self.kind in ("money", "wan", "rate", "int"):
            return RIGHT
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
