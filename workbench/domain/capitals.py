"""Amounts in Chinese capitals (人民币大写), written the way contracts and vouchers write them.

The convention followed is the PBoC's rules for filling in bills and vouchers
(《正确填写票据和结算凭证的基本规定》):

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, groups 万 and 亿; tens are always
  written with their digit (10 元 → 壹拾元整, never 拾元整);
- one 零 stands for any run of zeros inside the number, including across a
  group boundary (10,010 → 壹万零壹拾; 100,000,001 → 壹亿零壹); trailing zeros
  are not written (1,000,000 → 壹佰万);
- 整 follows 元 or 角 when there are no 分 (壹拾万元整, 伍角整); never after 分;
- 角 zero with 分 not zero: 零 after 元 (1,000,000.05 → 壹佰万元零伍分);
- 元 zero with 角 not zero: the optional 零 is not written
  (1,680.32 → 壹仟陆佰捌拾元叁角贰分);
- below one yuan no 零元 prefix (0.05 → 伍分); zero itself is 零元整.
"""

from __future__ import annotations

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
#: Largest amount handled: 9,999,999,999,999,999.99 元 (below 亿亿).
MAX_FEN = 10**18 - 1


def _group(n: int) -> str:
    """Capitals of 1..9999 without group suffix; one 零 per inner run of zeros."""
    text = ""
    pending_zero = False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            if text:
                pending_zero = True
            continue
        if pending_zero:
            text += "零"
            pending_zero = False
        text += DIGITS[digit] + _UNITS[position]
    return text


def _integer(n: int) -> str:
    """Capitals of a positive whole number of yuan (without 元)."""
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        text = _integer(high) + "亿"
        if low:
            # a zero right after the 亿 (e.g. 1,0100,0000) is read as one 零
            text += ("零" if low < 10**7 else "") + _integer(low)
        return text
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        text = _group(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _group(low)
        return text
    return _group(n)


def amount_in_capitals(fen: int) -> str:
    """人民币大写 of an amount in fen, e.g. ``123456789`` → 壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分.

    Negative amounts get a 负 prefix. Raises ``ValueError`` for non-integers
    (floats included: money is integer fen) and beyond :data:`MAX_FEN`.
    """
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise ValueError(f"amount must be integer fen, got {fen!r}")
    if abs(fen) > MAX_FEN:
        raise ValueError(f"amount too large for capitals: {fen}")
    if fen < 0:
        return "负" + amount_in_capitals(-fen)
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        return "零元整"
    text = _integer(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen_digit and yuan:
        text += "零"
    if fen_digit:
        text += DIGITS[fen_digit] + "分"
    else:
        text += "整"
    return text
