"""The batch packets dialog: builds in the worker into a folder or one combined PDF."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings

from tests.services.packet.fixtures import apps  # noqa: F401 - the fixture
from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.dialogs.batch_packets import BatchPacketsDialog


@pytest.fixture
def dialog(qtbot, db_path, db, tmp_path, apps):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db_path, db, CurrentUser("wangfang", "王芳", "officer"), settings)
    d = BatchPacketsDialog(ctx)
    qtbot.addWidget(d)
    return d


def test_counts_applications_by_status(dialog):
    assert dialog.status_code() == "under_approval"
    assert "2" in dialog.count_label.text() and dialog.build_button.isEnabled()
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("under_review"))
    assert "0" in dialog.count_label.text() and not dialog.build_button.isEnabled()


def test_builds_into_a_folder(qtbot, dialog, tmp_path):
    folder = tmp_path / "packets"
    dialog.folder_edit.setText(str(folder))
    with qtbot.waitSignal(dialog.packets_built, timeout=30000) as built:
        dialog.build_button.click()
    assert len(built.args[0]) == 2
    names = sorted(p.name for p in folder.glob("*.pdf"))
    assert names == ["SQ-2025-0012_杭州鑫瑞智能科技有限公司.pdf", "SQ-2025-0013_杭州鑫瑞智能科技有限公司.pdf"]
    assert dialog.build_button.isEnabled()
    assert "2" in dialog.message.text()


def test_builds_one_combined_file(qtbot, dialog, tmp_path):
    target = tmp_path / "committee"
    dialog.combined_radio.setChecked(True)
    dialog.combined_edit.setText(str(target))
    with qtbot.waitSignal(dialog.packets_built, timeout=30000) as built:
        dialog.build_button.click()
    assert built.args[0] == [str(tmp_path / "committee.pdf")]
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "committee.pdf").pages)
    assert "SQ-2025-0012" in text and "SQ-2025-0013" in text


def test_cancel_keeps_nothing(qtbot, dialog, tmp_path):
    folder = tmp_path / "packets"
    dialog.folder_edit.setText(str(folder))
    handle = dialog.start()
    handle.cancel()  # as the progress dialog's Cancel does
    with qtbot.waitSignal(dialog.build_cancelled, timeout=30000):
        pass
    assert not folder.exists() or not list(folder.glob("*.pdf"))
    assert "Cancelled" in dialog.message.text() or "取消" in dialog.message.text()
