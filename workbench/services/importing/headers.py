"""Finding the data: which sheet, which row is the header, which column is which field.

Title rows, unit lines (金额单位：万元) and group headers may sit above the
header; the header is the row among the first :data:`SCAN_ROWS` that maps
the most fields. Money units come from the header text ((万元), (元)), else
from a group header cell above the column, else from a unit line, else 元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.domain.text import clean_text, compact_text, header_key
from workbench.services.importing.errors import ImportFileError
from workbench.services.importing.fields import fields_for, synonyms
from workbench.services.importing.reading import Workbook

SCAN_ROWS = 30
MIN_HEADER_FIELDS = 2
_UNIT_LINE = re.compile(r"(?:单位|unit)\s*[:：]?\s*(亿元|万元|元|10k|ten thousand|cny|rmb|yuan)", re.IGNORECASE)


def unit_of_text(text: str) -> str | None:
    """'wan', 'yuan', 'yi' or None from a header or unit text."""
    t = compact_text(text).lower()
    if not t:
        return None
    if "亿元" in t:
        return "yi"
    if "万元" in t or "10k" in t or "tenthousand" in t or "万" in t.strip("()（）"):
        return "wan"
    if "元" in t or "cny" in t or "rmb" in t or "yuan" in t:
        return "yuan"
    return None


@dataclass
class SheetLayout:
    """Where the data is. ``header_row`` is 0-based into the sheet's rows; ``columns`` maps field → column."""

    kind: str
    sheet: str
    header_row: int
    headers: list[str]
    columns: dict[str, int]
    units: dict[str, str] = field(default_factory=dict)
    default_unit: str = "yuan"
    missing_required: list[str] = field(default_factory=list)
    candidates: list[tuple[str, int]] = field(default_factory=list)
    unsure_sheet: bool = False
    header_guessed: bool = False

    @property
    def data_start(self) -> int:
        return self.header_row + 1

    def header_of(self, key: str) -> str:
        col = self.columns.get(key)
        return self.headers[col] if col is not None and col < len(self.headers) else key

    def as_mapping(self) -> dict[str, str]:
        """field → header text, the form templates keep."""
        return {key: self.headers[col] for key, col in self.columns.items() if col < len(self.headers)}


