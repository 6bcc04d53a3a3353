"""Showing a client's personal data whole: only with a role and a reason, always audited.

Lists and exports mask ID numbers and phones (``workbench.domain.identifiers``).
When a user needs the whole value (to fill a contract, to call the legal
representative) they ask here; the request is an audit row (action
``reveal``) naming who, when, which client, which fields and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.store import audit

#: Roles that may see personal data whole (with a reason).
REVEAL_ROLES = frozenset({"officer", "reviewer", "approver", "admin"})
PERSONAL_FIELDS = ("legal_rep_id", "phone")
MIN_REASON_CHARS = 2


@dataclass(frozen=True)
class RevealedData:
    """The whole values of one client's personal fields, and the audit row that records the look."""

    client_id: int
    legal_rep: str | None
    legal_rep_id: str | None
    phone: str | None
    audit_id: int


def reveal_personal_data(
    db: sqlite_utils.Database, actor: str, role: str, client_id: int, reason: str
) -> RevealedData:
    """Return the client's ID number and phone unmasked, recording who asked and why.

    Raises :class:`PermissionDenied` for a role not in :data:`REVEAL_ROLES`,
    :class:`ValidationError` for a missing reason, :class:`NotFound` for an
    unknown client. Nothing is returned without its audit row.
    """
    if role not in REVEAL_ROLES:
        raise PermissionDenied(
            "reveal_role", f"角色 {role} 无权查看完整个人信息。", f"Role {role!r} may not see personal data whole."
        )
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_CHARS:
        raise ValidationError(
            "reveal_reason", "查看完整个人信息须填写理由。", "A reason is required to see personal data whole.",
            field="reason",
        )
    row = db.execute(
        "SELECT id, legal_rep, legal_rep_id, phone FROM clients WHERE id = ?", [int(client_id)]
    ).fetchone()
    if row is None:
        raise NotFound("client_not_found", f"客户 {client_id} 不存在。", f"Client {client_id} does not exist.")
    with db.atomic():
        audit_id = audit.record(
            db, actor, "reveal", "clients", int(client_id), None,
            {"fields": list(PERSONAL_FIELDS), "role": role}, reason=reason, client_id=int(client_id),
        )
    return RevealedData(row[0], row[1], row[2], row[3], audit_id)


# --- Encryption at rest (SQLCipher) -------------------------------------------------------------
#
# sqlcipher3 (SQLCipher 4, AES-256, page HMAC) is a drop-in DB-API module: sqlite-utils' Database
# takes its connection, and STRICT tables, FTS5, WAL, migrations and the backup API all work on it.
# Wheels: ``sqlcipher3-binary`` on Linux, ``sqlcipher3`` on Windows and macOS (both import as
# ``sqlcipher3``). It is optional: without it the workbench runs on plain SQLite.

PASSPHRASE_ENV = "WORKBENCH_DB_PASSPHRASE"


def sqlcipher_available() -> bool:
    """True when the sqlcipher3 module can be imported."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def _key_sql(passphrase: str) -> str:
    if not passphrase:
        raise ValidationError("passphrase_empty", "口令不能为空。", "The passphrase must not be empty.", field="passphrase")
    return "'" + passphrase.replace("'", "''") + "'"


def _cipher_connect(path, passphrase: str):
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    conn.execute(f"PRAGMA key = {_key_sql(passphrase)}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise ValidationError(
            "passphrase_wrong", "口令错误，或文件不是加密的工作台数据库。",
            "Wrong passphrase, or the file is not an encrypted workbench database.", field="passphrase",
        ) from None
    return conn


def open_encrypted(path, passphrase: str, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) an SQLCipher-encrypted portfolio with the same settings as ``open_db``.

    Raises :class:`ValidationError` ('passphrase_wrong') for a wrong passphrase or a plain file.
    """
    from workbench.store.db import BUSY_TIMEOUT_MS
    from workbench.store.schema import MIGRATIONS

    conn = _cipher_connect(path, passphrase)
    db = sqlite_utils.Database(conn, strict=True, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        MIGRATIONS.apply(db)
    return db


def encrypt_copy(plain_path, encrypted_path, passphrase: str) -> None:
    """Write an encrypted copy of the plain database at ``plain_path`` (``sqlcipher_export``)."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(plain_path))
    try:
        conn.execute(f"ATTACH DATABASE ? AS enc KEY {_key_sql(passphrase)}", [str(encrypted_path)])
        conn.execute("SELECT sqlcipher_export('enc')")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()


def decrypt_copy(encrypted_path, plain_path, passphrase: str) -> None:
    """Write a plain copy of the encrypted database (for a support case or to leave encryption)."""
    conn = _cipher_connect(encrypted_path, passphrase)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", [str(plain_path)])
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
