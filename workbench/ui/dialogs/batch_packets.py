"""Batch packets: the approval packets of every application waiting for a committee,
into one folder (a PDF each) or one combined PDF, in the worker with progress and Cancel.

``BatchPacketsDialog(ctx, parent)``; the main window opens it from a menu action.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services.packet import application_ids_with_status, build_packets
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.dialogs.packet_preview import error_text
from workbench.ui.tasks import TaskHandle, run_task


class BatchPacketsDialog(QDialog):
    """Choose the status and the target, then Build."""

    packets_built = Signal(list)  # paths written
    build_failed = Signal(str)
    build_cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.handle: TaskHandle | None = None
        self.setWindowTitle(self.tr("Batch approval packets"))
        self.resize(620, 260)

        self.status_combo = QComboBox(self)
        for code, text in (
            ("under_approval", self.tr("Waiting for approval")),
            ("under_review", self.tr("Under risk review")),
            ("approved", self.tr("Approved")),
        ):
            self.status_combo.addItem(text, code)
        self.status_combo.currentIndexChanged.connect(self.refresh_count)
        self.count_label = QLabel(self)

        self.folder_radio = QRadioButton(self.tr("One PDF per application, into a folder"), self)
        self.combined_radio = QRadioButton(self.tr("All packets in one combined PDF"), self)
        self.folder_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.folder_radio)
        group.addButton(self.combined_radio)
        last_dir = str(self.ctx.settings.value("packet/last_dir", str(Path.home())))
        self.folder_edit = QLineEdit(str(Path(last_dir) / "packets"), self)
        self.combined_edit = QLineEdit(str(Path(last_dir) / "approval_packets.pdf"), self)
        folder_browse = QPushButton(self.tr("Browse…"), self)
        folder_browse.clicked.connect(self._browse_folder)
        combined_browse = QPushButton(self.tr("Browse…"), self)
        combined_browse.clicked.connect(self._browse_combined)

        self.folder_radio.toggled.connect(self._sync_targets)
        self._folder_browse, self._combined_browse = folder_browse, combined_browse
        self._sync_targets()

        form = QFormLayout()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_combo, 1)
        status_row.addWidget(self.count_label)
        form.addRow(self.tr("Applications"), status_row)
        form.addRow(self.folder_radio)
        form.addRow(self.tr("Folder"), self._row(self.folder_edit, folder_browse))
        form.addRow(self.combined_radio)
        form.addRow(self.tr("File"), self._row(self.combined_edit, combined_browse))

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.build_button = QPushButton(self.tr("Build"), self)
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.start)
        close_button = QPushButton(self.tr("Close"), self)
        close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.build_button)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.refresh_count()

    @staticmethod
    def _row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        return row

    def _sync_targets(self) -> None:
        folder = self.folder_radio.isChecked()
        for widget in (self.folder_edit, self._folder_browse):
            widget.setEnabled(folder)
        for widget in (self.combined_edit, self._combined_browse):
            widget.setEnabled(not folder)

    def status_code(self) -> str:
        return str(self.status_combo.currentData())

    def refresh_count(self) -> None:
        """Show how many applications the chosen status holds (a quick indexed count)."""
        n = len(application_ids_with_status(self.ctx.db, self.status_code()))
        self.count_label.setText(self.tr("%1 application(s)").replace("%1", str(n)))
        self.build_button.setEnabled(n > 0)

    def _browse_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the packets"), self.folder_edit.text())
        if path:
            self.folder_edit.setText(path)
            self.folder_radio.setChecked(True)

    def _browse_combined(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Combined packet file"), self.combined_edit.text(), self.tr("PDF (*.pdf)")
        )
        if path:
            self.combined_edit.setText(path)
            self.combined_radio.setChecked(True)

    def start(self) -> TaskHandle | None:
        """Build in the worker: progress per packet, Cancel removes what was written."""
        if self.handle is not None:
            return None
        db_path, status = self.ctx.db_path, self.status_code()
        folder = self.folder_edit.text().strip() if self.folder_radio.isChecked() else None
        combined = self.combined_edit.text().strip() if self.combined_radio.isChecked() else None
        if not (folder or combined):
            self.message.setText(self.tr("Choose a folder or a file first."))
            return None
        if combined and not combined.lower().endswith(".pdf"):
            combined += ".pdf"

        def work(progress, cancel) -> list[Path]:
            db = open_db(db_path, migrate=False)
            try:
                ids = application_ids_with_status(db, status)
                return build_packets(db, ids, out_dir=folder, combined=combined, progress=progress, cancel=cancel)
            finally:
                db.close()

        self.build_button.setEnabled(False)
        self.message.setText(self.tr("Building…"))
        self.handle = run_task(
            self, self.tr("Building approval packets"), work, self._done, self._failed, on_cancelled=self._cancelled
        )
        return self.handle

    def _finish(self) -> None:
        self.handle = None
        self.build_button.setEnabled(True)

    def _done(self, paths: list[Path]) -> None:
        self._finish()
        where = str(paths[0] if self.combined_radio.isChecked() and paths else Path(self.folder_edit.text()))
        self.ctx.settings.setValue("packet/last_dir", str(Path(where).parent if paths else where))
        self.message.setText(self.tr("%1 file(s) written: %2").replace("%1", str(len(paths))).replace("%2", where))
        self.packets_built.emit([str(p) for p in paths])

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        text = error_text(exc)
        self.message.setText(self.tr("Could not build the packets: %1").replace("%1", text))
        self.build_failed.emit(text)

    def _cancelled(self) -> None:
        self._finish()
        self.message.setText(self.tr("Cancelled; no packet was kept."))
        self.build_cancelled.emit()

    def done(self, result: int) -> None:
        """Closing cancels a running build and waits for it (files are removed)."""
        if self.handle is not None:
            self.handle.cancel()
            self.handle.wait(30)
        super().done(result)
