"""Hostile text into every parser: only the documented error may come out.

Each property runs ``FUZZ_EXAMPLES`` generated inputs (hypothesis); the
closing note's count is the sum reported by ``--hypothesis-show-statistics``.
"""

from __future__ import annotations

import math
import os
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain import dates, identifiers, money, text
from workbench.services.importing.errors import ImportFileError
from workbench.services.importing.headers import layout_for, unit_of_text

FUZZ_EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "400"))  # raise for a long run
fuzz = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as spreadsheets deliver it: any unicode, plus the characters that matter here.
TRICKY = st.sampled_from(list("0123456789０１２３４５６７８９.,，-−+()（）万元亿¥￥ \t\r\n\x00\u3000\ufeff\u202e年月日/:X×e"))
hostile_text = st.one_of(
    st.text(),
    st.text(TRICKY, max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    st.builds(lambda s: "=" + s, st.text(max_size=20)),
)
numbers = st.one_of(
    st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
)
any_cell = st.one_of(hostile_text, numbers)
UNITS = st.sampled_from(["yuan", "wan", "yi"])


@fuzz
@given(any_cell, UNITS)
def test_parse_fen_gives_int_or_money_error(value, unit):
    try:
        fen = money.parse_fen(value, unit)
    except money.MoneyError as exc:
        assert exc.reason_zh and exc.reason_en
        return
    assert type(fen) is int


@fuzz
@given(st.integers(min_value=-10**15, max_value=10**15))
def test_money_round_trips_through_display_text(fen):
    assert money.parse_fen(money.format_yuan(fen)) == fen
    assert money.parse_fen(money.format_yuan(fen) + "元") == fen


@fuzz
@given(st.integers(min_value=-10**14, max_value=10**14))
def test_money_from_yuan_decimal_is_exact(fen):
    assert money.parse_fen(Decimal(fen) / 100) == fen


@fuzz
@given(any_cell)
def test_parse_date_gives_date_or_date_error(value):
    try:
        d = dates.parse_date(value)
    except dates.DateError:
        return
    assert 1 <= d.year <= 9999


@fuzz
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_dates_round_trip_in_common_forms(d):
    assert dates.parse_date(d.isoformat()) == d
    assert dates.parse_date(f"{d.year}年{d.month}月{d.day}日") == d


@fuzz
@given(any_cell)
def test_identifiers_never_raise_anything_else(value):
    for fn in (identifiers.validate_uscc, identifiers.validate_resident_id):
        try:
            out = fn(value)
        except identifiers.IdentifierError as exc:
            assert exc.code and exc.reason_zh and exc.reason_en
        else:
            assert isinstance(out, str)
    assert isinstance(identifiers.is_valid_uscc(value), bool)
    assert isinstance(identifiers.normalize_uscc(value), str)


@fuzz
@given(hostile_text)
def test_masks_never_show_the_middle(value):
    # At most the first 6 and last 4 characters of an ID number, 3 + 4 digits of a phone show.
    masked = identifiers.mask_id_number(value)
    assert sum(ch != "*" for ch in masked) <= 10
    if len(masked) > 10:
        assert masked[6:-4] == "*" * (len(masked) - 10)
    phone = identifiers.mask_phone(value)
    assert sum(ch != "*" for ch in phone) <= 7


@fuzz
@given(any_cell)
def test_text_helpers_are_total(value):
    assert isinstance(text.clean_text(value), str)
    assert isinstance(text.compact_text(value), str)
    assert text.digits_only(value).isdigit() or text.digits_only(value) == ""
    assert isinstance(text.header_key(value), str)
    assert isinstance(text.is_blank(value), bool)
    out = text.neutralize_formula(value)
    if isinstance(value, str):
        assert not str(out).startswith(("=", "+", "-", "@"))


@fuzz
@given(hostile_text)
def test_unit_of_text_is_total(value):
    assert unit_of_text(value) in (None, "yuan", "wan", "yi")


rows_strategy = st.lists(st.lists(any_cell, max_size=8), max_size=12)


@fuzz
@given(rows_strategy, st.sampled_from(["clients", "loans"]))
def test_header_detection_gives_layout_or_import_error(rows, kind):
    try:
        layout = layout_for(rows, kind, "Sheet1")
    except ImportFileError as exc:
        assert exc.code == "no-header"
        return
    assert 0 <= layout.header_row < max(len(rows), 1)
    assert all(0 <= c for c in layout.columns.values())


@fuzz
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_as_a_file_give_workbook_or_import_error(tmp_path_factory, blob):
    from workbench.services.importing.reading import open_workbook

    p = tmp_path_factory.mktemp("fz") / "input.csv"
    p.write_bytes(blob)
    try:
        book = open_workbook(p)
    except ImportFileError as exc:
        assert exc.code in {"empty-file", "unsupported-format", "unreadable", "zip-bomb", "unsafe-xml", "encrypted", "too-large"}
        return
    try:
        for name in book.sheet_names:
            assert isinstance(book.rows(name), list)
    except ImportFileError:
        pass
    finally:
        book.close()


def test_floats_that_are_not_numbers_are_refused():
    for bad in (math.nan, math.inf, -math.inf):
        try:
            money.parse_fen(bad)
        except money.MoneyError:
            continue
        raise AssertionError(f"{bad} accepted")


def _full_header(kind: str) -> list[str]:
    from workbench.services.importing.fields import fields_for

    return [f.label_zh for f in fields_for(kind)]


@settings(fuzz, max_examples=max(1, FUZZ_EXAMPLES // 2))  # each example cleans up to 6 full rows
@given(st.data(), st.sampled_from(["clients", "loans"]))
def test_row_cleaning_gives_rows_or_rejections_never_an_exception(data, kind):
    from workbench.services.importing.cleaning import clean_rows

    header = _full_header(kind)
    layout = layout_for([header], kind, "Sheet1")
    body = data.draw(st.lists(st.lists(any_cell, min_size=len(header), max_size=len(header)), max_size=6))
    cleaned = clean_rows([header, *body], layout)
    assert cleaned.rows_in_file + cleaned.skipped_rows == len(body)
    for r in cleaned.rejected:
        assert r.reason_zh and r.reason_en and r.code
    for r in cleaned.rows:
        for key, value in r.values.items():
            assert not isinstance(value, float), (key, value)  # money and counts never become floats
