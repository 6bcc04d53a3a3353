"""The Reports page: choose a report, its period, unit, officer and file; build it in a worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.services.errors import ServiceError
from workbench.services.reports import REPORTS, ReportRequest, ReportResult, build_report, check_report
from workbench.services.reports.common import officers
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.tasks import TaskHandle, run_task

LAST_DIR_KEY = "reports/last_dir"


def _previous_month(today: date) -> str:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def _ui_language() -> str:
    try:
        from workbench.ui.i18n import current_language

        return "en" if (current_language() or "zh").startswith("en") else "zh"
    except Exception:  # noqa: BLE001 - i18n not installed: the default language
        return "zh"


class ReportsPage(QWidget):
    """Builds the Excel submissions; shows what each report holds."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.language = _ui_language()
        self.task: TaskHandle | None = None
        self.last_result: ReportResult | None = None

        self.report_combo = QComboBox()
        self.report_combo.setObjectName("report_name")
        for spec in REPORTS.values():
            self.report_combo.addItem(spec.title(self.language), spec.name)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("report_description")
        self.period_edit = QLineEdit(_previous_month(date.today()))
        self.period_edit.setPlaceholderText(self.tr("2025-03, 2025-Q1 or 2025"))
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(self.tr("10,000 yuan (万元)"), "wan")
        self.unit_combo.addItem(self.tr("Yuan (元)"), "yuan")
        self.lang_combo = QComboBox()
        self.lang_combo.addItem(self.tr("Chinese"), "zh")
        self.lang_combo.addItem(self.tr("English"), "en")
        self.lang_combo.setCurrentIndex(1 if self.language == "en" else 0)
        self.officer_combo = QComboBox()
        self.full_data_check = QCheckBox(self.tr("Full ID numbers and phones (recorded in the audit log)"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why the full personal data is needed"))
        self.reason_edit.setEnabled(False)
        self.full_data_check.toggled.connect(self.reason_edit.setEnabled)
        self.full_data_check.setEnabled(not ctx.readonly)
        self.out_edit = QLineEdit()
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)

        self.build_button = QPushButton(self.tr("Build report"))
        self.build_button.setObjectName("build_report")
        self.build_button.clicked.connect(self.build)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("report_message")
        self.open_button = QPushButton(self.tr("Open file"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_file)

        form = QFormLayout()
        form.addRow(self.tr("Report"), self.report_combo)
        form.addRow("", self.description)
        form.addRow(self.tr("Period"), self.period_edit)
        form.addRow(self.tr("Officer"), self.officer_combo)
        form.addRow(self.tr("Amounts in"), self.unit_combo)
        form.addRow(self.tr("Sheet language"), self.lang_combo)
        form.addRow("", self.full_data_check)
        form.addRow(self.tr("Reason"), self.reason_edit)
        form.addRow(self.tr("Save as"), out_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.build_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.report_combo.currentIndexChanged.connect(self._report_changed)
        self.period_edit.textChanged.connect(self._suggest_file)
        self.refresh()
        self._report_changed()

    # --- page contract -------------------------------------------------
    def refresh(self) -> None:
        """Reload the officer list."""
        current = self.officer_combo.currentData()
        self.officer_combo.clear()
        self.officer_combo.addItem(self.tr("All officers"), None)
        for name in officers(self.ctx.db):
            self.officer_combo.addItem(name, name)
        index = self.officer_combo.findData(current)
        self.officer_combo.setCurrentIndex(max(index, 0))

    def apply_filter(self, **filters) -> None:
        """Preselect ``report``, ``period`` and/or ``officer`` (dashboard drill-down)."""
        if "report" in filters:
            self.report_combo.setCurrentIndex(max(self.report_combo.findData(filters["report"]), 0))
        if "period" in filters:
            self.period_edit.setText(str(filters["period"]))
        if "officer" in filters:
            index = self.officer_combo.findData(filters["officer"])
            self.officer_combo.setCurrentIndex(max(index, 0))
            if index < 0 and filters["officer"]:
                # never a silently wider report: say the name was not found
                self._show(self.tr("No officer called %1; all officers are selected.").replace("%1", str(filters["officer"])),
                           error=True)

    # --- choosing --------------------------------------------------------
    def _report_changed(self) -> None:
        spec = REPORTS[self.report_combo.currentData()]
        self.description.setText(spec.description(self.language))
        # only reports that show ID numbers or phones can unmask them
        may_unmask = spec.personal_data and not self.ctx.readonly
        if not may_unmask:
            self.full_data_check.setChecked(False)
        self.full_data_check.setEnabled(may_unmask)
        self._suggest_file()

    def _suggest_file(self) -> None:
        if self.out_edit.isModified():
            return  # the user typed a path: keep it
        folder = Path(str(self.ctx.settings.value(LAST_DIR_KEY, "") or Path.home()))
        spec = REPORTS[self.report_combo.currentData()]
        period = self.period_edit.text().strip() or "period"
        self.out_edit.setText(str(folder / f"{spec.title(self.language)}_{period}.xlsx"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report as"), self.out_edit.text(), self.tr("Excel workbook (*.xlsx)"))
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.out_edit.setText(path)
            self.out_edit.setModified(True)

    def request(self) -> ReportRequest:
        """The request the form describes."""
        return ReportRequest(
            period=self.period_edit.text().strip(),
            unit=self.unit_combo.currentData(),
            language=self.lang_combo.currentData(),
            officer=self.officer_combo.currentData(),
            full_personal_data=self.full_data_check.isChecked(),
            reason=self.reason_edit.text().strip() or None,
        )

    # --- building --------------------------------------------------------
    def build(self) -> None:
        """Check the form, then build the report in a worker with progress and Cancel."""
        name = self.report_combo.currentData()
        request = self.request()
        out = Path(self.out_edit.text().strip())
        try:
            # the same checks the worker's build makes (period not in the future, officer known, who may unmask)
            check_report(self.ctx.db, name, request, self.ctx.user.username)
        except ServiceError as exc:
            self._show(exc.message(self.language), error=True)
            return
        if not out.name or out.suffix.lower() != ".xlsx":
            self._show(self.tr("Choose an .xlsx file to save the report in."), error=True)
            return
        db_path, actor = self.ctx.db_path, self.ctx.user.username

        def work(progress, cancel) -> ReportResult:
            db = open_db(db_path)  # a connection belongs to the worker thread
            try:
                return build_report(db, name, out, request, actor, progress=progress, cancel=cancel)
            finally:
                db.close()

        self.build_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self._show(self.tr("Building…"))
        self.task = run_task(
            self, REPORTS[name].title(self.language), work, self._done, self._failed, on_cancelled=self._cancelled
        )

    def _done(self, result: ReportResult) -> None:
        self.last_result = result
        self.build_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.ctx.settings.setValue(LAST_DIR_KEY, str(result.path.parent))
        self._show(self.tr("Saved %1 (%2 rows).").replace("%1", str(result.path)).replace("%2", f"{result.rows:,}"))

    def _failed(self, exc: BaseException) -> None:
        self.build_button.setEnabled(True)
        text = exc.message(self.language) if isinstance(exc, ServiceError) else f"{type(exc).__name__}: {exc}"
        self._show(self.tr("The report could not be built: %1").replace("%1", text), error=True)

    def _cancelled(self) -> None:
        self.build_button.setEnabled(True)
        self._show(self.tr("Cancelled; no file was written."))

    def _show(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    def open_file(self) -> None:
        """Open the last report in the system's spreadsheet program."""
        if self.last_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_result.path)))
