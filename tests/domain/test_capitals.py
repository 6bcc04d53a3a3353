"""人民币大写: hand-worked examples plus a reverse parser that reads capitals back."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.capitals import MAX_FEN, amount_in_capitals

# (yuan text, expected); the PBoC voucher-filling rules' own examples are marked.
EXAMPLES = [
    ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
    ("100000.00", "壹拾万元整"),
    ("1000000.05", "壹佰万元零伍分"),
    ("10010.00", "壹万零壹拾元整"),
    ("1409.50", "壹仟肆佰零玖元伍角整"),  # PBoC example (整 after 角 optional)
    ("6007.14", "陆仟零柒元壹角肆分"),  # PBoC example
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),  # PBoC example, optional 零 omitted
    ("107000.53", "壹拾万柒仟元伍角叁分"),  # PBoC example
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),  # PBoC example
    ("325.04", "叁佰贰拾伍元零肆分"),  # PBoC example
    ("0.00", "零元整"),
    ("0.05", "伍分"),
    ("0.50", "伍角整"),
    ("0.55", "伍角伍分"),
    ("1.00", "壹元整"),
    ("10.00", "壹拾元整"),
    ("11.00", "壹拾壹元整"),
    ("20.00", "贰拾元整"),
    ("101.00", "壹佰零壹元整"),
    ("110.00", "壹佰壹拾元整"),
    ("1001.00", "壹仟零壹元整"),
    ("1010.00", "壹仟零壹拾元整"),
    ("1100.00", "壹仟壹佰元整"),
    ("10000.00", "壹万元整"),
    ("10001.00", "壹万零壹元整"),
    ("10100.00", "壹万零壹佰元整"),
    ("11000.00", "壹万壹仟元整"),
    ("100100.00", "壹拾万零壹佰元整"),
    ("101000.00", "壹拾万壹仟元整"),
    ("500000.00", "伍拾万元整"),
    ("3000000.00", "叁佰万元整"),
    ("10000000.00", "壹仟万元整"),
    ("10000001.00", "壹仟万零壹元整"),
    ("100000000.00", "壹亿元整"),
    ("100000001.00", "壹亿零壹元整"),
    ("101000000.00", "壹亿零壹佰万元整"),
    ("110000000.00", "壹亿壹仟万元整"),
    ("100010000.00", "壹亿零壹万元整"),
    ("123456789012.34", "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"),
    ("1000000000000.00", "壹万亿元整"),
    ("1200000000000.01", "壹万贰仟亿元零壹分"),
    ("9999999.99", "玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


def _fen(yuan_text: str) -> int:
    whole, _, frac = yuan_text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


@pytest.mark.parametrize(("yuan", "expected"), EXAMPLES)
def test_hand_worked_examples(yuan, expected):
    assert amount_in_capitals(_fen(yuan)) == expected


def test_negative_gets_prefix():
    assert amount_in_capitals(-150) == "负壹元伍角整"


@pytest.mark.parametrize("bad", [1.5, "100", None, True])
def test_rejects_non_integer(bad):
    with pytest.raises(ValueError):
        amount_in_capitals(bad)


def test_rejects_too_large():
    with pytest.raises(ValueError):
        amount_in_capitals(MAX_FEN + 1)


# --- an independent reader: a different algorithm (multiplier stack) -----------

_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}
_BIG = {"万": 10**4, "亿": 10**8}


def _read_integer(text: str) -> int:
    """Read capitals without 元 using a running (total, section, digit) scan.

    A big unit multiplies everything smaller than itself accumulated so far,
    which makes 壹万贰仟亿 = (1*10^4 + 2000) * 10^8 come out right.
    """
    parts: list[tuple[int, int]] = []  # (value, magnitude of its last big unit)
    section = digit = 0
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL:
            assert digit, f"unit {ch} without a digit in {text}"
            section += digit * _SMALL[ch]
            digit = 0
        elif ch in _BIG:
            value = section + digit
            big = _BIG[ch]
            # fold in earlier parts that are smaller than this unit
            while parts and parts[-1][1] < big:
                value += parts.pop()[0]
            parts.append((value * big, big))
            section = digit = 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {text}")
    return sum(v for v, _ in parts) + section + digit


def read_capitals(text: str) -> int:
    """Capitals back to fen."""
    sign = 1
    if text.startswith("负"):
        sign, text = -1, text[1:]
    if text == "零元整":
        return 0
    text = text.removesuffix("整")
    yuan_text, _, frac = text.rpartition("元") if "元" in text else ("", "", text)
    fen = _read_integer(yuan_text) * 100 if yuan_text else 0
    m = re.fullmatch(r"零?(?:(.)角)?(?:(.)分)?", frac)
    assert m, f"bad fraction {frac!r}"
    if m.group(1):
        fen += _DIGIT[m.group(1)] * 10
    if m.group(2):
        fen += _DIGIT[m.group(2)]
    return sign * fen


@given(st.integers(min_value=-MAX_FEN, max_value=MAX_FEN))
def test_reads_back_to_the_same_amount(fen):
    text = amount_in_capitals(fen)
    assert read_capitals(text) == fen
    assert "零零" not in text
    if fen:
        assert not re.search(r"零[元万亿角分整]", text), text
    assert text.endswith("整") != text.endswith("分"), text


@given(st.integers(min_value=0, max_value=10**12))
def test_small_amounts_read_back(fen):
    # most amounts on a loan are small: exercise that range densely
    assert read_capitals(amount_in_capitals(fen)) == fen
