"""Showing a client's personal data whole: only with a role and a reason, always audited.

Lists and exports mask ID numbers and phones (``workbench.domain.identifiers``).
When a user needs the whole value (to fill a contract, to call the legal
representative) they ask here; the request is an audit row (action
``reveal``) naming who, when, which client, which fields and why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from workbench.services.errors import NotFound, PermissionDenied, ValidationError
from workbench.store import audit
from workbench.store import db as db_module

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
# ``sqlcipher3``). It is optional: without it the workbench runs on plain SQLite. Opening lives in
# ``workbench.store.db`` (``open_db`` finds the passphrase registered for a file); this module
# offers the use cases: unlock a file, open one that must be encrypted, convert in both directions.

PASSPHRASE_ENV = db_module.PASSPHRASE_ENV
sqlcipher_available = db_module.sqlcipher_available


def _wrong(exc: db_module.EncryptionError) -> ValidationError:
    return ValidationError(exc.code, exc.message_zh, exc.message_en, field="passphrase")


def _check_passphrase_text(passphrase: str) -> None:
    if not passphrase:
        raise ValidationError("passphrase_empty", "口令不能为空。", "The passphrase must not be empty.", field="passphrase")
    if "\x00" in passphrase:
        raise ValidationError("passphrase_nul", "口令含有不允许的字符。", "The passphrase holds a NUL character.",
                              field="passphrase")


def is_encrypted_file(path: str | Path) -> bool:
    """True when ``path`` looks like an encrypted (SQLCipher) portfolio."""
    return db_module.looks_encrypted(path)


def needs_passphrase(path: str | Path) -> bool:
    """True when ``path`` is encrypted and this process knows no passphrase that opens it."""
    if not is_encrypted_file(path):
        return False
    if db_module.passphrase_for(path) is None:
        return True
    try:
        db_module.connect(path, readonly=True).close()
    except db_module.EncryptionError:
        return True
    return False


def unlock(path: str | Path, passphrase: str) -> None:
    """Check ``passphrase`` against the encrypted file at ``path`` and remember it for this process.

    Afterwards every ``open_db(path)`` (workers, backups, checks) opens the file.
    Raises :class:`ValidationError` ('passphrase_wrong', 'passphrase_empty',
    'sqlcipher_missing'); nothing is remembered then.
    """
    _check_passphrase_text(passphrase)
    try:
        conn = db_module.connect(path, readonly=True, passphrase=passphrase)
    except db_module.EncryptionError as exc:
        raise _wrong(exc) from None
    conn.close()
    db_module.set_passphrase(path, passphrase)


def lock_again(path: str | Path | None = None) -> None:
    """Forget the passphrase of ``path``, or every passphrase this process holds (when the window closes)."""
    db_module.clear_passphrase(path)


def open_encrypted(path, passphrase: str, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) an SQLCipher-encrypted portfolio with the same settings as ``open_db``.

    Raises :class:`ValidationError` ('passphrase_wrong') for a wrong passphrase or a plain file.
    """
    _check_passphrase_text(passphrase)
    if db_module.is_plain_sqlite(path):
        raise ValidationError(
            "passphrase_wrong", "口令错误，或文件不是加密的工作台数据库。",
            "Wrong passphrase, or the file is not an encrypted workbench database.", field="passphrase",
        )
    try:
        return db_module.open_db(path, migrate=migrate, passphrase=passphrase)
    except db_module.EncryptionError as exc:
        raise _wrong(exc) from None


def encrypt_copy(plain_path, encrypted_path, passphrase: str) -> None:
    """Write an encrypted copy of the plain database at ``plain_path`` (``sqlcipher_export``).

    ``encrypted_path`` must not exist yet. Raises :class:`ValidationError`.
    """
    _check_passphrase_text(passphrase)
    plain_path, encrypted_path = Path(plain_path), Path(encrypted_path)
    _check_conversion(plain_path, encrypted_path)
    if not db_module.is_plain_sqlite(plain_path):
        raise ValidationError(
            "encrypt_not_plain", f"{plain_path.name} 不是未加密的 SQLite 数据库（可能已加密）。",
            f"{plain_path.name} is not a plain SQLite database (is it encrypted already?).",
        )
    cipher = _cipher_module()
    conn = cipher.connect(str(plain_path))
    try:
        conn.execute(f"ATTACH DATABASE ? AS enc KEY {db_module.key_literal(passphrase)}", [str(encrypted_path)])
        _export(conn, "enc")
    except BaseException:
        conn.close()
        encrypted_path.unlink(missing_ok=True)
        raise
    conn.close()
    _fsync(encrypted_path)


