"""Formula injection is neutralised in every workbook the workbench writes.

A client (or officer) named ``=HYPERLINK("http://x","y")`` must come out as
a text cell, never a formula: checked in each report, the import's error
workbook and (when it exists) the maturity tickler export. Both openpyxl and
XlsxWriter turn a string beginning with ``=`` into a formula by default.
"""

from __future__ import annotations

import importlib
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.services.reports.conftest import EVIL, NOW, TODAY
from workbench.services.reports import REPORTS, ReportRequest, build_report
from workbench.services.reports.safe_cells import (
    is_formula_like,
    neutralise_openpyxl_workbook,
    safe_text,
    set_text_openpyxl,
)

NASTY = [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"]


def assert_no_formulas(path: Path, must_contain: str | None = EVIL) -> None:
    """No <f> element in any sheet, and ``must_contain`` appears as a string cell."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), f"{path.name}:{name} has a formula"
    if must_contain is None:
        return
    wb = openpyxl.load_workbook(path)
    hits = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == must_contain]
    assert hits, f"{must_contain!r} not found in {path.name}"
    for cell in hits:
        assert cell.data_type == "s", (path.name, cell.coordinate)


@pytest.mark.parametrize("name", list(REPORTS))
def test_reports_write_formula_like_text_as_text(portfolio_db, tmp_path, name):
    portfolio_db["visits"].insert(  # an officer with a hostile name shows up in the funnel
        {"client_id": 2, "visit_date": "2025-03-09", "officer": EVIL, "finding": "need", "created_by": "x", "created_at": NOW}
    )
    path = tmp_path / f"{name}.xlsx"
    build_report(portfolio_db, name, path, ReportRequest("2025-03"), "tester", today=TODAY)
    assert_no_formulas(path, None if name == "two_increase" else EVIL)  # the monitor holds no client or officer text
    if name != "two_increase":
        wb = openpyxl.load_workbook(path)
        cell = next(c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == EVIL)
        assert cell.quotePrefix  # stays text when edited in Excel


def test_import_error_workbook_writes_formula_like_text_as_text(db, tmp_path):
    clients = importlib.import_module("workbench.services.importing.clients")
    source = tmp_path / "clients.csv"
    source.write_text(
        "Company name,USCC,Legal representative,Phone\n"
        f'"{EVIL.replace(chr(34), chr(34) * 2)}",NOT-A-USCC,"@SUM(A1)",13800001111\n',
        encoding="utf-8",
    )
    errors = tmp_path / "errors.xlsx"
    result = clients.import_clients(db, source, "tester", errors_path=errors)
    assert result.errors_file and Path(result.errors_file).exists()
    assert_no_formulas(Path(result.errors_file), EVIL)
    assert_no_formulas(Path(result.errors_file), "@SUM(A1)")


def test_tickler_export_writes_formula_like_text_as_text(portfolio_db, tmp_path):
    tickler_export = importlib.import_module("workbench.services.tickler_export")
    path = tmp_path / "tickler.xlsx"
    rows = tickler_export.export_tickler(portfolio_db, path, TODAY)
    assert rows >= 1  # L6 of the client named EVIL is overdue on TODAY
    assert_no_formulas(path, EVIL)


def test_safe_text_for_untyped_outputs():
    for text in NASTY:
        assert is_formula_like(text) and safe_text(text) == "'" + text
    assert safe_text("甲商贸") == "甲商贸" and safe_text(None) == "" and safe_text(-5) == "-5"


def test_openpyxl_helpers_keep_text_as_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    set_text_openpyxl(ws["A1"], EVIL)
    ws["A2"] = "+1+1"  # openpyxl would store this as a formula
    ws["A3"] = "plain"
    assert neutralise_openpyxl_workbook(wb) == 2  # A1 is re-set harmlessly, A2 fixed
    path = tmp_path / "o.xlsx"
    wb.save(path)
    assert_no_formulas(path, EVIL)
    back = openpyxl.load_workbook(path).active
    assert back["A2"].value == "+1+1" and back["A2"].data_type == "s" and back["A2"].quotePrefix
