"""The packet preview dialog: pages shown, Save copies the PDF, Print paints every page."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel

from tests.services.packet.fixtures import apps  # noqa: F401 - the fixture
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs.packet_preview import PacketPreviewDialog


@pytest.fixture
def ctx(db_path, db, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return AppContext(db_path, db, CurrentUser("wangfang", "王芳", "officer"), settings)


def _open(qtbot, ctx, app_id) -> PacketPreviewDialog:
    dialog = PacketPreviewDialog(ctx, app_id)
    qtbot.addWidget(dialog)
    return dialog


def test_shows_every_page_and_saves(qtbot, ctx, apps, tmp_path):
    dialog = _open(qtbot, ctx, apps.short_id)
    assert not dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.packet_ready, timeout=15000) as ready:
        pass
    pages = ready.args[0]
    shown = [w for w in dialog.pages_box.findChildren(QLabel) if w.pixmap() and not w.pixmap().isNull()]
    assert pages >= 3 and len(shown) == pages
    assert shown[0].pixmap().width() > 800  # A4 at 110 dpi is ~910 px wide
    assert dialog.save_button.isEnabled() and dialog.print_button.isEnabled()
    assert "SQ-2025-0012" in dialog.windowTitle()

    dialog.ask_save_path = lambda default: str(tmp_path / "saved")  # the file dialog, answered
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save_button.click()
    target = tmp_path / "saved.pdf"
    assert saved.args[0] == str(target)
    reader = PdfReader(target)
    assert len(reader.pages) == pages
    assert "杭州鑫瑞智能科技有限公司" in reader.pages[0].extract_text()


def test_print_paints_each_page(qtbot, ctx, apps, tmp_path):
    dialog = _open(qtbot, ctx, apps.long_id)
    with qtbot.waitSignal(dialog.packet_ready, timeout=15000):
        pass
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    dialog.ask_printer = lambda: printer  # the print dialog, accepted
    with qtbot.waitSignal(dialog.printed, timeout=15000) as printed:
        dialog.print_button.click()
    assert printed.args[0] == dialog.page_count()
    assert len(PdfReader(out).pages) == dialog.page_count()


def test_unknown_application_shows_why(qtbot, ctx, apps):
    dialog = _open(qtbot, ctx, "SQ-NOPE")
    with qtbot.waitSignal(dialog.packet_failed, timeout=15000) as failed:
        pass
    assert "SQ-NOPE" in failed.args[0]
    assert "SQ-NOPE" in dialog.status.text()
    assert not dialog.save_button.isEnabled()


def test_close_removes_temporary_packet(qtbot, ctx, apps):
    dialog = _open(qtbot, ctx, apps.short_id)
    with qtbot.waitSignal(dialog.packet_ready, timeout=15000):
        pass
    built = dialog._built.pdf_path
    assert built.exists()
    dialog.reject()
    assert not built.exists()
