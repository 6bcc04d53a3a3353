"""Opening the portfolio database.

One file, WAL mode, foreign keys on, migrations applied on open. A connection
belongs to the thread that opened it: workers call :func:`open_db` themselves.

Encryption at rest (SQLCipher 4 through the optional ``sqlcipher3`` module):
a file without the plain SQLite header is opened with the passphrase known
for it — registered with :func:`set_passphrase` (the window asks once, then
every worker, backup and check of that file finds it here) or, for headless
use, the environment variable ``WORKBENCH_DB_PASSPHRASE``. A new file is
created encrypted when a passphrase is known for its path. A plain file is
opened plain whatever passphrase is known.
"""

from __future__ import annotations

import atexit
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import sqlite_utils

from workbench.store.schema import MIGRATIONS, schema_version

SCHEMA_VERSION_KEY = "schema_version"
BUSY_TIMEOUT_MS = 5000
PASSPHRASE_ENV = "WORKBENCH_DB_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"

_passphrases: dict[str, str] = {}
_registry_lock = threading.Lock()
_aligned = False


class EncryptionError(sqlite3.DatabaseError):
    """An encrypted portfolio cannot be opened; ``code``, ``message_zh``, ``message_en`` say why.

    A subclass of :class:`sqlite3.DatabaseError` so code that already handles
    an unreadable file handles this too.
    """

    def __init__(self, code: str, message_zh: str, message_en: str, path: Path | None = None) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.path = path


class PassphraseRequired(EncryptionError):
    """The file is encrypted and no passphrase is known for it."""


class WrongPassphrase(EncryptionError):
    """The passphrase does not open the file (or the file is not an encrypted workbench database)."""


class EncryptionUnavailable(EncryptionError):
    """The file is encrypted but the ``sqlcipher3`` module is not installed."""


# --- the passphrase registry --------------------------------------------------------------------


def _registry_key(path: str | Path) -> str:
    return str(Path(path).expanduser().resolve())


def set_passphrase(path: str | Path, passphrase: str) -> None:
    """Remember ``passphrase`` for the database at ``path`` for this process (never written to disk)."""
    if not passphrase or "\x00" in passphrase:
        raise ValueError("a passphrase must be non-empty text without NUL characters")
    with _registry_lock:
        _passphrases[_registry_key(path)] = passphrase


def clear_passphrase(path: str | Path | None = None) -> None:
    """Forget the passphrase of ``path`` (of every file when None); also done at process exit."""
    with _registry_lock:
        if path is None:
            _passphrases.clear()
        else:
            _passphrases.pop(_registry_key(path), None)


atexit.register(clear_passphrase)


def passphrase_for(path: str | Path) -> str | None:
    """The passphrase known for ``path``: registered, else ``$WORKBENCH_DB_PASSPHRASE``, else None."""
    with _registry_lock:
        known = _passphrases.get(_registry_key(path))
    return known or os.environ.get(PASSPHRASE_ENV) or None


# --- what kind of file is this ------------------------------------------------------------------


def is_plain_sqlite(path: str | Path) -> bool:
    """True when ``path`` starts with the plain SQLite header."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def looks_encrypted(path: str | Path) -> bool:
    """True when ``path`` looks like an SQLCipher database: whole pages of random-looking bytes.

    SQLCipher files start with a random salt, not the SQLite header, and
    every page is cipher text; a text file or a truncated copy is neither a
    multiple of 512 bytes nor near-uniform, and counts as damaged instead.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size < 1024 or size % 512:
            return False
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if head.startswith(SQLITE_HEADER):
        return False
    # Uniform random bytes: ~250 distinct values in 1 KiB, ~256 in 4 KiB.
    return len(set(head)) >= 200


