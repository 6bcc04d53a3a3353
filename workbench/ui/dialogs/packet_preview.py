"""Preview of one application's approval packet, with Save and Print.

``PacketPreviewDialog(ctx, application_id, parent)``: builds the packet into
a temporary folder in the worker, shows its pages as images, saves a copy
where the user chooses, prints the page images through QPrintDialog.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.services.errors import ServiceError
from workbench.services.packet import build_packet, load_packet_data, packet_file_name
from workbench.store import open_db
from workbench.ui.context import AppContext
from workbench.ui.dialogs.packet_render import (
    MAX_PRINT_DPI,
    PREVIEW_DPI,
    print_images,
    render_pages,
)
from workbench.ui.i18n import current_language
from workbench.ui.tasks import TaskHandle, run_task


@dataclass
class _Built:
    pdf_path: Path
    default_name: str
    images: list[QImage]


def error_text(exc: BaseException) -> str:
    """A failure in the user's language (both languages when unsure)."""
    if isinstance(exc, ServiceError):
        return exc.message_en if current_language() == "en" else exc.message_zh
    return str(exc) or type(exc).__name__


class PacketPreviewDialog(QDialog):
    """The packet's pages, scrollable, with Save… and Print…."""

    packet_ready = Signal(int)  # number of pages shown
    packet_failed = Signal(str)
    saved = Signal(str)  # path written
    printed = Signal(int)  # pages sent to the printer

    def __init__(self, ctx: AppContext, application_id: int | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.application_id = application_id
        self.setWindowTitle(self.tr("Approval packet"))
        self.resize(1000, 860)
        self._tmp = tempfile.TemporaryDirectory(prefix="packet-preview-")
        self._built: _Built | None = None
        self._tasks: list[TaskHandle] = []
        self._closed = False

        self.status = QLabel(self.tr("Building the approval packet…"), self)
        self.pages_box = QWidget(self)
        self.pages_layout = QVBoxLayout(self.pages_box)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(12)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages_box)
        self.pages_box.setObjectName("packetPages")
        self.pages_box.setStyleSheet("#packetPages { background: #7a7a7a; }")

        self.save_button = QPushButton(self.tr("Save…"), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        for button in (self.save_button, self.print_button):
            button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save)
        self.print_button.clicked.connect(self._on_print)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self._start_build()

    # --- building -------------------------------------------------------------

    def _start_build(self) -> None:
        db_path, app_id, folder = self.ctx.db_path, self.application_id, Path(self._tmp.name)

        def work(progress, cancel) -> _Built:
            db = open_db(db_path, migrate=False)
            try:
                data = load_packet_data(db, app_id)
                name = packet_file_name(data.app_no, data.client["name"])
                pdf = build_packet(db, app_id, folder / name)
            finally:
                db.close()
            return _Built(pdf, name, render_pages(pdf, PREVIEW_DPI, cancel))

        self._tasks.append(
            run_task(self, self.tr("Approval packet"), work, self._show_built, self._show_error, show_progress=False)
        )

    def _show_built(self, built: _Built) -> None:
        if self._closed:
            return
        self._built = built
        for image in built.images:
            page = QLabel(self.pages_box)
            page.setPixmap(QPixmap.fromImage(image))
            page.setFrameShape(QLabel.Shape.Box)
            self.pages_layout.addWidget(page)
        self.status.setText(self.tr("%1 pages").replace("%1", str(len(built.images))))
        self.setWindowTitle(self.tr("Approval packet") + " — " + built.default_name.removesuffix(".pdf"))
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.packet_ready.emit(len(built.images))

    def _show_error(self, exc: BaseException) -> None:
        if self._closed:
            return
        text = error_text(exc)
        self.status.setText(self.tr("Could not build the packet: %1").replace("%1", text))
        self.packet_failed.emit(text)

    def page_count(self) -> int:
        return len(self._built.images) if self._built else 0

    # --- saving ---------------------------------------------------------------

    def ask_save_path(self, default_name: str) -> str | None:
        """Ask where to save (tests replace this)."""
        start = str(Path(str(self.ctx.settings.value("packet/last_dir", str(Path.home())))) / default_name)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save approval packet"), start, self.tr("PDF (*.pdf)"))
        return path or None

    def save_to(self, path: str | Path) -> Path:
        """Copy the built packet to ``path`` (``.pdf`` added when missing)."""
        if self._built is None:
            raise RuntimeError("packet not built yet")
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        shutil.copyfile(self._built.pdf_path, target)
        self.ctx.settings.setValue("packet/last_dir", str(target.parent))
        self.saved.emit(str(target))
        return target

    def _on_save(self) -> None:
        if self._built is None:
            return
        path = self.ask_save_path(self._built.default_name)
        if not path:
            return
        try:
            target = self.save_to(path)
        except OSError as exc:
            self.status.setText(self.tr("Could not save: %1").replace("%1", str(exc)))
            return
        self.status.setText(self.tr("Saved to %1").replace("%1", str(target)))

    # --- printing -------------------------------------------------------------

    def ask_printer(self) -> QPrinter | None:
        """Show the print dialog; the configured printer, or None when cancelled (tests replace this)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._built.default_name if self._built else "packet")
        dialog = QPrintDialog(printer, self)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_to(self, printer: QPrinter) -> None:
        """Render the pages at the printer's resolution (worker), then paint them (GUI thread)."""
        if self._built is None:
            return
        pdf = self._built.pdf_path
        dpi = max(72, min(printer.resolution(), MAX_PRINT_DPI))
        self.print_button.setEnabled(False)

        def done(images: list[QImage]) -> None:
            if self._closed:
                return
            self.print_button.setEnabled(True)
            try:
                pages = print_images(printer, images)
            except RuntimeError as exc:
                self._show_error(exc)
                return
            self.status.setText(self.tr("%1 pages sent to the printer").replace("%1", str(pages)))
            self.printed.emit(pages)

        def failed(exc: BaseException) -> None:
            if not self._closed:
                self.print_button.setEnabled(True)
                self._show_error(exc)

        self._tasks.append(
            run_task(self, self.tr("Printing"), lambda progress, cancel: render_pages(pdf, dpi, cancel), done, failed)
        )

    def _on_print(self) -> None:
        printer = self.ask_printer()
        if printer is not None:
            self.print_to(printer)

    # --- closing --------------------------------------------------------------

    def done(self, result: int) -> None:
        """Closing cancels running work and removes the temporary packet."""
        self._closed = True
        for handle in self._tasks:
            handle.cancel()
        for handle in self._tasks:
            handle.wait(10)
        self._tmp.cleanup()
        super().done(result)
