"""Search keys derived from a client's name, computed once when the client is written.

- :func:`name_chars`: the name with a space between characters, for the FTS5
  table (queried as a phrase it finds any substring of a Chinese name).
- :func:`name_initials`: pinyin initials (``杭州鑫瑞`` → ``hzxr``).

pypinyin's phrase segmentation costs tens of µs a name; a per-character table
lookup costs about one, so we look characters up directly and consult the
phrase table only for characters with more than one reading (重庆 → cq).
"""

from __future__ import annotations

import unicodedata

from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict


def _initial(reading: str) -> str:
    return unicodedata.normalize("NFD", reading)[0].lower()


def _phrase_reading(name: str, i: int) -> str | None:
    """The reading of name[i] inside a two- or three-character phrase, if one is known."""
    for start, end in ((i, i + 2), (i - 1, i + 1), (i, i + 3), (i - 2, i + 1), (i - 1, i + 2)):
        if start < 0 or end > len(name):
            continue
        readings = phrases_dict.get(name[start:end])
        if readings:
            return readings[i - start][0]
    return None


def name_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters; ASCII letters and digits kept."""
    out: list[str] = []
    for i, ch in enumerate(name):
        readings = pinyin_dict.get(ord(ch))
        if readings is None:
            if ch.isascii() and ch.isalnum():
                out.append(ch.lower())
            continue
        if "," in readings:
            reading = _phrase_reading(name, i) or readings.split(",", 1)[0]
        else:
            reading = readings
        out.append(_initial(reading))
    return "".join(out)


def name_chars(name: str) -> str:
    """The name with spaces between characters (runs of ASCII letters/digits kept together)."""
    tokens: list[str] = []
    word = ""
    for ch in name:
        if ch.isascii() and ch.isalnum():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        if not ch.isspace() and (ch.isalnum() or unicodedata.category(ch).startswith("L")):
            tokens.append(ch)
    if word:
        tokens.append(word)
    return " ".join(tokens)


def fts_phrase(query: str) -> str:
    """An FTS5 MATCH expression finding ``query`` as a substring of names (a quoted phrase)."""
    spaced = name_chars(query)
    return '"' + spaced.replace('"', '""') + '"' if spaced else ""
