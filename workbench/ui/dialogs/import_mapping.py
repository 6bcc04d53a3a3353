"""The mapping step of the import wizard: one combo box per field, listing the file's columns."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from workbench.services.importing.fields import Field, fields_for
from workbench.services.importing.headers import SheetLayout

_NONE = -1


class ImportMappingPanel(QWidget):
    """Field → column choices. Required fields are marked; an unmapped one shows in red."""

    mapping_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = QFormLayout(self)
        self._combos: dict[str, QComboBox] = {}
        self._labels: dict[str, QLabel] = {}
        self._kind: str | None = None

    def _field_label(self, f: Field) -> str:
        text = f"{f.label_zh} {f.label_en}"
        return text + (" *" if f.required else "")

    def set_layout_info(self, layout: SheetLayout) -> None:
        """Rebuild the combos for ``layout``'s kind and headers, selecting its detected columns."""
        if self._kind != layout.kind:
            while self._form.rowCount():
                self._form.removeRow(0)
            self._combos.clear()
            self._labels.clear()
            for f in fields_for(layout.kind):
                combo = QComboBox(self)
                combo.setObjectName(f"map_{f.key}")
                combo.currentIndexChanged.connect(self._changed)
                label = QLabel(self._field_label(f), self)
                self._combos[f.key] = combo
                self._labels[f.key] = label
                self._form.addRow(label, combo)
            self._kind = layout.kind
        for key, combo in self._combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(not imported)"), _NONE)
            for col, header in enumerate(layout.headers):
                title = header or self.tr("column %1").replace("%1", str(col + 1))
                combo.addItem(title, col)
            col = layout.columns.get(key)
            combo.setCurrentIndex(0 if col is None else col + 1)
            combo.blockSignals(False)
        self._mark_required()

    def columns(self) -> dict[str, int]:
        """The chosen field → column (0-based)."""
        out = {}
        for key, combo in self._combos.items():
            col = combo.currentData()
            if col is not None and col != _NONE:
                out[key] = int(col)
        return out

    def set_columns(self, columns: dict[str, int]) -> None:
        for key, combo in self._combos.items():
            combo.blockSignals(True)
            col = columns.get(key)
            combo.setCurrentIndex(0 if col is None else col + 1)
            combo.blockSignals(False)
        self._changed()

    def choose(self, key: str, header: str) -> bool:
        """Select the column titled ``header`` for field ``key`` (what a user does by hand)."""
        combo = self._combos[key]
        index = combo.findText(header)
        if index < 0:
            return False
        combo.setCurrentIndex(index)
        return True

    def missing_required(self) -> list[str]:
        chosen = self.columns()
        return [f.key for f in fields_for(self._kind or "clients") if f.required and f.key not in chosen]

    def _changed(self) -> None:
        self._mark_required()
        self.mapping_changed.emit()

    def _mark_required(self) -> None:
        missing = set(self.missing_required())
        for key, label in self._labels.items():
            label.setStyleSheet("color: #c62828;" if key in missing else "")
