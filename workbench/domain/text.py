"""Cleaning text from spreadsheets: full-width to half-width, trimming, digits.

Pure functions used by the importers and by every export (formula neutralising).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Text a spreadsheet would read as a formula (or DDE) when it begins with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


_HALFWIDTH = (
    {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    | {0x3000: 0x20, 0xA0: 0x20, 0xFEFF: None}
    # control characters: tab/newlines become spaces (then collapsed), the rest are dropped
    | {code: None for code in range(0x00, 0x20)}
    | {0x09: 0x20, 0x0A: 0x20, 0x0D: 0x20, 0x7F: None}
    # invisible direction overrides and zero-width characters (text spoofing: U+202E …)
    | {code: None for code in (0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３，（）) and the ideographic space become half-width.

    Only U+FF01..U+FF5E, U+3000 and the no-break space are changed, so Chinese
    text and punctuation such as 、 and 。 stay as they are. Control characters
    (tab and line breaks become spaces), a BOM, zero-width characters and bidi
    overrides are dropped: spreadsheet text is untrusted.
    """
    return text.translate(_HALFWIDTH)


def clean_text(value: object) -> str:
    """A cell as tidy text: half-width, inner whitespace runs collapsed, trimmed; None → ''."""
    if value is None:
        return ""
    text = to_halfwidth(value if isinstance(value, str) else str(value))
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def compact_text(value: object) -> str:
    """Like :func:`clean_text` but with every space removed (codes, header keys)."""
    return _SPACES.sub("", clean_text(value))


_NOT_DIGITS = re.compile(r"[^0-9]+")


def digits_only(value: object) -> str:
    """Only the ASCII digits of ``value`` (phones: ``138-0000 1234`` → ``13800001234``)."""
    return _NOT_DIGITS.sub("", clean_text(value))


def header_key(value: object) -> str:
    """A header cell reduced for synonym lookup: half-width, no spaces, lower case,
    unit suffixes in brackets removed (``年营业收入（万元）`` → ``年营业收入``)."""
    text = compact_text(value).lower()
    text = re.sub(r"[(\[【][^)\]】]*[)\]】]", "", text)
    return text.strip(":：*")


def neutralize_formula(value: object) -> object:
    """Text that a spreadsheet would treat as a formula gets a leading apostrophe.

    Non-text values pass through unchanged. Use on every cell written to an export.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def is_blank(value: object) -> bool:
    """True for None, '' and whitespace-only text."""
    return value is None or (isinstance(value, str) and clean_text(value) == "")


def normalize_nfkc(text: str) -> str:
    """NFKC form (full-width digits, circled numbers…) for parsers that want it."""
    return unicodedata.normalize("NFKC", text)
