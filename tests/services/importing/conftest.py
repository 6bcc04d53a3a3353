"""Helpers for import tests: write small real workbooks and CSVs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import xlsxwriter
from stdnum.cn import uscc as stdnum_uscc


def make_uscc(n: int, prefix: str = "91330100") -> str:
    body = f"{prefix}{n:09d}"
    return body + stdnum_uscc.calc_check_digit(body)


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.fixture
def expected(data_dir) -> dict:
    return json.loads((data_dir / "expected.json").read_text(encoding="utf-8"))


def table_counts(db) -> dict[str, int]:
    return {
        t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("clients", "loans", "imports", "audit_log", "balance_history", "classification_history")
    }
