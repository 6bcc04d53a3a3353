"""Settings: officer name, branch name, the database file and the language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services.organisation import reporting_unit
from workbench.ui import i18n
from workbench.ui.context import AppContext


class SettingsDialog(QDialog):
    """Edits preferences; :meth:`values` gives what the window applies."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        settings = ctx.settings
        self.officer_edit = QLineEdit(str(settings.value("profile/officer", "") or ctx.user.display_name))
        self.officer_edit.setObjectName("officer")
        unit = reporting_unit(ctx.db)
        self.bank_edit = QLineEdit(unit.bank)
        self.bank_edit.setObjectName("bank")
        self.branch_edit = QLineEdit(unit.branch or str(settings.value("profile/branch", "") or ""))
        self.branch_edit.setObjectName("branch")
        for edit in (self.bank_edit, self.branch_edit):
            edit.setReadOnly(ctx.readonly)
            edit.setToolTip(self.tr("Printed on every report and approval packet of this portfolio"))
        self.db_edit = QLineEdit(str(ctx.db_path))
        self.db_edit.setObjectName("db_path")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        db_row = QWidget()
        row = QHBoxLayout(db_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.db_edit, 1)
        row.addWidget(browse)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        self.language_combo.addItem("简体中文", "zh_CN")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(i18n.saved_language(settings)), 0))

        form = QFormLayout()
        form.addRow(self.tr("Officer name"), self.officer_edit)
        form.addRow(self.tr("Bank"), self.bank_edit)
        form.addRow(self.tr("Branch"), self.branch_edit)
        form.addRow(self.tr("Database file"), db_row)
        form.addRow(self.tr("Language"), self.language_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 200)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Database file"), str(Path(self.db_edit.text()).parent),
            self.tr("Portfolio database (*.db *.sqlite)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.db_edit.setText(path)

    def values(self) -> dict:
        """officer, bank, branch, db_path (Path) and language ('zh_CN' or 'en')."""
        text = self.db_edit.text().strip()
        return {
            "officer": self.officer_edit.text().strip(),
            "bank": self.bank_edit.text().strip(),
            "branch": self.branch_edit.text().strip(),
            "db_path": Path(text) if text else None,
            "language": self.language_combo.currentData(),
        }
