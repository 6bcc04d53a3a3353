"""Search keys derived from a client's name, computed once when the client is written.

- :func:`name_chars`: the name with a space between characters, for the FTS5
  table (queried as a phrase it finds any substring of a Chinese name).
- :func:`name_initials`: pinyin initials (``杭州鑫瑞`` → ``hzxr``).

pypinyin's phrase segmentation costs tens of µs a name; a per-character table
lookup costs about one, so we look characters up directly and consult the
phrase table only for characters with more than one reading (重庆 → cq).
Imports compute these for 100,000s of names, so the per-character lookups are
folded into one ``str.translate`` table, built on first use (~50 ms): a name
without a character whose initial depends on its phrase is one C call.
"""

from __future__ import annotations

import re
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


class _InitialTable(dict):
    """code point → its initial (a str); anything neither pinyin nor ASCII alnum → None (dropped)."""

    def __missing__(self, code: int) -> None:
        self[code] = None  # remembered: names repeat their punctuation
        return None


_TABLE: _InitialTable | None = None
_AMBIGUOUS: frozenset[str] = frozenset()


def _tables() -> tuple[_InitialTable, frozenset[str]]:
    """The translate table and the characters whose initial may depend on the phrase.

    A character with several readings takes its first reading unless a 2–3 character
    phrase around it says otherwise; only a character that some such phrase reads with
    another INITIAL (重 zhòng, but 重庆 chóng) needs the phrase lookup. The others (有:
    yǒu/yòu/wěi, yet no phrase reads it w-) give the same initial either way.
    Irregular phrase entries also keep their characters on the lookup path.
    """
    global _TABLE, _AMBIGUOUS
    if _TABLE is not None:
        return _TABLE, _AMBIGUOUS
    table = _InitialTable({code: chr(code).lower() for code in range(128) if chr(code).isalnum()})
    multi: set[str] = set()
    for code, readings in pinyin_dict.items():
        if "," in readings:
            multi.add(chr(code))
        table[code] = _initial(readings.split(",", 1)[0])  # what a character outside any phrase gets
    ambiguous: set[str] = set()
    for phrase, readings in phrases_dict.items():
        if len(phrase) > 3 or multi.isdisjoint(phrase):
            continue
        for i, ch in enumerate(phrase):
            if ch in multi and (
                i >= len(readings) or not readings[i] or not readings[i][0] or _initial(readings[i][0]) != table[ord(ch)]
            ):
                ambiguous.add(ch)
    _AMBIGUOUS = frozenset(ambiguous)
    _TABLE = table
    return table, _AMBIGUOUS


def name_initials(name: str) -> str:
    """Lower-case pinyin initials of the Chinese characters; ASCII letters and digits kept."""
    table, ambiguous = (_TABLE, _AMBIGUOUS) if _TABLE is not None else _tables()
    if ambiguous.isdisjoint(name):
        return name.translate(table)
    out: list[str] = []
    for i, ch in enumerate(name):
        if ch in ambiguous:
            reading = _phrase_reading(name, i) or pinyin_dict[ord(ch)].split(",", 1)[0]
            out.append(_initial(reading))
        else:
            initial = table[ord(ch)]
            if initial is not None:
                out.append(initial)
    return "".join(out)


# A run of ASCII letters/digits, or one other letter/number (``[^\W_]`` is exactly str.isalnum).
_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\W_]")


def name_chars(name: str) -> str:
    """The name with spaces between characters (runs of ASCII letters/digits kept together)."""
    if name.isalnum() and min(name) > "\x7f":  # the common case: only CJK letters, one token each
        return " ".join(name)
    return " ".join(_TOKEN.findall(name))


def fts_phrase(query: str) -> str:
    """An FTS5 MATCH expression finding ``query`` as a substring of names (a quoted phrase)."""
    spaced = name_chars(query)
    return '"' + spaced.replace('"', '""') + '"' if spaced else ""
