"""A clickable dashboard card: a caption above a large figure."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

CARD_STYLE = """
FigureCard { background: #ffffff; border: 1px solid #d5dbe3; border-radius: 6px; }
FigureCard:hover { border: 1px solid #1f6fb2; background: #f3f8fd; }
QLabel#caption { color: #4a5563; font-size: 10pt; }
QLabel#value { color: #12324f; font-size: 17pt; font-weight: bold; }
QLabel#detail { color: #6b7480; font-size: 9pt; }
"""


class FigureCard(QFrame):
    """Shows ``caption``, ``value`` and an optional ``detail`` line; emits ``clicked`` when clicked."""

    clicked = Signal()

    def __init__(self, caption: str, value: str, detail: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(CARD_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumHeight(84)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setObjectName("caption")
        self.value = QLabel(value)
        self.value.setObjectName("value")
        self.detail = QLabel(detail)
        self.detail.setObjectName("detail")
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.detail.setVisible(bool(detail))

    def text(self) -> str:
        """Caption, value and detail as one line (for tests and accessibility)."""
        return " ".join(t for t in (self.caption.text(), self.value.text(), self.detail.text()) if t)

    def click(self) -> None:
        self.clicked.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)
