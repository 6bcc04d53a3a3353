"""Formula-injection safety for every workbook (and CSV) the workbench writes.

Spreadsheet text is untrusted: a client named ``=HYPERLINK("http://x","y")``
must come out as text, never as a formula Excel runs. Both XlsxWriter
(``write()``) and openpyxl (``cell.value = "=..."``) turn a string that begins
with ``=`` into a formula by default.

How to apply it:

- XlsxWriter: create the workbook with :data:`XLSXWRITER_OPTIONS` and write
  every text with ``worksheet.write_string`` (never ``write``); for
  formula-like text also pass a format with ``quote_prefix`` so Excel keeps
  it as text when the user edits the cell: :func:`write_text_xlsxwriter`.
- openpyxl (normal or write-only): :func:`set_text_openpyxl` on a cell, which
  sets ``data_type = 's'`` after the value (so it is stored as a string, not
  a formula) and the ``quotePrefix`` style for formula-like text; or
  :func:`neutralise_openpyxl_workbook` on a finished workbook of plain data
  (no intended formulas) just before ``save``.
- CSV and other untyped text: :func:`safe_text`, which prefixes an apostrophe
  to formula-like text (OWASP's advice for CSV).
"""

from __future__ import annotations

from typing import Any

#: First characters that make a spreadsheet treat text as a formula or DDE call.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

#: XlsxWriter workbook options: no implicit conversion of strings.
XLSXWRITER_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def is_formula_like(value: object) -> bool:
    """True when ``value`` is text a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_text(value: object) -> str:
    """``value`` as text that no spreadsheet will run, for untyped outputs (CSV).

    None becomes ""; formula-like text gets a leading apostrophe; anything
    else (numbers included: ``-5`` stays ``"-5"``) is ``str(value)`` unchanged. In xlsx files prefer typed string cells
    (:func:`write_text_xlsxwriter`, :func:`set_text_openpyxl`), which keep the
    text exactly as it was.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    return "'" + value if is_formula_like(value) else value


def write_text_xlsxwriter(worksheet, row: int, col: int, value: object, fmt=None, quote_fmt=None) -> None:
    """Write ``value`` as a string cell (never a formula) with XlsxWriter.

    ``quote_fmt`` (a format with ``quote_prefix: True``) is used for
    formula-like text so Excel keeps it text even after an edit.
    """
    text = "" if value is None else str(value)
    if quote_fmt is not None and is_formula_like(text):
        worksheet.write_string(row, col, text, quote_fmt)
    else:
        worksheet.write_string(row, col, text, fmt)


def set_text_openpyxl(cell, value: object) -> None:
    """Put ``value`` into an openpyxl cell as a string, never a formula."""
    text = "" if value is None else str(value)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def neutralise_openpyxl_workbook(workbook) -> int:
    """Turn every formula-like string cell of an openpyxl workbook into text.

    For workbooks of plain data (an import's error workbook): call just
    before ``save``. Returns how many cells were changed.
    """
    changed = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_formula_like(cell.value):
                    set_text_openpyxl(cell, cell.value)
                    changed += 1
    return changed
