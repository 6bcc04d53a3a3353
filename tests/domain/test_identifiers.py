import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from workbench.domain.identifiers import (
    IdentifierError,
    is_valid_uscc,
    mask_id_number,
    mask_phone,
    normalize_uscc,
    validate_resident_id,
    validate_uscc,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_normalize_and_validate_uscc():
    assert normalize_uscc(" 9133 1002-2394 129710 ") == "913310022394129710"
    assert validate_uscc("９１３３１００２２３９４１２９７１０") == "913310022394129710"
    assert validate_uscc("91510107715741072r") == "91510107715741072R"


@pytest.mark.parametrize(
    "value, code",
    [
        ("", "empty"),
        (None, "empty"),
        ("91510107715741072", "bad-length"),
        ("91510107715741072X", "bad-checksum"),
        ("9151010771574107IR", "bad-format"),
        ("ABCDEFGH715741072R", "bad-format"),
    ],
)
def test_uscc_errors(value, code):
    with pytest.raises(IdentifierError) as info:
        validate_uscc(value)
    assert info.value.code == code
    assert "信用代码" in info.value.reason_zh and "USCC" in info.value.reason_en
    assert not is_valid_uscc(value)


usccs = st.tuples(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
).map(lambda parts: parts[0] + parts[1]).map(lambda body: body + uscc.calc_check_digit(body))


@given(usccs)
def test_generated_uscc_validates(number):
    assert validate_uscc(number) == number
    assert validate_uscc(number.lower()) == number


@given(usccs, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET + "IOSVZ!"))
def test_single_character_change_fails(number, position, replacement):
    if number[position] == replacement:
        return
    changed = number[:position] + replacement + number[position + 1 :]
    assert not is_valid_uscc(changed)


@given(st.text())
def test_arbitrary_text_raises_only_identifier_error(text):
    for check in (validate_uscc, validate_resident_id):
        try:
            check(text)
        except IdentifierError:
            pass


def test_resident_id():
    assert validate_resident_id("33060219930623361x") == "33060219930623361X"
    with pytest.raises(IdentifierError) as info:
        validate_resident_id("330602199306233610")
    assert info.value.code == "bad-checksum"
    with pytest.raises(IdentifierError) as info:
        validate_resident_id("3306021993062336")
    assert info.value.code == "bad-length"


def test_masks():
    assert mask_id_number("330102199001011234") == "330102********1234"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""
    assert mask_id_number("12345") == "*2345"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("138-1234-5678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_phone("0571") == "****"


def test_resident_id_region_not_in_use_at_birth():
    # 330203 (海曙区) was not yet assigned in 1974: the reason names the region, not the date
    with pytest.raises(IdentifierError) as info:
        validate_resident_id("330203197407110016")
    assert info.value.code == "bad-region"
    with pytest.raises(IdentifierError) as info:
        validate_resident_id("330203199902300014")
    assert info.value.code in ("bad-date", "bad-checksum")


# The fast paths (moved here from the import's cleaning) must give exactly stdnum's verdict.
from stdnum.cn import ric  # noqa: E402

ric_bodies = st.builds(
    lambda region, y, m, d, seq: f"{region}{y:04d}{m:02d}{d:02d}{seq:03d}",
    st.sampled_from(["110101", "330102", "440305", "510107", "999999", "330100", "000000"]),
    st.integers(1890, 2030), st.integers(0, 13), st.integers(0, 32), st.integers(0, 999),
)
ric_numbers = ric_bodies.flatmap(
    lambda body: st.sampled_from([body + ric.calc_check_digit(body), body + "X", body + "0", body + "7"])
)


@given(st.one_of(usccs, usccs.map(str.lower), st.text(alphabet=ALPHABET + "IOSVZ -a", min_size=16, max_size=20), st.text()))
def test_uscc_fast_path_agrees_with_stdnum(text):
    assert is_valid_uscc(text) == uscc.is_valid(normalize_uscc(text))
    if is_valid_uscc(text):
        assert validate_uscc(text) == uscc.validate(normalize_uscc(text))


@given(st.one_of(ric_numbers, ric_numbers.map(lambda n: f" {n[:6]} {n[6:]}"), st.text(alphabet="0123456789X", min_size=17, max_size=19)))
def test_resident_id_fast_path_agrees_with_stdnum(text):
    compact = text.replace(" ", "").upper()
    for _ in range(2):  # the second time through the cache of known-good regions
        try:
            got = validate_resident_id(text)
        except IdentifierError:
            got = None
        assert got == (compact if ric.is_valid(compact) else None)
