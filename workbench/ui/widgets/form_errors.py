"""Marking invalid input at the field: a red frame, the reason beneath, and a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "border: 1px solid #c62828;"


class FieldErrors:
    """Keeps, per field name, the editor and the label that shows its error."""

    def __init__(self) -> None:
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.current: dict[str, str] = {}

    def wrap(self, field: str, editor: QWidget) -> QWidget:
        """A container with ``editor`` above its (hidden) error label; put it in the form."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        message = QLabel()
        message.setObjectName(f"error_{field}")
        message.setStyleSheet("color: #c62828;")
        message.setWordWrap(True)
        message.hide()
        layout.addWidget(message)
        self.editors[field] = editor
        self.labels[field] = message
        return box

    def show(self, errors: dict[str, str]) -> None:
        """Show ``errors`` (field → message) and clear every other field."""
        self.current = dict(errors)
        for field, editor in self.editors.items():
            text = errors.get(field, "")
            label = self.labels[field]
            label.setText(text)
            label.setVisible(bool(text))
            editor.setStyleSheet(ERROR_STYLE if text else "")
            editor.setToolTip(text)

    def message(self, field: str) -> str:
        return self.current.get(field, "")