def _map_row(row: list, table: dict[str, str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for col, cell in enumerate(row):
        key = table.get(header_key(cell)) if isinstance(cell, str) else None
        if key and key not in columns:
            columns[key] = col
    return columns


def _find_header(rows: list[list], kind: str) -> tuple[int, dict[str, int]] | None:
    table = synonyms(kind)
    best: tuple[int, dict[str, int]] | None = None
    for i, row in enumerate(rows[:SCAN_ROWS]):
        columns = _map_row(row, table)
        if len(columns) >= MIN_HEADER_FIELDS and (best is None or len(columns) > len(best[1])):
            best = (i, columns)
    return best


def _required(kind: str) -> list[str]:
    return [f.key for f in fields_for(kind) if f.required]


def _units(
    rows: list[list], header_row: int, headers: list[str], columns: dict[str, int], kind: str, merged: list | None = None
) -> tuple[dict[str, str], str]:
    default = "yuan"
    for row in rows[:header_row]:
        for cell in row:
            m = _UNIT_LINE.search(clean_text(cell)) if isinstance(cell, str) else None
            if m:
                default = unit_of_text(m.group(1)) or default
    # group header cells above a column: a merged cell's value sits in its first
    # column and covers its span; without merge information (CSV) a group cell
    # covers the empty cells after it
    group_units: dict[int, str] = {}
    for r in range(max(0, header_row - 2), header_row):
        row = rows[r]
        current: str | None = None
        for col in range(len(headers)):
            cell = row[col] if col < len(row) else ""
            if isinstance(cell, str) and cell.strip():
                current = unit_of_text(cell) if not _UNIT_LINE.search(cell) else None
                if current and merged is not None:
                    span = next((c2 for (r1, c1), (r2, c2) in merged if r1 <= r <= r2 and c1 == col), col)
                    for c in range(col, span + 1):
                        group_units[c] = current
                    current = None
            if current:
                group_units[col] = current
    money = {f.key for f in fields_for(kind) if f.kind == "money"}
    units: dict[str, str] = {}
    for key, col in columns.items():
        if key in money:
            m = re.search(r"[(（\[【]([^)）\]】]*)[)）\]】]", headers[col])
            units[key] = (unit_of_text(m.group(1)) if m else None) or group_units.get(col) or default
    return units, default


def _find_mapped_header(rows: list[list], mapping: dict[str, str | int] | None) -> int | None:
    """The first row holding every header text of a hand-made mapping."""
    wanted = {header_key(t) for t in (mapping or {}).values() if isinstance(t, str)}
    if not wanted:
        return None
    for i, row in enumerate(rows[:SCAN_ROWS]):
        if wanted <= {header_key(c) for c in row if isinstance(c, str)}:
            return i
    return None


def layout_for(
    rows: list[list],
    kind: str,
    sheet: str,
    header_row: int | None = None,
    mapping: dict[str, str | int] | None = None,
    merged: list | None = None,
) -> SheetLayout:
    """The layout of one sheet's ``rows``; ``mapping`` (field → header text or column) overrides detection."""
    if header_row is None:
        found = _find_header(rows, kind)
        mapped_row = _find_mapped_header(rows, mapping)
        if mapped_row is not None and (found is None or found[0] != mapped_row):
            found = (mapped_row, _map_row(rows[mapped_row], synonyms(kind)))
        if found is None and not mapping:
            raise ImportFileError(
                "no-header",
                f"工作表“{sheet}”中找不到可识别的表头（前 {SCAN_ROWS} 行没有企业名称、统一社会信用代码等列名）",
                f"no recognisable header in sheet {sheet!r} (the first {SCAN_ROWS} rows name no known columns such as company name or USCC)",
                field="file",
                sheet=sheet,
            )
        header_row, columns = found if found else (0, {})
    else:
        columns = _map_row(rows[header_row] if header_row < len(rows) else [], synonyms(kind))
    headers = [clean_text(c) for c in (rows[header_row] if header_row < len(rows) else [])]
    for key, target in (mapping or {}).items():
        col = target if isinstance(target, int) else next(
            (i for i, h in enumerate(headers) if h == clean_text(target) or header_key(h) == header_key(target)), None
        )
        if col is None or col >= len(headers):
            continue
        for other, other_col in list(columns.items()):
            if other_col == col and other != key:
                del columns[other]
        columns[key] = col
    units, default = _units(rows, header_row, headers, columns, kind, merged)
    missing = [key for key in _required(kind) if key not in columns]
    return SheetLayout(kind, sheet, header_row, headers, columns, units, default, missing)


def detect_layout(
    book: Workbook,
    kind: str,
    sheet: str | None = None,
    mapping: dict[str, str | int] | None = None,
    header_row: int | None = None,
    fallback: bool = False,
) -> SheetLayout:
    """Choose the sheet (the named one, else the one whose header maps most fields) and lay it out.

    With ``fallback`` (the window, where the user maps by hand) a file with no
    recognisable header is laid out on its first non-blank row with ``header_guessed`` set.

    Raises :class:`ImportFileError` ('no-header') when no sheet has a recognisable header.
    ``unsure_sheet`` is set when another sheet looks just as good, so the UI can ask.
    """
    if sheet is not None:
        if sheet not in book.sheet_names:
            raise ImportFileError(
                "no-sheet", f"文件中没有名为“{sheet}”的工作表", f"the file has no sheet named {sheet!r}", field="sheet"
            )
        return layout_for(book.rows(sheet), kind, sheet, header_row, mapping, book.merged_ranges(sheet))
    scores: list[tuple[str, int]] = []
    required = set(_required(kind))
    for name in book.sheet_names:
        head = book.head(name, SCAN_ROWS)
        found = _find_header(head, kind)
        mapped_row = _find_mapped_header(head, mapping)
        if mapped_row is not None:
            found = (mapped_row, {k: 0 for k in mapping or {}} | (found[1] if found else {}))
        if found:
            bonus = 100 * len(required & set(found[1]))
            scores.append((name, bonus + len(found[1])))
    if not scores and fallback:
        # the user will map columns by hand: take the first non-blank row of the first sheet as the header
        first = book.sheet_names[0]
        head = book.head(first, SCAN_ROWS)
        row = next((i for i, r in enumerate(head) if any(isinstance(c, str) and c.strip() for c in r)), None)
        if row is not None:
            layout = layout_for(book.rows(first), kind, first, row, mapping, book.merged_ranges(first))
            layout.candidates = [(first, 0)]
            layout.unsure_sheet = True
            layout.header_guessed = True
            return layout
    if not scores:
        raise ImportFileError(
            "no-header",
            "文件的各个工作表中都找不到可识别的表头（如 企业名称、统一社会信用代码）",
            "no sheet in the file has a recognisable header (such as company name or USCC)",
            field="file",
        )
    ranked = sorted(scores, key=lambda s: -s[1])
    chosen = ranked[0][0]
    layout = layout_for(book.rows(chosen), kind, chosen, header_row, mapping, book.merged_ranges(chosen))
    layout.candidates = ranked
    layout.unsure_sheet = len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - 1
    return layout


def remap(layout: SheetLayout, rows: list[list], columns: dict[str, int], merged: list | None = None) -> SheetLayout:
    """``layout`` with exactly ``columns`` (field → column) as mapped by hand; units and
    missing required fields recomputed."""
    units, default = _units(rows, layout.header_row, layout.headers, columns, layout.kind, merged)
    missing = [key for key in _required(layout.kind) if key not in columns]
    return SheetLayout(
        layout.kind, layout.sheet, layout.header_row, layout.headers, dict(columns), units, default, missing,
        layout.candidates, layout.unsure_sheet,
    )


def columns_from_template(layout: SheetLayout, mapping: dict[str, str]) -> dict[str, int]:
    """field → column for a saved template's field → header text, on this sheet's header."""
    keys = {header_key(h): i for i, h in reversed(list(enumerate(layout.headers)))}
    return {field_key: keys[header_key(text)] for field_key, text in mapping.items() if header_key(text) in keys}
