"""One raw row → clean values, or a rejection naming the column, the value and why.

This is the one place spreadsheet types are normalised: calamine gives
numbers as floats and dates as ``date``/``datetime``; CSV gives text.
Blank rows and totals rows (合计/总计) are skipped and counted, not rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

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


def _money(value: Any, unit: str) -> int:
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


_CACHE_LIMIT = 4096  # distinct values remembered per column (industry, officer, branch… repeat)
_MISS = object()


def clean_rows(
    rows: list[list],
    layout: SheetLayout,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Cleaned:
    """Clean every data row below the header. Rejects a row at its first bad cell
    (identity columns first: USCC, then name, then the rest in field order)."""
    from workbench.services.errors import Cancelled

    fields = field_map(layout.kind)
    order = sorted(layout.columns.items(), key=lambda kv: (kv[0] != "uscc", not fields[kv[0]].required, kv[1]))
    # Columns that repeat themselves (industry, officer, branch…) keep a cache of parsed
    # values or errors, up to _CACHE_LIMIT distinct values; identifiers are unique per row,
    # so they get none. This loop runs for every cell of 100,000s of rows.
    plan: list[tuple[str, int, bool, dict | None, Callable[[Any, str], Any], str]] = []
    for key, col in order:
        kind = fields[key].kind
        cache = None if kind in ("uscc", "id") or key in ("name", "loan_no") else {}
        plan.append((key, col, fields[key].required, cache, PARSERS[kind], layout.units.get(key, layout.default_unit)))
    required = [key for key, f in fields.items() if f.required and key in layout.columns]
    name_col = layout.columns.get("name", layout.columns.get("client_name"))
    out = Cleaned()
    data = rows[layout.data_start :]
    total = len(data)
    for i, row in enumerate(data):
        if i % 2000 == 0:
            if cancel is not None and cancel():
                raise Cancelled()
            if progress is not None:
                progress(i, total, "")
        if all(_is_blank(c) for c in row):
            out.skipped_blank += 1
            continue
        if _is_totals(row, name_col):
            out.skipped_totals += 1
            continue
        row_no = layout.data_start + i + 1
        values: dict[str, Any] = {}
        rejection = None
        width = len(row)
        for key, col, required_field, cache, parse, unit in plan:
            value = row[col] if col < width else None
            if value is None or value == "" or (value.__class__ is str and value.isspace()):
                if key in required:
                    rejection = Rejection(
                        row_no, row, key, layout.header_of(key), value if value is not None else "",
                        MISSING_CODES.get(key, "missing-value"),
                        f"“{layout.header_of(key)}”为空（必填）", f"{layout.header_of(key)!r} is empty (required)",
                    )
                    break
                values[key] = None
                continue
            hit = _MISS
            if cache is not None and value.__class__ is not bool:  # True == 1 as a dict key
                hit = cache.get(value, _MISS)
            if hit is _MISS:
                try:
                    hit = parse(value, unit)
                except CellError as exc:
                    hit = exc
                if cache is not None and len(cache) < _CACHE_LIMIT and value.__class__ is not bool:
                    cache[value] = hit
            if hit.__class__ is CellError:
                rejection = Rejection(row_no, row, key, layout.header_of(key), value, hit.code, hit.reason_zh, hit.reason_en)
                break
            values[key] = hit
            if required_field and hit is None:
                rejection = Rejection(
                    row_no, row, key, layout.header_of(key), value, MISSING_CODES.get(key, "missing-value"),
                    f"“{layout.header_of(key)}”为空（必填）", f"{layout.header_of(key)!r} is empty (required)",
                )
                break
        if rejection is not None:
            out.rejected.append(rejection)
        else:
            out.rows.append(CleanRow(row_no, values, row))
    if progress is not None:
        progress(total, total, "")
    return out
