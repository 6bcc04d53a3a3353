"""The import wizard, driven like a user: file → mapping → preview → commit → result."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QDesktopServices
from stdnum.cn import uscc as stdnum_uscc

from workbench.ui.context import AppContext, CurrentUser
from workbench.ui.pages.imports import STEP_MAPPING, STEP_PREVIEW, STEP_RESULT, ImportPage

WAIT_MS = 20_000


def _uscc(n: int) -> str:
    body = f"91330100{n:09d}"
    return body + stdnum_uscc.calc_check_digit(body)


@pytest.fixture
def page(qtbot, db, db_path, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db_path=db_path, db=db, user=CurrentUser("wangfang", "王芳", "officer"), settings=settings)
    widget = ImportPage(ctx)
    qtbot.addWidget(widget)
    widget.refresh()
    return widget


def _read(qtbot, page, path: Path) -> None:
    page.file_edit.setText(str(path))
    page.next_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == STEP_MAPPING, timeout=WAIT_MS)


def _preview(qtbot, page) -> None:
    page.preview_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == STEP_PREVIEW, timeout=WAIT_MS)


def _commit(qtbot, page) -> None:
    page.commit_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == STEP_RESULT, timeout=WAIT_MS)


def test_messy_sample_through_the_wizard(qtbot, page, db, data_dir, monkeypatch):
    _read(qtbot, page, data_dir / "branch_clients_messy.xlsx")
    assert page.sheet_combo.currentText() == "Sheet1"
    assert "3" in page.layout_label.text()  # header on row 3
    _preview(qtbot, page)
    assert page.preview_counts == {
        "rows_in_file": 305, "added": 272, "updated": 0, "unchanged": 0,
        "rejected": 28, "skipped_rows": 7, "duplicates_in_file": 5,
    }
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0  # preview wrote nothing
    assert "272" in page.preview_summary.text()
    _commit(qtbot, page)
    result = page.result
    assert (result.added, result.rejected, result.duplicates_in_file) == (272, 28, 5)
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 272
    assert db.execute("SELECT imported_by, added FROM imports").fetchall() == [("wangfang", 272)]
    assert Path(result.errors_file).exists()
    assert result.errors_file in page.result_summary.text()  # the user is told where it went (QA 15)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    assert page.open_errors_button.isEnabled()
    page.open_errors_button.click()
    assert opened == [result.errors_file]


@pytest.mark.parametrize("name", ["branch_clients_clean.xlsx", "clients_english.csv"])
def test_clean_and_english_samples_through_the_wizard(qtbot, page, db, data_dir, name):
    # QA 19: every sample gives its expected.json counts in the window too
    exp = json.loads((data_dir / "expected.json").read_text(encoding="utf-8"))[name]
    _read(qtbot, page, data_dir / name)
    _preview(qtbot, page)
    added = exp.get("distinct_valid_clients", exp["rows_in_file"])
    assert page.preview_counts == {
        "rows_in_file": exp["rows_in_file"], "added": added, "updated": 0, "unchanged": 0,
        "rejected": 0, "skipped_rows": 0, "duplicates_in_file": 0,
    }
    _commit(qtbot, page)
    result = page.result
    assert (result.rows_in_file, result.added, result.rejected, result.errors_file) == (exp["rows_in_file"], added, 0, None)
    assert not page.open_errors_button.isEnabled()
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == added
    assert db.execute("SELECT file_name, added FROM imports").fetchall() == [(name, added)]


def test_unmapped_required_column_is_mapped_by_hand_and_saved(qtbot, page, db, tmp_path):
    path = tmp_path / "odd.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["商户", "代码", "行业"], ["甲公司", _uscc(1), "工业"], ["乙公司", _uscc(2), "零售业"]])
    page.file_edit.setText(str(path))
    page.next_button.click()
    qtbot.waitUntil(lambda: page.stack.currentIndex() == STEP_MAPPING, timeout=WAIT_MS)
    assert not page.preview_button.isEnabled()
    assert page.mapping.missing_required() == ["name", "uscc"]
    assert page.mapping.choose("name", "商户") and page.mapping.choose("uscc", "代码")
    assert page.preview_button.isEnabled()
    page.template_name.setText("某支行")
    page.save_template_button.click()
    assert db.execute("SELECT name, kind FROM import_templates").fetchall() == [("某支行", "clients")]
    _preview(qtbot, page)
    assert page.preview_counts["added"] == 2
    _commit(qtbot, page)
    assert db.execute("SELECT name, industry FROM clients ORDER BY id").fetchall() == [("甲公司", "工业"), ("乙公司", "零售业")]
    assert not page.open_errors_button.isEnabled()


def test_cancelled_commit_writes_nothing(qtbot, page, db, tmp_path):
    path = tmp_path / "many.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["企业名称", "统一社会信用代码"]] + [[f"公司{i}", _uscc(i)] for i in range(6000)])
    _read(qtbot, page, path)
    _preview(qtbot, page)
    page.commit_button.click()
    page.task.cancel()  # what the progress dialog's Cancel button does
    qtbot.waitUntil(lambda: page.task.is_done(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "nothing was written" in page.message.text(), timeout=WAIT_MS)
    assert page.stack.currentIndex() == STEP_PREVIEW
    assert db.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_broken_file_shows_message(qtbot, page, db, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    page.file_edit.setText(str(path))
    page.next_button.click()
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=WAIT_MS)
    assert "空" in page.message.text() or "empty" in page.message.text()
    assert page.stack.currentIndex() == 0


def test_loans_with_as_of(qtbot, page, db, data_dir):
    from workbench.services.importing.clients import import_clients

    import_clients(db, data_dir / "branch_clients_clean.xlsx", "wangfang")
    page.kind_combo.setCurrentIndex(1)
    assert page.as_of_row.isVisibleTo(page)
    page.as_of_from_file.setChecked(False)
    from PySide6.QtCore import QDate

    page.as_of_edit.setDate(QDate(2025, 3, 31))
    _read(qtbot, page, data_dir / "core_banking_loans_gbk.csv")
    _preview(qtbot, page)
    assert page.preview_counts["added"] == 506
    _commit(qtbot, page)
    assert page.result.as_of == "2025-03-31"
    assert db.execute("SELECT count(*) FROM loans WHERE balance_as_of = '2025-03-31'").fetchone()[0] == 506
