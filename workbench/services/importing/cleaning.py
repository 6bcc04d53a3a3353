"""One raw row → clean values, or a rejection naming the column, the value and why.

This is the one place spreadsheet types are normalised: calamine gives
numbers as floats and dates as ``date``/``datetime``; CSV gives text.
Blank rows and totals rows (合计/总计) are skipped and counted, not rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import zip_longest
from typing import Any

from workbench.domain.classification import ClassificationError, parse_classification
from workbench.domain.dates import DateError, parse_date
from workbench.domain.identifiers import IdentifierError, validate_resident_id, validate_uscc
from workbench.domain.money import MoneyError, parse_fen
from workbench.domain.schedule import ScheduleError, parse_method
from workbench.domain.text import clean_text, compact_text, digits_only
from workbench.services.importing.fields import field_map
from workbench.services.importing.headers import SheetLayout

TOTAL_WORDS = ("合计", "总计", "小计", "total", "totals", "grand total", "sum")

GUARANTEE_CODES = {
    "credit": "credit", "信用": "credit", "纯信用": "credit", "信用贷款": "credit",
    "guarantee": "guarantee", "保证": "guarantee", "担保": "guarantee", "保证担保": "guarantee",
    "mortgage": "mortgage", "抵押": "mortgage", "抵押担保": "mortgage",
    "pledge": "pledge", "质押": "pledge", "质押担保": "pledge",
}
ENTITY_CODES = {
    "enterprise": "enterprise", "企业": "enterprise", "公司": "enterprise", "小微企业": "enterprise",
    "individual_business": "individual_business", "个体工商户": "individual_business", "个体户": "individual_business",
    "individual business": "individual_business",
    "owner": "owner", "小微企业主": "owner", "企业主": "owner", "business owner": "owner",
    "farmer": "farmer", "农户": "farmer",
}


class CellError(ValueError):
    """A cell that cannot be read; ``code`` is the reject-reason code."""

    def __init__(self, code: str, reason_zh: str, reason_en: str) -> None:
        self.code = code
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        super().__init__(reason_en)


@dataclass
class Rejection:
    """A row that was not imported. ``row_no`` is the spreadsheet's 1-based row number."""

    row_no: int
    raw: list
    field: str
    header: str
    value: Any
    code: str
    reason_zh: str
    reason_en: str

    def as_dict(self) -> dict:
        return {
            "row": self.row_no, "field": self.field, "column": self.header, "value": _jsonable(self.value),
            "code": self.code, "reason_zh": self.reason_zh, "reason_en": self.reason_en,
        }


@dataclass
class CleanRow:
    row_no: int
    values: dict[str, Any]
    raw: list


