"""The audit log: who changed what, when, before and after, as a hash chain.

Each row carries the hash of the row before it, so a row edited or deleted
behind the workbench's back breaks the chain (:func:`verify`).
Call :func:`record` inside the same ``db.atomic()`` block as the change.

The chain's head (last id and hash) is also kept in ``settings`` under
``audit_head``, written in the same transaction as the rows, so cutting rows
off the end of the log is noticed too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


def utc_now() -> str:
    """The current time as UTC ISO text with offset, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# One encoder, built once: json.dumps with these options builds a new one on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def dump(value: Any) -> str | None:
    """``before``/``after`` as stored: JSON with sorted keys, non-ASCII kept; None stays None."""
    if value is None:
        return None
    return _ENCODER.encode(value)



def _field(value: Any) -> str:
    """One field of the hash material, self-delimiting: ``-`` for NULL, ``i<n>`` for an
    integer, ``<length>:<text>`` for text, so no choice of values can make two different
    rows give the same material."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"i{int(value)}"
    text = str(value)
    return f"{len(text)}:{text}"


def _material(prev_hash, at, actor, action, table_name, row_id, client_id, before_json, after_json, reason) -> bytes:
    # Each field as _field gives it; the usual types inline (this runs for every audit row).
    f = _field
    return (
        f"{prev_hash}|{f'{len(at)}:{at}' if at.__class__ is str else f(at)}"
        f"|{f'{len(actor)}:{actor}' if actor.__class__ is str else f(actor)}"
        f"|{f'{len(action)}:{action}' if action.__class__ is str else f(action)}"
        f"|{f'{len(table_name)}:{table_name}' if table_name.__class__ is str else f(table_name)}"
        f"|{f'i{row_id}' if row_id.__class__ is int else f(row_id)}"
        f"|{f'i{client_id}' if client_id.__class__ is int else f(client_id)}"
        f"|{f'{len(before_json)}:{before_json}' if before_json.__class__ is str else f(before_json)}"
        f"|{f'{len(after_json)}:{after_json}' if after_json.__class__ is str else f(after_json)}"
        f"|{f'{len(reason)}:{reason}' if reason.__class__ is str else f(reason)}"
    ).encode()


def row_hash(prev_hash: str, row: dict) -> str:
    """The chain hash of one audit row given the previous row's hash.

    SHA-256 over the previous hash and every column of the row (``at`` … ``reason``),
    each field length-prefixed (see :func:`_field`).
    """
    return hashlib.sha256(
        _material(
            prev_hash, row["at"], row["actor"], row["action"], row["table_name"], row["row_id"],
            row["client_id"], row["before_json"], row["after_json"], row["reason"],
        )
    ).hexdigest()


def _last_hash(db: sqlite_utils.Database) -> str:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


@dataclass(frozen=True)
class AuditEntry:
    """One change to record; ``before``/``after`` are plain dicts (or None)."""

    actor: str
    action: str
    table_name: str
    row_id: int | None = None
    before: dict | None = None
    after: dict | None = None
    reason: str | None = None
    client_id: int | None = None


def record(
    db: sqlite_utils.Database,
    actor: str,
    action: str,
    table_name: str,
    row_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
    client_id: int | None = None,
) -> int:
    """Append one audit row and return its id."""
    return record_many(db, [AuditEntry(actor, action, table_name, row_id, before, after, reason, client_id)])


def record_many(db: sqlite_utils.Database, entries: Iterable[AuditEntry], at: str | None = None) -> int:
    """Append many audit rows in order (one chain); returns the last id, or 0 if none."""
    return append_rows(
        db,
        ((e.actor, e.action, e.table_name, e.row_id, e.client_id, dump(e.before), dump(e.after), e.reason) for e in entries),
        at,
    )


def append_rows(db: sqlite_utils.Database, rows: Iterable[tuple], at: str | None = None) -> int:
    """Append rows already in stored form, in order (one chain); returns the last id, or 0 if none.

    Each row is ``(actor, action, table_name, row_id, client_id, before_json, after_json, reason)``
    with ``before_json``/``after_json`` made by :func:`dump`. For bulk writers (imports) that
    would otherwise build an :class:`AuditEntry` per row; :func:`record_many` calls this.
    """
    at = at or utc_now()
    prev = _last_hash(db)
    sha256 = hashlib.sha256
    out = []
    for actor, action, table_name, row_id, client_id, before_json, after_json, reason in rows:
        h = sha256(_material(prev, at, actor, action, table_name, row_id, client_id, before_json, after_json, reason)).hexdigest()
        out.append((at, actor, action, table_name, row_id, client_id, before_json, after_json, reason, prev, h))
        prev = h
    if not out:
        return 0
    db.conn.executemany(
        "INSERT INTO audit_log (at, actor, action, table_name, row_id, client_id, before_json,"
        " after_json, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        out,
    )
    last_id = db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [HEAD_KEY, json.dumps({"id": last_id, "hash": prev})],
    )
    return last_id


@dataclass(frozen=True)
class ChainBreak:
    """The first audit row whose hash does not follow from the rows before it."""

    row_id: int
    reason: str


def verify(db: sqlite_utils.Database) -> ChainBreak | None:
    """Walk the chain; return the first broken link, or None when it is whole."""
    prev = GENESIS
    cursor = db.execute(
        "SELECT id, at, actor, action, table_name, row_id, client_id, before_json, after_json,"
        " reason, prev_hash, hash FROM audit_log ORDER BY id"
    )
    names = [d[0] for d in cursor.description]
    expected_id = None
    for values in cursor:
        row = dict(zip(names, values))
        if expected_id is not None and row["id"] != expected_id:
            return ChainBreak(row["id"], f"rows {expected_id}..{row['id'] - 1} are missing (deleted)")
        if row["prev_hash"] != prev:
            return ChainBreak(row["id"], "prev_hash does not match the previous row (a row before it was changed or removed)")
        if row_hash(prev, row) != row["hash"]:
            return ChainBreak(row["id"], "row content does not match its hash (the row was edited)")
        prev = row["hash"]
        expected_id = row["id"] + 1
    return _check_head(db, expected_id, prev)


def _check_head(db: sqlite_utils.Database, next_id: int | None, last_hash: str) -> ChainBreak | None:
    """Compare the chain's end with the head recorded beside it.

    Every write records the head, so a log with rows and no head had its head deleted
    (no shipped file predates the head); an empty log with no head is a new file."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [HEAD_KEY]).fetchone()
    if row is None:
        if next_id is None:
            return None
        return ChainBreak(next_id - 1, "the recorded chain head is missing (deleted) although the log has rows")
    try:
        head = json.loads(row[0])
        head_id, head_hash = int(head["id"]), str(head["hash"])
    except (TypeError, ValueError, KeyError):
        return ChainBreak(0, "the recorded chain head is unreadable (it was edited)")
    last_id = (next_id - 1) if next_id is not None else 0
    if last_id < head_id:
        return ChainBreak(last_id + 1, f"rows {last_id + 1}..{head_id} at the end are missing (deleted)")
    if last_id > head_id:
        return ChainBreak(head_id + 1, "rows after the recorded chain head were added behind the workbench's back")
    if last_hash != head_hash:
        return ChainBreak(last_id, "the last row does not match the recorded chain head")
    return None
