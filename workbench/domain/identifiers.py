"""USCC (GB 32100-2015) and resident ID (GB 11643) checks, and masking.

The rules are python-stdnum's (``stdnum.cn.uscc``, ``stdnum.cn.ric``): well-formed
input takes a fast path with the same arithmetic (imports check 100,000s of
cells), anything else goes through stdnum, whose exceptions become reasons in
Chinese and English.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from workbench.domain.text import clean_text


class IdentifierError(ValueError):
    """An identifier that fails its check; ``code`` is empty | bad-length | bad-format | bad-checksum |
    bad-date | bad-region."""

    def __init__(self, value: object, code: str, reason_zh: str, reason_en: str) -> None:
        self.value = value
        self.code = code
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        super().__init__(f"{reason_en}: {value!r}")


def _compact(text: object) -> str:
    return clean_text(text).replace(" ", "").replace("-", "").upper()


def normalize_uscc(text: object) -> str:
    """Half-width, no spaces or hyphens, upper case (no check)."""
    return _compact(text)


def _uscc_error(value: object, exc: ValidationError) -> IdentifierError:
    if isinstance(exc, InvalidLength):
        return IdentifierError(
            value, "bad-length",
            f"统一社会信用代码“{value}”应为18位",
            f"USCC {value!r} must have 18 characters",
        )
    if isinstance(exc, InvalidChecksum):
        return IdentifierError(
            value, "bad-checksum",
            f"统一社会信用代码“{value}”校验位错误",
            f"USCC {value!r} has a wrong check character",
        )
    return IdentifierError(
        value, "bad-format",
        f"统一社会信用代码“{value}”含有不允许的字符",
        f"USCC {value!r} contains characters that are not allowed",
    )


# Fast paths for well-formed input (an import checks 100,000s): the same arithmetic as
# stdnum, without its cleaning and exceptions; anything they do not accept goes through
# stdnum's full validate, which gives the reason. tests/domain/test_identifiers.py holds
# both to stdnum's verdict.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015, as stdnum.cn.uscc
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}")
_RIC_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def uscc_check_char(body: str) -> str:
    """The check character of a 17-character USCC body (already known to be in the alphabet)."""
    total = sum(map(int.__mul__, map(_USCC_VALUE.__getitem__, body), _USCC_WEIGHTS))
    return _USCC_ALPHABET[-total % 31]


def _fast_uscc(number: str) -> bool:
    """True when ``number`` is a normalised USCC with a right check character."""
    return len(number) == 18 and _USCC_SHAPE.fullmatch(number) is not None and uscc_check_char(number[:17]) == number[17]


def validate_uscc(text: object) -> str:
    """The normalised USCC, or :class:`IdentifierError` (code says why)."""
    if text.__class__ is str and _fast_uscc(text):  # type: ignore[arg-type]
        return text  # type: ignore[return-value]
    number = normalize_uscc(text)
    if not number:
        raise IdentifierError(text, "empty", "统一社会信用代码为空", "the USCC is empty")
    if _fast_uscc(number):
        return number
    try:
        return uscc.validate(number)
    except ValidationError as exc:
        raise _uscc_error(text, exc) from None


def is_valid_uscc(text: object) -> bool:
    """True when ``text`` normalises to a valid USCC."""
    try:
        validate_uscc(text)
    except IdentifierError:
        return False
    return True


@lru_cache(maxsize=65536)
def _region_in_use(region: str, year: int) -> bool:
    """stdnum's region lookup (slow: a table search) is the same for every ID of one region and year."""
    try:
        ric.get_birth_place(f"{region}{year:04d}0101" + "0000")
    except ValidationError:
        return False
    return True


# Region + birth year (first 10 digits) of numbers that passed: for a normalised number with
# a right check digit and a real birth date the outcome depends on nothing else (stdnum
# looks the region up by birth year). Bounded: region × year pairs in use, a few MB at most.
_RIC_GOOD: set[str] = set()
_RIC_GOOD_LIMIT = 50_000
_BIRTH_DATES: dict[str, bool] = {}  # YYYYMMDD → is a real date


def _real_date(text: str) -> bool:
    ok = _BIRTH_DATES.get(text)
    if ok is None:
        try:
            date(int(text[:4]), int(text[4:6]), int(text[6:]))
            ok = True
        except ValueError:
            ok = False
        if len(_BIRTH_DATES) < _RIC_GOOD_LIMIT:
            _BIRTH_DATES[text] = ok
    return ok


def _ric_shape_ok(number: str) -> bool:
    """Normalised 18 characters, right check digit (GB 11643, as stdnum.cn.ric), real birth date."""
    if len(number) != 18 or _RIC_SHAPE.fullmatch(number) is None:
        return False
    check = (1 - 2 * int(number[:17], 13)) % 11
    return number[17] == ("X" if check == 10 else str(check)) and _real_date(number[6:14])


def validate_resident_id(text: object) -> str:
    """The normalised 18-digit resident ID number, or :class:`IdentifierError`."""
    if text.__class__ is str and text[:10] in _RIC_GOOD and _ric_shape_ok(text):  # type: ignore[index,arg-type]
        return text  # type: ignore[return-value]
    number = _compact(text)
    if not number:
        raise IdentifierError(text, "empty", "身份证号为空", "the ID number is empty")
    if _ric_shape_ok(number) and _region_in_use(number[:6], int(number[6:10])):
        if len(_RIC_GOOD) < _RIC_GOOD_LIMIT:
            _RIC_GOOD.add(number[:10])
        return number
    try:
        return ric.validate(number)
    except InvalidLength:
        code, zh, en = "bad-length", "应为18位", "must have 18 characters"
    except InvalidChecksum:
        code, zh, en = "bad-checksum", "校验位错误", "has a wrong check digit"
    except InvalidComponent:
        try:
            ric.get_birth_date(number)
        except (ValidationError, ValueError):
            code, zh, en = "bad-date", "出生日期无效", "has an impossible birth date"
        else:
            code, zh, en = "bad-region", "地址码（前6位）未知或在出生年份无效", "has a region code (first 6 digits) unknown or not in use in the birth year"
    except (InvalidFormat, ValidationError):
        code, zh, en = "bad-format", "含有不允许的字符", "contains characters that are not allowed"
    raise IdentifierError(text, code, f"身份证号“{text}”{zh}", f"ID number {text!r} {en}")


def mask_id_number(text: object) -> str:
    """Keep the first 6 and last 4 characters: ``330102********1234``; '' for blank."""
    value = _compact(text) if text is not None else ""
    n = len(value)
    if n == 0:
        return ""
    if n > 10:
        return value[:6] + "*" * (n - 10) + value[-4:]
    if n > 4:
        return "*" * (n - 4) + value[-4:]
    return "*" * n


def mask_phone(text: object) -> str:
    """Keep the first 3 and last 4 digits of a mobile: ``138****5678``; '' for blank."""
    value = "".join(ch for ch in clean_text(text) if ch.isalnum()) if text is not None else ""
    n = len(value)
    if n == 0:
        return ""
    if n >= 11:
        return value[:3] + "*" * (n - 7) + value[-4:]
    if n > 4:
        return "*" * (n - 4) + value[-4:]
    return "*" * n
