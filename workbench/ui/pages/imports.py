"""The import page: a wizard — file → sheet and mapping → preview → commit → result.

Reading, previewing and committing run through :func:`workbench.ui.tasks.run_task`
(progress dialog with Cancel; a cancelled commit has written nothing). Each
task opens its own database connection.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.services.errors import ServiceError
from workbench.services.importing import clients as client_import
from workbench.services.importing import loans as loan_import
from workbench.services.importing.common import ImportResult, LoadedSheet, load_sheet
from workbench.services.importing.headers import columns_from_template, layout_for, remap
from workbench.services.importing.reading import size_warning
from workbench.services.importing.templates import default_errors_path, list_templates, load_template, save_template
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.dialogs.import_mapping import ImportMappingPanel
from workbench.ui.i18n import saved_language
from workbench.ui.tasks import run_task

STEP_FILE, STEP_MAPPING, STEP_PREVIEW, STEP_RESULT = range(4)
MAX_LISTED = 300


class ImportPage(QWidget):
    """Import a client list or a core-banking loan export, with preview and an error workbook."""

    navigate_requested = Signal(str, dict)
    data_changed = Signal()
    import_finished = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded: LoadedSheet | None = None
        self.plan = None
        self.result: ImportResult | None = None
        self.task = None
        self.stack = QStackedWidget(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        outer = QVBoxLayout(self)
        title = QLabel(self.tr("Import a client list or a core-banking loan export"), self)
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        outer.addWidget(title)
        outer.addWidget(self.stack, 1)
        outer.addWidget(self.message)
        self.stack.addWidget(self._file_step())
        self.stack.addWidget(self._mapping_step())
        self.stack.addWidget(self._preview_step())
        self.stack.addWidget(self._result_step())

    # --- steps -------------------------------------------------------------------------------

    def _file_step(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        self.kind_combo = QComboBox(w)
        self.kind_combo.addItem(self.tr("Client list (upsert on USCC)"), "clients")
        self.kind_combo.addItem(self.tr("Core-banking loan export (by loan number)"), "loans")
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.file_edit = QLineEdit(w)
        self.file_edit.setPlaceholderText(self.tr(".xlsx, .xls or .csv file"))
        browse = QPushButton(self.tr("Browse…"), w)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        self.as_of_from_file = QCheckBox(self.tr("Take the balance date from the file"), w)
        self.as_of_from_file.setChecked(True)
        self.as_of_edit = QDateEdit(QDate.currentDate(), w)
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_from_file.toggled.connect(lambda on: self.as_of_edit.setEnabled(not on))
        self.as_of_edit.setEnabled(False)
        self.as_of_row = QWidget(w)
        as_of = QHBoxLayout(self.as_of_row)
        as_of.setContentsMargins(0, 0, 0, 0)
        as_of.addWidget(QLabel(self.tr("Balances as of:"), self.as_of_row))
        as_of.addWidget(self.as_of_edit)
        as_of.addWidget(self.as_of_from_file)
        as_of.addStretch(1)
        self.as_of_row.setVisible(False)
        self.next_button = QPushButton(self.tr("Read the file"), w)
        self.next_button.clicked.connect(self.read_file)
        lay.addWidget(QLabel(self.tr("What to import:"), w))
        lay.addWidget(self.kind_combo)
        lay.addWidget(QLabel(self.tr("File:"), w))
        lay.addLayout(row)
        lay.addWidget(self.as_of_row)
        lay.addStretch(1)
        lay.addWidget(self.next_button)
        return w

    def _mapping_step(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Sheet:"), w))
        self.sheet_combo = QComboBox(w)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        top.addWidget(self.sheet_combo, 1)
        self.layout_label = QLabel(w)
        top.addWidget(self.layout_label, 2)
        lay.addLayout(top)
        self.mapping = ImportMappingPanel(w)
        self.mapping.mapping_changed.connect(self._mapping_changed)
        scroll = QScrollArea(w)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping)
        lay.addWidget(scroll, 1)
        tpl = QHBoxLayout()
        self.template_combo = QComboBox(w)
        load = QPushButton(self.tr("Apply template"), w)
        load.clicked.connect(self._apply_template)
        self.template_name = QLineEdit(w)
        self.template_name.setPlaceholderText(self.tr("template name"))
        self.save_template_button = QPushButton(self.tr("Save mapping as template"), w)
        self.save_template_button.clicked.connect(self._save_template)
        for widget in (QLabel(self.tr("Template:"), w), self.template_combo, load, self.template_name, self.save_template_button):
            tpl.addWidget(widget)
        lay.addLayout(tpl)
        buttons = QHBoxLayout()
        back = QPushButton(self.tr("Back"), w)
        back.clicked.connect(lambda: self.stack.setCurrentIndex(STEP_FILE))
        self.preview_button = QPushButton(self.tr("Preview"), w)
        self.preview_button.clicked.connect(self.preview)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        lay.addLayout(buttons)
        return w

    def _preview_step(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        self.preview_summary = QLabel(w)
        self.preview_summary.setWordWrap(True)
        self.preview_details = QPlainTextEdit(w)
        self.preview_details.setReadOnly(True)
        buttons = QHBoxLayout()
        back = QPushButton(self.tr("Back"), w)
        back.clicked.connect(lambda: self.stack.setCurrentIndex(STEP_MAPPING))
        self.commit_button = QPushButton(self.tr("Import"), w)
        self.commit_button.clicked.connect(self.commit)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.commit_button)
        lay.addWidget(self.preview_summary)
        lay.addWidget(self.preview_details, 1)
        lay.addLayout(buttons)
        return w

    def _result_step(self) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        self.result_summary = QLabel(w)
        self.result_summary.setWordWrap(True)
        self.open_errors_button = QPushButton(self.tr("Open the error workbook"), w)
        self.open_errors_button.clicked.connect(self.open_error_workbook)
        again = QPushButton(self.tr("Import another file"), w)
        again.clicked.connect(self.restart)
        lay.addWidget(self.result_summary)
        lay.addWidget(self.open_errors_button)
        lay.addStretch(1)
        lay.addWidget(again)
        return w

    # --- page protocol ------------------------------------------------------------------------

    def refresh(self) -> None:
        kind = self.kind()
        self.template_combo.clear()
        self.template_combo.addItems(list_templates(self.ctx.db, kind))

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def restart(self) -> None:
        self.loaded = self.plan = self.result = None
        self.message.clear()
        self.stack.setCurrentIndex(STEP_FILE)

    # --- actions ------------------------------------------------------------------------------

    def _lang(self) -> str:
        return saved_language(self.ctx.settings)

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, ServiceError):
            self.message.setText(exc.message(self._lang()))
        else:
            self.message.setText(self.tr("Unexpected error: %1").replace("%1", f"{type(exc).__name__}: {exc}"))

    def _cancelled(self) -> None:
        self.message.setText(self.tr("Cancelled; nothing was written."))

    def _kind_changed(self) -> None:
        self.as_of_row.setVisible(self.kind() == "loans")
        self.refresh()

    def _browse(self) -> None:
        start = str(self.ctx.settings.value("import/last_dir", "") or "")
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a file to import"), start, self.tr("Spreadsheets (*.xlsx *.xls *.ods *.csv);;All files (*)")
        )
        if path:
            self.file_edit.setText(path)
            self.ctx.settings.setValue("import/last_dir", str(Path(path).parent))

    def read_file(self) -> None:
        """Step 1 → 2: open the file and find its header (worker thread)."""
        path = self.file_edit.text().strip()
        if not path:
            self.message.setText(self.tr("Choose a file first."))
            return
        self.message.clear()
        warning = size_warning(path)
        if warning and not self.confirm_large_file(warning):
            return
        kind = self.kind()
        self.task = run_task(
            self, self.tr("Reading the file…"), lambda progress, cancel: load_sheet(path, kind, fallback=True),
            self._file_read, self._show_error, on_cancelled=self._cancelled,
        )

    def confirm_large_file(self, warning: str) -> bool:
        """Ask before reading a file that needs a lot of memory (tests monkeypatch this)."""
        answer = QMessageBox.question(self, self.tr("Large file"), warning + "\n\n" + self.tr("Read it anyway?"))
        return answer == QMessageBox.StandardButton.Yes

    def _file_read(self, loaded: LoadedSheet) -> None:
        self.loaded = loaded
        self.sheet_combo.clear()
        self.sheet_combo.addItems(loaded.book.sheet_names)
        self.sheet_combo.setCurrentText(loaded.layout.sheet)
        self._show_layout()
        self.refresh()
        self.stack.setCurrentIndex(STEP_MAPPING)

    def _show_layout(self) -> None:
        layout = self.loaded.layout
        text = self.tr("Header found on row %1.").replace("%1", str(layout.header_row + 1))
        if layout.header_guessed:
            text = self.tr("No recognisable header: row %1 is taken as the header; map the columns by hand.").replace(
                "%1", str(layout.header_row + 1)
            )
        elif layout.unsure_sheet:
            text += " " + self.tr("Several sheets look like data: check the sheet.")
        if self.loaded.book.memory_warning:
            text += " " + self.loaded.book.memory_warning
        self.layout_label.setText(text)
        self.mapping.set_layout_info(layout)
        self._mapping_changed()

    def _sheet_chosen(self) -> None:
        sheet = self.sheet_combo.currentText()
        loaded = self.loaded
        if loaded is None or sheet == loaded.layout.sheet:
            return

        def relayout(progress, cancel):
            rows = loaded.book.rows(sheet)
            return layout_for(rows, loaded.kind, sheet, mapping=None, merged=loaded.book.merged_ranges(sheet))

        def done(layout):
            loaded.layout = layout
            self._show_layout()

        self.task = run_task(self, self.tr("Reading the sheet…"), relayout, done, self._show_error, on_cancelled=self._cancelled)

    def _mapping_changed(self) -> None:
        missing = self.mapping.missing_required()
        self.preview_button.setEnabled(not missing and self.loaded is not None)
        if missing:
            self.message.setText(self.tr("Map the required columns marked * by hand."))
        else:
            self.message.clear()

    def _apply_template(self) -> None:
        name = self.template_combo.currentText()
        if not name or self.loaded is None:
            return
        try:
            _kind, mapping = load_template(self.ctx.db, name)
        except ServiceError as exc:
            self._show_error(exc)
            return
        self.mapping.set_columns(columns_from_template(self.loaded.layout, mapping))

    def _save_template(self) -> None:
        if self.loaded is None:
            return
        headers = self.loaded.layout.headers
        mapping = {key: headers[col] for key, col in self.mapping.columns().items() if col < len(headers)}
        try:
            save_template(self.ctx.db, self.template_name.text(), self.kind(), mapping, self.ctx.user.username)
        except ServiceError as exc:
            self._show_error(exc)
            return
        self.refresh()
        self.template_combo.setCurrentText(self.template_name.text().strip())
        self.message.setText(self.tr("Template saved."))

    def _as_of(self) -> date | None:
        if self.kind() != "loans" or self.as_of_from_file.isChecked():
            return None
        return self.as_of_edit.date().toPython()

    def preview(self) -> None:
        """Step 2 → 3: clean every row and diff against the database (worker thread)."""
        loaded = self.loaded
        if loaded is None:
            return
        loaded.layout = remap(loaded.layout, loaded.rows, self.mapping.columns(), loaded.book.merged_ranges(loaded.layout.sheet))
        db_path, kind, as_of = self.ctx.db_path, loaded.kind, self._as_of()

        def work(progress, cancel):
            db = open_db(db_path)
            try:
                if kind == "clients":
                    return client_import.preview_clients(db, loaded, progress, cancel)
                return loan_import.preview_loans(db, loaded, as_of, progress, cancel)
            finally:
                db.close()

        self.message.clear()
        self.task = run_task(self, self.tr("Checking every row…"), work, self._previewed, self._show_error, on_cancelled=self._cancelled)

    def _counts_text(self, counts: dict, as_of: str | None, done: bool = False) -> str:
        if done:
            text = self.tr(
                "Rows in file: %1 — added: %2, updated: %3, unchanged: %4, rejected: %5, "
                "skipped (blank or totals): %6, repeated in file (later row won): %7"
            )
        else:
            text = self.tr(
                "Rows in file: %1 — to add: %2, to update: %3, unchanged: %4, rejected: %5, "
                "skipped (blank or totals): %6, repeated in file (later row wins): %7"
            )
        for i, key in enumerate(("rows_in_file", "added", "updated", "unchanged", "rejected", "skipped_rows", "duplicates_in_file"), 1):
            text = text.replace(f"%{i}", str(counts[key]))
        if as_of:
            text += "\n" + self.tr("Balances as of %1").replace("%1", as_of)
        return text

    def _previewed(self, plan) -> None:
        self.plan = plan
        counts = plan.counts()
        self.preview_counts = counts
        self.preview_summary.setText(self._counts_text(counts, getattr(plan, "as_of", None)))
        en = self._lang().startswith("en")
        lines: list[str] = []
        for item in plan.updates[:MAX_LISTED]:
            name = item.get("name") or item.get("loan_no")
            lines.append(self.tr("update %1: %2").replace("%1", str(name)).replace("%2", ", ".join(item["changes"])))
        rejected = getattr(plan, "rejected", None) or plan.cleaned.rejected
        for rej in rejected[:MAX_LISTED]:
            reason = rej.reason_en if en else rej.reason_zh
            lines.append(self.tr("row %1, %2 = %3: %4").replace("%1", str(rej.row_no)).replace("%2", rej.header)
                         .replace("%3", str(rej.value)).replace("%4", reason))
        for dup in plan.duplicates[:MAX_LISTED]:
            lines.append(self.tr("row %1 repeated by row %2 (the later row wins)").replace("%1", str(dup["row"]))
                         .replace("%2", str(dup["superseded_by_row"])))
        for dis in getattr(plan, "disagreements", [])[:MAX_LISTED]:
            lines.append(dis["reason_en"] if en else f"{dis['loan_no']}: {dis['reason_zh']}")
        self.preview_details.setPlainText("\n".join(lines))
        self.commit_button.setEnabled(counts["added"] + counts["updated"] > 0 or counts["rejected"] > 0)
        self.stack.setCurrentIndex(STEP_PREVIEW)

    def commit(self) -> None:
        """Step 3 → 4: write everything in one transaction (worker thread); Cancel writes nothing."""
        plan = self.plan
        if plan is None:
            return
        db_path, actor, kind = self.ctx.db_path, self.ctx.user.username, self.loaded.kind
        rejected = getattr(plan, "rejected", None) or plan.cleaned.rejected
        errors_path = default_errors_path(self.loaded.path) if rejected else None

        def work(progress, cancel):
            db = open_db(db_path)
            try:
                if kind == "clients":
                    return client_import.commit_clients(db, plan, actor, errors_path, progress, cancel)
                return loan_import.commit_loans(db, plan, actor, errors_path, progress, cancel)
            finally:
                db.close()

        self.task = run_task(self, self.tr("Importing…"), work, self._committed, self._show_error, on_cancelled=self._cancelled)

    def _committed(self, result: ImportResult) -> None:
        self.result = result
        text = self.tr("Import finished.") + "\n" + self._counts_text(result.as_dict(details=False), result.as_of, done=True)
        if result.errors_file:
            text += "\n" + self.tr("Rejected rows were saved to %1").replace("%1", result.errors_file)
        for warning in result.warnings:
            text += "\n" + warning
        self.result_summary.setText(text)
        self.open_errors_button.setEnabled(bool(result.errors_file))
        self.stack.setCurrentIndex(STEP_RESULT)
        self.data_changed.emit()
        self.import_finished.emit(result)

    def open_error_workbook(self) -> None:
        if self.result is not None and self.result.errors_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.result.errors_file))