def decrypt_copy(encrypted_path, plain_path, passphrase: str) -> None:
    """Write a plain copy of the encrypted database (for a support case or to leave encryption).

    ``plain_path`` must not exist yet. Raises :class:`ValidationError`.
    """
    _check_passphrase_text(passphrase)
    encrypted_path, plain_path = Path(encrypted_path), Path(plain_path)
    _check_conversion(encrypted_path, plain_path)
    try:
        conn = db_module.connect(encrypted_path, passphrase=passphrase)
    except db_module.EncryptionError as exc:
        raise _wrong(exc) from None
    if not db_module.is_encrypted_connection(conn):
        conn.close()
        raise ValidationError(
            "decrypt_not_encrypted", f"{encrypted_path.name} 没有加密。", f"{encrypted_path.name} is not encrypted.",
        )
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", [str(plain_path)])
        _export(conn, "plain")
    except BaseException:
        conn.close()
        plain_path.unlink(missing_ok=True)
        raise
    conn.close()
    _fsync(plain_path)


def _export(conn, schema: str) -> None:
    """Copy everything into the attached new file ``schema``, then detach.

    The target is new and deleted on failure, so it needs no journal and no
    fsync per statement (that made a small export take a second); one fsync at the end.
    """
    conn.execute(f"PRAGMA {schema}.journal_mode = OFF")
    conn.execute(f"PRAGMA {schema}.synchronous = OFF")
    conn.execute(f"SELECT sqlcipher_export('{schema}')")
    conn.execute(f"DETACH DATABASE {schema}")


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _cipher_module():
    try:
        return db_module._sqlcipher()
    except db_module.EncryptionError as exc:
        raise _wrong(exc) from None


def _check_conversion(source: Path, target: Path) -> None:
    if not source.exists() or source.stat().st_size == 0:
        raise ValidationError("convert_no_source", f"数据库文件不存在：{source}", f"No database file at {source}")
    if target.exists():
        raise ValidationError(
            "convert_target_exists", f"目标文件已存在，不会覆盖：{target}", f"{target} exists already; it is not overwritten.",
            field="out",
        )
    target.parent.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class CopyCheck:
    """What an encrypted/decrypted copy holds, compared with its source."""

    clients: int
    loans: int
    audit_rows: int
    audit_ok: bool
    same_counts: bool

    @property
    def ok(self) -> bool:
        return self.audit_ok and self.same_counts

    def as_dict(self) -> dict:
        return {"clients": self.clients, "loans": self.loans, "audit_rows": self.audit_rows,
                "audit_ok": self.audit_ok, "same_counts": self.same_counts, "ok": self.ok}


def _counts(path: Path, passphrase: str | None) -> tuple[sqlite_utils.Database, tuple[int, int, int]]:
    try:
        db = db_module.open_db(path, readonly=True, passphrase=passphrase)
    except db_module.EncryptionError as exc:
        raise _wrong(exc) from None
    counts = tuple(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                   for table in ("clients", "loans", "audit_log"))
    return db, counts


def compare_copies(source, source_passphrase: str | None, copy, copy_passphrase: str | None) -> CopyCheck:
    """Count clients, loans and audit rows in both files and walk the copy's audit hash chain.

    A passphrase of None opens that file plain.
    """
    src, src_counts = _counts(Path(source), source_passphrase)
    src.close()
    dst, dst_counts = _counts(Path(copy), copy_passphrase)
    try:
        audit_ok = audit.verify(dst) is None
    finally:
        dst.close()
    return CopyCheck(dst_counts[0], dst_counts[1], dst_counts[2], audit_ok, src_counts == dst_counts)
