"""The one client search engine (the window's search box and ``workbench clients search``).

A query matches a client when it is
- any substring of the company name: FTS5 phrase over ``clients_fts`` (the
  name with a space between characters), for queries holding a CJK character;
- a prefix of the legal representative's name (range on its index);
- a prefix of the USCC (range on the unique index), for letters/digits;
- a prefix of the pinyin initials (range on its index), or a substring of
  them for 3+ letters (``instr`` over the covering index: a scan, but of a
  short column; measured in benchmarks/bench_shell.py).

Each part is an index lookup; the parts are UNIONed, so no part turns the
others into a table scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ALNUM = re.compile(r"^[0-9A-Za-z]+$")
# Full-width ASCII → half-width, so "９１３３" and "ＨＺＸＲ" work.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
MAX_LIMIT = 10_000


def preload() -> None:
    """Load the search keys' tables (pypinyin) now, e.g. on a background thread after start-up."""
    import workbench.domain.names  # noqa: F401


def normalize_query(text: str) -> str:
    """Trim, drop inner spaces, map full-width letters and digits to ASCII."""
    return re.sub(r"\s+", "", (text or "").translate(_FULLWIDTH))


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def search_ids_sql(query: str) -> tuple[str, list[Any]]:
    """A ``SELECT id …`` (UNION of index lookups) for clients matching ``query``, with parameters.

    An empty or unusable query matches nothing.
    """
    q = normalize_query(query)
    parts: list[str] = []
    params: list[Any] = []
    if not q:
        return "SELECT id FROM clients WHERE 0", []
    if _CJK.search(q):
        from workbench.domain.names import fts_phrase  # loads pypinyin (~0.4 s) on first use only

        phrase = fts_phrase(q)
        if phrase:
            parts.append("SELECT rowid AS id FROM clients_fts WHERE clients_fts MATCH ?")
            params.append(phrase)
    parts.append("SELECT id FROM clients WHERE legal_rep >= ? AND legal_rep < ?")
    params += [q, _upper_bound(q)]
    if _ALNUM.match(q):
        up, low = q.upper(), q.lower()
        parts.append("SELECT id FROM clients WHERE uscc >= ? AND uscc < ?")
        params += [up, _upper_bound(up)]
        parts.append("SELECT id FROM clients WHERE name_initials >= ? AND name_initials < ?")
        params += [low, _upper_bound(low)]
        if len(low) >= 3 and low.isalpha():
            parts.append("SELECT id FROM clients INDEXED BY idx_clients_initials WHERE instr(name_initials, ?) > 1")
            params.append(low)
    return " UNION ".join(parts), params


@dataclass(frozen=True)
class ClientHit:
    """One search result (personal data is not part of it)."""

    id: int
    name: str
    uscc: str
    legal_rep: str | None
    industry: str | None
    size_class: str | None
    officer: str | None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def search_clients(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[ClientHit]:
    """Clients matching ``query``, best first: exact USCC, name prefix, then by name; at most ``limit``."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    sql, params = search_ids_sql(query)
    q = normalize_query(query)
    rows = db.execute(
        "SELECT c.id, c.name, c.uscc, c.legal_rep, c.industry, c.size_class, c.officer"
        f" FROM clients c WHERE c.id IN ({sql})"
        " ORDER BY (c.uscc = ?) DESC, (substr(c.name, 1, length(?)) = ?) DESC, c.name, c.id LIMIT ?",
        params + [q.upper(), q, q, limit],
    ).fetchall()
    return [ClientHit(*row) for row in rows]