@dataclass
class Cleaned:
    """The outcome of cleaning one sheet."""

    rows: list[CleanRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    skipped_blank: int = 0
    skipped_totals: int = 0

    @property
    def rows_in_file(self) -> int:
        return len(self.rows) + len(self.rejected)

    @property
    def skipped_rows(self) -> int:
        return self.skipped_blank + self.skipped_totals


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- cell parsers: value (not blank) → clean value, or CellError -------------------------------


def _text(value: Any, unit: str) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 客户经理编号 1001.0 → "1001"
    return clean_text(value) or None


# The fast paths for well-formed USCCs and ID numbers live in workbench.domain.identifiers.
def _uscc(value: Any, unit: str) -> str:
    try:
        return validate_uscc(value)
    except IdentifierError as exc:
        raise CellError("bad-uscc", exc.reason_zh, exc.reason_en) from None


def _id(value: Any, unit: str) -> str:
    try:
        return validate_resident_id(value)
    except IdentifierError as exc:
        raise CellError("bad-id", exc.reason_zh, exc.reason_en) from None


_FEN_DIGITS = {"yuan": 2, "wan": 6}  # decimal places of a float amount that are still whole fen


def _money(value: Any, unit: str) -> int:
    if value.__class__ is float and unit in _FEN_DIGITS:
        # parse_fen reads a float by its repr; a plain non-negative repr with few enough
        # decimals is the amount exactly (12345.67 万 → "12345" + "670000" fen).
        text = repr(value)
        whole, dot, decimals = text.partition(".")
        places = _FEN_DIGITS[unit]
        if dot and whole.isdigit() and decimals.isdigit() and len(decimals) <= places:
            return int(whole + decimals.ljust(places, "0"))
    try:
        fen = parse_fen(value, unit)
    except MoneyError as exc:
        raise CellError("bad-number", exc.reason_zh, exc.reason_en) from None
    if fen < 0:
        raise CellError("bad-number", f"金额不能为负数：{value}", f"the amount cannot be negative: {value!r}")
    return fen


def _int(value: Any, unit: str) -> int:
    try:
        if isinstance(value, bool):
            raise ValueError
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(compact_text(value).replace(",", ""))
        if not number.is_finite() or number != number.to_integral_value() or number < 0:
            raise ValueError
        return int(number)
    except (ValueError, InvalidOperation):
        raise CellError(
            "bad-number", f"“{value}”不是非负整数", f"{value!r} is not a whole non-negative number"
        ) from None


def _date(value: Any, unit: str) -> str:
    if value.__class__ is date:  # what calamine gives for a date cell
        return value.isoformat()
    try:
        return parse_date(value).isoformat()
    except DateError as exc:
        raise CellError("bad-date", exc.reason_zh, exc.reason_en) from None


def _phone(value: Any, unit: str) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return digits_only(value) or None


def _rate(value: Any, unit: str) -> int:
    """Annual rate in bp from a percent (4.35) or a fraction (0.0435); must be whole bp."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(compact_text(value).rstrip("%"))
        if not number.is_finite() or number < 0:
            raise ValueError
    except (ValueError, InvalidOperation):
        raise CellError("bad-rate", f"利率“{value}”不是数字", f"rate {value!r} is not a number") from None
    bp = number * (10_000 if number < 1 else 100)
    if bp != bp.to_integral_value():
        raise CellError(
            "bad-rate", f"利率“{value}”不是整基点（不会四舍五入）", f"rate {value!r} is not a whole basis point (it is not rounded)"
        )
    return int(bp)


def _coded(table: dict[str, str], code: str, zh: str, en: str) -> Callable[[Any, str], str]:
    def parse(value: Any, unit: str) -> str:
        text = clean_text(value)
        found = table.get(text) or table.get(text.lower())
        if found is None:
            raise CellError(code, f"{zh}“{value}”无法识别", f"unknown {en} {value!r}")
        return found

    return parse


def _method(value: Any, unit: str) -> str:
    try:
        return parse_method(clean_text(value))
    except ScheduleError as exc:
        raise CellError("bad-method", exc.reason_zh, exc.reason_en) from None


def _classification(value: Any, unit: str) -> str:
    try:
        return parse_classification(clean_text(value))
    except ClassificationError as exc:
        raise CellError("bad-classification", exc.reason_zh, exc.reason_en) from None


PARSERS: dict[str, Callable[[Any, str], Any]] = {
    "text": _text,
    "uscc": _uscc,
    "id": _id,
    "money": _money,
    "int": _int,
    "date": _date,
    "phone": _phone,
    "rate": _rate,
    "method": _method,
    "classification": _classification,
    "guarantee": _coded(GUARANTEE_CODES, "bad-guarantee", "担保方式", "guarantee type"),
    "entity": _coded(ENTITY_CODES, "bad-entity-type", "主体类型", "entity type"),
}

MISSING_CODES = {"uscc": "missing-uscc", "name": "missing-name", "loan_no": "missing-loan-no"}


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


_TOTAL_FIRST = frozenset("合总小TtSsＴｔ")
# What a totals cell can begin with before lstrip(): a first letter above, or white space.
_TOTAL_OR_SPACE = _TOTAL_FIRST | frozenset(chr(c) for c in range(0x3001) if chr(c).isspace())


def _is_totals(row: list, name_col: int | None) -> bool:
    cells = list(row[:4])
    if name_col is not None and name_col < len(row):
        cells.append(row[name_col])
    for cell in cells:
        if cell.__class__ is not str or not cell or cell.lstrip()[:1] not in _TOTAL_FIRST:
            continue  # cheap test first: this runs for every row
        text = compact_text(cell).lower().rstrip(":：")
        if text in TOTAL_WORDS or text.startswith(("合计", "总计")):
            return True
    return False


def _cell(parse: Callable[[Any, str], Any], unit: str) -> Callable[[Any], Any]:
    """``parse`` for one column: blank → None, a bad cell → its CellError (returned, not raised)."""

    def cell(value: Any) -> Any:
        if value is None or value == "" or (value.__class__ is str and value.isspace()):
            return None
        try:
            return parse(value, unit)
        except CellError as exc:
            exc.__traceback__ = None  # no cycle through this frame (imports run with the GC paused)
            return exc

    return cell


# Columns holding an identifier are unique per row: parsed cell by cell. The others
# (industry, officer, branch, dates, amounts…) are parsed once per distinct value.
_UNIQUE_KINDS = frozenset({"uscc", "id"})
_UNIQUE_KEYS = frozenset({"name", "loan_no", "client_name"})


_NUMBER_TYPES = frozenset({bool, int, float, Decimal})


def _parse_column(values: tuple | list, cell: Callable[[Any], Any], unique: bool) -> list:
    # Equal values share one parse, unless the column mixes number types (1, 1.0 and True are
    # one dict key, yet a reason quotes the cell as it was).
    if not unique and len(_NUMBER_TYPES.intersection(map(type, values))) <= 1:
        try:
            distinct = dict.fromkeys(values)
        except TypeError:  # an unhashable cell (not from a spreadsheet reader): one by one
            pass
        else:
            for value in distinct:
                distinct[value] = cell(value)
            return list(map(distinct.__getitem__, values))
    return list(map(cell, values))


def _blank_rows(columns: list[tuple], n: int) -> set[int]:
    """Rows whose every cell is blank; narrowed column by column (most rows fall at the first)."""
    candidates = range(n)
    for column in columns:
        candidates = [i for i in candidates if _is_blank(column[i])]
        if not candidates:
            break
    return set(candidates)


def clean_rows(
    rows: list[list],
    layout: SheetLayout,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Cleaned:
    """Clean every data row below the header. Rejects a row at its first bad cell
    (identity columns first: USCC, then name, then the rest in field order).

    Works column by column (100,000s of rows): each column is parsed in one pass,
    repeated values once, then rows are assembled; the outcome is the same as
    taking the rows one at a time, and rows keep their order.
    """
    from workbench.services.errors import Cancelled

    def step(done: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(done, total, "")

    fields = field_map(layout.kind)
    order = sorted(layout.columns.items(), key=lambda kv: (kv[0] != "uscc", not fields[kv[0]].required, kv[1]))
    name_col = layout.columns.get("name", layout.columns.get("client_name"))
    out = Cleaned()
    data = rows[layout.data_start :]
    total = len(data)
    step(0)
    # Transpose (padding short rows with None, as a missing cell), then drop blank and totals rows.
    columns = list(zip_longest(*data)) if data else []
    skip = _blank_rows(columns, total)
    out.skipped_blank = len(skip)
    maybe_totals: set[int] = set()
    for col in {*range(min(4, len(columns))), *([name_col] if name_col is not None and name_col < len(columns) else [])}:
        column = columns[col]
        maybe_totals.update(i for i, c in enumerate(column) if c.__class__ is str and c[:1] in _TOTAL_OR_SPACE)
    for i in sorted(maybe_totals - skip):
        if _is_totals(data[i], name_col):
            skip.add(i)
            out.skipped_totals += 1
    keep = [i for i in range(total) if i not in skip] if skip else None
    n = total - len(skip)
    parsed: list[list] = []
    problems: dict[int, int] = {}  # row index (into kept rows) → first bad column (index into order)
    for k, (key, col) in enumerate(order):
        step(total * k // max(len(order), 1))
        f = fields[key]
        if col < len(columns):
            values = columns[col] if keep is None else [columns[col][i] for i in keep]
        else:
            values = [None] * n
        unique = f.kind in _UNIQUE_KINDS or key in _UNIQUE_KEYS
        result = _parse_column(values, _cell(PARSERS[f.kind], layout.units.get(key, layout.default_unit)), unique)
        if f.required:
            bad = [j for j, hit in enumerate(result) if hit is None or hit.__class__ is CellError]
        elif CellError in set(map(type, result)):
            bad = [j for j, hit in enumerate(result) if hit.__class__ is CellError]
        else:
            bad = []
        for j in bad:
            problems.setdefault(j, k)
        parsed.append(result)
    del columns
    keys = [key for key, _ in order]
    start = layout.data_start + 1
    indexes = range(n) if keep is None else keep
    for j, (i, cells) in enumerate(zip(indexes, zip(*parsed) if parsed else [()] * n)):
        if j in problems:
            k = problems[j]
            key, col = order[k]
            raw = data[i]
            value = raw[col] if col < len(raw) else None
            hit = cells[k]
            header = layout.header_of(key)
            if hit.__class__ is CellError:
                out.rejected.append(Rejection(start + i, raw, key, header, value, hit.code, hit.reason_zh, hit.reason_en))
            else:  # a required cell that is blank, or cleans to nothing
                out.rejected.append(Rejection(
                    start + i, raw, key, header, value if value is not None else "", MISSING_CODES.get(key, "missing-value"),
                    f"“{header}”为空（必填）", f"{header!r} is empty (required)",
                ))
        else:
            out.rows.append(CleanRow(start + i, dict(zip(keys, cells)), data[i]))
    if progress is not None:
        progress(total, total, "")
    return out