def sqlcipher_available() -> bool:
    """True when the sqlcipher3 module can be imported."""
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def _sqlcipher() -> Any:
    """The sqlcipher3 module, with its exception classes made subclasses of sqlite3's.

    Our code and sqlite-utils catch ``sqlite3.OperationalError``,
    ``IntegrityError`` and ``DatabaseError``; sqlcipher3 raises its own
    classes of the same names. Adding the stdlib class as a second base
    (same object layout, so CPython allows it) makes those handlers work
    for encrypted files too.
    """
    global _aligned
    try:
        import sqlcipher3
    except ImportError:
        raise EncryptionUnavailable(
            "sqlcipher_missing",
            "此数据库已加密，但未安装 SQLCipher 组件（pip install 'sme-loan-workbench[encryption]'）。",
            "This database is encrypted but SQLCipher is not installed "
            "(pip install 'sme-loan-workbench[encryption]').",
        ) from None
    if not _aligned:
        for name in ("InterfaceError", "DatabaseError", "DataError", "OperationalError", "IntegrityError",
                     "InternalError", "ProgrammingError", "NotSupportedError"):
            ours, std = getattr(sqlcipher3, name), getattr(sqlite3, name)
            if not issubclass(ours, std):
                ours.__bases__ = (*ours.__bases__, std)
        _aligned = True
    return sqlcipher3


def key_literal(passphrase: str) -> str:
    """``passphrase`` as an SQL string literal for ``PRAGMA key`` / ``ATTACH … KEY``."""
    if not passphrase or "\x00" in passphrase:
        raise ValueError("a passphrase must be non-empty text without NUL characters")
    return "'" + passphrase.replace("'", "''") + "'"


def _uri(path: Path, readonly: bool) -> str:
    return f"{path.resolve().as_uri()}?mode=ro" if readonly else str(path)


def connect(path: str | Path, *, readonly: bool = False, passphrase: str | None = None) -> Any:
    """A bare DB-API connection to ``path`` (sqlite3 for plain files, sqlcipher3 keyed for encrypted).

    ``passphrase`` defaults to :func:`passphrase_for`. Encryption is used when
    the file exists and is not plain SQLite, or does not exist (or is empty)
    and a passphrase is known. Raises :class:`PassphraseRequired`,
    :class:`WrongPassphrase` or :class:`EncryptionUnavailable` for an
    encrypted file that cannot be opened; a file that is neither plain nor
    looks encrypted is opened plain (SQLite then reports it as not a database).
    """
    path = Path(path)
    passphrase = passphrase or passphrase_for(path)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        encrypted = not is_plain_sqlite(path) and (passphrase is not None or looks_encrypted(path))
    else:
        encrypted = passphrase is not None and not readonly
    # check_same_thread=False lets a worker close what it opened from a pool
    # thread; we still never share one connection between threads.
    if not encrypted:
        return sqlite3.connect(_uri(path, readonly), uri=readonly, check_same_thread=False)
    if passphrase is None:
        raise PassphraseRequired(
            "passphrase_required",
            f"{path.name} 已加密，请提供口令。",
            f"{path.name} is encrypted: its passphrase is needed.",
            path,
        )
    cipher = _sqlcipher()
    conn = cipher.connect(_uri(path, readonly), uri=readonly, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report, not a log line
        conn.execute(f"PRAGMA key = {key_literal(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher.DatabaseError:
        conn.close()
        raise WrongPassphrase(
            "passphrase_wrong",
            f"口令错误，或 {path.name} 不是加密的工作台数据库。",
            f"Wrong passphrase, or {path.name} is not an encrypted workbench database.",
            path,
        ) from None
    return conn


def is_encrypted_connection(conn: Any) -> bool:
    """True when ``conn`` is an SQLCipher connection."""
    return type(conn).__module__.startswith("sqlcipher3")


def open_db(
    path: str | Path, *, migrate: bool = True, readonly: bool = False, passphrase: str | None = None
) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    ``readonly`` opens the file with ``mode=ro`` and never migrates. An
    encrypted file is opened with ``passphrase`` or the one known for the
    path (see :func:`connect` for the errors).
    """
    path = Path(path)
    if readonly:
        conn = connect(path, readonly=True, passphrase=passphrase)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return db
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path, passphrase=passphrase)
    db = sqlite_utils.Database(conn, strict=True, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        MIGRATIONS.apply(db)
    return db


def current_schema_version(db: sqlite_utils.Database) -> int:
    """Number of migrations applied to ``db`` (0 for an empty file)."""
    return len(MIGRATIONS.applied(db))


def latest_schema_version() -> int:
    """Number of migrations this version of the workbench knows."""
    return schema_version()
